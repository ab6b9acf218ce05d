// SPDX-License-Identifier: GPL-2.0-only
/* Cappsule creation, running and ending (see cappsule.h). */
#include "vmx/cappsule.h"

#include "ept/cow.h"
#include "vmx/cappsule_events.h"
#include "vmx/cappsule_msr.h"
#include "vmx/cpu_hw.h"
#include "ept/ept.h"
#include "vmx/guest_state.h"
#include "vmx/host_env.h"
#include "vmx/host_pool.h"
#include "vmx/monitor.h"
#include "vmx/msr.h"
#include "vmx/serial_log.h"
#include "vmx/snapshot.h"
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmcs_setup.h"
#include "vmx/vmx_hw.h"

void vmx_enter_regs(const struct guest_regs *regs) __attribute__((noreturn));

/* A cappsule's time slice, in TSC ticks, when the CPU has the VMX-preemption
 * timer (about a millisecond at 2-4 GHz): it yields even if no host
 * interrupt comes, with interrupts on or off. */
#define SLICE_TSC_TICKS (1ull << 22)
#define IO_QUAL_PORT(q) (((q) >> 16) & 0xffff)
#define RFLAGS_IF (1ull << 9)
#define INTR_INFO_VALID (1u << 31)
#define INTR_INFO_HAS_ERROR (1u << 11)
#define INTR_INFO_TYPE(i) (((i) >> 8) & 7)
#define INTR_INFO_NMI_UNBLOCK (1u << 12)
#define INTR_TYPE_SOFT_INTR 4  /* types 4-6 need the instruction length */
#define INTR_TYPE_SOFT_EXCEPTION 6

struct cappsule {
	uint8_t id;                 /* 1..CAPPSULE_MAX_CAPPSULES; its pool owner id */
	bool alive;                 /* created, not destroyed */
	bool launched;
	unsigned cpu;               /* its VMCS is active on this CPU only */
	uint64_t vmcs;
	struct ept ept;
	uint64_t eptp;
	struct guest_regs regs;     /* while it does not run */
	uint32_t page_limit;
	uint64_t copied, mapped;
	struct exit_stats stats;
	uint32_t end;
	uint64_t end_value, end_rip;
	uint64_t window, window_bytes; /* shared with the host, identity-mapped */
	struct cs_events ev;           /* its timer and event interrupts */
	uint64_t slice_end;            /* TSC: when it yields to the host */
	uint32_t redeliver, redeliver_error, redeliver_len; /* an interrupted delivery */
	uint64_t kernel_gs_base;       /* its IA32_KERNEL_GS_BASE while it does not run */
};

static struct cappsule cappsules[CAPPSULE_MAX_CAPPSULES];
/* VM entries and exits do not switch IA32_KERNEL_GS_BASE (SWAPGS reads and
 * WRGSBASE after SWAPGS writes it without an exit): the host's value is
 * kept here while a cappsule runs, so no cappsule value reaches a host
 * task's GS. */
static uint64_t host_kernel_gs_base[MONITOR_MAX_CPUS];
static struct spinlock cappsules_lock; /* creation and destruction */

static struct cappsule *by_id(uint64_t id)
{
	if (id < 1 || id > CAPPSULE_MAX_CAPPSULES || !cappsules[id - 1].alive)
		return NULL;
	return &cappsules[id - 1];
}

/* ---------------------------------------------------------- memory --- */

static uint64_t *ept_table_alloc(void *ctx, uint64_t *phys)
{
	struct cappsule *c = ctx;

	return host_pool_page(c->id, phys);
}

static uint32_t private_pages(const struct cappsule *c)
{
	return the_monitor.pool.owner_pages[c->id];
}

/* ------------------------------------------------------------ VMCS --- */

/* CR0/CR4 ownership and shadows: read from the host's VMCS (current when
 * a cappsule is created), so the cappsule sees the snapshot's view. */
struct cr_ownership {
	uint64_t cr0_mask, cr4_mask, cr0_shadow, cr4_shadow;
};

static struct cr_ownership host_cr_ownership(void)
{
	return (struct cr_ownership){
		hw_vmread(CR0_GUEST_HOST_MASK), hw_vmread(CR4_GUEST_HOST_MASK),
		hw_vmread(CR0_READ_SHADOW), hw_vmread(CR4_READ_SHADOW),
	};
}

static bool write_controls(struct monitor *m, struct cappsule *c, uint16_t vpid,
			   const struct cr_ownership *cr)
{
	struct vmcs_controls ctl;
	struct control_error err;
	bool ok = true;

	if (!vmx_controls_for_cappsule(&m->caps, &m->controls, &ctl, &err)) {
		log_line(0, LOG_ERROR, "cappsule controls: %s: %s (bits 0x%x)",
			 control_set_name(err.set), err.reason, err.bits);
		return false;
	}
	ok &= hw_vmwrite(PIN_BASED_VM_EXEC_CONTROL, ctl.pin);
	ok &= hw_vmwrite(CPU_BASED_VM_EXEC_CONTROL, ctl.proc);
	ok &= hw_vmwrite(SECONDARY_VM_EXEC_CONTROL, ctl.proc2);
	ok &= hw_vmwrite(VM_EXIT_CONTROLS, ctl.exit);
	ok &= hw_vmwrite(VM_ENTRY_CONTROLS, ctl.entry | ENTRY_IA32E_MODE_GUEST);
	ok &= hw_vmwrite(EXCEPTION_BITMAP, 0);
	ok &= hw_vmwrite(CR3_TARGET_COUNT, 0);
	ok &= hw_vmwrite(VM_EXIT_MSR_STORE_COUNT, 0);
	ok &= hw_vmwrite(VM_EXIT_MSR_LOAD_COUNT, 0);
	ok &= hw_vmwrite(VM_ENTRY_MSR_LOAD_COUNT, 0);
	ok &= hw_vmwrite(VM_ENTRY_INTR_INFO_FIELD, 0);
	ok &= hw_vmwrite(EPT_POINTER, c->eptp);
	if (ctl.proc2 & PROC2_ENABLE_VPID)
		ok &= hw_vmwrite(VIRTUAL_PROCESSOR_ID, vpid);
	ok &= hw_vmwrite(CR0_GUEST_HOST_MASK, cr->cr0_mask);
	ok &= hw_vmwrite(CR4_GUEST_HOST_MASK, cr->cr4_mask);
	ok &= hw_vmwrite(CR0_READ_SHADOW, cr->cr0_shadow);
	ok &= hw_vmwrite(CR4_READ_SHADOW, cr->cr4_shadow);
	return ok;
}

static bool write_guest_state(struct cappsule *c)
{
	const struct snapshot_cpu *s = snapshot_cpu_state();
	bool ok = true;
	unsigned i;

	for (i = 0; i < s->fields; i++)
		ok &= hw_vmwrite(s->field[i], s->value[i]);
	ok &= hw_vmwrite(GUEST_ACTIVITY_STATE, 0);
	ok &= hw_vmwrite(VMCS_LINK_POINTER, ~0ull);
	c->regs = s->regs;
	return ok;
}

/* --------------------------------------------------------- creation --- */

static uint16_t vpid_of(const struct cappsule *c)
{
	return (uint16_t)(MONITOR_MAX_CPUS + 1 + c->id); /* host CPUs use 1..8 */
}

/* Fills the new VMCS while it is current, then makes the host's current
 * again. */
static bool build_vmcs(struct vcpu *v, struct cappsule *c)
{
	struct cr_ownership cr = host_cr_ownership();
	bool ok;

	*(uint32_t *)(uintptr_t)c->vmcs = v->mon->features.vmcs_revision;
	if (!hw_vmclear(c->vmcs) || !hw_vmptrld(c->vmcs))
		return false;
	ok = write_controls(v->mon, c, vpid_of(c), &cr) && write_guest_state(c) &&
	     vmcs_write_host_state(v);
	hw_vmclear(c->vmcs);          /* written back; launch state clear */
	return hw_vmptrld(v->vmcs_phys) && ok;
}

static void release(struct cappsule *c)
{
	struct monitor *m = &the_monitor;

	spin_lock(&m->host_ept_lock);
	pool_free_owner(&m->pool, c->id);
	spin_unlock(&m->host_ept_lock);
	c->alive = false;
}

/* The host's pages the cappsule shares (its transport rings): read/write,
 * never executable, at the same address in both. Checked by
 * hc_check_args: whole pages of host RAM, not the monitor, not the pool. */
static bool map_window(struct cappsule *c)
{
	uint64_t off;

	for (off = 0; off < c->window_bytes; off += PAGE_4K)
		if (ept_set_page(&c->ept, c->window + off, c->window + off, PAGE_4K,
				 EPT_READ | EPT_WRITE, EPT_MEMTYPE_WB) != EPT_OK)
			return false;
	return true;
}

static bool in_window(const struct cappsule *c, uint64_t gpa)
{
	return gpa >= c->window && gpa - c->window < c->window_bytes;
}

int64_t cappsule_create(struct vcpu *v, uint64_t page_limit, uint64_t cookie,
			uint64_t window, uint64_t window_bytes, uint64_t *rbx)
{
	struct cappsule *c = NULL;
	unsigned i;

	if (!snapshot_stats().valid)
		return CAPPSULE_E_STATE;
	spin_lock(&cappsules_lock);
	for (i = 0; i < CAPPSULE_MAX_CAPPSULES && !c; i++)
		if (!cappsules[i].alive)
			c = &cappsules[i];
	if (c)
		*c = (struct cappsule){ .id = (uint8_t)(c - cappsules + 1), .alive = true };
	spin_unlock(&cappsules_lock);
	if (!c)
		return CAPPSULE_E_STATE;
	c->cpu = v->cpu;
	c->page_limit = (uint32_t)page_limit;
	c->window = window;
	c->window_bytes = window_bytes;
	if (!host_pool_page(c->id, &c->vmcs) ||
	    ept_init(&c->ept, ept_table_alloc, ept_phys_identity, c, false, false) != EPT_OK ||
	    !map_window(c)) {
		release(c);
		return CAPPSULE_E_RANGE; /* the pool is empty */
	}
	c->eptp = ept_pointer(&c->ept);
	if (!build_vmcs(v, c)) {
		log_line(v->cpu, LOG_ERROR, "cappsule %u: VMCS set-up failed", c->id);
		release(c);
		return CAPPSULE_E_STATE;
	}
	c->regs.gpr[GPR_RAX] = c->id;
	c->regs.gpr[GPR_RBX] = cookie;
	*rbx = c->id;
	log_line(v->cpu, LOG_INFO, "cappsule %u created (limit %u pages, window %llu KiB): no page copied",
		 c->id, c->page_limit, (unsigned long long)(window_bytes >> 10));
	return 0;
}

/* ---------------------------------------------------------- running --- */

/* This CPU goes back to the host's VMCS, the host's registers in the exit
 * frame, RAX = 0 and RBX = what happened. */
static void back_to_host(struct vcpu *v, struct cappsule *c, uint64_t run_result,
			 uint64_t detail)
{
	c->regs = *v->regs;
	c->kernel_gs_base = hw_rdmsr(IA32_KERNEL_GS_BASE);
	hw_wrmsr(IA32_KERNEL_GS_BASE, host_kernel_gs_base[v->cpu]);
	hw_vmptrld(v->vmcs_phys);
	*v->regs = v->host_regs;
	v->regs->gpr[GPR_RAX] = 0;
	v->regs->gpr[GPR_RBX] = run_result;
	v->regs->gpr[GPR_RCX] = detail;
	v->running = NULL;
}

static void end(struct cappsule *c, uint32_t why, uint64_t value)
{
	c->end = why;
	c->end_value = value;
	c->end_rip = hw_vmread(GUEST_RIP);
}

/* An event the CPU was delivering when the exit came (an EPT violation on
 * the IDT or the stack, say) must be delivered again, or it is lost. */
static void note_interrupted_delivery(struct cappsule *c)
{
	uint32_t info = (uint32_t)hw_vmread(IDT_VECTORING_INFO_FIELD);

	if (!(info & INTR_INFO_VALID))
		return;
	c->redeliver = info & ~INTR_INFO_NMI_UNBLOCK;
	c->redeliver_error = (uint32_t)hw_vmread(IDT_VECTORING_ERROR_CODE);
	c->redeliver_len = (uint32_t)hw_vmread(VM_EXIT_INSTRUCTION_LEN);
}

static void inject(uint32_t info, uint32_t error, uint32_t len)
{
	uint32_t type = INTR_INFO_TYPE(info);

	hw_vmwrite(VM_ENTRY_INTR_INFO_FIELD, info);
	if (info & INTR_INFO_HAS_ERROR)
		hw_vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, error);
	if (type >= INTR_TYPE_SOFT_INTR && type <= INTR_TYPE_SOFT_EXCEPTION)
		hw_vmwrite(VM_ENTRY_INSTRUCTION_LEN, len);
}

static bool can_take_interrupt(void)
{
	return (hw_vmread(GUEST_RFLAGS) & RFLAGS_IF) &&
	       !(hw_vmread(GUEST_INTERRUPTIBILITY_INFO) & BLOCKING_BY_STI_MOVSS);
}

/* Before every entry into the cappsule: what to deliver, when to exit. */
static void prepare_entry(struct vcpu *v, struct cappsule *c)
{
	uint64_t now = hw_rdtsc(), proc = hw_vmread(CPU_BASED_VM_EXEC_CONTROL), want;
	struct cs_entry_plan plan = { 0, false };

	cs_events_tick(&c->ev, now);
	if (c->redeliver) {
		inject(c->redeliver, c->redeliver_error, c->redeliver_len);
		c->redeliver = 0;
		plan.open_window = cs_events_deliverable(&c->ev);
	} else if (cs_events_deliverable(&c->ev)) {
		plan = cs_events_plan(&c->ev, can_take_interrupt());
		if (plan.vector)
			inject(INTR_INFO_VALID | plan.vector, 0, 0); /* type 0: external */
	}
	want = plan.open_window ? proc | PROC_INTERRUPT_WINDOW_EXITING
				: proc & ~(uint64_t)PROC_INTERRUPT_WINDOW_EXITING;
	if (want != proc)
		hw_vmwrite(CPU_BASED_VM_EXEC_CONTROL, want);
	if (hw_vmread(PIN_BASED_VM_EXEC_CONTROL) & PIN_ACTIVATE_PREEMPTION_TIMER) {
		uint64_t ticks = cs_events_ticks_to_exit(&c->ev, now, c->slice_end) >>
				 v->mon->features.preemption_timer_rate;

		hw_vmwrite(VMX_PREEMPTION_TIMER_VALUE, ticks > 0xffffffffu ? 0xffffffffu : ticks);
	}
}

int cappsule_run(struct vcpu *v, uint64_t id, uint64_t flags)
{
	struct cappsule *c = by_id(id);

	if (flags & ~(uint64_t)CAPPSULE_RUN_FLAGS) {
		v->regs->gpr[GPR_RAX] = (uint64_t)CAPPSULE_E_INVAL;
		return 0;
	}
	if (!c || c->cpu != v->cpu || c->end != CAPPSULE_END_NONE) {
		v->regs->gpr[GPR_RAX] = (uint64_t)CAPPSULE_E_STATE;
		return 0;
	}
	v->host_regs = *v->regs;
	if (!hw_vmptrld(c->vmcs)) {
		hw_vmptrld(v->vmcs_phys);
		v->regs->gpr[GPR_RAX] = (uint64_t)CAPPSULE_E_STATE;
		return 0;
	}
	/* The host-state area names this CPU's stack and tables. */
	vmcs_write_host_state(v);
	if (flags & CAPPSULE_RUN_EVENT)
		c->ev.event_pending = true;
	c->slice_end = hw_rdtsc() + SLICE_TSC_TICKS;
	prepare_entry(v, c);
	host_kernel_gs_base[v->cpu] = hw_rdmsr(IA32_KERNEL_GS_BASE);
	hw_wrmsr(IA32_KERNEL_GS_BASE, c->kernel_gs_base);
	*v->regs = c->regs;
	v->running = c;
	if (c->launched)
		return 0;
	c->launched = true;
	return 1;
}

/* ------------------------------------------------------------ exits --- */

static int finish(struct vcpu *v, struct cappsule *c, uint32_t why, uint64_t value)
{
	end(c, why, value);
	log_line(v->cpu, LOG_INFO, "cappsule %u ended: reason %u, value 0x%llx, rip 0x%llx",
		 c->id, why, (unsigned long long)value, (unsigned long long)c->end_rip);
	back_to_host(v, c, CAPPSULE_RUN_ENDED, 0);
	return 0;
}

static int yield(struct vcpu *v, struct cappsule *c)
{
	back_to_host(v, c, CAPPSULE_RUN_YIELDED, 0);
	return 0;
}

/* The time slice ends, or only its own deadline came: it goes on. */
static int on_preemption_timer(struct vcpu *v, struct cappsule *c)
{
	if (hw_rdtsc() >= c->slice_end)
		return yield(v, c);
	return 0;
}

/* HLT or MWAIT (interrupts on): it waits for its timer or an event, so the
 * host gets the CPU back until then; MONITOR only arms MWAIT. */
static int on_halt(struct vcpu *v, struct cappsule *c, uint32_t reason)
{
	bool interrupts_on = (hw_vmread(GUEST_RFLAGS) & RFLAGS_IF) != 0;

	guest_skip_instruction();
	cs_events_tick(&c->ev, hw_rdtsc());
	switch (cs_events_on_halt(&c->ev, interrupts_on)) {
	case CS_HALT_FORBIDDEN:
		return finish(v, c, CAPPSULE_END_FORBIDDEN, reason);
	case CS_HALT_RESUME:
		return 0;
	case CS_HALT_WAIT:
		break;
	}
	back_to_host(v, c, CAPPSULE_RUN_HALTED, c->ev.deadline);
	return 0;
}


static int on_ept_violation(struct vcpu *v, struct cappsule *c)
{
	uint64_t gpa = hw_vmread(GUEST_PHYSICAL_ADDRESS), frame = gpa & ~(PAGE_4K - 1);
	uint64_t hpa, perms, size, src, copy;
	unsigned memtype;
	bool mapped = ept_translate(&c->ept, frame, &hpa, &perms, &memtype, &size);
	bool window = in_window(c, frame);
	struct cow_fault f = {
		.write = (hw_vmread(EXIT_QUALIFICATION) & EPT_QUAL_WRITE) != 0,
		.in_snapshot = snapshot_is_ram(frame) && !window, /* a window fault: a fetch */
		.mapped_shared = mapped && !(perms & EPT_WRITE),
		.mapped_private = mapped && (perms & EPT_WRITE),
		.pages = private_pages(c),
		.limit = c->page_limit,
	};

	switch (cow_decide(&f)) {
	case COW_KILL_OUTSIDE:
		return finish(v, c, CAPPSULE_END_MEMORY, gpa);
	case COW_KILL_LIMIT:
		return finish(v, c, CAPPSULE_END_LIMIT, gpa);
	case COW_RETRY:
		break;
	case COW_MAP_SHARED:
		if (!snapshot_frame(frame, &src) ||
		    ept_set_page(&c->ept, frame, src, PAGE_4K, EPT_READ | EPT_EXECUTE,
				 EPT_MEMTYPE_WB) != EPT_OK)
			return finish(v, c, CAPPSULE_END_LIMIT, gpa);
		c->mapped++;
		break;
	case COW_COPY_PRIVATE:
		if (!snapshot_frame(frame, &src) || !host_pool_page(c->id, &copy))
			return finish(v, c, CAPPSULE_END_LIMIT, gpa);
		host_copy_page(copy, src);
		if (ept_set_page(&c->ept, frame, copy, PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB) != EPT_OK)
			return finish(v, c, CAPPSULE_END_LIMIT, gpa);
		c->copied++;
		break;
	}
	hw_invept_single(c->eptp);
	return 0;
}

/* CPUID: the same answers as the host gets (the cappsule's own CR4 bits). */
static int on_cpuid(struct vcpu *v, struct cappsule *c)
{
	(void)c;
	guest_cpuid(v->regs);
	return 0;
}

/* The cappsule's own hypercalls (hypercall_abi.h); anything else, or a
 * call from its user space, ends it. */
static int on_vmcall(struct vcpu *v, struct cappsule *c)
{
	uint64_t *r = v->regs->gpr;

	if (guest_cpl() != 0)
		return finish(v, c, CAPPSULE_END_HYPERCALL, r[GPR_RAX]);
	switch (r[GPR_RAX]) {
	case CAPPSULE_CS_HC_EXIT:
		guest_skip_instruction();
		return finish(v, c, CAPPSULE_END_EXITED, r[GPR_RBX]);
	case CAPPSULE_CS_HC_TIMER:
		cs_events_set_timer(&c->ev, r[GPR_RBX]);
		break;
	case CAPPSULE_CS_HC_NOTIFY:
		guest_skip_instruction();
		r[GPR_RAX] = 0;
		back_to_host(v, c, CAPPSULE_RUN_NOTIFY, 0);
		return 0;
	case CAPPSULE_CS_HC_VECTORS:
		if (!cs_events_set_vectors(&c->ev, r[GPR_RBX], r[GPR_RCX]))
			return finish(v, c, CAPPSULE_END_HYPERCALL, r[GPR_RAX]);
		break;
	default:
		return finish(v, c, CAPPSULE_END_HYPERCALL, r[GPR_RAX]);
	}
	guest_skip_instruction();
	r[GPR_RAX] = 0;
	return 0;
}

static bool cpu_has_tsc_adjust(void)
{
	return (hw_cpuid(7, 0).ebx >> 1) & 1;
}

/* A read the allow-list answers (cappsule_msr.h); any other ends it. */
static int on_rdmsr(struct vcpu *v, struct cappsule *c)
{
	uint64_t *r = v->regs->gpr, value;
	uint32_t msr = (uint32_t)r[GPR_RCX];

	switch (cappsule_msr_read(msr, msr == IA32_TSC_ADJUST && cpu_has_tsc_adjust())) {
	case CAPPSULE_MSR_TSC:
		value = hw_rdtsc();
		break;
	case CAPPSULE_MSR_HARDWARE:
		value = hw_rdmsr(msr);
		break;
	case CAPPSULE_MSR_GUEST_FS:
		value = hw_vmread(GUEST_FS_BASE);
		break;
	case CAPPSULE_MSR_GUEST_GS:
		value = hw_vmread(GUEST_GS_BASE);
		break;
	default:
		return finish(v, c, CAPPSULE_END_MSR, msr);
	}
	r[GPR_RAX] = (uint32_t)value;
	r[GPR_RDX] = value >> 32;
	guest_skip_instruction();
	return 0;
}

static bool is_vmx_instruction(uint32_t reason)
{
	return (reason >= EXIT_REASON_VMCLEAR && reason <= EXIT_REASON_VMXON) ||
	       reason == EXIT_REASON_INVEPT || reason == EXIT_REASON_INVVPID ||
	       reason == EXIT_REASON_VMCALL || reason == EXIT_REASON_VMFUNC;
}

static int handle_exit(struct vcpu *v, struct cappsule *c, uint32_t reason)
{
	switch (reason) {
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		return yield(v, c);
	case EXIT_REASON_PREEMPTION_TIMER:
		return on_preemption_timer(v, c);
	case EXIT_REASON_INTERRUPT_WINDOW:
		return 0; /* prepare_entry delivers */
	case EXIT_REASON_HLT:
	case EXIT_REASON_MWAIT_INSTRUCTION:
		return on_halt(v, c, reason);
	case EXIT_REASON_MONITOR_INSTRUCTION:
		guest_skip_instruction();
		return 0;
	case EXIT_REASON_EXCEPTION_NMI:
		host_note_nmi(v->cpu); /* the host's NMI: it gets it on return */
		return yield(v, c);
	case EXIT_REASON_EPT_VIOLATION:
		return on_ept_violation(v, c);
	case EXIT_REASON_CPUID:
		return on_cpuid(v, c);
	case EXIT_REASON_VMCALL:
		return on_vmcall(v, c);
	case EXIT_REASON_IO_INSTRUCTION:
		return finish(v, c, CAPPSULE_END_IO, IO_QUAL_PORT(hw_vmread(EXIT_QUALIFICATION)));
	case EXIT_REASON_MSR_READ:
		return on_rdmsr(v, c);
	case EXIT_REASON_MSR_WRITE:
		return finish(v, c, CAPPSULE_END_MSR, v->regs->gpr[GPR_RCX]);
	case EXIT_REASON_TRIPLE_FAULT:
		return finish(v, c, CAPPSULE_END_TRIPLE_FAULT, 0);
	default:
		if (is_vmx_instruction(reason))
			return finish(v, c, CAPPSULE_END_VMX, reason);
		return finish(v, c, CAPPSULE_END_FORBIDDEN, reason);
	}
}

int cappsule_exit(struct vcpu *v, uint32_t raw)
{
	struct cappsule *c = v->running;
	uint32_t reason = raw & EXIT_REASON_BASIC_MASK;
	int launch;

	c->stats.total++;
	c->stats.count[reason < EXIT_REASON_COUNT ? reason : EXIT_STAT_UNKNOWN]++;
	if (raw & EXIT_REASON_FAILED_VMENTRY)
		return finish(v, c, CAPPSULE_END_ENTRY_FAILED, reason);
	note_interrupted_delivery(c);
	launch = handle_exit(v, c, reason);
	if (v->running == c)
		prepare_entry(v, c); /* it goes on: this VMCS is still current */
	return launch;
}

void cappsule_entry_failed(struct vcpu *v)
{
	struct cappsule *c = v->running;
	uint64_t error = hw_vmread(VM_INSTRUCTION_ERROR);

	c->end = CAPPSULE_END_ENTRY_FAILED;
	c->end_value = error;
	log_line(v->cpu, LOG_ERROR, "cappsule %u: VM entry failed, error %llu", c->id,
		 (unsigned long long)error);
	hw_wrmsr(IA32_KERNEL_GS_BASE, host_kernel_gs_base[v->cpu]);
	hw_vmptrld(v->vmcs_phys);
	v->running = NULL;
	v->host_regs.gpr[GPR_RAX] = 0;
	v->host_regs.gpr[GPR_RBX] = CAPPSULE_RUN_ENDED;
	vmx_enter_regs(&v->host_regs);
}

unsigned cappsule_alive_count(void)
{
	unsigned i, n = 0;

	for (i = 0; i < CAPPSULE_MAX_CAPPSULES; i++)
		n += __atomic_load_n(&cappsules[i].alive, __ATOMIC_ACQUIRE);
	return n;
}

/* ------------------------------------------------------ info, destroy --- */

int64_t cappsule_info(uint64_t id, struct cappsule_info *out)
{
	const struct cappsule *c = by_id(id);
	unsigned r;

	if (!c)
		return CAPPSULE_E_STATE;
	*out = (struct cappsule_info){
		.id = c->id, .end = c->end, .end_value = c->end_value, .end_rip = c->end_rip,
		.page_limit = c->page_limit, .pages_private = private_pages(c),
		.pages_copied = c->copied, .pages_mapped = c->mapped, .cpu = c->cpu,
	};
	out->exits.cpu = c->cpu;
	out->exits.slots = CAPPSULE_EXIT_SLOTS;
	out->exits.total = c->stats.total;
	for (r = 0; r < EXIT_REASON_COUNT; r++)
		out->exits.count[r] = c->stats.count[r];
	out->exits.count[CAPPSULE_EXIT_SLOT_UNKNOWN] = c->stats.count[EXIT_STAT_UNKNOWN];
	return 0;
}

int64_t cappsule_destroy(struct vcpu *v, uint64_t id)
{
	struct cappsule *c = by_id(id);

	if (!c || c->cpu != v->cpu || v->running == c)
		return CAPPSULE_E_STATE;
	/* Inactive on this CPU, then its pages (VMCS, EPT, copies) go back. */
	hw_vmclear(c->vmcs);
	hw_vmptrld(v->vmcs_phys);
	if (v->mon->controls.proc2 & PROC2_ENABLE_VPID)
		hw_invvpid_single(vpid_of(c));
	hw_invept_single(c->eptp);
	log_line(v->cpu, LOG_INFO, "cappsule %u destroyed: %llu page(s) copied, %llu mapped, %llu exits",
		 c->id, (unsigned long long)c->copied, (unsigned long long)c->mapped,
		 (unsigned long long)c->stats.total);
	release(c);
	return 0;
}
