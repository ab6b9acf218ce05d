/* SPDX-License-Identifier: GPL-2.0-only */
/* One virtual CPU of the trusted host: what the exit path needs at hand. */
#ifndef CAPPSULE_VMX_VCPU_H
#define CAPPSULE_VMX_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "vmx/exit_dispatch.h"

/*
 * Guest general-purpose registers, saved by vmx/vmexit.asm. The order is the
 * SDM's register numbering (RAX=0 ... R15=15), which exit qualifications use;
 * the RSP slot is unused (the guest's RSP lives in the VMCS).
 */
struct guest_regs {
	uint64_t gpr[16];
};
enum gpr_index { GPR_RAX, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP,
		 GPR_RSI, GPR_RDI };

struct monitor;
struct cappsule;

struct vcpu {
	struct guest_regs *regs;  /* valid during one exit */
	struct monitor *mon;
	unsigned cpu;
	uint64_t vmxon_phys;
	uint64_t vmcs_phys;
	uint64_t host_ept_gen;    /* the host-EPT generation this CPU flushed */
	struct exit_stats stats;
	struct cappsule *running; /* the cappsule on this CPU, or NULL: the host */
	struct guest_regs host_regs; /* the host's registers while it runs */
	int enter_launch;         /* 1: the exit stub VMLAUNCHes (a new cappsule) */
	bool took_sipi;           /* Bochs 2.7 then saves "blocking by SMI" (host_exits.c) */
};

#endif /* CAPPSULE_VMX_VCPU_H */
