// SPDX-License-Identifier: GPL-2.0-only
/*
 * Identity EPT for the trusted host: all of RAM and MMIO mapped to itself,
 * with the memory types the firmware's MTRRs gave (with EPT the guest's
 * MTRRs are not consulted, so the leaves must carry them), and the monitor's
 * own memory left out. Large pages keep the tables small and the TLB warm.
 */
#include "ept/ept.h"

#define EPT_LEVELS 4
#define ENTRIES 512

static unsigned index_at(uint64_t gpa, int level)
{
	/* level 3 = PML4, 2 = PDPT, 1 = PD, 0 = PT */
	return (unsigned)((gpa >> (12 + 9 * level)) & (ENTRIES - 1));
}

static uint64_t level_size(int level)
{
	return 1ull << (12 + 9 * level);
}

enum ept_status ept_init(struct ept *ept, ept_page_alloc alloc,
			 ept_phys_to_virt to_virt, void *ctx,
			 bool allow_2m, bool allow_1g)
{
	*ept = (struct ept){
		.alloc = alloc, .to_virt = to_virt, .ctx = ctx,
		.allow_2m = allow_2m, .allow_1g = allow_1g,
	};
	ept->pml4 = alloc(ctx, &ept->pml4_phys);
	if (!ept->pml4)
		return EPT_NO_MEMORY;
	ept->tables = 1;
	return EPT_OK;
}

/* Returns the next-level table under entry *e, allocating it if absent. */
static uint64_t *next_table(struct ept *ept, uint64_t *e)
{
	uint64_t phys;
	uint64_t *t;

	if (*e & EPT_LARGE_PAGE)
		return NULL; /* a leaf is already there */
	if (*e & EPT_RWX)
		return ept->to_virt(ept->ctx, *e & EPT_ADDR_MASK);
	t = ept->alloc(ept->ctx, &phys);
	if (!t)
		return NULL;
	ept->tables++;
	/* Non-leaf entries grant everything; leaves decide. */
	*e = (phys & EPT_ADDR_MASK) | EPT_RWX;
	return t;
}

static bool large_ok(const struct ept *ept, int level)
{
	return (level == 2 && ept->allow_1g) || (level == 1 && ept->allow_2m);
}

/* Largest level whose page is aligned at gpa and fits before end. */
static int leaf_level(const struct ept *ept, uint64_t gpa, uint64_t end)
{
	int level;

	for (level = 2; level > 0; level--)
		if (large_ok(ept, level) && gpa % level_size(level) == 0 &&
		    end - gpa >= level_size(level))
			return level;
	return 0;
}

static enum ept_status map_one(struct ept *ept, uint64_t gpa, uint64_t hpa,
			       int leaf, uint64_t perms, unsigned memtype)
{
	uint64_t *table = ept->pml4;
	int level;

	for (level = EPT_LEVELS - 1; level > leaf; level--) {
		uint64_t *e = &table[index_at(gpa, level)];

		if (*e & EPT_LARGE_PAGE)
			return EPT_ALREADY_MAPPED;
		table = next_table(ept, e);
		if (!table)
			return EPT_NO_MEMORY;
	}
	if (table[index_at(gpa, leaf)] & EPT_RWX)
		return EPT_ALREADY_MAPPED;
	table[index_at(gpa, leaf)] = hpa | perms |
		(uint64_t)memtype << EPT_MEMTYPE_SHIFT |
		(leaf ? EPT_LARGE_PAGE : 0);
	ept->leaves[leaf]++;
	return EPT_OK;
}

static bool memtype_ok(unsigned t)
{
	return t == EPT_MEMTYPE_UC || t == EPT_MEMTYPE_WC || t == EPT_MEMTYPE_WT ||
	       t == EPT_MEMTYPE_WP || t == EPT_MEMTYPE_WB;
}

static enum ept_status check_range(const struct ept_range *r)
{
	if (r->start >= r->end || r->start % PAGE_4K || r->end % PAGE_4K ||
	    r->end > EPT_MAX_GPA || (r->perms & ~EPT_RWX) || !memtype_ok(r->memtype))
		return EPT_BAD_RANGE;
	/* Write without read is a misconfiguration (SDM 29.3.3.1). */
	if ((r->perms & EPT_WRITE) && !(r->perms & EPT_READ))
		return EPT_BAD_RANGE;
	return EPT_OK;
}

enum ept_status ept_map_identity(struct ept *ept, uint64_t start, uint64_t end,
				 uint64_t perms, unsigned memtype)
{
	const struct ept_range r = { start, end, perms, memtype };
	enum ept_status s = check_range(&r);
	uint64_t gpa;

	if (s != EPT_OK || perms == 0)
		return perms == 0 ? EPT_BAD_RANGE : s;
	for (gpa = start; gpa < end; gpa += level_size(leaf_level(ept, gpa, end))) {
		s = map_one(ept, gpa, gpa, leaf_level(ept, gpa, end), perms, memtype);
		if (s != EPT_OK)
			return s;
	}
	return EPT_OK;
}

enum ept_status ept_map_page(struct ept *ept, uint64_t gpa, uint64_t hpa,
			     uint64_t perms, unsigned memtype)
{
	const struct ept_range r = { gpa, gpa + PAGE_4K, perms, memtype };

	if (check_range(&r) != EPT_OK || perms == 0 || hpa % PAGE_4K ||
	    hpa >= EPT_MAX_GPA)
		return EPT_BAD_RANGE;
	return map_one(ept, gpa, hpa, 0, perms, memtype);
}

enum ept_status ept_build_identity(struct ept *ept, const struct ept_range *r,
				   size_t n)
{
	enum ept_status s;
	size_t i;

	for (i = 0; i < n; i++) {
		s = check_range(&r[i]);
		if (s != EPT_OK)
			return s;
		if (i && r[i].start < r[i - 1].end)
			return EPT_OVERLAP;
	}
	for (i = 0; i < n; i++) {
		if (!r[i].perms)
			continue;
		s = ept_map_identity(ept, r[i].start, r[i].end, r[i].perms, r[i].memtype);
		if (s != EPT_OK)
			return s;
	}
	return EPT_OK;
}

/*
 * Replaces the large leaf *e at level by a next-level table mapping the
 * same span with the same attributes (permissions, memory type, ignore-PAT).
 */
static uint64_t *split_leaf(struct ept *ept, uint64_t *e, int level)
{
	uint64_t child = level_size(level - 1), phys, attrs, base;
	uint64_t *t = ept->alloc(ept->ctx, &phys);
	unsigned i;

	if (!t)
		return NULL;
	ept->tables++;
	attrs = *e & ~EPT_ADDR_MASK & ~EPT_LARGE_PAGE;
	base = *e & EPT_ADDR_MASK & ~(level_size(level) - 1);
	for (i = 0; i < ENTRIES; i++)
		t[i] = (base + i * child) | attrs | (level - 1 > 0 ? EPT_LARGE_PAGE : 0);
	ept->leaves[level]--;
	ept->leaves[level - 1] += ENTRIES;
	*e = (phys & EPT_ADDR_MASK) | EPT_RWX;
	return t;
}

/* The table under *e at level, made if absent, split out of a leaf if one
 * is there. */
static uint64_t *table_for_set(struct ept *ept, uint64_t *e, int level)
{
	if ((*e & EPT_RWX) && (*e & EPT_LARGE_PAGE))
		return split_leaf(ept, e, level);
	return next_table(ept, e);
}

enum ept_status ept_set_page(struct ept *ept, uint64_t gpa, uint64_t hpa, uint64_t size,
			     uint64_t perms, unsigned memtype)
{
	int leaf = size == PAGE_2M ? 1 : 0;
	uint64_t *table = ept->pml4, *e;
	int level;

	if ((size != PAGE_4K && size != PAGE_2M) || (leaf && !ept->allow_2m) ||
	    gpa % size || hpa % size || gpa >= EPT_MAX_GPA || hpa >= EPT_MAX_GPA ||
	    (perms & ~EPT_RWX) || (perms && !memtype_ok(memtype)))
		return EPT_BAD_RANGE;
	for (level = EPT_LEVELS - 1; level > leaf; level--) {
		table = table_for_set(ept, &table[index_at(gpa, level)], level);
		if (!table)
			return EPT_NO_MEMORY;
	}
	e = &table[index_at(gpa, leaf)];
	if (leaf && (*e & EPT_RWX) && !(*e & EPT_LARGE_PAGE))
		return EPT_ALREADY_MAPPED; /* a 4 KiB table is there: not ours to drop */
	if (*e & EPT_RWX)
		ept->leaves[leaf]--;
	*e = perms ? hpa | perms | (uint64_t)memtype << EPT_MEMTYPE_SHIFT |
		     (leaf ? EPT_LARGE_PAGE : 0) : 0;
	if (perms)
		ept->leaves[leaf]++;
	return EPT_OK;
}

static enum ept_status perms_in_table(struct ept *ept, uint64_t *table, int level,
				       uint64_t base, uint64_t start, uint64_t end,
				       uint64_t perms)
{
	uint64_t size = level_size(level);
	unsigned i;

	for (i = 0; i < ENTRIES; i++) {
		uint64_t lo = base + i * size, hi = lo + size, *e = &table[i], *t;
		enum ept_status s;

		if (hi <= start || lo >= end || !(*e & EPT_RWX))
			continue;
		if (level == 0 || (*e & EPT_LARGE_PAGE)) {
			if (lo >= start && hi <= end) {
				*e = (*e & ~EPT_RWX) | perms;
				continue;
			}
			t = split_leaf(ept, e, level); /* straddles an edge */
		} else {
			t = ept->to_virt(ept->ctx, *e & EPT_ADDR_MASK);
		}
		if (!t)
			return EPT_NO_MEMORY;
		s = perms_in_table(ept, t, level - 1, lo, start, end, perms);
		if (s != EPT_OK)
			return s;
	}
	return EPT_OK;
}

enum ept_status ept_set_perms(struct ept *ept, uint64_t start, uint64_t end, uint64_t perms)
{
	if (start % PAGE_4K || end % PAGE_4K || start >= end || end > EPT_MAX_GPA ||
	    perms == 0 || (perms & ~EPT_RWX))
		return EPT_BAD_RANGE;
	return perms_in_table(ept, ept->pml4, EPT_LEVELS - 1, 0, start, end, perms);
}

bool ept_translate(const struct ept *ept, uint64_t gpa, uint64_t *hpa,
		   uint64_t *perms, unsigned *memtype, uint64_t *page_size)
{
	const uint64_t *table = ept->pml4;
	int level;

	if (gpa >= EPT_MAX_GPA)
		return false;
	for (level = EPT_LEVELS - 1; level >= 0; level--) {
		uint64_t e = table[index_at(gpa, level)];

		if (!(e & EPT_RWX))
			return false;
		if (level == 0 || (e & EPT_LARGE_PAGE)) {
			uint64_t size = level_size(level);

			*hpa = (e & EPT_ADDR_MASK & ~(size - 1)) | (gpa & (size - 1));
			*perms = e & EPT_RWX;
			*memtype = (unsigned)((e >> EPT_MEMTYPE_SHIFT) & 7);
			*page_size = size;
			return true;
		}
		table = ept->to_virt(ept->ctx, e & EPT_ADDR_MASK);
	}
	return false;
}

uint64_t *ept_phys_identity(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)phys;
}

uint64_t ept_pointer(const struct ept *ept)
{
	/* bits 2:0 memory type of the tables, 5:3 walk length - 1 */
	return (ept->pml4_phys & EPT_ADDR_MASK) | EPT_MEMTYPE_WB |
	       (uint64_t)(EPT_LEVELS - 1) << 3;
}
