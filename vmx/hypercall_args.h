/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking what the host passes with a hypercall, before the monitor acts
 * on it. Pure code: the monitor, the unit tests and the fuzzer run the same
 * functions. The caller copies the argument block out of guest memory once
 * and hands only that copy in, so nothing here reads guest memory.
 */
#ifndef CAPPSULE_VMX_HYPERCALL_ARGS_H
#define CAPPSULE_VMX_HYPERCALL_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "ept/page_pool.h"
#include "ept/ram_map.h"
#include "vmx/hypercall_abi.h"

/* What the host may name: its RAM, minus the monitor and the chunks it lent
 * to the pool, below what the monitor's own page tables reach. */
struct hc_bounds {
	const struct ram_map *ram;
	uint64_t monitor_base, monitor_size;
	uint64_t reach;          /* guest-physical addresses at or above: refused */
	uint32_t cpus_started;   /* CAPPSULE_HC_STATS: arg[0] below this */
	const struct page_pool *pool; /* lent chunks: not the host's any more (may be NULL) */
};

/* How one hypercall uses the argument block. */
struct hc_spec {
	bool takes_args;         /* RBX holds the block's address */
	uint64_t buf_min, buf_max; /* accepted buf_size (both 0: no buffer) */
	uint64_t buf_unit;       /* buf_size is a multiple of it (0: any) */
	uint8_t args_used;       /* arg[0 .. args_used-1] are meaningful */
	bool buf_optional;       /* buf_gpa = buf_size = 0 means "none" */
};

/* The spec of hypercall nr; NULL for an unknown number. */
const struct hc_spec *hc_spec_of(uint64_t nr);

/* Is [gpa, gpa + len) host RAM the monitor may touch? */
bool hc_range_ok(const struct hc_bounds *b, uint64_t gpa, uint64_t len);

/* The block's address (RBX): aligned, host RAM, not the monitor.
 * 0 or CAPPSULE_E_FAULT. */
int64_t hc_check_args_gpa(const struct hc_bounds *b, uint64_t gpa);

/* The copied block against the call's spec: 0 or a CAPPSULE_E_* code. */
int64_t hc_check_args(const struct hc_bounds *b, uint64_t nr,
		      const struct cappsule_hc_args *a);

/* CAPPSULE_HC_POOL_LEND's list, copied: every chunk 2 MiB aligned and
 * wholly host RAM outside the monitor. 0 or CAPPSULE_E_FAULT. */
int64_t hc_check_chunks(const struct hc_bounds *b, const uint64_t *bases, uint32_t n);

#endif /* CAPPSULE_VMX_HYPERCALL_ARGS_H */
