/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host sees through CPUID under the monitor: the real CPU, except
 * that VMX is hidden (the host cannot nest), the hypervisor-present bit is
 * set, and the hypervisor range 0x40000000-0x400000ff answers with the
 * Cappsule signature and ABI version. Pure code: the caller executes the
 * real CPUID and passes its result in.
 */
#ifndef CAPPSULE_VMX_CPUID_POLICY_H
#define CAPPSULE_VMX_CPUID_POLICY_H

#include <stdint.h>

#include "vmx/cpu_regs.h"

/*
 * Rewrites *r, the real CPU's answer to (leaf, subleaf), into the guest's.
 * The monitor runs CPUID in root mode, where the OS-state bits (OSXSAVE,
 * OSPKE) describe the monitor's CR4; they are replaced by the guest's.
 */
void cpuid_policy_host(uint32_t leaf, uint32_t subleaf, uint64_t guest_cr4,
		       struct cpuid_regs *r);

#endif /* CAPPSULE_VMX_CPUID_POLICY_H */
