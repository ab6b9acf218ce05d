/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The monitor's side of the page pool (ept/page_pool.h): chunks the host
 * lends leave the host's EPT, chunks it reclaims come back zeroed. Every
 * change to the host's EPT bumps a generation; each CPU flushes its EPT
 * TLB when it sees a new one (on its next exit, or at CAPPSULE_HC_EPT_SYNC),
 * and pool pages are handed out only once all CPUs have.
 */
#ifndef CAPPSULE_VMX_HOST_POOL_H
#define CAPPSULE_VMX_HOST_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "vmx/vcpu.h"

/* bases[] is the monitor's own copy, already checked to be host RAM. Takes
 * the chunks out of the host's EPT; all or nothing. 0 or CAPPSULE_E_*. */
int64_t host_pool_lend(struct vcpu *v, const uint64_t *bases, uint32_t n);

/* Returns up to max wholly free chunks, zeroed and mapped back; how many. */
uint32_t host_pool_reclaim(struct vcpu *v, uint64_t *bases, uint32_t max);

/* Flushes this CPU's host-EPT TLB if the generation moved on. */
void host_ept_sync(struct vcpu *v);

/* The generation every started CPU has flushed. */
uint64_t host_ept_synced_gen(void);

/* A zeroed pool page for owner, from a chunk every CPU has synced; NULL if
 * there is none. The _locked form is for callers holding host_ept_lock. */
uint64_t *host_pool_page(uint8_t owner, uint64_t *phys);
uint64_t *host_pool_page_locked(uint8_t owner, uint64_t *phys);

/* Copies one 4 KiB page, physical to physical (the monitor is identity-mapped). */
void host_copy_page(uint64_t dst, uint64_t src);

/* The host touched a lent chunk: true if gpa is in the pool (the caller
 * then treats it as it treats monitor memory). */
bool host_pool_owns(uint64_t gpa);

#endif /* CAPPSULE_VMX_HOST_POOL_H */
