// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzes the shim's checks of a virt exec request (hostshim/exec_check.c):
 * the ioctl struct and the blob any user of /dev/cappsule can send. The
 * first bytes choose the struct's fields, the rest is the blob. Whatever
 * the input, the checks never read past it, and what they accept is what
 * the protocol says: argc + envc + 1 terminated strings exactly, argv[0]
 * and the working directory non-empty, the directory absolute.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostshim/exec_check.h"

static uint32_t word(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The blob's rules, written the slow way. */
static int model_blob_ok(const char *b, uint32_t len, uint32_t argc, uint32_t envc)
{
	uint64_t want = (uint64_t)argc + envc + 1, n = 0;
	uint32_t i, start = 0;

	if (len == 0 || argc == 0 || b[len - 1] != '\0')
		return 0;
	for (i = 0; i < len; i++)
		if (b[i] == '\0')
			n++;
	if (n != want || b[0] == '\0')
		return 0;
	for (i = 0, n = 0; i < len; i++) {
		if (b[i] != '\0')
			continue;
		if (++n == want)
			return i > start && b[start] == '/';
		start = i + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cappsule_ioc_exec r;
	uint32_t argc, envc, len;
	char *blob;

	if (size < sizeof(r) + 2)
		return 0;
	memcpy(&r, data, sizeof(r));
	(void)exec_check_request(&r);
	(void)exec_signal_ok(r.flags);
	(void)exec_winsize_ok(r.mem_mb);
	(void)exec_page_limit(r.mem_mb % (CAPPSULE_EXEC_MEM_MAX_MB + 1));
	argc = word(data) % 8;        /* small counts, or the blob never fits */
	envc = word(data + 4) % 8;
	len = (uint32_t)(size - sizeof(r));
	/* An exact-size heap copy: ASan sees any read past its end. */
	blob = malloc(len);
	if (!blob)
		return 0;
	memcpy(blob, data + sizeof(r), len);
	if (exec_blob_valid(blob, len, argc, envc) != model_blob_ok(blob, len, argc, envc))
		abort();
	free(blob);
	return 0;
}
