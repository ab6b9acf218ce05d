// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM-exit handlers for the trusted host (the firmware, then Linux). The
 * controls make only these exits possible; each one is short, and none
 * decodes or emulates an instruction: the exit information the CPU gives
 * (qualification, instruction length) is all they use.
 */
#include <stddef.h>

#include "vmx/cpu_hw.h"
#include "vmx/format.h"
#include "vmx/guest_policy.h"
#include "vmx/guest_state.h"
#include "vmx/host_env.h"
#include "vmx/cappsule.h"
#include "vmx/host_pool.h"
#include "vmx/hypercalls.h"
#include "vmx/monitor.h"
#include "vmx/msr.h"
#include "vmx/serial_log.h"
#include "vmx/snapshot.h"
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx_hw.h"

int vmexit_handler(struct guest_regs *regs, struct vcpu *v);
void vmentry_failed(struct vcpu *v);

#define VECTOR_UD 6
#define VECTOR_GP 13
#define INTR_TYPE_NMI (2u << 8)
#define INTR_TYPE_HW_EXCEPTION (3u << 8)
#define INTR_DELIVER_ERROR (1u << 11)
#define INTR_VALID (1u << 31)
#define ACTIVITY_WAIT_FOR_SIPI 3

static uint64_t gpr(struct vcpu *v, unsigned i)
{
	return i == GPR_RSP ? hw_vmread(GUEST_RSP) : v->regs->gpr[i];
}

/* The faulting instruction is not skipped: the guest sees it fault. */
static enum exit_action inject_exception(unsigned vector, bool error_code)
{
	uint32_t info = vector | INTR_TYPE_HW_EXCEPTION | INTR_VALID;

	if (error_code) {
		info |= INTR_DELIVER_ERROR;
		hw_vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, 0);
	}
	hw_vmwrite(VM_ENTRY_INTR_INFO_FIELD, info);
	return EXIT_ACTION_RESUME;
}

static enum exit_action on_cpuid(struct vcpu *v, uint32_t reason)
{
	(void)reason;
	guest_cpuid(v->regs);
	return EXIT_ACTION_RESUME;
}

static enum exit_action on_xsetbv(struct vcpu *v, uint32_t reason)
{
	uint32_t index = (uint32_t)v->regs->gpr[GPR_RCX];
	uint64_t value = (v->regs->gpr[GPR_RDX] << 32) | (uint32_t)v->regs->gpr[GPR_RAX];
	struct cpuid_regs x = hw_cpuid(0xd, 0);

	(void)reason;
	if (!xsetbv_valid(index, value, (uint64_t)x.edx << 32 | x.eax))
		return inject_exception(VECTOR_GP, true);
	hw_xsetbv(index, value);
	guest_skip_instruction();
	return EXIT_ACTION_RESUME;
}

/* INVD would drop dirty lines the monitor may own: write them back too. */
static enum exit_action on_invd(struct vcpu *v, uint32_t reason)
{
	(void)v;
	(void)reason;
	hw_wbinvd();
	guest_skip_instruction();
	return EXIT_ACTION_RESUME;
}

static void flush_guest_tlb(struct vcpu *v)
{
	if (v->mon->controls.proc2 & PROC2_ENABLE_VPID)
		hw_invvpid_single((uint16_t)(v->cpu + 1));
}

static enum exit_action apply_cr_write(struct vcpu *v, unsigned cr,
				       const struct cr_write_result *r)
{
	if (r->inject_gp)
		return inject_exception(VECTOR_GP, true);
	if (cr == 0) {
		uint64_t entry = hw_vmread(VM_ENTRY_CONTROLS) & ~ENTRY_IA32E_MODE_GUEST;

		hw_vmwrite(GUEST_CR0, r->guest);
		hw_vmwrite(CR0_READ_SHADOW, r->shadow);
		hw_vmwrite(GUEST_IA32_EFER, r->efer);
		hw_vmwrite(VM_ENTRY_CONTROLS, entry | (r->ia32e_mode ? ENTRY_IA32E_MODE_GUEST : 0));
	} else {
		hw_vmwrite(GUEST_CR4, r->guest);
		hw_vmwrite(CR4_READ_SHADOW, r->shadow);
	}
	/* The CPU would have flushed the TLB for these writes; it did not run them. */
	flush_guest_tlb(v);
	guest_skip_instruction();
	return EXIT_ACTION_RESUME;
}

/* Exit qualification for control-register accesses (SDM table 28-3). */
static enum exit_action on_cr_access(struct vcpu *v, uint32_t reason)
{
	uint64_t q = hw_vmread(EXIT_QUALIFICATION);
	unsigned cr = q & 0xf, type = (q >> 4) & 3, reg = (q >> 8) & 0xf;
	struct cr_write_result r;

	(void)reason;
	/* Only MOV to CR0/CR4 can exit: CR3/CR8 exiting is off, and LMSW and
	 * CLTS cannot change the bits the monitor owns. */
	if (type != 0 || (cr != 0 && cr != 4)) {
		log_line(v->cpu, LOG_ERROR, "unexpected CR access: qualification 0x%llx",
			 (unsigned long long)q);
		return EXIT_ACTION_STOP;
	}
	if (cr == 0)
		cr0_write(&v->mon->caps, gpr(v, reg), hw_vmread(GUEST_CR4),
			  hw_vmread(GUEST_IA32_EFER), &r);
	else
		cr4_write(&v->mon->caps, gpr(v, reg), hw_vmread(GUEST_IA32_EFER), &r);
	return apply_cr_write(v, cr, &r);
}

static bool is_vmx_msr(uint32_t msr)
{
	return msr >= IA32_VMX_BASIC && msr <= IA32_VMX_VMFUNC;
}

/*
 * Only IA32_FEATURE_CONTROL and the VMX MSRs are in the bitmap; MSRs outside
 * the bitmap's ranges always exit. The host is shown a CPU without VMX:
 * FEATURE_CONTROL reads as locked with VMX off, and the rest faults, as it
 * would there.
 */
static enum exit_action on_rdmsr(struct vcpu *v, uint32_t reason)
{
	uint32_t msr = (uint32_t)v->regs->gpr[GPR_RCX];
	uint64_t value;

	(void)reason;
	if (msr != IA32_FEATURE_CONTROL)
		return inject_exception(VECTOR_GP, true);
	value = hw_rdmsr(IA32_FEATURE_CONTROL) &
		~(FEATURE_CONTROL_VMXON_IN_SMX | FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
	v->regs->gpr[GPR_RAX] = (uint32_t)value;
	v->regs->gpr[GPR_RDX] = value >> 32;
	guest_skip_instruction();
	return EXIT_ACTION_RESUME;
}

static enum exit_action on_wrmsr(struct vcpu *v, uint32_t reason)
{
	uint32_t msr = (uint32_t)v->regs->gpr[GPR_RCX];

	(void)reason;
	if (msr != IA32_FEATURE_CONTROL && !is_vmx_msr(msr))
		log_line(v->cpu, LOG_WARN, "WRMSR 0x%x outside the bitmap's ranges: #GP", msr);
	return inject_exception(VECTOR_GP, true); /* locked, or read-only */
}

/* The host has no VMX (CPUID says so): VMX instructions are undefined. */
static enum exit_action on_vmx_instruction(struct vcpu *v, uint32_t reason)
{
	(void)v;
	(void)reason;
	return inject_exception(VECTOR_UD, false);
}

/* Only the host kernel may call the monitor (vmx/hypercalls.c). Running a
 * cappsule switches this CPU to it: the host's VMCALL completes when the
 * cappsule yields or ends. */
static enum exit_action on_vmcall(struct vcpu *v, uint32_t reason)
{
	(void)reason;
	if (guest_cpl() != 0)
		return inject_exception(VECTOR_UD, false);
	guest_skip_instruction();
	if (v->regs->gpr[GPR_RAX] == CAPPSULE_HC_CAPPSULE_RUN)
		v->enter_launch = cappsule_run(v, v->regs->gpr[GPR_RBX], v->regs->gpr[GPR_RCX]);
	else
		hypercall_run(v);
	return EXIT_ACTION_RESUME;
}

/*
 * The host touched the monitor's memory (the only hole in its EPT). Log it,
 * then back that page with the decoy page: reads see no monitor data,
 * writes land in the decoy, and the access is not retried forever. The
 * decoy is executable too: it only ever holds what the host wrote there,
 * and a fetch must not turn into an endless fault.
 */
static enum exit_action on_ept_violation(struct vcpu *v, uint32_t reason)
{
	uint64_t gpa = hw_vmread(GUEST_PHYSICAL_ADDRESS);
	uint64_t q = hw_vmread(EXIT_QUALIFICATION);
	struct monitor *m = v->mon;
	enum ept_status s;

	(void)reason;
	if (snapshot_host_write(v, gpa, q))
		return EXIT_ACTION_RESUME;
	if ((gpa < m->base || gpa >= m->base + m->size) && !host_pool_owns(gpa)) {
		log_line(v->cpu, LOG_ERROR, "EPT violation outside the monitor at 0x%llx (qual 0x%llx, rip 0x%llx)",
			 (unsigned long long)gpa, (unsigned long long)q,
			 (unsigned long long)hw_vmread(GUEST_RIP));
		return EXIT_ACTION_STOP;
	}
	log_line(v->cpu, LOG_WARN, "host %s %s memory at 0x%llx (rip 0x%llx): decoy page mapped",
		 (q & EPT_QUAL_WRITE) ? "wrote" : (q & EPT_QUAL_FETCH) ? "fetched" : "read",
		 host_pool_owns(gpa) ? "lent pool" : "monitor", (unsigned long long)gpa, (unsigned long long)hw_vmread(GUEST_RIP));
	spin_lock(&m->host_ept_lock);
	s = ept_map_page(&m->host_ept, gpa & ~0xfffull, m->decoy_phys, EPT_RWX,
			 EPT_MEMTYPE_WB);
	spin_unlock(&m->host_ept_lock);
	/* Another CPU may have mapped it first: that is as good. */
	if (s == EPT_ALREADY_MAPPED)
		s = EPT_OK;
	if (s != EPT_OK) {
		log_line(v->cpu, LOG_ERROR, "cannot map the decoy page (status %u)", s);
		return EXIT_ACTION_STOP;
	}
	hw_invept_single(m->host_eptp);
	return EXIT_ACTION_RESUME;
}

static void reset_machine(void)
{
	hw_outb(0xcf9, 0x06); /* PCI reset control: hard reset */
	hw_outb(0x64, 0xfe);  /* keyboard controller pulse, if that did nothing */
	hw_halt_forever();
}

static enum exit_action on_triple_fault(struct vcpu *v, uint32_t reason)
{
	(void)reason;
	log_line(v->cpu, LOG_ERROR, "guest triple fault at rip 0x%llx: resetting the machine",
		 (unsigned long long)hw_vmread(GUEST_RIP));
	reset_machine();
	return EXIT_ACTION_STOP;
}

/*
 * INIT: the vCPU waits for a SIPI, as a real CPU would after INIT. INIT
 * resets the processor, so no event blocking survives it; the saved state
 * may say otherwise (Bochs reports blocking by SMI here, which a VM entry
 * outside SMM refuses), and the SIPI handler sets the rest.
 *
 * Keep this handler minimal: no lock, no log. A SIPI that arrives before
 * the VM entry below is dropped by the processor (it is not in
 * wait-for-SIPI yet), and Linux sends its first SIPI microseconds after
 * the INIT; the second one, about 20 us after the first, must find this
 * CPU waiting. A UART line takes milliseconds.
 */
static enum exit_action on_init(struct vcpu *v, uint32_t reason)
{
	(void)v;
	(void)reason;
	hw_vmwrite(GUEST_INTERRUPTIBILITY_INFO, 0);
	hw_vmwrite(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	hw_vmwrite(GUEST_ACTIVITY_STATE, ACTIVITY_WAIT_FOR_SIPI);
	return EXIT_ACTION_RESUME;
}

/* Real-mode segment at base = selector * 16 with a 64 KiB limit. */
static void real_mode_segment(uint32_t sel_field, uint16_t sel, uint32_t ar)
{
	/* Fields of one segment are laid out at fixed strides from ES. */
	uint32_t i = (sel_field - GUEST_ES_SELECTOR) / 2;

	hw_vmwrite(sel_field, sel);
	hw_vmwrite(GUEST_ES_BASE + 2 * i, (uint64_t)sel << 4);
	hw_vmwrite(GUEST_ES_LIMIT + 2 * i, 0xffff);
	hw_vmwrite(GUEST_ES_AR_BYTES + 2 * i, ar);
}

/* SIPI: start in real mode at vector * 4 KiB, the state after INIT. */
static enum exit_action on_sipi(struct vcpu *v, uint32_t reason)
{
	uint16_t cs = (uint16_t)((hw_vmread(EXIT_QUALIFICATION) & 0xff) << 8);
	const struct vmx_caps *c = &v->mon->caps;
	const uint64_t cr0 = 0x60000010; /* CD, NW, ET: the reset value */
	uint32_t f;
	unsigned i;

	(void)reason;
	v->took_sipi = true;
	log_line(v->cpu, LOG_DEBUG, "SIPI: starting at 0x%x:0000", cs);
	for (i = 0; i < 16; i++)
		v->regs->gpr[i] = 0;
	for (f = GUEST_ES_SELECTOR; f <= GUEST_GS_SELECTOR; f += 2)
		real_mode_segment(f, f == GUEST_CS_SELECTOR ? cs : 0,
				  f == GUEST_CS_SELECTOR ? 0x9b : 0x93);
	real_mode_segment(GUEST_LDTR_SELECTOR, 0, 0x82);
	real_mode_segment(GUEST_TR_SELECTOR, 0, 0x8b);
	hw_vmwrite(GUEST_GDTR_BASE, 0);
	hw_vmwrite(GUEST_GDTR_LIMIT, 0xffff);
	hw_vmwrite(GUEST_IDTR_BASE, 0);
	hw_vmwrite(GUEST_IDTR_LIMIT, 0xffff);
	hw_vmwrite(GUEST_CR0, (cr0 | (c->cr0_fixed0 & ~(CR0_PE | CR0_PG))) & c->cr0_fixed1);
	hw_vmwrite(CR0_READ_SHADOW, cr0);
	hw_vmwrite(GUEST_CR3, 0);
	hw_vmwrite(GUEST_CR4, c->cr4_fixed0);
	hw_vmwrite(CR4_READ_SHADOW, 0);
	hw_vmwrite(GUEST_DR7, 0x400);
	hw_vmwrite(GUEST_IA32_EFER, 0);
	hw_vmwrite(VM_ENTRY_CONTROLS, hw_vmread(VM_ENTRY_CONTROLS) & ~ENTRY_IA32E_MODE_GUEST);
	hw_vmwrite(GUEST_RIP, 0);
	hw_vmwrite(GUEST_RSP, 0);
	hw_vmwrite(GUEST_RFLAGS, 0x2);
	hw_vmwrite(GUEST_INTERRUPTIBILITY_INFO, 0);
	hw_vmwrite(GUEST_ACTIVITY_STATE, 0);
	flush_guest_tlb(v);
	return EXIT_ACTION_RESUME;
}

/* Everything else: an exit the controls should not produce. Log it all. */
static enum exit_action on_unexpected(struct vcpu *v, uint32_t reason)
{
	log_line(v->cpu, LOG_ERROR, "unexpected VM exit %u (%s)%s: qualification 0x%llx",
		 reason & EXIT_REASON_BASIC_MASK,
		 exit_reason_name(reason & EXIT_REASON_BASIC_MASK),
		 (reason & EXIT_REASON_FAILED_VMENTRY) ? ", VM entry failed" : "",
		 (unsigned long long)hw_vmread(EXIT_QUALIFICATION));
	log_line(v->cpu, LOG_ERROR, "rip 0x%llx rsp 0x%llx rflags 0x%llx cr0 0x%llx cr3 0x%llx cr4 0x%llx",
		 (unsigned long long)hw_vmread(GUEST_RIP), (unsigned long long)hw_vmread(GUEST_RSP),
		 (unsigned long long)hw_vmread(GUEST_RFLAGS), (unsigned long long)hw_vmread(GUEST_CR0),
		 (unsigned long long)hw_vmread(GUEST_CR3), (unsigned long long)hw_vmread(GUEST_CR4));
	log_line(v->cpu, LOG_ERROR, "rax 0x%llx rbx 0x%llx rcx 0x%llx rdx 0x%llx intr-info 0x%llx",
		 (unsigned long long)v->regs->gpr[GPR_RAX], (unsigned long long)v->regs->gpr[GPR_RBX],
		 (unsigned long long)v->regs->gpr[GPR_RCX], (unsigned long long)v->regs->gpr[GPR_RDX],
		 (unsigned long long)hw_vmread(VM_EXIT_INTR_INFO));
	return EXIT_ACTION_STOP;
}

static const struct exit_table host_exit_table = {
	.handlers = {
		[EXIT_REASON_CPUID] = on_cpuid,
		[EXIT_REASON_XSETBV] = on_xsetbv,
		[EXIT_REASON_INVD] = on_invd,
		[EXIT_REASON_CR_ACCESS] = on_cr_access,
		[EXIT_REASON_MSR_READ] = on_rdmsr,
		[EXIT_REASON_MSR_WRITE] = on_wrmsr,
		[EXIT_REASON_GETSEC] = on_vmx_instruction,
		[EXIT_REASON_VMCALL] = on_vmcall,
		[EXIT_REASON_VMCLEAR] = on_vmx_instruction,
		[EXIT_REASON_VMLAUNCH] = on_vmx_instruction,
		[EXIT_REASON_VMPTRLD] = on_vmx_instruction,
		[EXIT_REASON_VMPTRST] = on_vmx_instruction,
		[EXIT_REASON_VMREAD] = on_vmx_instruction,
		[EXIT_REASON_VMRESUME] = on_vmx_instruction,
		[EXIT_REASON_VMWRITE] = on_vmx_instruction,
		[EXIT_REASON_VMXOFF] = on_vmx_instruction,
		[EXIT_REASON_VMXON] = on_vmx_instruction,
		[EXIT_REASON_INVEPT] = on_vmx_instruction,
		[EXIT_REASON_INVVPID] = on_vmx_instruction,
		[EXIT_REASON_VMFUNC] = on_vmx_instruction,
		[EXIT_REASON_EPT_VIOLATION] = on_ept_violation,
		[EXIT_REASON_TRIPLE_FAULT] = on_triple_fault,
		[EXIT_REASON_INIT_SIGNAL] = on_init,
		[EXIT_REASON_SIPI] = on_sipi,
	},
	.fallback = on_unexpected,
};

/*
 * "Blocking by SMI" may be set only in SMM (SDM vol. 3C, "Checks on Guest
 * Non-Register State"), and the monitor never runs there (no dual-monitor
 * treatment), so a VM entry with it set fails. Real processors never save
 * it outside SMM; Bochs 2.7 does, on every exit after a SIPI exit, because
 * it leaves SMIs masked on that CPU (fixed upstream in 2026, after 3.0).
 * Clearing it changes nothing on hardware and keeps such a CPU running.
 * Only CPUs that took a SIPI exit can carry it, so only they pay the
 * VMREAD on every exit (the snapshot strips it for cappsules).
 */
static void clear_smi_blocking(const struct vcpu *v)
{
	uint64_t intr;

	if (!v->took_sipi)
		return;
	intr = hw_vmread(GUEST_INTERRUPTIBILITY_INFO);

	if (intr & BLOCKING_BY_SMI)
		hw_vmwrite(GUEST_INTERRUPTIBILITY_INFO, intr & ~BLOCKING_BY_SMI);
}

/* An NMI that hit the monitor belongs to the guest: deliver it now, unless
 * another event is being injected or the guest blocks NMIs (then later). */
static void deliver_pending_nmi(struct vcpu *v)
{
	if (!host_take_pending_nmi(v->cpu))
		return;
	if ((hw_vmread(VM_ENTRY_INTR_INFO_FIELD) & INTR_VALID) ||
	    (hw_vmread(GUEST_INTERRUPTIBILITY_INFO) & BLOCKING_BY_NMI)) {
		log_line(v->cpu, LOG_WARN, "NMI held back: the guest cannot take it yet");
		return;
	}
	hw_vmwrite(VM_ENTRY_INTR_INFO_FIELD, 2 | INTR_TYPE_NMI | INTR_VALID);
}

int vmexit_handler(struct guest_regs *regs, struct vcpu *v)
{
	uint32_t reason = (uint32_t)hw_vmread(VM_EXIT_REASON);

	v->regs = regs;
	host_ept_sync(v);
	if (v->running) {
		int launch = cappsule_exit(v, reason);

		clear_smi_blocking(v); /* the cappsule's or the host's VMCS */
		if (!v->running) /* back on the host's VMCS */
			deliver_pending_nmi(v);
		return launch;
	}
	v->enter_launch = 0;
	if (exit_dispatch(&host_exit_table, &v->stats, v, reason) != EXIT_ACTION_RESUME) {
		log_line(v->cpu, LOG_ERROR, "stopping this CPU after %llu exits",
			 (unsigned long long)v->stats.total);
		hw_halt_forever();
	}
	clear_smi_blocking(v); /* the host's, or a cappsule's about to start */
	if (!v->running)
		deliver_pending_nmi(v);
	return v->enter_launch;
}

void vmentry_failed(struct vcpu *v)
{
	if (v->running)
		cappsule_entry_failed(v); /* does not return */
	log_line(v->cpu, LOG_ERROR, "VMRESUME failed: VM-instruction error %llu",
		 (unsigned long long)hw_vmread(VM_INSTRUCTION_ERROR));
	hw_halt_forever();
}
