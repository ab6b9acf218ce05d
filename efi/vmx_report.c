// SPDX-License-Identifier: GPL-2.0-only
/*
 * Prints what the CPU offers for VMX. The lines are stable: the emulator
 * tests and users' bug reports read them.
 */
#include <efi.h>
#include <efilib.h>

#include "efi/efi_text.h"
#include "efi/vmx_report.h"
#include "vmx/cpu_hw.h"
#include "vmx/msr.h"

static bool read_msr(void *ctx, uint32_t index, uint64_t *value)
{
	(void)ctx;
	*value = hw_rdmsr(index);
	return true;
}

/* Names a hypervisor we run under, if CPUID says there is one. */
static void report_hypervisor(uint32_t ecx1)
{
	struct cpuid_regs r;
	char sig[13];
	unsigned i;

	if (!(ecx1 & CPUID_1_ECX_HYPERVISOR))
		return;
	r = hw_cpuid(0x40000000, 0);
	for (i = 0; i < 4; i++) {
		sig[i] = (char)(r.ebx >> (8 * i));
		sig[4 + i] = (char)(r.ecx >> (8 * i));
		sig[8 + i] = (char)(r.edx >> (8 * i));
	}
	sig[12] = '\0';
	for (i = 0; i < 12; i++)
		if (sig[i] < 0x20 || sig[i] >= 0x7f)
			sig[i] = '?';
	Print(L"cappsule: running under a hypervisor (CPUID signature \"%a\")\n", sig);
}

static void report_features(const struct vmx_caps *c, const struct vmx_features *f)
{
	Print(L"cappsule: VMX: supported (VMCS revision 0x%x, %d bytes, TRUE controls: %a)\n",
	      f->vmcs_revision, f->vmcs_size, yes_no(f->true_controls));
	Print(L"cappsule:   IA32_FEATURE_CONTROL = 0x%lx: %a, VMXON outside SMX %a\n",
	      c->feature_control,
	      (c->feature_control & FEATURE_CONTROL_LOCK) ? "locked" :
	      "unlocked (the monitor sets and locks it)",
	      (c->feature_control & FEATURE_CONTROL_VMXON_OUTSIDE_SMX) ? "enabled" : "disabled");
	Print(L"cappsule:   EPT: %a, 4-level walk: %a, WB: %a, 2M pages: %a, 1G pages: %a, A/D bits: %a\n",
	      yes_no(f->ept), yes_no(f->ept_walk4), yes_no(f->ept_wb),
	      yes_no(f->ept_2m), yes_no(f->ept_1g), yes_no(f->ept_ad));
	Print(L"cappsule:   INVEPT: %a, single-context: %a, all-context: %a\n",
	      yes_no(f->invept), yes_no(f->invept_single), yes_no(f->invept_all));
	Print(L"cappsule:   VPID: %a, INVVPID single-context: %a, all-context: %a\n",
	      yes_no(f->vpid), yes_no(f->invvpid_single), yes_no(f->invvpid_all));
	Print(L"cappsule:   unrestricted guest: %a\n", yes_no(f->unrestricted_guest));
	Print(L"cappsule:   VMX preemption timer: %a (one tick per 2^%d TSC ticks)\n",
	      yes_no(f->preemption_timer), f->preemption_timer_rate);
	Print(L"cappsule:   activity states: HLT %a, shutdown %a, wait-for-SIPI %a\n",
	      yes_no(f->activity_hlt), yes_no(f->activity_shutdown),
	      yes_no(f->activity_wait_for_sipi));
	Print(L"cappsule:   raw: basic=0x%lx pin=0x%lx proc=0x%lx proc2=0x%lx\n",
	      c->basic, c->pinbased, c->procbased, c->procbased2);
	Print(L"cappsule:   raw: exit=0x%lx entry=0x%lx misc=0x%lx ept_vpid=0x%lx\n",
	      c->exit, c->entry, c->misc, c->ept_vpid_cap);
}

enum vmx_verdict vmx_report(void)
{
	uint32_t ecx1 = hw_cpuid(1, 0).ecx;
	struct vmx_caps caps;
	struct vmx_features f;
	enum vmx_verdict v;

	report_hypervisor(ecx1);
	vmx_caps_read(&caps, ecx1, read_msr, NULL);
	vmx_features_decode(&caps, &f);
	v = vmx_verdict(&caps, &f);
	if (!caps.cpuid_vmx) {
		Print(L"cappsule: VMX not available: CPUID.1:ECX.VMX is 0 "
		      "(no VT-x, or an emulator or hypervisor that hides it)\n");
	} else {
		report_features(&caps, &f);
	}
	if (v == VMX_USABLE)
		Print(L"cappsule: this CPU can run the monitor\n");
	else
		Print(L"cappsule: the monitor will not start: %a\n", vmx_verdict_text(v));
	return v;
}
