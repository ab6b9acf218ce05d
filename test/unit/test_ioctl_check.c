// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the /dev/cappsule request checks (hostshim/ioctl_check.c):
 * stats (flags, CPU bound), log read (flags, NULL buffer, size bounds) and
 * the test hypercall (reserved, unknown flags, SCRATCH without ARGS, the
 * block's offset in the shim's page, the scratch buffer's offset).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hostshim/ioctl_check.h"
#include "vmx/hypercall_args.h"

/* ------------------------------------------------------------------ stats -- */

static void test_stats(void **state)
{
	struct cappsule_ioc_stats r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(ioc_check_stats(&r, 1), IOC_OK);
	r.cpu = 3;
	assert_int_equal(ioc_check_stats(&r, 4), IOC_OK);
	assert_int_equal(ioc_check_stats(&r, 3), IOC_OUT_OF_RANGE);
	assert_int_equal(ioc_check_stats(&r, 0), IOC_OUT_OF_RANGE);
	r.cpu = 0;
	assert_int_equal(ioc_check_stats(&r, 0), IOC_OUT_OF_RANGE); /* none started */
	r.cpu = UINT32_MAX;
	assert_int_equal(ioc_check_stats(&r, UINT32_MAX), IOC_OUT_OF_RANGE);
	r.cpu = UINT32_MAX - 1;
	assert_int_equal(ioc_check_stats(&r, UINT32_MAX), IOC_OK);

	/* The output part is not looked at. */
	memset(&r.stats, 0xff, sizeof(r.stats));
	r.cpu = 0;
	assert_int_equal(ioc_check_stats(&r, 1), IOC_OK);
}

static void test_stats_flags(void **state)
{
	struct cappsule_ioc_stats r;
	unsigned bit;

	(void)state;
	memset(&r, 0, sizeof(r));
	for (bit = 0; bit < 32; bit++) {
		r.flags = 1u << bit;
		assert_int_equal(ioc_check_stats(&r, 4), IOC_BAD_FIELD);
	}
	/* Flags before the CPU index. */
	r.flags = 1;
	r.cpu = 99;
	assert_int_equal(ioc_check_stats(&r, 4), IOC_BAD_FIELD);
}

/* -------------------------------------------------------------------- log -- */

static struct cappsule_ioc_log good_log(void)
{
	struct cappsule_ioc_log r;

	memset(&r, 0, sizeof(r));
	r.buf = 0x7ffc12345000ull;
	r.size = 4096;
	return r;
}

static void test_log(void **state)
{
	struct cappsule_ioc_log r = good_log();

	(void)state;
	assert_int_equal(ioc_check_log(&r), IOC_OK);
	r.size = 1;
	assert_int_equal(ioc_check_log(&r), IOC_OK);
	r.size = CAPPSULE_LOG_READ_MAX;
	assert_int_equal(ioc_check_log(&r), IOC_OK);
	r.size = CAPPSULE_LOG_READ_MAX + 1;
	assert_int_equal(ioc_check_log(&r), IOC_OUT_OF_RANGE);
	r.size = 0;
	assert_int_equal(ioc_check_log(&r), IOC_OUT_OF_RANGE);
	r.size = UINT32_MAX;
	assert_int_equal(ioc_check_log(&r), IOC_OUT_OF_RANGE);
	r.size = 2 * CAPPSULE_LOG_READ_MAX;
	assert_int_equal(ioc_check_log(&r), IOC_OUT_OF_RANGE);

	/* Any position and any non-NULL buffer: the shim's copy_to_user
	 * decides about the pointer, the monitor about the position. */
	r = good_log();
	r.position = UINT64_MAX;
	r.buf = 1;
	assert_int_equal(ioc_check_log(&r), IOC_OK);
	r.buf = UINT64_MAX;
	assert_int_equal(ioc_check_log(&r), IOC_OK);

	/* Output fields are not looked at. */
	r = good_log();
	r.copied = r.next_position = r.lost = UINT64_MAX;
	assert_int_equal(ioc_check_log(&r), IOC_OK);
}

static void test_log_bad_fields(void **state)
{
	struct cappsule_ioc_log r;
	unsigned bit;

	(void)state;
	r = good_log();
	r.buf = 0;
	assert_int_equal(ioc_check_log(&r), IOC_BAD_FIELD);
	for (bit = 0; bit < 32; bit++) {
		r = good_log();
		r.flags = 1u << bit;
		assert_int_equal(ioc_check_log(&r), IOC_BAD_FIELD);
	}
	/* A bad field wins over a bad size. */
	r = good_log();
	r.buf = 0;
	r.size = 0;
	assert_int_equal(ioc_check_log(&r), IOC_BAD_FIELD);
	r = good_log();
	r.flags = 2;
	r.size = UINT32_MAX;
	assert_int_equal(ioc_check_log(&r), IOC_BAD_FIELD);
}

/* --------------------------------------------------------- test hypercall -- */

static struct cappsule_ioc_test_hypercall raw_call(void)
{
	struct cappsule_ioc_test_hypercall r;

	memset(&r, 0, sizeof(r));
	r.nr = CAPPSULE_HC_INFO;
	return r;
}

static void test_hc_raw(void **state)
{
	struct cappsule_ioc_test_hypercall r = raw_call();

	(void)state;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	/* Without flags, nr and rbx go to the monitor as they are. */
	r.nr = UINT64_MAX;
	r.rbx = UINT64_MAX;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	r.rbx = 0xfee00000;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	/* args is not used without ARGS: anything goes. */
	memset(&r.args, 0xff, sizeof(r.args));
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	/* Output fields are not looked at. */
	r.result = -1;
	r.out[0] = r.out[1] = r.out[2] = UINT64_MAX;
	r.scratch_changed = 5;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	/* scratch_in is only used with SCRATCH. */
	memset(r.scratch_in, 0xa5, sizeof(r.scratch_in));
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
}

static void test_hc_bad_fields(void **state)
{
	struct cappsule_ioc_test_hypercall r;
	unsigned bit;

	(void)state;
	r = raw_call();
	r.reserved = 1;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);
	r.reserved = 0x80000000u;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);
	r.flags = CAPPSULE_TEST_HC_ARGS; /* valid flags do not excuse it */
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);

	for (bit = 0; bit < 32; bit++) {
		uint32_t flag = 1u << bit;

		if (flag & CAPPSULE_TEST_HC_FLAGS)
			continue;
		r = raw_call();
		r.flags = flag;
		assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);
		r.flags = flag | CAPPSULE_TEST_HC_ARGS;
		assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);
		r.flags = flag | CAPPSULE_TEST_HC_FLAGS;
		assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);
	}

	/* SCRATCH means an offset in args.buf_gpa: without ARGS, no args. */
	r = raw_call();
	r.flags = CAPPSULE_TEST_HC_SCRATCH;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);
	/* ...even when the offsets that follow are out of range too. */
	r.rbx = UINT64_MAX;
	r.args.buf_gpa = UINT64_MAX;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_BAD_FIELD);
}

static void test_hc_args_offset(void **state)
{
	const uint64_t last = CAPPSULE_TEST_HC_PAGE - sizeof(struct cappsule_hc_args);
	struct cappsule_ioc_test_hypercall r = raw_call();

	(void)state;
	assert_int_equal(last, 4032);
	r.flags = CAPPSULE_TEST_HC_ARGS;
	r.rbx = 0;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	r.rbx = last;                     /* the block's last byte on the page */
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	r.rbx = last + 1;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	r.rbx = CAPPSULE_TEST_HC_PAGE;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	r.rbx = UINT64_MAX;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	r.rbx = UINT64_MAX - 63;          /* rbx + 64 would wrap to 0 */
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	r.rbx = 1ull << 32;               /* no truncation to 32 bits */
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	/* Misaligned offsets are allowed: the monitor must refuse them. */
	r.rbx = 1;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	r.rbx = last - 1;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);

	/* With ARGS only, the block's contents pass through unchecked. */
	r.rbx = 64;
	memset(&r.args, 0xff, sizeof(r.args));
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
}

static void test_hc_scratch_offset(void **state)
{
	struct cappsule_ioc_test_hypercall r = raw_call();

	(void)state;
	r.flags = CAPPSULE_TEST_HC_ARGS | CAPPSULE_TEST_HC_SCRATCH;
	r.args.buf_gpa = 0;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	r.args.buf_gpa = 4095;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	r.args.buf_gpa = 4096;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	r.args.buf_gpa = 1ull << 32;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	r.args.buf_gpa = UINT64_MAX;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	/* scratch_in is copied, not judged: any contents. */
	r.args.buf_gpa = 8;
	memset(r.scratch_in, 0xff, sizeof(r.scratch_in));
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
	/* The size is the monitor's to check, even a huge one. */
	r.args.buf_size = UINT64_MAX;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);

	/* Both offsets checked: the block's... */
	r.args.buf_gpa = 0;
	r.rbx = 4033;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);
	/* ...and the buffer's. */
	r.rbx = 4032;
	r.args.buf_gpa = 4096;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OUT_OF_RANGE);

	/* Without SCRATCH, buf_gpa is an address for the monitor to judge. */
	r.flags = CAPPSULE_TEST_HC_ARGS;
	r.rbx = 0;
	r.args.buf_gpa = UINT64_MAX;
	assert_int_equal(ioc_check_test_hypercall(&r), IOC_OK);
}

/* Whatever buffer size the monitor accepts for any call, a buffer that
 * starts at the largest scratch offset the shim lets through stays inside
 * the scratch area, and so does the shim's copy of scratch_in there. */
static void test_scratch_area_large_enough(void **state)
{
	struct cappsule_ioc_test_hypercall r = raw_call();
	uint64_t nr, off = 0;

	(void)state;
	r.flags = CAPPSULE_TEST_HC_ARGS | CAPPSULE_TEST_HC_SCRATCH;
	/* The largest offset accepted. */
	for (r.args.buf_gpa = 0; r.args.buf_gpa < 2 * CAPPSULE_TEST_HC_PAGE; r.args.buf_gpa++)
		if (ioc_check_test_hypercall(&r) == IOC_OK)
			off = r.args.buf_gpa;
	assert_int_equal(off, 4095);
	for (nr = 0; nr < CAPPSULE_HC_COUNT; nr++) {
		const struct hc_spec *s = hc_spec_of(nr);

		assert_non_null(s);
		assert_true(off + s->buf_max <= CAPPSULE_TEST_HC_SCRATCH_BYTES);
	}
	assert_true(off + sizeof(r.scratch_in) <= CAPPSULE_TEST_HC_SCRATCH_BYTES);
}

/* The ioctl numbers carry the sizes of the structs the checks look at. */
static void test_ioctl_numbers(void **state)
{
	(void)state;
	assert_int_equal(_IOC_SIZE(CAPPSULE_IOC_STATS), sizeof(struct cappsule_ioc_stats));
	assert_int_equal(_IOC_SIZE(CAPPSULE_IOC_LOG_READ), sizeof(struct cappsule_ioc_log));
	assert_int_equal(_IOC_SIZE(CAPPSULE_IOC_TEST_HYPERCALL),
			 sizeof(struct cappsule_ioc_test_hypercall));
	assert_int_equal(_IOC_TYPE(CAPPSULE_IOC_STATS), CAPPSULE_IOC_MAGIC);
	assert_int_equal(_IOC_DIR(CAPPSULE_IOC_LOG_READ), _IOC_READ | _IOC_WRITE);
	assert_int_equal(sizeof(struct cappsule_ioc_log), 48);
	assert_int_equal(offsetof(struct cappsule_ioc_test_hypercall, args), 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_stats_flags),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_log_bad_fields),
		cmocka_unit_test(test_hc_raw),
		cmocka_unit_test(test_hc_bad_fields),
		cmocka_unit_test(test_hc_args_offset),
		cmocka_unit_test(test_hc_scratch_offset),
		cmocka_unit_test(test_scratch_area_large_enough),
		cmocka_unit_test(test_ioctl_numbers),
	};

	return cmocka_run_group_tests_name("ioctl request checks", tests, NULL, NULL);
}
