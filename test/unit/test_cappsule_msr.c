// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the MSRs a cappsule may read (vmx/cappsule_msr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vmx/cappsule_msr.h"
#include "vmx/msr.h"

static void test_allowed(void **state)
{
	(void)state;
	assert_int_equal(cappsule_msr_read(IA32_APERF, false), CAPPSULE_MSR_TSC);
	assert_int_equal(cappsule_msr_read(IA32_MPERF, true), CAPPSULE_MSR_TSC);
	assert_int_equal(cappsule_msr_read(IA32_TSC_ADJUST, true), CAPPSULE_MSR_HARDWARE);
	/* A CPU without it would fault in the monitor: the read ends it. */
	assert_int_equal(cappsule_msr_read(IA32_TSC_ADJUST, false), CAPPSULE_MSR_DENY);
	/* Its own segment bases, for the kernel's register dumps. */
	assert_int_equal(cappsule_msr_read(IA32_FS_BASE, false), CAPPSULE_MSR_GUEST_FS);
	assert_int_equal(cappsule_msr_read(IA32_GS_BASE, true), CAPPSULE_MSR_GUEST_GS);
	assert_int_equal(cappsule_msr_read(IA32_KERNEL_GS_BASE, true), CAPPSULE_MSR_HARDWARE);
}

static void test_everything_else_ends(void **state)
{
	/* The host's secrets and the hardware's controls: none readable. */
	static const uint32_t denied[] = {
		IA32_EFER, IA32_FEATURE_CONTROL, IA32_VMX_BASIC,
		0x10 /* TSC */, 0x1b /* APIC base */, 0x6e0 /* TSC deadline */,
		0x174 /* SYSENTER_CS */, 0xc0000082 /* LSTAR */, 0x802 /* x2APIC ID */,
		0xe6, 0xe9, 0x3a, 0x3c, 0xc00000ff, 0xc0000103 /* TSC_AUX */, 0, 0xffffffffu,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		assert_int_equal(cappsule_msr_read(denied[i], true), CAPPSULE_MSR_DENY);
		assert_int_equal(cappsule_msr_read(denied[i], false), CAPPSULE_MSR_DENY);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_everything_else_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
