// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: what the two sides of `virt exec` parse from each other
 * (tools/exec_proto.c). The first byte picks the parser:
 *   even: the init's blob decoder, with argc and envc from the next 4 bytes
 *         and the rest as the blob (in an exact-size copy, so ASan sees any
 *         read past it); an accepted blob must re-encode to the same bytes;
 *   odd:  the record parser in the direction of bit 1; every accepted
 *         record lies inside the buffer and rebuilds to the same bytes
 *         (value aside on data records), and check_all agrees with walking.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/exec_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(cond) do { if (!(cond)) abort(); } while (0)

static void fuzz_blob(const uint8_t *data, size_t size)
{
	static struct exec_decoded d;
	static char again[CAPPSULE_EXEC_BLOB_MAX];
	uint32_t argc, envc, len = (uint32_t)size, again_len;
	char *blob;

	if (size < 4)
		return;
	/* Small counts mostly, the limits sometimes. */
	argc = data[0] | (uint32_t)(data[1] & 0x07) << 8;
	envc = data[2] | (uint32_t)(data[3] & 0x07) << 8;
	data += 4;
	len -= 4;
	blob = malloc(len ? len : 1);
	require(blob);
	memcpy(blob, data, len);
	if (exec_blob_decode(blob, len, argc, envc, &d) == EXEC_PROTO_OK) {
		struct exec_strings s = { d.argv, argc, d.envp, envc, d.cwd };

		require(d.argv[argc] == NULL && d.envp[envc] == NULL);
		require(d.cwd >= blob && d.cwd < blob + len && d.cwd[0] == '/');
		require(exec_blob_encode(&s, again, sizeof(again), &again_len) == EXEC_PROTO_OK);
		require(again_len == len && memcmp(again, data, len) == 0);
	}
	free(blob);
}

static void fuzz_records(const uint8_t *data, size_t size, enum exec_rec_dir dir)
{
	static uint8_t rebuilt[sizeof(struct cappsule_io_rec) + CAPPSULE_IO_REC_MAX];
	uint8_t *buf = malloc(size ? size : 1);
	enum exec_proto_err err;
	struct exec_rec r;
	size_t pos = 0, start = 0;

	require(buf);
	memcpy(buf, data, size);
	while ((err = exec_rec_next(buf, size, &pos, dir, &r)) == EXEC_PROTO_OK) {
		size_t n = exec_rec_put(rebuilt, sizeof(rebuilt), r.stream, r.data, r.len, r.value);

		require(pos > start && pos <= size && n == pos - start);
		require(r.data == buf + start + sizeof(struct cappsule_io_rec));
		require(memcmp(rebuilt, buf + start, 8) == 0);
		require(memcmp(rebuilt + 12, buf + start + 12, n - 12) == 0);
		if (r.len == 0)
			require(memcmp(rebuilt + 8, buf + start + 8, 4) == 0);
		start = pos;
	}
	require(err != EXEC_PROTO_OK);
	require((err == EXEC_PROTO_END) == (exec_rec_check_all(buf, size, dir) == EXEC_PROTO_OK));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if ((data[0] & 1) == 0)
		fuzz_blob(data + 1, size - 1);
	else
		fuzz_records(data + 1, size - 1,
			     (data[0] & 2) ? EXEC_REC_TO_CAPPSULE : EXEC_REC_TO_HOST);
	return 0;
}
