// SPDX-License-Identifier: GPL-2.0-only
/* The host-kernel snapshot (see snapshot.h). */
#include "vmx/snapshot.h"

#include "ept/ept.h"
#include "vmx/cappsule.h"
#include "vmx/host_pool.h"
#include "vmx/hypercall_abi.h"
#include "vmx/monitor.h"
#include "vmx/serial_log.h"
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx_hw.h"

/* The VMCS guest-state area a cappsule starts from (SDM Vol. 3C, 25.4). */
static const uint32_t guest_state_fields[] = {
	GUEST_ES_SELECTOR, GUEST_CS_SELECTOR, GUEST_SS_SELECTOR, GUEST_DS_SELECTOR,
	GUEST_FS_SELECTOR, GUEST_GS_SELECTOR, GUEST_LDTR_SELECTOR, GUEST_TR_SELECTOR,
	GUEST_IA32_DEBUGCTL, GUEST_IA32_PAT, GUEST_IA32_EFER,
	GUEST_ES_LIMIT, GUEST_CS_LIMIT, GUEST_SS_LIMIT, GUEST_DS_LIMIT, GUEST_FS_LIMIT,
	GUEST_GS_LIMIT, GUEST_LDTR_LIMIT, GUEST_TR_LIMIT, GUEST_GDTR_LIMIT, GUEST_IDTR_LIMIT,
	GUEST_ES_AR_BYTES, GUEST_CS_AR_BYTES, GUEST_SS_AR_BYTES, GUEST_DS_AR_BYTES,
	GUEST_FS_AR_BYTES, GUEST_GS_AR_BYTES, GUEST_LDTR_AR_BYTES, GUEST_TR_AR_BYTES,
	GUEST_INTERRUPTIBILITY_INFO, GUEST_SYSENTER_CS,
	GUEST_CR0, GUEST_CR3, GUEST_CR4,
	GUEST_ES_BASE, GUEST_CS_BASE, GUEST_SS_BASE, GUEST_DS_BASE, GUEST_FS_BASE,
	GUEST_GS_BASE, GUEST_LDTR_BASE, GUEST_TR_BASE, GUEST_GDTR_BASE, GUEST_IDTR_BASE,
	GUEST_DR7, GUEST_RSP, GUEST_RIP, GUEST_RFLAGS, GUEST_PENDING_DBG_EXCEPTIONS,
	GUEST_SYSENTER_ESP, GUEST_SYSENTER_EIP,
};
_Static_assert(sizeof(guest_state_fields) / sizeof(guest_state_fields[0]) <= SNAPSHOT_FIELDS,
	       "snapshot field table");

static struct snapshot_cpu cpu_state;
static struct snapshot_stats stats;
static struct ept preserved;        /* frame -> its preserved copy; pool tables */

/* Tables of the preserved-copy map; host_ept_lock is held wherever it grows. */
static uint64_t *table_from_pool(void *ctx, uint64_t *phys)
{
	(void)ctx;
	return host_pool_page_locked(POOL_OWNER_SNAPSHOT, phys);
}

static enum ept_status protect_host_ram(struct monitor *m, uint64_t perms)
{
	enum ept_status s = EPT_OK;
	uint32_t i;

	for (i = 0; i < m->host_ram.count && s == EPT_OK; i++)
		s = ept_set_perms(&m->host_ept, m->host_ram.range[i].start,
				  m->host_ram.range[i].end, perms);
	m->host_ept_gen++;
	return s;
}

/* Under host_ept_lock. */
static void drop_locked(struct vcpu *v)
{
	struct monitor *m = v->mon;

	if (!stats.valid)
		return;
	protect_host_ram(m, EPT_RWX);
	pool_free_owner(&m->pool, POOL_OWNER_SNAPSHOT);
	stats.valid = false;
	log_line(v->cpu, LOG_INFO, "snapshot dropped: %llu page(s) had been preserved",
		 (unsigned long long)stats.preserved);
}

static void record_cpu(struct vcpu *v)
{
	unsigned i;

	cpu_state.regs = *v->regs;
	cpu_state.fields = sizeof(guest_state_fields) / sizeof(guest_state_fields[0]);
	/* GUEST_RIP is already past the VMCALL (host_exits.c skips it before
	 * any hypercall runs): cappsules resume there, as the host does. */
	for (i = 0; i < cpu_state.fields; i++) {
		cpu_state.field[i] = guest_state_fields[i];
		cpu_state.value[i] = hw_vmread(guest_state_fields[i]);
		/* Blocking by SMI is only valid in SMM, which a snapshot is never
		 * in; Bochs 2.7 may save it (host_exits.c, clear_smi_blocking). */
		if (guest_state_fields[i] == GUEST_INTERRUPTIBILITY_INFO)
			cpu_state.value[i] &= ~BLOCKING_BY_SMI;
	}
}

int64_t snapshot_take(struct vcpu *v)
{
	struct monitor *m = v->mon;
	int64_t r = 0;

	/* Live cappsules map the preserved copies: they must end first. */
	if (cappsule_alive_count())
		return CAPPSULE_E_STATE;
	spin_lock(&m->host_ept_lock);
	drop_locked(v);
	if (ept_init(&preserved, table_from_pool, ept_phys_identity, m, false, false) != EPT_OK) {
		r = CAPPSULE_E_RANGE; /* the pool is empty */
	} else if (protect_host_ram(m, EPT_READ | EPT_EXECUTE) != EPT_OK) {
		protect_host_ram(m, EPT_RWX);
		pool_free_owner(&m->pool, POOL_OWNER_SNAPSHOT);
		r = CAPPSULE_E_RANGE; /* out of EPT table pages */
	} else {
		record_cpu(v);
		stats.valid = true;
		stats.degraded = false;
		stats.taken++;
		stats.preserved = 0;
		stats.host_write_exits = 0;
	}
	spin_unlock(&m->host_ept_lock);
	host_ept_sync(v);
	if (r == 0)
		log_line(v->cpu, LOG_INFO, "snapshot %llu taken at rip 0x%llx, cr3 0x%llx",
			 (unsigned long long)stats.taken,
			 (unsigned long long)hw_vmread(GUEST_RIP),
			 (unsigned long long)hw_vmread(GUEST_CR3));
	return r;
}

int64_t snapshot_drop(struct vcpu *v)
{
	if (cappsule_alive_count())
		return CAPPSULE_E_STATE;
	spin_lock(&v->mon->host_ept_lock);
	drop_locked(v);
	spin_unlock(&v->mon->host_ept_lock);
	host_ept_sync(v);
	return 0;
}

/*
 * The frame's preserved copy, made now if there is none. Under
 * host_ept_lock; the frame is still write-protected for the host, so it
 * holds the snapshot content while it is copied.
 */
static bool ensure_preserved(struct monitor *m, uint64_t frame, uint64_t *copy)
{
	uint64_t perms, size;
	unsigned memtype;

	if (ept_translate(&preserved, frame, copy, &perms, &memtype, &size))
		return true;
	if (pool_alloc(&m->pool, POOL_OWNER_SNAPSHOT, host_ept_synced_gen(), copy) != POOL_OK)
		return false;
	host_copy_page(*copy, frame);
	if (ept_map_page(&preserved, frame, *copy, EPT_READ | EPT_EXECUTE,
			 EPT_MEMTYPE_WB) != EPT_OK) {
		pool_free(&m->pool, POOL_OWNER_SNAPSHOT, *copy);
		return false;
	}
	stats.preserved++;
	return true;
}

/* Copies the page's snapshot content aside and lets the host write. */
static bool preserve(struct monitor *m, uint64_t frame)
{
	uint64_t copy, hpa, perms, size;
	unsigned memtype;

	if (!ept_translate(&m->host_ept, frame, &hpa, &perms, &memtype, &size))
		return false;
	if (!ensure_preserved(m, frame, &copy))
		return false;
	return ept_set_page(&m->host_ept, frame, frame, PAGE_4K, EPT_RWX, memtype) == EPT_OK;
}

/* The frame is about to change (a host write, or the monitor's own write
 * into host memory): its snapshot content goes aside first. */
static void frame_written(struct vcpu *v, uint64_t frame)
{
	struct monitor *m = v->mon;
	bool ok;

	spin_lock(&m->host_ept_lock);
	/* Degraded: the host's RAM is all writable again; a stale TLB entry
	 * from before is all this can be. */
	ok = stats.degraded || preserve(m, frame);
	if (!ok && cappsule_alive_count()) {
		/* Cappsules map preserved copies: keep those, give the host all
		 * its RAM back, and preserve nothing new (snapshot_frame). */
		log_line(v->cpu, LOG_WARN, "snapshot: cannot preserve 0x%llx (pool or EPT tables exhausted): degraded, no new frames for cappsules",
			 (unsigned long long)frame);
		stats.degraded = true;
		protect_host_ram(m, EPT_RWX);
	} else if (!ok) {
		log_line(v->cpu, LOG_WARN, "snapshot: cannot preserve 0x%llx (pool or EPT tables exhausted): dropped",
			 (unsigned long long)frame);
		drop_locked(v);
	}
	spin_unlock(&m->host_ept_lock);
	hw_invept_single(m->host_eptp);
}

static bool protected_frame(const struct monitor *m, uint64_t frame)
{
	return stats.valid && !host_pool_owns(frame) &&
	       ram_map_contains(&m->host_ram, frame, PAGE_4K);
}

bool snapshot_host_write(struct vcpu *v, uint64_t gpa, uint64_t qual)
{
	uint64_t frame = gpa & ~(PAGE_4K - 1);

	if (!(qual & EPT_QUAL_WRITE) || !protected_frame(v->mon, frame))
		return false;
	stats.host_write_exits++;
	frame_written(v, frame);
	return true;
}

/* Already preserved (or degraded): nothing to do, no lock, no flush. A
 * frame only ever goes from read-only to writable under a snapshot. */
static bool host_may_write(struct monitor *m, uint64_t frame)
{
	uint64_t hpa, perms, size;
	unsigned memtype;

	return ept_translate(&m->host_ept, frame, &hpa, &perms, &memtype, &size) &&
	       (perms & EPT_WRITE);
}

void snapshot_before_monitor_write(struct vcpu *v, uint64_t gpa, uint64_t len)
{
	uint64_t frame = gpa & ~(PAGE_4K - 1), end = gpa + len;

	/* Checked ranges only (hc_range_ok): no wrap-around. */
	for (; len && frame < end; frame += PAGE_4K)
		if (protected_frame(v->mon, frame) && !host_may_write(v->mon, frame))
			frame_written(v, frame);
}

bool snapshot_is_ram(uint64_t gpa)
{
	uint64_t frame = gpa & ~(PAGE_4K - 1);

	return stats.valid && !host_pool_owns(frame) &&
	       ram_map_contains(&the_monitor.host_ram, frame, PAGE_4K);
}

bool snapshot_frame(uint64_t gpa, uint64_t *hpa)
{
	struct monitor *m = &the_monitor;
	bool ok;

	uint64_t perms, size;
	unsigned memtype;

	if (!snapshot_is_ram(gpa))
		return false;
	spin_lock(&m->host_ept_lock);
	if (stats.degraded) /* the host writes freely: only old copies hold */
		ok = ept_translate(&preserved, gpa & ~(PAGE_4K - 1), hpa, &perms, &memtype, &size);
	else
		ok = ensure_preserved(m, gpa & ~(PAGE_4K - 1), hpa);
	spin_unlock(&m->host_ept_lock);
	return ok;
}

const struct snapshot_cpu *snapshot_cpu_state(void)
{
	return &cpu_state;
}

struct snapshot_stats snapshot_stats(void)
{
	return stats;
}
