// SPDX-License-Identifier: GPL-2.0-only
/* Guest-state operations shared by the exit tables (see guest_state.h). */
#include "vmx/guest_state.h"

#include "vmx/cpu_hw.h"
#include "vmx/cpuid_policy.h"
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx_hw.h"

void guest_skip_instruction(void)
{
	uint64_t intr = hw_vmread(GUEST_INTERRUPTIBILITY_INFO);

	hw_vmwrite(GUEST_RIP, hw_vmread(GUEST_RIP) + hw_vmread(VM_EXIT_INSTRUCTION_LEN));
	/* The skipped instruction ends any STI / MOV SS shadow. */
	if (intr & BLOCKING_BY_STI_MOVSS)
		hw_vmwrite(GUEST_INTERRUPTIBILITY_INFO, intr & ~BLOCKING_BY_STI_MOVSS);
}

unsigned guest_cpl(void)
{
	return (unsigned)(hw_vmread(GUEST_SS_AR_BYTES) >> 5) & 3;
}

void guest_cpuid(struct guest_regs *regs)
{
	uint32_t leaf = (uint32_t)regs->gpr[GPR_RAX];
	uint32_t sub = (uint32_t)regs->gpr[GPR_RCX];
	struct cpuid_regs r = hw_cpuid(leaf, sub);
	/* CPUID is nearly every exit: read the guest's CR4 only for the two
	 * leaves whose OS-state bits depend on it. */
	uint64_t cr4 = (leaf == 1 || leaf == 7) ? hw_vmread(GUEST_CR4) : 0;

	cpuid_policy_host(leaf, sub, cr4, &r);
	regs->gpr[GPR_RAX] = r.eax;
	regs->gpr[GPR_RBX] = r.ebx;
	regs->gpr[GPR_RCX] = r.ecx;
	regs->gpr[GPR_RDX] = r.edx;
	guest_skip_instruction();
}
