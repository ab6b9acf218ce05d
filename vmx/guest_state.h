/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small operations on the current VMCS's guest that both exit tables (the
 * host's, vmx/host_exits.c, and a cappsule's, vmx/cappsule.c) use. None
 * decodes an instruction: they use only what the exit information gives.
 */
#ifndef CAPPSULE_VMX_GUEST_STATE_H
#define CAPPSULE_VMX_GUEST_STATE_H

#include "vmx/vcpu.h"

/* Past the exiting instruction, by its exit-reported length; this also ends
 * an STI / MOV SS shadow. */
void guest_skip_instruction(void);

/* The guest's privilege level (SS.DPL). */
unsigned guest_cpl(void);

/* Answers the guest's CPUID (vmx/cpuid_policy.c) and skips it. */
void guest_cpuid(struct guest_regs *regs);

#endif /* CAPPSULE_VMX_GUEST_STATE_H */
