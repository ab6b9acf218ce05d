/* SPDX-License-Identifier: GPL-2.0-only */
/* Model-specific registers the monitor and loader use, named as in the SDM. */
#ifndef CAPPSULE_VMX_MSR_H
#define CAPPSULE_VMX_MSR_H

enum msr_index {
	IA32_FEATURE_CONTROL        = 0x0000003a,
	IA32_TSC_ADJUST             = 0x0000003b,
	IA32_MPERF                  = 0x000000e7,
	IA32_APERF                  = 0x000000e8,
	IA32_SYSENTER_CS            = 0x00000174,
	IA32_SYSENTER_ESP           = 0x00000175,
	IA32_SYSENTER_EIP           = 0x00000176,
	IA32_DEBUGCTL               = 0x000001d9,
	IA32_PAT                    = 0x00000277,
	IA32_VMX_BASIC              = 0x00000480,
	IA32_VMX_PINBASED_CTLS      = 0x00000481,
	IA32_VMX_PROCBASED_CTLS     = 0x00000482,
	IA32_VMX_EXIT_CTLS          = 0x00000483,
	IA32_VMX_ENTRY_CTLS         = 0x00000484,
	IA32_VMX_MISC               = 0x00000485,
	IA32_VMX_CR0_FIXED0         = 0x00000486,
	IA32_VMX_CR0_FIXED1         = 0x00000487,
	IA32_VMX_CR4_FIXED0         = 0x00000488,
	IA32_VMX_CR4_FIXED1         = 0x00000489,
	IA32_VMX_VMCS_ENUM          = 0x0000048a,
	IA32_VMX_PROCBASED_CTLS2    = 0x0000048b,
	IA32_VMX_EPT_VPID_CAP       = 0x0000048c,
	IA32_VMX_TRUE_PINBASED_CTLS = 0x0000048d,
	IA32_VMX_TRUE_PROCBASED_CTLS = 0x0000048e,
	IA32_VMX_TRUE_EXIT_CTLS     = 0x0000048f,
	IA32_VMX_TRUE_ENTRY_CTLS    = 0x00000490,
	IA32_VMX_VMFUNC             = 0x00000491,
	IA32_EFER                   = 0xc0000080,
	IA32_FS_BASE                = 0xc0000100,
	IA32_GS_BASE                = 0xc0000101,
	IA32_KERNEL_GS_BASE         = 0xc0000102, /* SWAPGS' other half: not in the VMCS */
};

/* IA32_FEATURE_CONTROL bits. */
#define FEATURE_CONTROL_LOCK              (1ull << 0)
#define FEATURE_CONTROL_VMXON_IN_SMX      (1ull << 1)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1ull << 2)

/* CPUID.1:ECX bits. */
#define CPUID_1_ECX_VMX        (1u << 5)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

#endif /* CAPPSULE_VMX_MSR_H */
