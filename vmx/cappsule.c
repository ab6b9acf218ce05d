// SPDX-License-Identifier: GPL-2.0-only
/* Cappsule creation, running and ending (see cappsule.h). */
#include "vmx/cappsule.h"

#include "ept/cow.h"
#include "ept/ept.h"
#include "vmx/guest_state.h"
#include "vmx/host_env.h"
#include "vmx/host_pool.h"
#include "vmx/monitor.h"
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
};

static struct cappsule cappsules[CAPPSULE_MAX_CAPPSULES];
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

int64_t cappsule_create(struct vcpu *v, uint64_t page_limit, uint64_t cookie, uint64_t *rbx)
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
	if (!host_pool_page(c->id, &c->vmcs) ||
	    ept_init(&c->ept, ept_table_alloc, ept_phys_identity, c, false, false) != EPT_OK) {
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
	log_line(v->cpu, LOG_INFO, "cappsule %u created (limit %u pages): no page copied",
		 c->id, c->page_limit);
	return 0;
}

/* ---------------------------------------------------------- running --- */

/* This CPU goes back to the host's VMCS, the host's registers in the exit
 * frame, RAX = 0 and RBX = what happened. */
static void back_to_host(struct vcpu *v, struct cappsule *c, uint64_t run_result)
{
	c->regs = *v->regs;
	hw_vmptrld(v->vmcs_phys);
	*v->regs = v->host_regs;
	v->regs->gpr[GPR_RAX] = 0;
	v->regs->gpr[GPR_RBX] = run_result;
	v->running = NULL;
}

static void end(struct cappsule *c, uint32_t why, uint64_t value)
{
	c->end = why;
	c->end_value = value;
	c->end_rip = hw_vmread(GUEST_RIP);
}

int cappsule_run(struct vcpu *v, uint64_t id)
{
	struct cappsule *c = by_id(id);

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
	if (hw_vmread(PIN_BASED_VM_EXEC_CONTROL) & PIN_ACTIVATE_PREEMPTION_TIMER)
		hw_vmwrite(VMX_PREEMPTION_TIMER_VALUE,
			   SLICE_TSC_TICKS >> v->mon->features.preemption_timer_rate);
	*v->regs = c->regs;
	v->running = c;
	if (c->launched)
		return 0;
	c->launched = true;
	return 1;
}

/* ------------------------------------------------------------ exits --- */

static int yield(struct vcpu *v, struct cappsule *c)
{
	back_to_host(v, c, CAPPSULE_RUN_YIELDED);
	return 0;
}

static int finish(struct vcpu *v, struct cappsule *c, uint32_t why, uint64_t value)
{
	end(c, why, value);
	log_line(v->cpu, LOG_INFO, "cappsule %u ended: reason %u, value 0x%llx, rip 0x%llx",
		 c->id, why, (unsigned long long)value, (unsigned long long)c->end_rip);
	back_to_host(v, c, CAPPSULE_RUN_ENDED);
	return 0;
}

static int on_ept_violation(struct vcpu *v, struct cappsule *c)
{
	uint64_t gpa = hw_vmread(GUEST_PHYSICAL_ADDRESS), frame = gpa & ~(PAGE_4K - 1);
	uint64_t hpa, perms, size, src, copy;
	unsigned memtype;
	bool mapped = ept_translate(&c->ept, frame, &hpa, &perms, &memtype, &size);
	struct cow_fault f = {
		.write = (hw_vmread(EXIT_QUALIFICATION) & EPT_QUAL_WRITE) != 0,
		.in_snapshot = snapshot_is_ram(frame),
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

static int on_vmcall(struct vcpu *v, struct cappsule *c)
{
	uint64_t *r = v->regs->gpr;

	if (guest_cpl() != 0 || r[GPR_RAX] != CAPPSULE_CS_HC_EXIT)
		return finish(v, c, CAPPSULE_END_HYPERCALL, r[GPR_RAX]);
	guest_skip_instruction();
	return finish(v, c, CAPPSULE_END_EXITED, r[GPR_RBX]);
}

static bool is_vmx_instruction(uint32_t reason)
{
	return (reason >= EXIT_REASON_VMCLEAR && reason <= EXIT_REASON_VMXON) ||
	       reason == EXIT_REASON_INVEPT || reason == EXIT_REASON_INVVPID ||
	       reason == EXIT_REASON_VMCALL || reason == EXIT_REASON_VMFUNC;
}

int cappsule_exit(struct vcpu *v, uint32_t raw)
{
	struct cappsule *c = v->running;
	uint32_t reason = raw & EXIT_REASON_BASIC_MASK;

	c->stats.total++;
	c->stats.count[reason < EXIT_REASON_COUNT ? reason : EXIT_STAT_UNKNOWN]++;
	if (raw & EXIT_REASON_FAILED_VMENTRY)
		return finish(v, c, CAPPSULE_END_ENTRY_FAILED, reason);
	switch (reason) {
	case EXIT_REASON_EXTERNAL_INTERRUPT:
	case EXIT_REASON_PREEMPTION_TIMER:
		return yield(v, c);
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

void cappsule_entry_failed(struct vcpu *v)
{
	struct cappsule *c = v->running;
	uint64_t error = hw_vmread(VM_INSTRUCTION_ERROR);

	c->end = CAPPSULE_END_ENTRY_FAILED;
	c->end_value = error;
	log_line(v->cpu, LOG_ERROR, "cappsule %u: VM entry failed, error %llu", c->id,
		 (unsigned long long)error);
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
