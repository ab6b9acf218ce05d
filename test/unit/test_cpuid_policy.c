// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the host's CPUID view (vmx/cpuid_policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/cpuid_policy.h"
#include "vmx/hypercall_abi.h"

static void test_leaf1_hides_vmx_sets_hypervisor(void **state)
{
	struct cpuid_regs r = { 0x906ea, 0x01100800, 0x7ffafbbf, 0xbfebfbff };

	(void)state;
	cpuid_policy_host(1, 0, 0, &r);
	/* OSXSAVE (bit 27) follows the guest's CR4, here clear. */
	assert_int_equal(r.ecx, (0x7ffafbbfu & ~(1u << 5) & ~(1u << 27)) | (1u << 31));
	assert_int_equal(r.eax, 0x906ea);
	assert_int_equal(r.edx, 0xbfebfbff);
}

/* The OS-state bits describe the guest's CR4, not the monitor's. */
static void test_os_state_bits_follow_guest_cr4(void **state)
{
	struct cpuid_regs r = { 0, 0, 1u << 27, 0 };

	(void)state;
	cpuid_policy_host(1, 0, 0, &r);
	assert_int_equal(r.ecx & (1u << 27), 0);
	r = (struct cpuid_regs){ 0, 0, 0, 0 };
	cpuid_policy_host(1, 0, 1ull << 18, &r);
	assert_int_equal(r.ecx & (1u << 27), 1u << 27);
	r = (struct cpuid_regs){ 0, 0, 1u << 4, 0 };
	cpuid_policy_host(7, 0, 0, &r);
	assert_int_equal(r.ecx, 0);
	r = (struct cpuid_regs){ 0, 0, 0, 0 };
	cpuid_policy_host(7, 0, 1ull << 22, &r);
	assert_int_equal(r.ecx, 1u << 4);
	r = (struct cpuid_regs){ 0, 0, 1u << 4, 0 };
	cpuid_policy_host(7, 1, 0, &r);          /* other subleaves untouched */
	assert_int_equal(r.ecx, 1u << 4);
}

static void test_signature_leaf(void **state)
{
	struct cpuid_regs r = { 0x16, 0x100, 0x200, 0x300 }; /* CPU's own answer */
	char sig[13];

	(void)state;
	cpuid_policy_host(0x40000000, 0, 0, &r);
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	assert_string_equal(sig, CAPPSULE_CPUID_SIGNATURE);
	assert_int_equal(r.eax, 0x40000001);
}

static void test_info_and_rest_of_range(void **state)
{
	struct cpuid_regs r = { 1, 2, 3, 4 };

	(void)state;
	cpuid_policy_host(0x40000001, 0, 0, &r);
	assert_int_equal(r.eax, CAPPSULE_ABI_VERSION_MAJOR << 16 | CAPPSULE_ABI_VERSION_MINOR);
	assert_int_equal(r.ebx | r.ecx | r.edx, 0);
	r = (struct cpuid_regs){ 1, 2, 3, 4 };
	cpuid_policy_host(0x40000010, 0, 0, &r);   /* e.g. a KVM or Hyper-V leaf */
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = (struct cpuid_regs){ 1, 2, 3, 4 };
	cpuid_policy_host(0x400000ff, 7, 0, &r);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void test_other_leaves_untouched(void **state)
{
	static const uint32_t leaves[] = { 0, 0xd, 0x3fffffff, 0x40000100, 0x80000001 };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		struct cpuid_regs r = { 0x11, 0x22, 0xffffffff, 0x44 };

		cpuid_policy_host(leaves[i], 0, 0, &r);
		assert_int_equal(r.eax, 0x11);
		assert_int_equal(r.ebx, 0x22);
		assert_int_equal(r.ecx, 0xffffffff);
		assert_int_equal(r.edx, 0x44);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_hides_vmx_sets_hypervisor),
		cmocka_unit_test(test_os_state_bits_follow_guest_cr4),
		cmocka_unit_test(test_signature_leaf),
		cmocka_unit_test(test_info_and_rest_of_range),
		cmocka_unit_test(test_other_leaves_untouched),
	};

	return cmocka_run_group_tests_name("cpuid policy", tests, NULL, NULL);
}
