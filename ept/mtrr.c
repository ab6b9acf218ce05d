// SPDX-License-Identifier: GPL-2.0-only
/* MTRR decoding into identity-map ranges (see mtrr.h). */
#include "ept/mtrr.h"

#define ONE_MIB 0x100000ull
/* 4 fixed points + 8 + 16 + 65 fixed-MTRR bounds + 2 per variable MTRR */
#define MAX_BOUNDS (4 + 8 + 16 + 65 + 2 * MTRR_MAX_VARIABLE)

static unsigned var_count(const struct mtrr_state *s)
{
	unsigned n = (unsigned)(s->cap & MTRRCAP_VCNT_MASK);

	return n > MTRR_MAX_VARIABLE ? MTRR_MAX_VARIABLE : n;
}

static uint64_t addr_mask(const struct mtrr_state *s)
{
	return ((1ull << s->phys_bits) - 1) & ~0xfffull;
}

bool mtrr_read(struct mtrr_state *s, unsigned phys_bits, mtrr_msr_reader rd, void *ctx)
{
	static const uint32_t fixed_msrs[MTRR_FIXED_COUNT] = {
		IA32_MTRR_FIX64K_00000, IA32_MTRR_FIX16K_80000, IA32_MTRR_FIX16K_A0000,
		0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f,
	};
	unsigned i;

	*s = (struct mtrr_state){ .phys_bits = phys_bits };
	if (!rd(ctx, IA32_MTRRCAP, &s->cap) || !rd(ctx, IA32_MTRR_DEF_TYPE, &s->def_type))
		return false;
	if (s->cap & MTRRCAP_FIX)
		for (i = 0; i < MTRR_FIXED_COUNT; i++)
			if (!rd(ctx, fixed_msrs[i], &s->fixed[i]))
				return false;
	for (i = 0; i < var_count(s); i++)
		if (!rd(ctx, IA32_MTRR_PHYSBASE0 + 2 * i, &s->base[i]) ||
		    !rd(ctx, IA32_MTRR_PHYSBASE0 + 2 * i + 1, &s->mask[i]))
			return false;
	return true;
}

/* Type from the fixed MTRRs for addr < 1 MiB. */
static unsigned fixed_type(const struct mtrr_state *s, uint64_t addr)
{
	unsigned msr, sub;

	if (addr < 0x80000) {
		msr = 0;
		sub = (unsigned)(addr >> 16);
	} else if (addr < 0xc0000) {
		msr = 1 + (unsigned)((addr - 0x80000) >> 17);
		sub = (unsigned)((addr >> 14) & 7);
	} else {
		msr = 3 + (unsigned)((addr - 0xc0000) >> 15);
		sub = (unsigned)((addr >> 12) & 7);
	}
	return (unsigned)((s->fixed[msr] >> (8 * sub)) & 0xff);
}

unsigned mtrr_type_at(const struct mtrr_state *s, uint64_t addr)
{
	unsigned i, found = 0, first = 0, t;
	bool uc = false, same = true, wt_wb_only = true;

	if (!(s->def_type & MTRR_DEF_E))
		return EPT_MEMTYPE_UC;
	if (addr < ONE_MIB && (s->def_type & MTRR_DEF_FE) && (s->cap & MTRRCAP_FIX))
		return fixed_type(s, addr);
	for (i = 0; i < var_count(s); i++) {
		uint64_t m = s->mask[i] & addr_mask(s);

		if (!(s->mask[i] & MTRR_PHYSMASK_VALID) ||
		    (addr & m) != (s->base[i] & m))
			continue;
		t = (unsigned)(s->base[i] & 0xff);
		if (!found++)
			first = t;
		same &= t == first;
		uc |= t == EPT_MEMTYPE_UC;
		wt_wb_only &= t == EPT_MEMTYPE_WT || t == EPT_MEMTYPE_WB;
	}
	if (!found)
		return (unsigned)(s->def_type & MTRR_DEF_TYPE_MASK);
	if (same)
		return first;
	/* Overlapping ranges of different types: UC wins, WT beats WB; the SDM
	 * leaves every other mix undefined, and we take the safe answer. */
	if (uc)
		return EPT_MEMTYPE_UC;
	return wt_wb_only ? EPT_MEMTYPE_WT : EPT_MEMTYPE_UC;
}

static bool type_ok(uint64_t t)
{
	return t == EPT_MEMTYPE_UC || t == EPT_MEMTYPE_WC || t == EPT_MEMTYPE_WT ||
	       t == EPT_MEMTYPE_WP || t == EPT_MEMTYPE_WB;
}

/* A variable range's span [start, end); false if its mask is not contiguous. */
static bool var_span(const struct mtrr_state *s, unsigned i, uint64_t *start,
		     uint64_t *end)
{
	uint64_t m = s->mask[i] & addr_mask(s);
	uint64_t size = (~m & addr_mask(s)) + 0x1000;

	if (m == 0 || (size & (size - 1)))
		return false; /* the ones of the mask are not contiguous */
	*start = s->base[i] & m;
	*end = *start + size;
	return true;
}

static void add_bound(uint64_t *b, unsigned *n, uint64_t v, uint64_t limit)
{
	if (v <= limit && *n < MAX_BOUNDS)
		b[(*n)++] = v;
}

static void sort_unique(uint64_t *b, unsigned *n)
{
	unsigned i, j, k = 0;

	for (i = 1; i < *n; i++)
		for (j = i; j > 0 && b[j - 1] > b[j]; j--) {
			uint64_t t = b[j];

			b[j] = b[j - 1];
			b[j - 1] = t;
		}
	for (i = 0; i < *n; i++)
		if (k == 0 || b[k - 1] != b[i])
			b[k++] = b[i];
	*n = k;
}

/* Every address where the type or the permission can change. */
static enum mtrr_status collect_bounds(const struct mtrr_state *s, uint64_t hs,
				       uint64_t he, uint64_t top, uint64_t *b,
				       unsigned *n)
{
	uint64_t a, start, end;
	unsigned i;

	*n = 0;
	add_bound(b, n, 0, top);
	add_bound(b, n, top, top);
	add_bound(b, n, hs, top);
	add_bound(b, n, he, top);
	for (a = 0; a < 0x80000; a += 0x10000)
		add_bound(b, n, a, top);
	for (a = 0x80000; a < 0xc0000; a += 0x4000)
		add_bound(b, n, a, top);
	for (a = 0xc0000; a <= ONE_MIB; a += 0x1000)
		add_bound(b, n, a, top);
	for (i = 0; i < var_count(s); i++) {
		if (!(s->mask[i] & MTRR_PHYSMASK_VALID))
			continue;
		if (!type_ok(s->base[i] & 0xff) || !var_span(s, i, &start, &end))
			return MTRR_BAD_STATE;
		add_bound(b, n, start, top);
		add_bound(b, n, end < top ? end : top, top);
	}
	sort_unique(b, n);
	return MTRR_OK;
}

enum mtrr_status mtrr_identity_ranges(const struct mtrr_state *s,
				      uint64_t hole_start, uint64_t hole_end,
				      struct ept_range *out, size_t *n)
{
	uint64_t b[MAX_BOUNDS], top;
	size_t cap = *n, count = 0;
	enum mtrr_status st;
	unsigned nb, i;

	if (s->phys_bits < 32 || s->phys_bits > 48 ||
	    !type_ok(s->def_type & MTRR_DEF_TYPE_MASK))
		return MTRR_BAD_STATE;
	top = 1ull << s->phys_bits;
	st = collect_bounds(s, hole_start, hole_end, top, b, &nb);
	if (st != MTRR_OK)
		return st;
	for (i = 0; i + 1 < nb; i++) {
		uint64_t perms = (b[i] >= hole_start && b[i] < hole_end) ? 0 : EPT_RWX;
		unsigned t = mtrr_type_at(s, b[i]);

		if (count && out[count - 1].end == b[i] && out[count - 1].perms == perms &&
		    out[count - 1].memtype == t) {
			out[count - 1].end = b[i + 1];
			continue;
		}
		if (count == cap)
			return MTRR_TOO_MANY_RANGES;
		out[count++] = (struct ept_range){ b[i], b[i + 1], perms, t };
	}
	*n = count;
	return MTRR_OK;
}
