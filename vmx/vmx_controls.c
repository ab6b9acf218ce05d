// SPDX-License-Identifier: GPL-2.0-only
/* VMCS control computation (see vmx_controls.h). */
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmx_controls.h"

static void fail(struct control_error *err, enum control_set set,
		 uint32_t bits, const char *reason)
{
	err->set = set;
	err->bits = bits;
	err->reason = reason;
}

bool control_adjust(uint64_t cap_msr, const struct control_request *req,
		    enum control_set set, uint32_t *value, struct control_error *err)
{
	uint32_t must_be_1 = vmx_allowed0(cap_msr);
	uint32_t may_be_1 = vmx_allowed1(cap_msr);

	if (must_be_1 & ~may_be_1) {
		fail(err, set, must_be_1 & ~may_be_1,
		     "capability MSR forces bits to 1 that it does not allow");
		return false;
	}
	if (req->required & req->forbidden) {
		fail(err, set, req->required & req->forbidden,
		     "request both requires and forbids bits");
		return false;
	}
	if (req->required & ~may_be_1) {
		fail(err, set, req->required & ~may_be_1,
		     "required controls not supported by this CPU");
		return false;
	}
	if (must_be_1 & req->forbidden) {
		fail(err, set, must_be_1 & req->forbidden,
		     "CPU forces controls the monitor cannot allow");
		return false;
	}
	*value = must_be_1 | req->required |
		 (req->optional & may_be_1 & ~req->forbidden);
	return true;
}

/* Never wanted, for the host or a cappsule: the monitor uses no I/O bitmap
 * and does not single-step or open interrupt windows. */
#define PROC_NEVER (PROC_USE_IO_BITMAPS | PROC_INTERRUPT_WINDOW_EXITING | \
		    PROC_NMI_WINDOW_EXITING | PROC_MONITOR_TRAP_FLAG)
/* What a guest keeps when the CPU has it: its own VPID, and the
 * instructions CPUID advertises. */
#define PROC2_WANTED (PROC2_ENABLE_VPID | PROC2_ENABLE_RDTSCP | \
		      PROC2_ENABLE_INVPCID | PROC2_ENABLE_XSAVES_XRSTORS)

static const struct control_request host_requests[CONTROL_SET_COUNT] = {
	[CONTROLS_PIN] = {
		.forbidden = PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING |
			     PIN_PROCESS_POSTED_INTERRUPTS,
	},
	[CONTROLS_PROC] = {
		.required = PROC_USE_MSR_BITMAPS | PROC_ACTIVATE_SECONDARY_CONTROLS,
		.forbidden = PROC_UNCONDITIONAL_IO_EXITING | PROC_NEVER,
	},
	[CONTROLS_PROC2] = {
		.required = PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST,
		.optional = PROC2_WANTED | PROC2_ENABLE_USER_WAIT_PAUSE,
		.forbidden = PROC2_VIRTUALIZE_APIC_ACCESSES |
			     PROC2_DESCRIPTOR_TABLE_EXITING | PROC2_WBINVD_EXITING |
			     PROC2_RDRAND_EXITING | PROC2_RDSEED_EXITING |
			     PROC2_VMCS_SHADOWING | PROC2_EPT_VIOLATION_VE,
	},
	[CONTROLS_EXIT] = {
		.required = EXIT_HOST_ADDRESS_SPACE_SIZE | EXIT_SAVE_IA32_EFER |
			    EXIT_LOAD_IA32_EFER,
		.optional = EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT,
		.forbidden = EXIT_ACK_INTERRUPT_ON_EXIT,
	},
	[CONTROLS_ENTRY] = {
		.required = ENTRY_LOAD_IA32_EFER,
		.optional = ENTRY_LOAD_IA32_PAT,
		.forbidden = ENTRY_TO_SMM | ENTRY_DEACTIVATE_DUAL_MONITOR |
			     ENTRY_IA32E_MODE_GUEST,
	},
};

bool vmx_controls_for_host(const struct vmx_caps *caps, struct vmcs_controls *out,
			   struct control_error *err)
{
	const uint64_t msrs[CONTROL_SET_COUNT] = {
		caps->pinbased, caps->procbased, caps->procbased2,
		caps->exit, caps->entry,
	};
	uint32_t v[CONTROL_SET_COUNT];
	unsigned i;

	for (i = 0; i < CONTROL_SET_COUNT; i++)
		if (!control_adjust(msrs[i], &host_requests[i], (enum control_set)i,
				    &v[i], err))
			return false;
	/* PAT is saved and loaded together or not at all. */
	if (!(v[CONTROLS_EXIT] & EXIT_LOAD_IA32_PAT) ||
	    !(v[CONTROLS_ENTRY] & ENTRY_LOAD_IA32_PAT)) {
		v[CONTROLS_EXIT] &= ~((EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT) &
				      ~vmx_allowed0(caps->exit));
		v[CONTROLS_ENTRY] &= ~(ENTRY_LOAD_IA32_PAT & ~vmx_allowed0(caps->entry));
	}
	*out = (struct vmcs_controls){ v[0], v[1], v[2], v[3], v[4] };
	return true;
}

/*
 * A cappsule is the attacker: host interrupts and NMIs take the CPU back
 * (they are the host's), the VMX-preemption timer ends every time slice
 * even if no interrupt comes, and every instruction that reaches hardware or
 * the monitor's business exits: HLT and MWAIT (the cappsule waits for its
 * timer), I/O (unconditionally), every MSR access (no bitmap), MONITOR,
 * RDPMC, WBINVD, CR8 (the real APIC's task priority: a cappsule raising it
 * would mask the host's interrupts). The rest is as for the host.
 */
static const struct control_request cappsule_requests[CONTROL_SET_COUNT] = {
	[CONTROLS_PIN] = {
		.required = PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING,
		.optional = PIN_ACTIVATE_PREEMPTION_TIMER,
		.forbidden = PIN_PROCESS_POSTED_INTERRUPTS,
	},
	[CONTROLS_PROC] = {
		.required = PROC_ACTIVATE_SECONDARY_CONTROLS | PROC_HLT_EXITING |
			    PROC_UNCONDITIONAL_IO_EXITING | PROC_MWAIT_EXITING |
			    PROC_MONITOR_EXITING | PROC_RDPMC_EXITING |
			    PROC_CR8_LOAD_EXITING | PROC_CR8_STORE_EXITING,
		.forbidden = PROC_USE_MSR_BITMAPS | PROC_NEVER,
	},
	[CONTROLS_PROC2] = {
		.required = PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST,
		.optional = PROC2_WANTED | PROC2_WBINVD_EXITING,
		.forbidden = PROC2_VIRTUALIZE_APIC_ACCESSES | PROC2_VMCS_SHADOWING |
			     PROC2_EPT_VIOLATION_VE | PROC2_ENABLE_USER_WAIT_PAUSE,
	},
};

bool vmx_controls_for_cappsule(const struct vmx_caps *caps, const struct vmcs_controls *host,
			       struct vmcs_controls *out, struct control_error *err)
{
	const uint64_t msrs[3] = { caps->pinbased, caps->procbased, caps->procbased2 };
	uint32_t v[3];
	unsigned i;

	for (i = 0; i < 3; i++)
		if (!control_adjust(msrs[i], &cappsule_requests[i], (enum control_set)i,
				    &v[i], err))
			return false;
	/* Interrupt-window exiting is switched on and off at run time (its
	 * interrupts wait for IF=1), so the CPU must allow it. */
	if (!(caps->procbased >> 32 & PROC_INTERRUPT_WINDOW_EXITING)) {
		*err = (struct control_error){ CONTROLS_PROC, PROC_INTERRUPT_WINDOW_EXITING,
					       "interrupt-window exiting not offered" };
		return false;
	}
	/* Exit and entry controls: the host's (EFER, PAT, 64-bit host). */
	*out = (struct vmcs_controls){ v[0], v[1], v[2], host->exit, host->entry };
	return true;
}

static const char *const set_names[CONTROL_SET_COUNT] = {
	[CONTROLS_PIN] = "pin-based VM-execution",
	[CONTROLS_PROC] = "primary processor-based VM-execution",
	[CONTROLS_PROC2] = "secondary processor-based VM-execution",
	[CONTROLS_EXIT] = "VM-exit",
	[CONTROLS_ENTRY] = "VM-entry",
};

const char *control_set_name(enum control_set set)
{
	if ((unsigned)set >= CONTROL_SET_COUNT)
		return "unknown control set";
	return set_names[set];
}
