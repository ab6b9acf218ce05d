/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Extended page tables (SDM Vol. 3C, 29.3): 4-level tables whose entries
 * carry read/write/execute permissions and, in leaves, the memory type.
 * The monitor holds every EPT; this is the pure code that builds and walks
 * them. Page-table pages come from a caller-supplied allocator, so the unit
 * tests run it on the host.
 */
#ifndef CAPPSULE_EPT_EPT_H
#define CAPPSULE_EPT_EPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EPT_READ        (1ull << 0)
#define EPT_WRITE       (1ull << 1)
#define EPT_EXECUTE     (1ull << 2)
#define EPT_RWX         (EPT_READ | EPT_WRITE | EPT_EXECUTE)
#define EPT_MEMTYPE_SHIFT 3          /* leaf entries, bits 5:3 */
#define EPT_IGNORE_PAT  (1ull << 6)
#define EPT_LARGE_PAGE  (1ull << 7)  /* PDPTE (1 GiB) or PDE (2 MiB) leaf */
#define EPT_ADDR_MASK   0x000ffffffffff000ull

#define EPT_MEMTYPE_UC 0
#define EPT_MEMTYPE_WC 1
#define EPT_MEMTYPE_WT 4
#define EPT_MEMTYPE_WP 5
#define EPT_MEMTYPE_WB 6

#define EPT_MAX_GPA (1ull << 48)     /* reach of a 4-level walk */
#define PAGE_4K (1ull << 12)
#define PAGE_2M (1ull << 21)
#define PAGE_1G (1ull << 30)

/* EPT-violation exit qualification (SDM Vol. 3C, table 28-7). */
#define EPT_QUAL_READ   (1ull << 0)
#define EPT_QUAL_WRITE  (1ull << 1)
#define EPT_QUAL_FETCH  (1ull << 2)

/* Returns a zeroed, 4 KiB aligned page and its physical address, or NULL. */
typedef uint64_t *(*ept_page_alloc)(void *ctx, uint64_t *phys);
/* Physical address of a table -> pointer the code can use. */
typedef uint64_t *(*ept_phys_to_virt)(void *ctx, uint64_t phys);

/* The ept_phys_to_virt of code that runs identity-mapped (the monitor). */
uint64_t *ept_phys_identity(void *ctx, uint64_t phys);

struct ept {
	uint64_t *pml4;
	uint64_t pml4_phys;
	ept_page_alloc alloc;
	ept_phys_to_virt to_virt;
	void *ctx;
	bool allow_1g;       /* IA32_VMX_EPT_VPID_CAP bit 17 */
	bool allow_2m;       /* bit 16 */
	unsigned tables;     /* table pages allocated, the PML4 included */
	uint64_t leaves[3];  /* mapped leaves by size: [0] 4K, [1] 2M, [2] 1G */
};

/* One span of guest-physical space and how to map it. perms 0: not mapped. */
struct ept_range {
	uint64_t start, end;  /* [start, end), 4 KiB aligned */
	uint64_t perms;       /* EPT_READ | EPT_WRITE | EPT_EXECUTE */
	unsigned memtype;     /* EPT_MEMTYPE_* */
};

enum ept_status {
	EPT_OK,
	EPT_NO_MEMORY,
	EPT_BAD_RANGE,     /* unaligned, empty, beyond 2^48, bad perms/type */
	EPT_OVERLAP,       /* ranges not sorted or overlapping */
	EPT_ALREADY_MAPPED,
};

enum ept_status ept_init(struct ept *ept, ept_page_alloc alloc,
			 ept_phys_to_virt to_virt, void *ctx,
			 bool allow_2m, bool allow_1g);

/* Maps [start, end) to itself with the largest pages that fit. */
enum ept_status ept_map_identity(struct ept *ept, uint64_t start, uint64_t end,
				 uint64_t perms, unsigned memtype);

/* Maps one 4 KiB page gpa -> hpa (both aligned), splitting nothing: fails
 * with EPT_ALREADY_MAPPED if a leaf already covers gpa. */
enum ept_status ept_map_page(struct ept *ept, uint64_t gpa, uint64_t hpa,
			     uint64_t perms, unsigned memtype);

/*
 * Sets the mapping of one page of size PAGE_4K or PAGE_2M at gpa to hpa
 * (perms 0: not present), whatever was there. A larger leaf that covers gpa
 * is first split into next-level entries that keep its mapping and
 * attributes, so only this page changes. The caller flushes the TLBs.
 */
enum ept_status ept_set_page(struct ept *ept, uint64_t gpa, uint64_t hpa, uint64_t size,
			     uint64_t perms, unsigned memtype);

/*
 * Sets the permissions of every mapped page in [start, end) (4 KiB
 * aligned) to perms (non-zero), splitting leaves that straddle an edge.
 * Unmapped spans stay unmapped. The caller flushes the TLBs. On
 * EPT_NO_MEMORY part of the range may already have changed.
 */
enum ept_status ept_set_perms(struct ept *ept, uint64_t start, uint64_t end, uint64_t perms);

/*
 * Builds an identity map from sorted, non-overlapping ranges. Spans with
 * perms 0 (the monitor's own memory, say) stay unmapped. All ranges are
 * checked before anything is mapped; a failure after that (out of table
 * pages) leaves a partial map, which the caller discards: the monitor does
 * not start on a half-built EPT.
 */
enum ept_status ept_build_identity(struct ept *ept, const struct ept_range *r,
				   size_t n);

/* Walks the tables for gpa. Returns false if unmapped; else the leaf's
 * host-physical address for gpa, permissions, memory type and page size. */
bool ept_translate(const struct ept *ept, uint64_t gpa, uint64_t *hpa,
		   uint64_t *perms, unsigned *memtype, uint64_t *page_size);

/* EPT pointer for the VMCS: WB paging structures, 4-level walk. */
uint64_t ept_pointer(const struct ept *ept);

#endif /* CAPPSULE_EPT_EPT_H */
