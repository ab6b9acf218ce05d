// SPDX-License-Identifier: GPL-2.0-only
/* Lending and reclaiming pool chunks (see host_pool.h). */
#include "vmx/host_pool.h"

#include "ept/page_pool.h"
#include "vmx/hypercall_abi.h"
#include "vmx/monitor.h"
#include "vmx/serial_log.h"
#include "vmx/vmx_hw.h"

/*
 * Maps or unmaps a whole chunk in the host's EPT. If the host touched the
 * chunk while it was lent, a 4 KiB table sits there (the decoy mapping):
 * then page by page, which needs no new table.
 */
static enum ept_status set_chunk(struct monitor *m, uint64_t base, uint64_t perms,
				 unsigned memtype)
{
	enum ept_status s = ept_set_page(&m->host_ept, base, base, PAGE_2M, perms, memtype);
	uint64_t off;

	if (s != EPT_ALREADY_MAPPED)
		return s;
	for (off = 0; off < PAGE_2M; off += PAGE_4K) {
		s = ept_set_page(&m->host_ept, base + off, base + off, PAGE_4K, perms, memtype);
		if (s != EPT_OK)
			return s;
	}
	return EPT_OK;
}

/* Every page of the chunk is mapped to itself, RWX, with one memory type. */
static bool chunk_mapped_identity(struct monitor *m, uint64_t base, uint8_t *memtype)
{
	uint64_t off = 0, hpa, perms, size = 0;
	unsigned type, first = 0;

	for (off = 0; off < PAGE_2M; off += size) {
		if (!ept_translate(&m->host_ept, base + off, &hpa, &perms, &type, &size))
			return false;
		if (off == 0)
			first = type;
		if (hpa != base + off || perms != EPT_RWX || type != first)
			return false;
	}
	*memtype = (uint8_t)first;
	return true;
}

int64_t host_pool_lend(struct vcpu *v, const uint64_t *bases, uint32_t n)
{
	struct monitor *m = v->mon;
	uint8_t memtypes[POOL_MAX_CHUNKS];
	int64_t r = 0;
	uint32_t i, done = 0;

	spin_lock(&m->host_ept_lock);
	if (pool_lend_check(&m->pool, bases, n) != POOL_OK)
		r = CAPPSULE_E_INVAL;
	for (i = 0; r == 0 && i < n; i++)
		if (!chunk_mapped_identity(m, bases[i], &memtypes[i]))
			r = CAPPSULE_E_FAULT;
	for (; r == 0 && done < n; done++)
		if (set_chunk(m, bases[done], 0, 0) != EPT_OK)
			r = CAPPSULE_E_RANGE; /* out of EPT table pages */
	if (r != 0) {
		/* Undo what was taken: the host's EPT is as before. */
		for (i = 0; i < done; i++)
			set_chunk(m, bases[i], EPT_RWX, memtypes[i]);
	} else {
		m->host_ept_gen++;
		pool_lend_commit(&m->pool, bases, memtypes, n, m->host_ept_gen);
	}
	spin_unlock(&m->host_ept_lock);
	host_ept_sync(v);
	return r;
}

static void zero_chunk(uint64_t base)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)base;
	uint64_t i;

	for (i = 0; i < PAGE_2M / sizeof(*p); i++)
		p[i] = 0;
}

uint32_t host_pool_reclaim(struct vcpu *v, uint64_t *bases, uint32_t max)
{
	struct monitor *m = v->mon;
	uint8_t memtypes[POOL_MAX_CHUNKS];
	uint32_t n, i;

	if (max > POOL_MAX_CHUNKS)
		max = POOL_MAX_CHUNKS;
	spin_lock(&m->host_ept_lock);
	n = pool_reclaim(&m->pool, bases, memtypes, max);
	for (i = 0; i < n; i++) {
		zero_chunk(bases[i]);
		set_chunk(m, bases[i], EPT_RWX, memtypes[i]);
	}
	if (n)
		m->host_ept_gen++;
	spin_unlock(&m->host_ept_lock);
	host_ept_sync(v);
	return n;
}

void host_ept_sync(struct vcpu *v)
{
	uint64_t gen = __atomic_load_n(&v->mon->host_ept_gen, __ATOMIC_ACQUIRE);

	if (v->host_ept_gen == gen)
		return;
	hw_invept_single(v->mon->host_eptp);
	__atomic_store_n(&v->host_ept_gen, gen, __ATOMIC_RELEASE);
}

uint64_t host_ept_synced_gen(void)
{
	uint64_t min = ~0ull;
	unsigned cpu;

	for (cpu = 0; cpu < the_monitor.cpus_started && cpu < MONITOR_MAX_CPUS; cpu++) {
		uint64_t g = __atomic_load_n(&monitor_vcpu(cpu)->host_ept_gen, __ATOMIC_ACQUIRE);

		if (g < min)
			min = g;
	}
	return min;
}

uint64_t *host_pool_page_locked(uint8_t owner, uint64_t *phys)
{
	uint64_t *p;
	unsigned i;

	if (pool_alloc(&the_monitor.pool, owner, host_ept_synced_gen(), phys) != POOL_OK)
		return NULL;
	p = (uint64_t *)(uintptr_t)*phys;
	for (i = 0; i < PAGE_4K / sizeof(*p); i++)
		p[i] = 0;
	return p;
}

uint64_t *host_pool_page(uint8_t owner, uint64_t *phys)
{
	uint64_t *p;

	spin_lock(&the_monitor.host_ept_lock);
	p = host_pool_page_locked(owner, phys);
	spin_unlock(&the_monitor.host_ept_lock);
	return p;
}

void host_copy_page(uint64_t dst, uint64_t src)
{
	volatile uint64_t *d = (volatile uint64_t *)(uintptr_t)dst;
	const volatile uint64_t *s = (const volatile uint64_t *)(uintptr_t)src;
	unsigned i;

	for (i = 0; i < PAGE_4K / sizeof(*d); i++)
		d[i] = s[i];
}

bool host_pool_owns(uint64_t gpa)
{
	return pool_contains(&the_monitor.pool, gpa);
}
