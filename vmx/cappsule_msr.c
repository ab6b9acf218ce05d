// SPDX-License-Identifier: GPL-2.0-only
/* The MSRs a cappsule may read (see cappsule_msr.h). */
#include "vmx/cappsule_msr.h"

#include "vmx/msr.h"

enum cappsule_msr_answer cappsule_msr_read(uint32_t msr, bool has_tsc_adjust)
{
	switch (msr) {
	case IA32_APERF:
	case IA32_MPERF:
		return CAPPSULE_MSR_TSC;
	case IA32_TSC_ADJUST:
		return has_tsc_adjust ? CAPPSULE_MSR_HARDWARE : CAPPSULE_MSR_DENY;
	case IA32_FS_BASE:
		return CAPPSULE_MSR_GUEST_FS;
	case IA32_GS_BASE:
		return CAPPSULE_MSR_GUEST_GS;
	case IA32_KERNEL_GS_BASE:
		return CAPPSULE_MSR_HARDWARE;
	default:
		return CAPPSULE_MSR_DENY;
	}
}
