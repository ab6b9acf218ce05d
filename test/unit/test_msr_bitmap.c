// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the MSR bitmap (vmx/msr_bitmap.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/msr.h"
#include "vmx/msr_bitmap.h"

static uint8_t bm[MSR_BITMAP_SIZE];

static void test_layout_matches_sdm(void **state)
{
	(void)state;
	memset(bm, 0, sizeof(bm));
	assert_true(msr_bitmap_intercept(bm, 0x3a, MSR_READ));
	assert_int_equal(bm[0x3a / 8], 1 << (0x3a % 8));          /* read low */
	assert_true(msr_bitmap_intercept(bm, 0xc0000080, MSR_WRITE));
	assert_int_equal(bm[3072 + 0x80 / 8], 1 << (0x80 % 8));   /* write high */
	assert_true(msr_bitmap_intercept(bm, 0x1fff, MSR_WRITE));
	assert_int_equal(bm[2048 + 1023], 0x80);                  /* write low, last */
	assert_true(msr_bitmap_intercept(bm, 0xc0001fff, MSR_READ));
	assert_int_equal(bm[1024 + 1023], 0x80);                  /* read high, last */
}

static void test_exits(void **state)
{
	(void)state;
	memset(bm, 0, sizeof(bm));
	msr_bitmap_intercept(bm, 0x10, MSR_WRITE);
	assert_false(msr_bitmap_exits(bm, 0x10, false));
	assert_true(msr_bitmap_exits(bm, 0x10, true));
	assert_false(msr_bitmap_exits(bm, 0x11, true));
	/* Outside both ranges: always exits, and cannot be set. */
	assert_true(msr_bitmap_exits(bm, 0x2000, false));
	assert_true(msr_bitmap_exits(bm, 0xbfffffff, true));
	assert_true(msr_bitmap_exits(bm, 0xc0002000, false));
	assert_false(msr_bitmap_intercept(bm, 0x2000, MSR_READ));
	assert_false(msr_bitmap_intercept(bm, 0x10, 0));
}

static void test_host_policy(void **state)
{
	uint32_t msr;
	unsigned set = 0, i;

	(void)state;
	memset(bm, 0xff, sizeof(bm));
	msr_bitmap_for_host(bm);
	assert_true(msr_bitmap_exits(bm, IA32_FEATURE_CONTROL, false));
	assert_true(msr_bitmap_exits(bm, IA32_FEATURE_CONTROL, true));
	for (msr = IA32_VMX_BASIC; msr <= IA32_VMX_VMFUNC; msr++) {
		assert_true(msr_bitmap_exits(bm, msr, false));
		assert_true(msr_bitmap_exits(bm, msr, true));
	}
	/* Nothing else: the host's steady state must not exit on MSRs. */
	assert_false(msr_bitmap_exits(bm, IA32_EFER, true));
	assert_false(msr_bitmap_exits(bm, 0x10, false));   /* TSC */
	assert_false(msr_bitmap_exits(bm, 0x6e0, true));   /* TSC deadline */
	for (i = 0; i < sizeof(bm); i++)
		set += (unsigned)__builtin_popcount(bm[i]);
	assert_int_equal(set, 2 * (1 + (IA32_VMX_VMFUNC - IA32_VMX_BASIC + 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_matches_sdm),
		cmocka_unit_test(test_exits),
		cmocka_unit_test(test_host_policy),
	};

	return cmocka_run_group_tests_name("msr bitmap", tests, NULL, NULL);
}
