// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading and judging the VMX capability MSRs (SDM Vol. 3D, appendix A).
 * The loader uses this to report and decide; the monitor uses the same
 * decoded values to build its VMCS controls.
 */
#include "vmx/msr.h"
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmx_caps.h"

struct msr_slot {
	uint32_t index;
	uint32_t true_index; /* 0: no TRUE_ variant */
	uint64_t *dst;
};

bool vmx_caps_read(struct vmx_caps *caps, uint32_t cpuid1_ecx,
		   msr_reader read, void *ctx)
{
	const struct msr_slot slots[] = {
		{ IA32_VMX_PINBASED_CTLS, IA32_VMX_TRUE_PINBASED_CTLS, &caps->pinbased },
		{ IA32_VMX_PROCBASED_CTLS, IA32_VMX_TRUE_PROCBASED_CTLS, &caps->procbased },
		{ IA32_VMX_EXIT_CTLS, IA32_VMX_TRUE_EXIT_CTLS, &caps->exit },
		{ IA32_VMX_ENTRY_CTLS, IA32_VMX_TRUE_ENTRY_CTLS, &caps->entry },
		{ IA32_VMX_MISC, 0, &caps->misc },
		{ IA32_VMX_CR0_FIXED0, 0, &caps->cr0_fixed0 },
		{ IA32_VMX_CR0_FIXED1, 0, &caps->cr0_fixed1 },
		{ IA32_VMX_CR4_FIXED0, 0, &caps->cr4_fixed0 },
		{ IA32_VMX_CR4_FIXED1, 0, &caps->cr4_fixed1 },
	};
	bool use_true;
	unsigned i;

	*caps = (struct vmx_caps){ 0 };
	caps->cpuid_vmx = (cpuid1_ecx & CPUID_1_ECX_VMX) != 0;
	if (!caps->cpuid_vmx)
		return true; /* no VMX MSR exists: read none */
	if (!read(ctx, IA32_FEATURE_CONTROL, &caps->feature_control) ||
	    !read(ctx, IA32_VMX_BASIC, &caps->basic))
		return false;
	use_true = (caps->basic & VMX_BASIC_TRUE_CTLS) != 0;
	for (i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
		uint32_t idx = use_true && slots[i].true_index ?
			slots[i].true_index : slots[i].index;

		if (!read(ctx, idx, slots[i].dst))
			return false;
	}
	/* The secondary controls MSR exists only if they can be activated. */
	if (vmx_allowed1(caps->procbased) & PROC_ACTIVATE_SECONDARY_CONTROLS) {
		if (!read(ctx, IA32_VMX_PROCBASED_CTLS2, &caps->procbased2))
			return false;
	}
	/* ... and EPT_VPID_CAP only if EPT or VPID can be enabled. */
	if (vmx_allowed1(caps->procbased2) & (PROC2_ENABLE_EPT | PROC2_ENABLE_VPID)) {
		if (!read(ctx, IA32_VMX_EPT_VPID_CAP, &caps->ept_vpid_cap))
			return false;
	}
	return true;
}

void vmx_features_decode(const struct vmx_caps *c, struct vmx_features *f)
{
	uint32_t proc1 = vmx_allowed1(c->procbased);
	uint32_t proc2 = vmx_allowed1(c->procbased2);
	uint64_t ev = c->ept_vpid_cap;

	*f = (struct vmx_features){ 0 };
	f->vmcs_revision = (uint32_t)(c->basic & VMX_BASIC_REVISION_MASK);
	f->vmcs_size = (uint32_t)((c->basic >> VMX_BASIC_SIZE_SHIFT) & VMX_BASIC_SIZE_MASK);
	f->vmcs_memtype = (unsigned)((c->basic >> VMX_BASIC_MEMTYPE_SHIFT) & VMX_BASIC_MEMTYPE_MASK);
	f->true_controls = (c->basic & VMX_BASIC_TRUE_CTLS) != 0;
	f->msr_bitmaps = (proc1 & PROC_USE_MSR_BITMAPS) != 0;
	f->secondary_controls = (proc1 & PROC_ACTIVATE_SECONDARY_CONTROLS) != 0;
	if (f->secondary_controls) {
		f->ept = (proc2 & PROC2_ENABLE_EPT) != 0;
		f->vpid = (proc2 & PROC2_ENABLE_VPID) != 0;
		f->unrestricted_guest = (proc2 & PROC2_UNRESTRICTED_GUEST) != 0;
	}
	if (f->ept) {
		f->ept_walk4 = (ev & EPT_CAP_WALK_LENGTH_4) != 0;
		f->ept_wb = (ev & EPT_CAP_MEMTYPE_WB) != 0;
		f->ept_2m = (ev & EPT_CAP_PDE_2MB) != 0;
		f->ept_1g = (ev & EPT_CAP_PDPTE_1GB) != 0;
		f->ept_ad = (ev & EPT_CAP_ACCESSED_DIRTY) != 0;
		f->ept_execute_only = (ev & EPT_CAP_EXECUTE_ONLY) != 0;
		f->invept = (ev & EPT_CAP_INVEPT) != 0;
		f->invept_single = f->invept && (ev & EPT_CAP_INVEPT_SINGLE);
		f->invept_all = f->invept && (ev & EPT_CAP_INVEPT_ALL);
	}
	if (f->vpid) {
		f->invvpid = (ev & VPID_CAP_INVVPID) != 0;
		f->invvpid_single = f->invvpid && (ev & VPID_CAP_INVVPID_SINGLE);
		f->invvpid_all = f->invvpid && (ev & VPID_CAP_INVVPID_ALL);
	}
	f->preemption_timer =
		(vmx_allowed1(c->pinbased) & PIN_ACTIVATE_PREEMPTION_TIMER) != 0;
	f->preemption_timer_rate = (unsigned)(c->misc & VMX_MISC_PREEMPT_RATE_MASK);
	f->activity_hlt = (c->misc & VMX_MISC_ACTIVITY_HLT) != 0;
	f->activity_shutdown = (c->misc & VMX_MISC_ACTIVITY_SHUTDOWN) != 0;
	f->activity_wait_for_sipi = (c->misc & VMX_MISC_ACTIVITY_WAIT_SIPI) != 0;
}

bool vmx_feature_control_needs_lock(const struct vmx_caps *caps)
{
	return caps->cpuid_vmx && !(caps->feature_control & FEATURE_CONTROL_LOCK);
}

enum vmx_verdict vmx_verdict(const struct vmx_caps *c, const struct vmx_features *f)
{
	if (!c->cpuid_vmx)
		return VMX_NO_CPUID_VMX;
	if ((c->feature_control & FEATURE_CONTROL_LOCK) &&
	    !(c->feature_control & FEATURE_CONTROL_VMXON_OUTSIDE_SMX))
		return VMX_LOCKED_OFF;
	if (f->vmcs_memtype != VMX_MEMTYPE_WB)
		return VMX_VMCS_NOT_WB;
	if (!f->msr_bitmaps)
		return VMX_NO_MSR_BITMAPS;
	if (!f->secondary_controls)
		return VMX_NO_SECONDARY_CONTROLS;
	if (!f->ept)
		return VMX_NO_EPT;
	if (!f->ept_walk4)
		return VMX_NO_EPT_WALK4;
	if (!f->ept_wb)
		return VMX_NO_EPT_WB;
	if (!f->invept_single && !f->invept_all)
		return VMX_NO_INVEPT;
	if (!f->unrestricted_guest)
		return VMX_NO_UNRESTRICTED_GUEST;
	if (!f->activity_wait_for_sipi)
		return VMX_NO_WAIT_FOR_SIPI;
	return VMX_USABLE;
}

static const char *const verdict_text[VMX_VERDICT_COUNT] = {
	[VMX_USABLE] = "usable",
	[VMX_NO_CPUID_VMX] = "no VMX (CPUID.1:ECX.VMX is 0)",
	[VMX_LOCKED_OFF] = "VMX locked off by IA32_FEATURE_CONTROL (enable VT-x in firmware setup)",
	[VMX_VMCS_NOT_WB] = "VMCS memory type is not write-back",
	[VMX_NO_MSR_BITMAPS] = "no MSR bitmaps",
	[VMX_NO_SECONDARY_CONTROLS] = "no secondary processor-based controls",
	[VMX_NO_EPT] = "no EPT",
	[VMX_NO_EPT_WALK4] = "EPT has no 4-level page walk",
	[VMX_NO_EPT_WB] = "EPT has no write-back memory type",
	[VMX_NO_INVEPT] = "no INVEPT single-context or all-context",
	[VMX_NO_UNRESTRICTED_GUEST] = "no unrestricted guest",
	[VMX_NO_WAIT_FOR_SIPI] = "no wait-for-SIPI activity state",
};

const char *vmx_verdict_text(enum vmx_verdict v)
{
	if ((unsigned)v >= VMX_VERDICT_COUNT)
		return "unknown verdict";
	return verdict_text[v];
}
