/* SPDX-License-Identifier: GPL-2.0-only */
/* Register bundles shared by the hardware layer and the pure logic. */
#ifndef CAPPSULE_VMX_CPU_REGS_H
#define CAPPSULE_VMX_CPU_REGS_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

#endif /* CAPPSULE_VMX_CPU_REGS_H */
