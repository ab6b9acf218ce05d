// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the host's CR and XCR0 write decisions (vmx/guest_policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/guest_policy.h"

/* Fixed-bit MSRs as Bochs reports them: CR0 needs PE|NE|PG, CR4 VMXE. */
static struct vmx_caps caps(void)
{
	struct vmx_caps c;

	memset(&c, 0, sizeof(c));
	c.cr0_fixed0 = 0x80000021;
	c.cr0_fixed1 = 0xffffffff;
	c.cr4_fixed0 = 0x2000;
	c.cr4_fixed1 = 0x3727ff;
	return c;
}

static void test_cr0_keeps_ne_hides_it(void **state)
{
	struct vmx_caps c = caps();
	struct cr_write_result r;

	(void)state;
	/* A real-mode trampoline turning on protection with NE clear. */
	cr0_write(&c, CR0_PE | 0x10, 0, 0, &r);
	assert_false(r.inject_gp);
	assert_int_equal(r.guest, CR0_PE | 0x10 | CR0_NE);
	assert_int_equal(r.shadow, CR0_PE | 0x10);
	assert_false(r.ia32e_mode);
	/* Real mode again: PE is the guest's under unrestricted guest. */
	cr0_write(&c, 0x10, 0, 0, &r);
	assert_int_equal(r.guest, 0x10 | CR0_NE);
}

static void test_cr0_paging_switches_long_mode(void **state)
{
	struct vmx_caps c = caps();
	struct cr_write_result r;

	(void)state;
	cr0_write(&c, CR0_PE | CR0_PG | 0x10, CR4_PAE, EFER_LME, &r);
	assert_false(r.inject_gp);
	assert_int_equal(r.efer, EFER_LME | EFER_LMA);
	assert_true(r.ia32e_mode);
	cr0_write(&c, CR0_PE | 0x10, CR4_PAE, EFER_LME | EFER_LMA, &r);
	assert_int_equal(r.efer, EFER_LME);
	assert_false(r.ia32e_mode);
	/* Paging without LME stays out of IA-32e mode. */
	cr0_write(&c, CR0_PE | CR0_PG, 0, 0, &r);
	assert_false(r.inject_gp);
	assert_false(r.ia32e_mode);
}

static void test_cr0_faults(void **state)
{
	struct vmx_caps c = caps();
	struct cr_write_result r;

	(void)state;
	cr0_write(&c, CR0_PG, 0, 0, &r);                       /* PG without PE */
	assert_true(r.inject_gp);
	cr0_write(&c, CR0_PE | CR0_NW, 0, 0, &r);              /* NW without CD */
	assert_true(r.inject_gp);
	cr0_write(&c, CR0_PE | (1ull << 32), 0, 0, &r);        /* reserved high */
	assert_true(r.inject_gp);
	cr0_write(&c, CR0_PE | CR0_PG, 0, EFER_LME, &r);       /* long mode, no PAE */
	assert_true(r.inject_gp);
}

static void test_cr4(void **state)
{
	struct vmx_caps c = caps();
	struct cr_write_result r;

	(void)state;
	cr4_write(&c, CR4_PAE | 0x80, EFER_LMA, &r);
	assert_false(r.inject_gp);
	assert_int_equal(r.guest, CR4_PAE | 0x80 | CR4_VMXE);
	assert_int_equal(r.shadow, CR4_PAE | 0x80);
	cr4_write(&c, CR4_PAE | CR4_VMXE, EFER_LMA, &r);        /* VMX is hidden */
	assert_true(r.inject_gp);
	cr4_write(&c, CR4_PAE | (1ull << 23), EFER_LMA, &r);    /* not in fixed1 */
	assert_true(r.inject_gp);
	cr4_write(&c, 0x80, EFER_LMA, &r);                      /* PAE off in long mode */
	assert_true(r.inject_gp);
	cr4_write(&c, 0x80, 0, &r);
	assert_false(r.inject_gp);
}

static void test_xsetbv(void **state)
{
	const uint64_t sup = 0x602e7; /* x87 SSE AVX, AVX-512 trio, PKRU, tiles */

	(void)state;
	assert_true(xsetbv_valid(0, 0x7, sup));
	assert_true(xsetbv_valid(0, 0xe7, sup));
	assert_true(xsetbv_valid(0, 0x1, sup));
	assert_false(xsetbv_valid(1, 0x7, sup));           /* only XCR0 */
	assert_false(xsetbv_valid(0, 0x6, sup));           /* x87 must stay */
	assert_false(xsetbv_valid(0, 0x5, sup));           /* AVX without SSE */
	assert_false(xsetbv_valid(0, 0x27, sup));          /* part of AVX-512 */
	assert_false(xsetbv_valid(0, 0xe3, sup));          /* AVX-512 without AVX */
	assert_false(xsetbv_valid(0, 0x7 | (1ull << 3), sup)); /* unsupported bit */
	assert_true(xsetbv_valid(0, 0x7 | (1ull << 9), sup));  /* PKRU is supported */
	assert_false(xsetbv_valid(0, 0x7 | (1ull << 17), sup)); /* half of AMX */
	assert_true(xsetbv_valid(0, 0x60007, sup));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr0_keeps_ne_hides_it),
		cmocka_unit_test(test_cr0_paging_switches_long_mode),
		cmocka_unit_test(test_cr0_faults),
		cmocka_unit_test(test_cr4),
		cmocka_unit_test(test_xsetbv),
	};

	return cmocka_run_group_tests_name("guest policy", tests, NULL, NULL);
}
