// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for virt exec's request checks and exit statuses (hostshim/exec_check.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hostshim/exec_check.h"

static struct cappsule_ioc_exec good_request(void)
{
	struct cappsule_ioc_exec r;

	memset(&r, 0, sizeof(r));
	r.argc = 2;
	r.envc = 1;
	r.blob_len = 20;
	r.blob = 0x1000;
	return r;
}

static void test_request(void **state)
{
	struct cappsule_ioc_exec r = good_request();

	(void)state;
	assert_int_equal(exec_check_request(&r), IOC_OK);
	r.flags = CAPPSULE_EXEC_TTY;
	r.rows = 24;
	r.cols = 80;
	assert_int_equal(exec_check_request(&r), IOC_OK);
	r = good_request();
	r.flags = CAPPSULE_EXEC_FS;
	assert_int_equal(exec_check_request(&r), IOC_OK);
	r.flags = 4;
	assert_int_equal(exec_check_request(&r), IOC_BAD_FIELD);
	r = good_request();
	r.rows = 24;                 /* a size without a terminal */
	assert_int_equal(exec_check_request(&r), IOC_BAD_FIELD);
	r = good_request();
	r.reserved[4] = 1;
	assert_int_equal(exec_check_request(&r), IOC_BAD_FIELD);
	r = good_request();
	r.id = 3;                    /* out only */
	assert_int_equal(exec_check_request(&r), IOC_BAD_FIELD);
	r = good_request();
	r.blob = 0;
	assert_int_equal(exec_check_request(&r), IOC_BAD_FIELD);
	r = good_request();
	r.argc = 0;
	assert_int_equal(exec_check_request(&r), IOC_OUT_OF_RANGE);
	r = good_request();
	r.argc = CAPPSULE_EXEC_ARGS_MAX;
	r.envc = 1;                  /* together over the limit */
	assert_int_equal(exec_check_request(&r), IOC_OUT_OF_RANGE);
	r = good_request();
	r.envc = UINT32_MAX;         /* no wrap-around */
	assert_int_equal(exec_check_request(&r), IOC_OUT_OF_RANGE);
	r = good_request();
	r.blob_len = CAPPSULE_EXEC_BLOB_MAX + 1;
	assert_int_equal(exec_check_request(&r), IOC_OUT_OF_RANGE);
	r = good_request();
	r.blob_len = 0;
	assert_int_equal(exec_check_request(&r), IOC_OUT_OF_RANGE);
	r = good_request();
	r.mem_mb = CAPPSULE_EXEC_MEM_MAX_MB;
	assert_int_equal(exec_check_request(&r), IOC_OK);
	r.mem_mb = CAPPSULE_EXEC_MEM_MAX_MB + 1;
	assert_int_equal(exec_check_request(&r), IOC_OUT_OF_RANGE);
}

#define BLOB(s) s, sizeof(s) - 1  /* the literal's bytes, without the final extra NUL */

static void test_blob(void **state)
{
	(void)state;
	assert_true(exec_blob_valid(BLOB("echo\0hi\0PATH=/bin\0/home/u\0"), 2, 1));
	assert_true(exec_blob_valid(BLOB("true\0/\0"), 1, 0));
	assert_true(exec_blob_valid(BLOB("sh\0\0/\0"), 2, 0));       /* an empty argument */
	assert_false(exec_blob_valid(BLOB("true\0/\0x"), 1, 0));     /* trailing bytes */
	assert_false(exec_blob_valid(BLOB("true\0/\0/\0"), 1, 0));   /* one string too many */
	assert_false(exec_blob_valid(BLOB("true\0"), 1, 0));         /* no cwd */
	assert_false(exec_blob_valid(BLOB("\0/\0"), 1, 0));          /* argv[0] empty */
	assert_false(exec_blob_valid(BLOB("true\0tmp\0"), 1, 0));    /* cwd relative */
	assert_false(exec_blob_valid(BLOB("true\0\0"), 1, 0));       /* cwd empty */
	assert_false(exec_blob_valid(BLOB("true\0/"), 1, 0));        /* unterminated */
	assert_false(exec_blob_valid(BLOB("true\0/\0"), 0, 1));      /* argc 0 */
	assert_false(exec_blob_valid(BLOB("a\0b\0/\0"), 1, 2));      /* fewer than counted */
}

static void test_limits(void **state)
{
	(void)state;
	assert_int_equal(exec_page_limit(0), CAPPSULE_EXEC_MEM_DEFAULT_MB * 256);
	assert_int_equal(exec_page_limit(1), 256);
	assert_int_equal(exec_page_limit(CAPPSULE_EXEC_MEM_MAX_MB), CAPPSULE_POOL_MAX_CHUNKS * 512);
	assert_false(exec_signal_ok(0));
	assert_true(exec_signal_ok(2));
	assert_true(exec_signal_ok(64));
	assert_false(exec_signal_ok(65));
	assert_true(exec_winsize_ok(24u << 16 | 80));
	assert_false(exec_winsize_ok(80));
	assert_false(exec_winsize_ok(24u << 16));
}

static struct cappsule_io_rec rec(uint8_t stream, uint32_t len)
{
	struct cappsule_io_rec r;

	memset(&r, 0, sizeof(r));
	r.stream = stream;
	r.len = len;
	return r;
}

static void test_records(void **state)
{
	const uint64_t hdr = sizeof(struct cappsule_io_rec);
	struct cappsule_io_rec r;

	(void)state;
	/* Host to cappsule. */
	r = rec(CAPPSULE_STREAM_STDIN, 1);
	assert_true(exec_record_in_ok(&r));
	r.len = CAPPSULE_IO_REC_MAX;
	assert_true(exec_record_in_ok(&r));
	r.len = CAPPSULE_IO_REC_MAX + 1;
	assert_false(exec_record_in_ok(&r));
	r.len = 0;                          /* empty data */
	assert_false(exec_record_in_ok(&r));
	r = rec(CAPPSULE_STREAM_EOF, 0);
	assert_true(exec_record_in_ok(&r));
	r.len = 4;                          /* the end carries no data */
	assert_false(exec_record_in_ok(&r));
	r = rec(CAPPSULE_STREAM_EOF, 0);
	r.reserved2 = 1;
	assert_false(exec_record_in_ok(&r));
	/* Signals and sizes left the ring (ioctl ABI 4): their old streams
	 * are refused like any unknown one. */
	r = rec(4, 0);
	assert_false(exec_record_in_ok(&r));
	r = rec(5, 0);
	assert_false(exec_record_in_ok(&r));
	r = rec(CAPPSULE_STREAM_STDOUT, 1); /* the other direction's stream */
	assert_false(exec_record_in_ok(&r));
	r = rec(99, 0);
	assert_false(exec_record_in_ok(&r));
	/* Cappsule to host, one whole record per write. */
	r = rec(CAPPSULE_STREAM_STDERR, 10);
	assert_true(exec_record_out_ok(&r, hdr + 10));
	assert_false(exec_record_out_ok(&r, hdr + 9));
	assert_false(exec_record_out_ok(&r, hdr + 11));
	r = rec(CAPPSULE_STREAM_STDIN, 10);
	assert_false(exec_record_out_ok(&r, hdr + 10));
	r = rec(CAPPSULE_STREAM_STDOUT, 0);
	assert_false(exec_record_out_ok(&r, hdr));
	r = rec(CAPPSULE_STREAM_STDOUT, CAPPSULE_IO_REC_MAX + 1);
	assert_false(exec_record_out_ok(&r, hdr + CAPPSULE_IO_REC_MAX + 1));
	r = rec(CAPPSULE_STREAM_STDOUT, 3);
	r.reserved[1] = 1;
	assert_false(exec_record_out_ok(&r, hdr + 3));
	/* A length that would wrap total: no overflow in the check. */
	r = rec(CAPPSULE_STREAM_STDOUT, UINT32_MAX);
	assert_false(exec_record_out_ok(&r, hdr + UINT32_MAX));
}

static struct cappsule_ioc_exec_status decode(uint32_t end, uint64_t value, bool killed)
{
	struct cappsule_ioc_exec_status st;

	memset(&st, 0xaa, sizeof(st));
	exec_status_decode(end, value, killed, &st);
	return st;
}

static void test_status(void **state)
{
	struct cappsule_ioc_exec_status st;

	(void)state;
	st = decode(CAPPSULE_END_EXITED, 7 << 8, false);        /* exit 7 */
	assert_int_equal(st.kind, CAPPSULE_EXEC_EXITED);
	assert_int_equal(st.code, 7);
	st = decode(CAPPSULE_END_EXITED, 0, false);
	assert_int_equal(st.kind, CAPPSULE_EXEC_EXITED);
	assert_int_equal(st.code, 0);
	st = decode(CAPPSULE_END_EXITED, 9, false);             /* SIGKILL */
	assert_int_equal(st.kind, CAPPSULE_EXEC_SIGNALED);
	assert_int_equal(st.code, 9);
	st = decode(CAPPSULE_END_EXITED, 11 | 0x80, false);     /* SIGSEGV, core */
	assert_int_equal(st.kind, CAPPSULE_EXEC_SIGNALED);
	assert_int_equal(st.code, 11);
	st = decode(CAPPSULE_END_EXITED, 0x137f, false);        /* "stopped": not an end */
	assert_int_equal(st.kind, CAPPSULE_EXEC_ENDED);
	st = decode(CAPPSULE_END_EXITED, 0x10000, false);       /* not a wait status */
	assert_int_equal(st.kind, CAPPSULE_EXEC_ENDED);
	st = decode(CAPPSULE_END_EXITED, 0xcafe0000, false);
	assert_int_equal(st.kind, CAPPSULE_EXEC_ENDED);
	st = decode(CAPPSULE_END_IO, 0x80, false);
	assert_int_equal(st.kind, CAPPSULE_EXEC_ENDED);
	assert_int_equal(st.end, CAPPSULE_END_IO);
	assert_int_equal(st.end_value, 0x80);
	st = decode(CAPPSULE_END_NONE, 0, true);
	assert_int_equal(st.kind, CAPPSULE_EXEC_KILLED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_blob),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
