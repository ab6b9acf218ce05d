// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for virt's monitor detection (tools/cpuid_probe.c), fed by the
 * monitor's own CPUID policy (vmx/cpuid_policy.c): the two sides of the
 * CPUID contract are checked against each other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tools/cpuid_probe.h"
#include "vmx/cpuid_policy.h"
#include "vmx/hypercall_abi.h"

/* A CPU with VMX, as the monitor's root mode sees it. */
static void bare_cpu(uint32_t leaf, struct cpuid_regs *r)
{
	*r = (struct cpuid_regs){ 0 };
	if (leaf == 1)
		r->ecx = (1u << 5) | (1u << 26);         /* VMX, XSAVE */
	else if (leaf == 0x40000000)
		r->eax = 0x16;                           /* Intel: highest basic leaf */
}

static void under_monitor(uint32_t leaf, struct cpuid_regs_out *out)
{
	struct cpuid_regs r;

	bare_cpu(leaf, &r);
	cpuid_policy_host(leaf, 0, 0, &r);
	*out = (struct cpuid_regs_out){ r.eax, r.ebx, r.ecx, r.edx };
}

static void no_monitor(uint32_t leaf, struct cpuid_regs_out *out)
{
	struct cpuid_regs r;

	bare_cpu(leaf, &r);
	*out = (struct cpuid_regs_out){ r.eax, r.ebx, r.ecx, r.edx };
}

static void under_kvm(uint32_t leaf, struct cpuid_regs_out *out)
{
	*out = (struct cpuid_regs_out){ 0 };
	if (leaf == 1)
		out->ecx = 1u << 31;
	else if (leaf == 0x40000000) {
		out->eax = 0x40000001;
		memcpy(&out->ebx, "KVMK", 4);
		memcpy(&out->ecx, "VMKV", 4);
		memcpy(&out->edx, "M\0\0\0", 4);
	}
}

static void test_detects_our_monitor(void **state)
{
	struct cpuid_probe p;

	(void)state;
	cpuid_probe_with(under_monitor, &p);
	assert_int_equal(p.state, CPUID_CAPPSULE_MONITOR);
	assert_false(p.cpu_vmx);                         /* hidden by the monitor */
	assert_memory_equal(p.signature, CAPPSULE_CPUID_SIGNATURE, 12);
	assert_true(p.has_abi_version);
	assert_int_equal(p.abi_version, CAPPSULE_ABI_VERSION_MAJOR << 16 |
			 CAPPSULE_ABI_VERSION_MINOR);
}

static void test_bare_metal(void **state)
{
	struct cpuid_probe p;

	(void)state;
	cpuid_probe_with(no_monitor, &p);
	assert_int_equal(p.state, CPUID_NO_HYPERVISOR);
	assert_true(p.cpu_vmx);
}

static void test_other_hypervisor(void **state)
{
	char text[CPUID_SIGNATURE_TEXT_LEN];
	struct cpuid_probe p;

	(void)state;
	cpuid_probe_with(under_kvm, &p);
	assert_int_equal(p.state, CPUID_OTHER_HYPERVISOR);
	cpuid_signature_text(p.signature, text);
	assert_string_equal(text, "KVMKVMKVM\\x00\\x00\\x00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detects_our_monitor),
		cmocka_unit_test(test_bare_metal),
		cmocka_unit_test(test_other_hypervisor),
	};

	return cmocka_run_group_tests_name("cpuid probe", tests, NULL, NULL);
}
