/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a cappsule's EPT violation calls for. A cappsule's EPT starts empty:
 * a read or fetch maps the frame's snapshot content read-only (shared by
 * all cappsules), a write copies it into a private pool page mapped
 * read-write, anything outside the snapshot's RAM ends the cappsule. Pure.
 */
#ifndef CAPPSULE_EPT_COW_H
#define CAPPSULE_EPT_COW_H

#include <stdbool.h>
#include <stdint.h>

struct cow_fault {
	bool write;            /* the access was a write */
	bool in_snapshot;      /* the frame is snapshot RAM */
	bool mapped_shared;    /* already mapped read-only to the snapshot */
	bool mapped_private;   /* already mapped to its own copy */
	uint32_t pages;        /* private pages the cappsule owns */
	uint32_t limit;        /* how many it may own */
};

enum cow_action {
	COW_MAP_SHARED,        /* map the snapshot content read/execute */
	COW_COPY_PRIVATE,      /* copy into a new pool page, map it RWX */
	COW_RETRY,             /* mapped already (a stale TLB entry): flush, resume */
	COW_KILL_OUTSIDE,      /* not its memory: MMIO, APIC, beyond RAM */
	COW_KILL_LIMIT,        /* over its page limit */
};

enum cow_action cow_decide(const struct cow_fault *f);

#endif /* CAPPSULE_EPT_COW_H */
