// SPDX-License-Identifier: GPL-2.0-only
/* CPUID as the host sees it under the monitor (see cpuid_policy.h). */
#include "vmx/cpuid_policy.h"
#include "vmx/hypercall_abi.h"
#include "vmx/msr.h"

#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CPUID_7_ECX_OSPKE   (1u << 4)
#define CR4_OSXSAVE         (1ull << 18)
#define CR4_PKE             (1ull << 22)
#define HV_LEAF_FIRST 0x40000000u
#define HV_LEAF_LAST  0x400000ffu

void cpuid_policy_host(uint32_t leaf, uint32_t subleaf, uint64_t guest_cr4,
		       struct cpuid_regs *r)
{
	if (leaf == 1) {
		r->ecx &= ~(CPUID_1_ECX_VMX | CPUID_1_ECX_OSXSAVE);
		r->ecx |= CPUID_1_ECX_HYPERVISOR;
		if (guest_cr4 & CR4_OSXSAVE)
			r->ecx |= CPUID_1_ECX_OSXSAVE;
		return;
	}
	if (leaf == 7 && subleaf == 0) {
		r->ecx &= ~CPUID_7_ECX_OSPKE;
		if (guest_cr4 & CR4_PKE)
			r->ecx |= CPUID_7_ECX_OSPKE;
		return;
	}
	if (leaf < HV_LEAF_FIRST || leaf > HV_LEAF_LAST)
		return;
	/* Ours alone: whatever the CPU returns here (Intel repeats its
	 * highest basic leaf) must not leak through as a signature. */
	*r = (struct cpuid_regs){ 0 };
	if (leaf == CAPPSULE_CPUID_LEAF_SIGNATURE) {
		r->eax = CAPPSULE_CPUID_LEAF_MAX;
		r->ebx = CAPPSULE_CPUID_SIGNATURE_EBX;
		r->ecx = CAPPSULE_CPUID_SIGNATURE_ECX;
		r->edx = CAPPSULE_CPUID_SIGNATURE_EDX;
	} else if (leaf == CAPPSULE_CPUID_LEAF_INFO) {
		r->eax = (uint32_t)CAPPSULE_ABI_VERSION_MAJOR << 16 |
			 CAPPSULE_ABI_VERSION_MINOR;
	}
}
