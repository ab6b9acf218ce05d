// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the bytes of `virt exec` (tools/exec_proto.c): the request
 * blob both ways and every way a blob can be malformed, I/O records both
 * ways and every way a buffer of them can be, and how a command's end
 * becomes virt's exit status and message.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "test/unit/test_rng.h"
#include "tools/exec_proto.h"

static char *const argv3[] = { "ls", "-l", "/tmp dir", NULL };
static char *const env2[] = { "PATH=/usr/bin:/bin", "EMPTY=", NULL };

static struct exec_strings sample(void)
{
	return (struct exec_strings){ argv3, 3, env2, 2, "/home/u" };
}

/* The blob of sample(), by hand. */
static const char sample_blob[] = "ls\0-l\0/tmp dir\0PATH=/usr/bin:/bin\0EMPTY=\0/home/u";

/* ------------------------------------------------------------ encode -- */

static void test_encode_layout(void **state)
{
	struct exec_strings s = sample();
	char blob[CAPPSULE_EXEC_BLOB_MAX];
	uint32_t len = 99;

	(void)state;
	assert_int_equal(exec_blob_size(&s), sizeof(sample_blob));
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_OK);
	assert_int_equal(len, sizeof(sample_blob));
	assert_memory_equal(blob, sample_blob, len);
}

static void test_encode_no_environment(void **state)
{
	char *const argv[] = { "true", NULL };
	struct exec_strings s = { argv, 1, NULL, 0, "/" };
	char blob[16];
	uint32_t len;

	(void)state;
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_OK);
	assert_int_equal(len, 7);
	assert_memory_equal(blob, "true\0/", 7);
}

static void test_encode_refusals(void **state)
{
	struct exec_strings s = sample();
	char blob[CAPPSULE_EXEC_BLOB_MAX];
	uint32_t len = 99;

	(void)state;
	s.argc = 0;
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_NO_COMMAND);
	assert_int_equal(len, 0);
	s = sample();
	s.cwd = "home/u";
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_BAD_CWD);
	s.cwd = "";
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_BAD_CWD);
	s.cwd = NULL;
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_BAD_CWD);
	/* A buffer one byte short. */
	s = sample();
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(sample_blob) - 1, &len),
			 EXEC_PROTO_TOO_BIG);
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(sample_blob), &len), EXEC_PROTO_OK);
}

/* argc + envc: CAPPSULE_EXEC_ARGS_MAX is fine, one more is not. */
static void test_encode_count_limit(void **state)
{
	static char *many[CAPPSULE_EXEC_ARGS_MAX + 1];
	static char blob[CAPPSULE_EXEC_BLOB_MAX];
	struct exec_strings s = { many, 1, many, CAPPSULE_EXEC_ARGS_MAX - 1, "/" };
	uint32_t len;

	(void)state;
	for (size_t i = 0; i <= CAPPSULE_EXEC_ARGS_MAX; i++)
		many[i] = "x";
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_OK);
	assert_int_equal(len, 2 * CAPPSULE_EXEC_ARGS_MAX + 2);
	s.envc++;
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_TOO_MANY);
	s.envc = UINT32_MAX;	/* no overflow in the sum */
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_TOO_MANY);
	s.argc = CAPPSULE_EXEC_ARGS_MAX + 1;
	s.envc = 0;
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_TOO_MANY);
}

/* The blob: CAPPSULE_EXEC_BLOB_MAX bytes are fine, one more is not, even
 * with room in the buffer. */
static void test_encode_size_limit(void **state)
{
	static char big[CAPPSULE_EXEC_BLOB_MAX];
	static char blob[2 * CAPPSULE_EXEC_BLOB_MAX];
	char *argv[] = { big, NULL };
	struct exec_strings s = { argv, 1, NULL, 0, "/" };
	uint32_t len;

	(void)state;
	/* argv[0] + NUL + "/" + NUL == BLOB_MAX */
	memset(big, 'a', CAPPSULE_EXEC_BLOB_MAX - 3);
	assert_int_equal(exec_blob_size(&s), CAPPSULE_EXEC_BLOB_MAX);
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_OK);
	assert_int_equal(len, CAPPSULE_EXEC_BLOB_MAX);
	big[CAPPSULE_EXEC_BLOB_MAX - 3] = 'a';
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_TOO_BIG);
	assert_int_equal(len, 0);
}

/* ------------------------------------------------------------ decode -- */

static void test_decode_round_trip(void **state)
{
	struct exec_strings s = sample();
	static struct exec_decoded d;
	char blob[256];
	uint32_t len;

	(void)state;
	assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_OK);
	assert_int_equal(exec_blob_decode(blob, len, 3, 2, &d), EXEC_PROTO_OK);
	for (int i = 0; i < 3; i++)
		assert_string_equal(d.argv[i], argv3[i]);
	assert_null(d.argv[3]);
	for (int i = 0; i < 2; i++)
		assert_string_equal(d.envp[i], env2[i]);
	assert_null(d.envp[2]);
	assert_string_equal(d.cwd, "/home/u");
	/* Pointers into the blob, not copies. */
	assert_ptr_equal(d.argv[0], blob);
	assert_ptr_equal(d.cwd, blob + len - 8);
}

/* Random strings, random counts: decode(encode(x)) == x. */
static void test_decode_random_round_trips(void **state)
{
	static char words[64][40];
	static char *v[64];
	static struct exec_decoded d;
	char blob[CAPPSULE_EXEC_BLOB_MAX];
	uint64_t rng = 0x5eed;

	(void)state;
	for (int round = 0; round < 500; round++) {
		uint32_t n = 1 + (uint32_t)(test_rng_next(&rng) % 63), argc, len;
		struct exec_strings s;

		for (uint32_t i = 0; i < n; i++) {
			size_t wl = test_rng_next(&rng) % 39;

			for (size_t k = 0; k < wl; k++)
				words[i][k] = (char)(1 + test_rng_next(&rng) % 255);
			words[i][wl] = '\0';
			v[i] = words[i];
		}
		argc = 1 + (uint32_t)(test_rng_next(&rng) % n);
		s = (struct exec_strings){ v, argc, v + argc, n - argc, "/r" };
		assert_int_equal(exec_blob_encode(&s, blob, sizeof(blob), &len), EXEC_PROTO_OK);
		assert_int_equal(exec_blob_decode(blob, len, argc, n - argc, &d), EXEC_PROTO_OK);
		for (uint32_t i = 0; i < argc; i++)
			assert_string_equal(d.argv[i], words[i]);
		for (uint32_t i = argc; i < n; i++)
			assert_string_equal(d.envp[i - argc], words[i]);
		assert_null(d.argv[argc]);
		assert_null(d.envp[n - argc]);
		assert_string_equal(d.cwd, "/r");
	}
}

/* Decodes a copy of bytes[0..len-1] (so ASan sees reads past len). */
static enum exec_proto_err decode_copy(const char *bytes, uint32_t len, uint32_t argc,
				       uint32_t envc)
{
	static struct exec_decoded d;
	char *copy = malloc(len ? len : 1);
	enum exec_proto_err err;

	assert_non_null(copy);
	memcpy(copy, bytes, len);
	err = exec_blob_decode(copy, len, argc, envc, &d);
	if (err) {
		assert_null(d.argv);
		assert_null(d.envp);
		assert_null(d.cwd);
	}
	free(copy);
	return err;
}

static void test_decode_malformed(void **state)
{
	const uint32_t n = sizeof(sample_blob);

	(void)state;
	assert_int_equal(decode_copy(sample_blob, n, 3, 2), EXEC_PROTO_OK);
	/* Counts that do not match the strings. */
	assert_int_equal(decode_copy(sample_blob, n, 3, 3), EXEC_PROTO_TOO_FEW);
	assert_int_equal(decode_copy(sample_blob, n, 4, 2), EXEC_PROTO_TOO_FEW);
	assert_int_equal(decode_copy(sample_blob, n, 3, 1), EXEC_PROTO_TRAILING);
	assert_int_equal(decode_copy(sample_blob, n, 2, 1), EXEC_PROTO_TRAILING);
	assert_int_equal(decode_copy(sample_blob, n, 1, 0), EXEC_PROTO_TRAILING);
	assert_int_equal(decode_copy(sample_blob, n, 0, 5), EXEC_PROTO_NO_COMMAND);
	/* The last NUL missing. */
	assert_int_equal(decode_copy(sample_blob, n - 1, 3, 2), EXEC_PROTO_UNTERMINATED);
	/* One byte after the last NUL. */
	assert_int_equal(decode_copy("ls\0/\0x", 6, 1, 0), EXEC_PROTO_TRAILING);
	assert_int_equal(decode_copy("ls\0/\0\0", 6, 1, 0), EXEC_PROTO_TRAILING);
	/* Lengths. */
	assert_int_equal(decode_copy("", 0, 1, 0), EXEC_PROTO_BAD_LENGTH);
	/* The working directory. */
	assert_int_equal(decode_copy("ls\0\0", 4, 1, 0), EXEC_PROTO_BAD_CWD);
	assert_int_equal(decode_copy("ls\0tmp\0", 7, 1, 0), EXEC_PROTO_BAD_CWD);
	/* Empty strings are strings. */
	assert_int_equal(decode_copy("\0\0/\0", 4, 1, 1), EXEC_PROTO_OK);
	assert_int_equal(decode_copy("\0\0/\0", 4, 2, 0), EXEC_PROTO_OK);
	assert_int_equal(decode_copy("\0\0/\0", 4, 1, 0), EXEC_PROTO_TRAILING);
	assert_int_equal(decode_copy("\0/\0", 3, 1, 0), EXEC_PROTO_OK);
}

/* Every prefix of a valid blob is refused. */
static void test_decode_every_truncation(void **state)
{
	(void)state;
	for (uint32_t len = 1; len < sizeof(sample_blob); len++)
		assert_int_not_equal(decode_copy(sample_blob, len, 3, 2), EXEC_PROTO_OK);
}

static void test_decode_limits(void **state)
{
	static char blob[CAPPSULE_EXEC_BLOB_MAX + 1];
	static struct exec_decoded d;
	uint32_t i;

	(void)state;
	/* 1024 strings "" then "/": the most there may be. */
	memset(blob, 0, sizeof(blob));
	blob[CAPPSULE_EXEC_ARGS_MAX] = '/';
	assert_int_equal(exec_blob_decode(blob, CAPPSULE_EXEC_ARGS_MAX + 2, 1,
					  CAPPSULE_EXEC_ARGS_MAX - 1, &d), EXEC_PROTO_OK);
	assert_string_equal(d.cwd, "/");
	assert_null(d.envp[CAPPSULE_EXEC_ARGS_MAX - 1]);
	assert_int_equal(exec_blob_decode(blob, CAPPSULE_EXEC_ARGS_MAX + 2, 1,
					  CAPPSULE_EXEC_ARGS_MAX, &d), EXEC_PROTO_TOO_MANY);
	assert_int_equal(exec_blob_decode(blob, CAPPSULE_EXEC_ARGS_MAX + 2, UINT32_MAX,
					  2, &d), EXEC_PROTO_TOO_MANY);
	assert_int_equal(exec_blob_decode(blob, CAPPSULE_EXEC_ARGS_MAX + 2, 2,
					  UINT32_MAX, &d), EXEC_PROTO_TOO_MANY);
	/* The longest blob: one long argument. */
	for (i = 0; i < CAPPSULE_EXEC_BLOB_MAX - 3; i++)
		blob[i] = 'a';
	memcpy(blob + i, "\0/\0", 3);
	assert_int_equal(exec_blob_decode(blob, CAPPSULE_EXEC_BLOB_MAX, 1, 0, &d), EXEC_PROTO_OK);
	assert_int_equal(strlen(d.argv[0]), CAPPSULE_EXEC_BLOB_MAX - 3);
	assert_int_equal(exec_blob_decode(blob, CAPPSULE_EXEC_BLOB_MAX + 1, 1, 0, &d),
			 EXEC_PROTO_BAD_LENGTH);
	assert_int_equal(exec_blob_decode(blob, UINT32_MAX, 1, 0, &d), EXEC_PROTO_BAD_LENGTH);
}

/* ----------------------------------------------------------- records -- */

#define HDR ((uint32_t)sizeof(struct cappsule_io_rec))

static void test_record_layout(void **state)
{
	uint8_t buf[64];

	(void)state;
	assert_int_equal(HDR, 16);
	assert_int_equal(CAPPSULE_IO_REC_MIN, 17);
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(exec_rec_put(buf, sizeof(buf), CAPPSULE_STREAM_STDERR, "hey", 3, 77), 19);
	/* stream, 3 reserved, len, value (0 on data records), reserved2, data */
	assert_memory_equal(buf, "\x02\0\0\0\x03\0\0\0\0\0\0\0\0\0\0\0hey", 19);
	assert_int_equal(buf[19], 0xee);
	assert_int_equal(exec_rec_put(buf, sizeof(buf), CAPPSULE_STREAM_EOF, NULL, 0, 0x1234), 16);
	assert_memory_equal(buf, "\x03\0\0\0\0\0\0\0\x34\x12\0\0\0\0\0\0", 16);
}

static void test_record_put_limits(void **state)
{
	static uint8_t buf[2 * CAPPSULE_IO_REC_MAX], data[CAPPSULE_IO_REC_MAX + 1];

	(void)state;
	assert_int_equal(exec_rec_put(buf, HDR + 2, CAPPSULE_STREAM_STDOUT, "abc", 3, 0), 0);
	assert_int_equal(exec_rec_put(buf, HDR + 3, CAPPSULE_STREAM_STDOUT, "abc", 3, 0), HDR + 3);
	assert_int_equal(exec_rec_put(buf, HDR - 1, CAPPSULE_STREAM_EOF, NULL, 0, 0), 0);
	assert_int_equal(exec_rec_put(buf, sizeof(buf), CAPPSULE_STREAM_STDOUT, data,
				      CAPPSULE_IO_REC_MAX, 0), HDR + CAPPSULE_IO_REC_MAX);
	assert_int_equal(exec_rec_put(buf, sizeof(buf), CAPPSULE_STREAM_STDOUT, data,
				      CAPPSULE_IO_REC_MAX + 1, 0), 0);
}

/* Records back to back, at odd offsets: parsed in order, data in place. */
static void test_record_round_trip(void **state)
{
	static uint8_t buf[3 * (16 + CAPPSULE_IO_REC_MAX)], big[CAPPSULE_IO_REC_MAX];
	struct exec_rec r;
	size_t len = 0, pos = 0;

	(void)state;
	memset(big, 0x42, sizeof(big));
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_STDOUT, "a", 1, 0);
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_STDERR, big,
			    sizeof(big), 0);
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_STDOUT, "xyz", 3, 0);
	assert_int_equal(len, 3 * HDR + 4 + CAPPSULE_IO_REC_MAX);
	assert_int_equal(exec_rec_check_all(buf, len, EXEC_REC_TO_HOST), EXEC_PROTO_OK);

	assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_HOST, &r), EXEC_PROTO_OK);
	assert_int_equal(r.stream, CAPPSULE_STREAM_STDOUT);
	assert_int_equal(r.len, 1);
	assert_memory_equal(r.data, "a", 1);
	assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_HOST, &r), EXEC_PROTO_OK);
	assert_int_equal(r.stream, CAPPSULE_STREAM_STDERR);
	assert_int_equal(r.len, CAPPSULE_IO_REC_MAX);
	assert_memory_equal(r.data, big, sizeof(big));
	assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_HOST, &r), EXEC_PROTO_OK);
	assert_memory_equal(r.data, "xyz", 3);
	assert_int_equal(pos, len);
	assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_HOST, &r), EXEC_PROTO_END);
	assert_int_equal(exec_rec_check_all(buf, 0, EXEC_REC_TO_HOST), EXEC_PROTO_OK);
}

static void test_record_input_kinds(void **state)
{
	uint8_t buf[256];
	struct exec_rec r;
	size_t len = 0, pos = 0;

	(void)state;
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_STDIN, "in", 2, 0);
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_EOF, NULL, 0, 0);
	assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_CAPPSULE, &r), EXEC_PROTO_OK);
	assert_int_equal(r.stream, CAPPSULE_STREAM_STDIN);
	assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_CAPPSULE, &r), EXEC_PROTO_OK);
	assert_int_equal(r.stream, CAPPSULE_STREAM_EOF);
	assert_int_equal(r.len, 0);
	assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_CAPPSULE, &r), EXEC_PROTO_END);
	/* Neither may travel to the host. */
	assert_int_equal(exec_rec_check_all(buf, len, EXEC_REC_TO_HOST), EXEC_PROTO_REC_STREAM);
	/* Signals and sizes (streams 4 and 5 up to ioctl ABI 3) no longer
	 * come as records: refused, not ignored. */
	for (uint8_t old = 4; old <= 5; old++) {
		pos = 0;
		len = exec_rec_put(buf, sizeof(buf), old, NULL, 0, SIGINT);
		assert_int_equal(exec_rec_next(buf, len, &pos, EXEC_REC_TO_CAPPSULE, &r),
				 EXEC_PROTO_REC_STREAM);
	}
}

/* Parses one hand-made header (+ len bytes of data) in an exact-size copy. */
static enum exec_proto_err parse_one(struct cappsule_io_rec h, size_t data, enum exec_rec_dir dir)
{
	size_t len = HDR + data, pos = 0;
	uint8_t *buf = calloc(1, len);
	struct exec_rec r;
	enum exec_proto_err err;

	assert_non_null(buf);
	memcpy(buf, &h, HDR);
	err = exec_rec_next(buf, len, &pos, dir, &r);
	assert_int_equal(pos, err == EXEC_PROTO_OK ? len : 0);
	free(buf);
	return err;
}

static void test_record_malformed(void **state)
{
	const enum exec_rec_dir out = EXEC_REC_TO_HOST, in = EXEC_REC_TO_CAPPSULE;
	struct cappsule_io_rec h = { .stream = CAPPSULE_STREAM_STDOUT, .len = 5 };

	(void)state;
	assert_int_equal(parse_one(h, 5, out), EXEC_PROTO_OK);
	assert_int_equal(parse_one(h, 4, out), EXEC_PROTO_REC_SHORT);
	/* Streams in the wrong direction, or unknown. */
	assert_int_equal(parse_one(h, 5, in), EXEC_PROTO_REC_STREAM);
	for (unsigned s = 4; s < 256; s++) {
		h.stream = (uint8_t)s;
		assert_int_equal(parse_one(h, 5, out), EXEC_PROTO_REC_STREAM);
		assert_int_equal(parse_one(h, 5, in), EXEC_PROTO_REC_STREAM);
	}
	h.stream = CAPPSULE_STREAM_STDIN;
	assert_int_equal(parse_one(h, 5, out), EXEC_PROTO_REC_STREAM);
	assert_int_equal(parse_one(h, 5, in), EXEC_PROTO_OK);
	/* Data lengths: 1 .. CAPPSULE_IO_REC_MAX. */
	h.len = 0;
	assert_int_equal(parse_one(h, 0, in), EXEC_PROTO_REC_LENGTH);
	h.len = CAPPSULE_IO_REC_MAX;
	assert_int_equal(parse_one(h, CAPPSULE_IO_REC_MAX, in), EXEC_PROTO_OK);
	h.len = CAPPSULE_IO_REC_MAX + 1;
	assert_int_equal(parse_one(h, CAPPSULE_IO_REC_MAX + 1, in), EXEC_PROTO_REC_LENGTH);
	h.len = UINT32_MAX;	/* no wrap in the bounds check */
	assert_int_equal(parse_one(h, 8, in), EXEC_PROTO_REC_LENGTH);
	/* Records without data carry none. */
	h.stream = CAPPSULE_STREAM_EOF;
	h.len = 1;
	assert_int_equal(parse_one(h, 1, in), EXEC_PROTO_REC_LENGTH);
	h.len = 0;
	h.value = 0xffffffff;
	assert_int_equal(parse_one(h, 0, in), EXEC_PROTO_OK);
}

static void test_record_reserved(void **state)
{
	struct cappsule_io_rec h = { .stream = CAPPSULE_STREAM_STDERR, .len = 1 };

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct cappsule_io_rec bad = h;

		bad.reserved[i] = 1;
		assert_int_equal(parse_one(bad, 1, EXEC_REC_TO_HOST), EXEC_PROTO_REC_RESERVED);
	}
	h.reserved2 = 0x80000000u;
	assert_int_equal(parse_one(h, 1, EXEC_REC_TO_HOST), EXEC_PROTO_REC_RESERVED);
}

/* Every cut of a valid buffer: fine exactly at record boundaries, a short
 * record anywhere else. */
static void test_record_every_truncation(void **state)
{
	uint8_t buf[128];
	size_t len = 0, bounds[4] = { 0 }, nb = 1;

	(void)state;
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_STDIN, "12345", 5, 0);
	bounds[nb++] = len;
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_EOF, NULL, 0, 0);
	bounds[nb++] = len;
	len += exec_rec_put(buf + len, sizeof(buf) - len, CAPPSULE_STREAM_STDIN, "6", 1, 0);
	bounds[nb++] = len;
	for (size_t cut = 0; cut <= len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		bool boundary = false;

		memcpy(copy, buf, cut);
		for (size_t b = 0; b < nb; b++)
			boundary |= bounds[b] == cut;
		assert_int_equal(exec_rec_check_all(copy, cut, EXEC_REC_TO_CAPPSULE),
				 boundary ? EXEC_PROTO_OK : EXEC_PROTO_REC_SHORT);
		free(copy);
	}
}

/* -------------------------------------------------------- how it ended -- */

static void test_wait_status(void **state)
{
	(void)state;
	assert_int_equal(exec_exit_code_from_wait(exec_wait_status_exited(7)), 7);
	assert_int_equal(exec_exit_code_from_wait(exec_wait_status_exited(0)), 0);
	assert_int_equal(exec_exit_code_from_wait(exec_wait_status_exited(255)), 255);
	assert_int_equal(exec_exit_code_from_wait(exec_wait_status_exited(125)), 125);
	assert_int_equal(exec_exit_code_from_wait(SIGKILL), 137);
	assert_int_equal(exec_exit_code_from_wait(SIGINT), 130);
	assert_int_equal(exec_exit_code_from_wait(SIGSEGV | 0x80), 128 + SIGSEGV); /* core */
	assert_int_equal(exec_exit_code_from_wait(0x137f), EXEC_EXIT_CAPPSULE); /* stopped */
	assert_int_equal(exec_exit_code_from_wait(0xffff), EXEC_EXIT_CAPPSULE); /* continued */
	assert_int_equal(exec_exit_code_for_exec_errno(ENOENT), 127);
	assert_int_equal(exec_exit_code_for_exec_errno(ENOTDIR), 127);
	assert_int_equal(exec_exit_code_for_exec_errno(EACCES), 126);
	assert_int_equal(exec_exit_code_for_exec_errno(ENOEXEC), 126);
}

static int status_code(uint32_t kind, int32_t code, uint32_t end, uint64_t value, char *msg)
{
	struct cappsule_ioc_exec_status st = { .kind = kind, .code = code, .end = end,
					       .end_value = value };

	return exec_status_exit_code(&st, 3, msg, 160);
}

static void test_exec_status(void **state)
{
	char msg[160];

	(void)state;
	assert_int_equal(status_code(CAPPSULE_EXEC_EXITED, 7, 0, 0, msg), 7);
	assert_string_equal(msg, "");
	assert_int_equal(status_code(CAPPSULE_EXEC_EXITED, 0x1ff, 0, 0, msg), 255);
	assert_int_equal(status_code(CAPPSULE_EXEC_SIGNALED, SIGTERM, 0, 0, msg), 143);
	assert_string_equal(msg, "");
	assert_int_equal(status_code(CAPPSULE_EXEC_SIGNALED, 0, 0, 0, msg), 125);
	assert_int_equal(status_code(CAPPSULE_EXEC_SIGNALED, 200, 0, 0, msg), 125);
	assert_non_null(strstr(msg, "invalid signal 200"));
	assert_int_equal(status_code(CAPPSULE_EXEC_ENDED, 0, CAPPSULE_END_IO, 0x80, msg), 125);
	assert_string_equal(msg, "virt: cappsule 3 ended: I/O port access (port 0x80)");
	assert_int_equal(status_code(CAPPSULE_EXEC_ENDED, 0, CAPPSULE_END_FORBIDDEN, 12, msg), 125);
	assert_string_equal(msg, "virt: cappsule 3 ended: forbidden operation (exit reason 12, HLT)");
	assert_int_equal(status_code(CAPPSULE_EXEC_ENDED, 0, CAPPSULE_END_FORBIDDEN, 1ull << 40,
				     msg), 125);
	assert_non_null(strstr(msg, "unknown)"));
	assert_int_equal(status_code(CAPPSULE_EXEC_KILLED, 0, 0, 0, msg), 137);
	assert_string_equal(msg, "virt: cappsule 3 was killed from the host");
	assert_int_equal(status_code(0, 0, 0, 0, msg), 125);
	assert_string_equal(msg, "virt: cappsule 3: unknown end (kind 0)");
	/* A message never overruns its buffer. */
	memset(msg, 'X', sizeof(msg));
	{
		struct cappsule_ioc_exec_status st = { .kind = CAPPSULE_EXEC_ENDED,
						       .end = CAPPSULE_END_LIMIT };

		assert_int_equal(exec_status_exit_code(&st, 3, msg, 10), 125);
		assert_string_equal(msg, "virt: cap");
		assert_int_equal(msg[10], 'X');
	}
}

/* Every end reason has its own text; unknown ones say so. */
static void test_end_texts(void **state)
{
	char seen[CAPPSULE_END_COUNT][128];

	(void)state;
	for (uint32_t e = 0; e < CAPPSULE_END_COUNT; e++) {
		exec_end_text(e, 0x1234, seen[e], sizeof(seen[e]));
		assert_true(strlen(seen[e]) > 5);
		for (uint32_t k = 0; k < e; k++)
			assert_string_not_equal(seen[e], seen[k]);
	}
	exec_end_text(CAPPSULE_END_COUNT, 9, seen[0], sizeof(seen[0]));
	assert_string_equal(seen[0], "unknown reason 11 (value 0x9)");
	exec_end_text(CAPPSULE_END_MSR, 0x174, seen[0], sizeof(seen[0]));
	assert_string_equal(seen[0], "MSR access (MSR 0x174)");
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = EXEC_PROTO_OK; e <= EXEC_PROTO_REC_RESERVED; e++)
		assert_true(strlen(exec_proto_strerror((enum exec_proto_err)e)) > 5);
	assert_string_equal(exec_proto_strerror((enum exec_proto_err)99), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_layout),
		cmocka_unit_test(test_encode_no_environment),
		cmocka_unit_test(test_encode_refusals),
		cmocka_unit_test(test_encode_count_limit),
		cmocka_unit_test(test_encode_size_limit),
		cmocka_unit_test(test_decode_round_trip),
		cmocka_unit_test(test_decode_random_round_trips),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_decode_every_truncation),
		cmocka_unit_test(test_decode_limits),
		cmocka_unit_test(test_record_layout),
		cmocka_unit_test(test_record_put_limits),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_input_kinds),
		cmocka_unit_test(test_record_malformed),
		cmocka_unit_test(test_record_reserved),
		cmocka_unit_test(test_record_every_truncation),
		cmocka_unit_test(test_wait_status),
		cmocka_unit_test(test_exec_status),
		cmocka_unit_test(test_end_texts),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("exec_proto", tests, NULL, NULL);
}
