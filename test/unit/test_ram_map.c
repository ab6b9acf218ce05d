// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the host RAM allow-list (ept/ram_map.c): merging of
 * overlapping and adjacent ranges, splitting on removal (fail closed when
 * full), the containment test's edges, rebuilding from untrusted input, and
 * a randomized differential test against a bitmap model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test/unit/test_rng.h"

#include "ept/ram_map.h"

/* Sorted, non-empty, disjoint and non-adjacent (adjacent ranges merge). */
static void check_invariants(const struct ram_map *m)
{
	uint32_t i;

	assert_true(m->count <= RAM_MAP_MAX);
	for (i = 0; i < m->count; i++) {
		assert_true(m->range[i].start < m->range[i].end);
		if (i + 1 < m->count)
			assert_true(m->range[i].end < m->range[i + 1].start);
	}
}

static void expect_ranges(const struct ram_map *m, const struct ram_range *want, uint32_t n)
{
	uint32_t i;

	check_invariants(m);
	assert_int_equal(m->count, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(m->range[i].start, want[i].start);
		assert_int_equal(m->range[i].end, want[i].end);
	}
}

/* A map whose count/dropped start as garbage: init must reset both. */
static void test_init_empty(void **state)
{
	struct ram_map m;

	(void)state;
	memset(&m, 0xa5, sizeof(m));
	ram_map_init(&m);
	assert_int_equal(m.count, 0);
	assert_int_equal(m.dropped, 0);
	assert_int_equal(ram_map_bytes(&m), 0);
	assert_false(ram_map_contains(&m, 0, 1));
	assert_false(ram_map_contains(&m, 0x1000, 0x1000));
	ram_map_remove(&m, 0, UINT64_MAX); /* nothing to remove: no effect */
	assert_int_equal(m.count, 0);
	assert_int_equal(m.dropped, 0);
}

static void test_add_empty_refused(void **state)
{
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_false(ram_map_add(&m, 0x1000, 0x1000));
	assert_false(ram_map_add(&m, 0x2000, 0x1000));
	assert_false(ram_map_add(&m, UINT64_MAX, 0));
	assert_int_equal(m.count, 0);
	assert_int_equal(m.dropped, 0); /* an empty range is not a dropped one */
}

static void test_add_single_and_edges(void **state)
{
	static const struct ram_range want[] = { { 0x1000, 0x3000 } };
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x1000, 0x3000));
	expect_ranges(&m, want, 1);
	assert_int_equal(ram_map_bytes(&m), 0x2000);

	assert_true(ram_map_contains(&m, 0x1000, 1));
	assert_true(ram_map_contains(&m, 0x2fff, 1));
	assert_true(ram_map_contains(&m, 0x1000, 0x2000));
	assert_true(ram_map_contains(&m, 0x2000, 0x1000));
	assert_false(ram_map_contains(&m, 0x0fff, 1));
	assert_false(ram_map_contains(&m, 0x0fff, 2));
	assert_false(ram_map_contains(&m, 0x3000, 1));
	assert_false(ram_map_contains(&m, 0x2fff, 2));
	assert_false(ram_map_contains(&m, 0x1000, 0x2001));
	assert_false(ram_map_contains(&m, 0x0fff, 0x2002));
}

static void test_contains_len0_and_wrap(void **state)
{
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0, 0x10000));
	assert_true(ram_map_add(&m, UINT64_MAX - 0xffff, UINT64_MAX));
	check_invariants(&m);

	assert_false(ram_map_contains(&m, 0, 0));
	assert_false(ram_map_contains(&m, 0x8000, 0));
	assert_true(ram_map_contains(&m, 0, 1));

	/* The top range ends at UINT64_MAX: its last byte is UINT64_MAX - 1. */
	assert_true(ram_map_contains(&m, UINT64_MAX - 1, 1));
	assert_true(ram_map_contains(&m, UINT64_MAX - 0xffff, 0xffff));
	assert_false(ram_map_contains(&m, UINT64_MAX, 1));
	assert_false(ram_map_contains(&m, UINT64_MAX - 1, 2));
	/* Wrapping ranges whose (wrapped) end lands inside the low range. */
	assert_false(ram_map_contains(&m, UINT64_MAX - 0xff, 0x200));
	assert_false(ram_map_contains(&m, UINT64_MAX - 0xff, 0x100)); /* end == 0 */
	assert_false(ram_map_contains(&m, 0x100, UINT64_MAX));
	assert_false(ram_map_contains(&m, 1, UINT64_MAX));
	assert_false(ram_map_contains(&m, UINT64_MAX, UINT64_MAX));
}

static void test_add_sorts(void **state)
{
	static const struct ram_range want[] = {
		{ 0x1000, 0x2000 }, { 0x5000, 0x6000 }, { 0x9000, 0xa000 }, { 0xd000, 0xe000 },
	};
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x9000, 0xa000));
	assert_true(ram_map_add(&m, 0x1000, 0x2000));
	assert_true(ram_map_add(&m, 0xd000, 0xe000));
	assert_true(ram_map_add(&m, 0x5000, 0x6000));
	expect_ranges(&m, want, 4);
	assert_int_equal(ram_map_bytes(&m), 0x4000);
}

static void test_add_merges_overlap(void **state)
{
	static const struct ram_range want[] = { { 0x1000, 0x5000 } };
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x2000, 0x4000));
	assert_true(ram_map_add(&m, 0x3000, 0x5000)); /* overlaps the top */
	assert_true(ram_map_add(&m, 0x1000, 0x2800)); /* overlaps the bottom */
	assert_true(ram_map_add(&m, 0x1800, 0x4800)); /* inside: no change */
	assert_true(ram_map_add(&m, 0x1000, 0x5000)); /* identical */
	expect_ranges(&m, want, 1);
	assert_int_equal(ram_map_bytes(&m), 0x4000);
	assert_int_equal(m.dropped, 0);
}

static void test_add_merges_adjacent(void **state)
{
	static const struct ram_range want[] = { { 0x1000, 0x4000 } };
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x2000, 0x3000));
	assert_true(ram_map_add(&m, 0x3000, 0x4000)); /* touches the end */
	assert_true(ram_map_add(&m, 0x1000, 0x2000)); /* touches the start */
	expect_ranges(&m, want, 1);
	/* A buffer across the former seams is inside one range now. */
	assert_true(ram_map_contains(&m, 0x1ff8, 0x1010));
}

static void test_add_gap_of_one_stays_separate(void **state)
{
	static const struct ram_range want[] = { { 0x1000, 0x2000 }, { 0x2001, 0x3000 } };
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x2001, 0x3000));
	assert_true(ram_map_add(&m, 0x1000, 0x2000));
	expect_ranges(&m, want, 2);
	assert_false(ram_map_contains(&m, 0x2000, 1));
	assert_false(ram_map_contains(&m, 0x1fff, 3));
	assert_true(ram_map_contains(&m, 0x1fff, 1));
	assert_true(ram_map_contains(&m, 0x2001, 1));
	/* Filling the one-byte hole joins them. */
	assert_true(ram_map_add(&m, 0x2000, 0x2001));
	assert_int_equal(m.count, 1);
	assert_true(ram_map_contains(&m, 0x1000, 0x2000));
}

static void test_add_swallows_many(void **state)
{
	static const struct ram_range want[] = { { 0x0, 0x50 }, { 0x60, 0x70 } };
	static const struct ram_range want2[] = { { 0x0, 0x100 } };
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x00, 0x10));
	assert_true(ram_map_add(&m, 0x20, 0x30));
	assert_true(ram_map_add(&m, 0x40, 0x50));
	assert_true(ram_map_add(&m, 0x60, 0x70));
	assert_true(ram_map_add(&m, 0x05, 0x45)); /* reaches into the third */
	expect_ranges(&m, want, 2);
	assert_true(ram_map_add(&m, 0x50, 0x100)); /* adjacent below, covers above */
	expect_ranges(&m, want2, 1);
	assert_int_equal(ram_map_bytes(&m), 0x100);
}

static void test_add_before_first_touching(void **state)
{
	static const struct ram_range want[] = { { 0x10, 0x40 }, { 0x80, 0x90 } };
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x20, 0x40));
	assert_true(ram_map_add(&m, 0x80, 0x90));
	assert_true(ram_map_add(&m, 0x10, 0x20)); /* end == first start */
	expect_ranges(&m, want, 2);
}

static void test_remove_cases(void **state)
{
	struct ram_map m;

	(void)state;

	/* Whole range. */
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x1000, 0x2000));
	ram_map_remove(&m, 0x1000, 0x2000);
	assert_int_equal(m.count, 0);

	/* Larger than the range. */
	assert_true(ram_map_add(&m, 0x1000, 0x2000));
	ram_map_remove(&m, 0, UINT64_MAX);
	assert_int_equal(m.count, 0);

	/* Low part, high part. */
	{
		static const struct ram_range want[] = { { 0x1800, 0x1c00 } };

		assert_true(ram_map_add(&m, 0x1000, 0x2000));
		ram_map_remove(&m, 0x0800, 0x1800);
		ram_map_remove(&m, 0x1c00, 0x3000);
		expect_ranges(&m, want, 1);
	}

	/* Touching but not overlapping: no change. */
	{
		static const struct ram_range want[] = { { 0x1800, 0x1c00 } };

		ram_map_remove(&m, 0x1000, 0x1800);
		ram_map_remove(&m, 0x1c00, 0x2000);
		ram_map_remove(&m, 0x1900, 0x1900); /* empty */
		ram_map_remove(&m, 0x1a00, 0x1900); /* inverted */
		expect_ranges(&m, want, 1);
	}

	/* Split in the middle. */
	{
		static const struct ram_range want[] = { { 0x1800, 0x1900 }, { 0x1a00, 0x1c00 } };

		ram_map_remove(&m, 0x1900, 0x1a00);
		expect_ranges(&m, want, 2);
		assert_int_equal(m.dropped, 0);
		assert_int_equal(ram_map_bytes(&m), 0x300);
	}

	/* Across several ranges: trims both ends, deletes those in between. */
	{
		static const struct ram_range want[] = { { 0x00, 0x08 }, { 0x48, 0x50 } };

		ram_map_init(&m);
		assert_true(ram_map_add(&m, 0x00, 0x10));
		assert_true(ram_map_add(&m, 0x20, 0x30));
		assert_true(ram_map_add(&m, 0x32, 0x34));
		assert_true(ram_map_add(&m, 0x40, 0x50));
		ram_map_remove(&m, 0x08, 0x48);
		expect_ranges(&m, want, 2);
	}
}

static void test_remove_monitor_from_middle(void **state)
{
	static const struct ram_range want[] = {
		{ 0x1000, 0x9f000 }, { 0x100000, 0x1e1ec000 }, { 0x1e1f6000, 0xbf000000 },
	};
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x1000, 0x9f000));
	assert_true(ram_map_add(&m, 0x100000, 0xbf000000));
	ram_map_remove(&m, 0x1e1ec000, 0x1e1f6000);
	expect_ranges(&m, want, 3);
	assert_false(ram_map_contains(&m, 0x1e1ec000, 1));
	assert_false(ram_map_contains(&m, 0x1e1f5fff, 1));
	assert_false(ram_map_contains(&m, 0x1e1ebfff, 2));
	assert_true(ram_map_contains(&m, 0x1e1ebfff, 1));
	assert_true(ram_map_contains(&m, 0x1e1f6000, 1));
}

/* RAM_MAP_MAX ranges [10i, 10i + 5). */
static void fill(struct ram_map *m)
{
	uint32_t i;

	ram_map_init(m);
	for (i = 0; i < RAM_MAP_MAX; i++)
		assert_true(ram_map_add(m, 10 * i, 10 * i + 5));
	assert_int_equal(m->count, RAM_MAP_MAX);
	assert_int_equal(m->dropped, 0);
}

static void test_full_add(void **state)
{
	struct ram_map m, before;

	(void)state;
	fill(&m);
	before = m;

	/* A new disjoint range: refused, counted, map unchanged. */
	assert_false(ram_map_add(&m, 10 * RAM_MAP_MAX + 100, 10 * RAM_MAP_MAX + 200));
	assert_int_equal(m.dropped, 1);
	assert_false(ram_map_add(&m, 6, 8)); /* in a gap */
	assert_int_equal(m.dropped, 2);
	assert_false(ram_map_contains(&m, 6, 1));
	before.dropped = m.dropped;
	assert_memory_equal(&m, &before, sizeof(m));

	/* Merging needs no slot: accepted while full. */
	assert_true(ram_map_add(&m, 5, 7));          /* adjacent to range 0 */
	assert_true(ram_map_add(&m, 20, 30));        /* covers range 2, touches 3 */
	assert_int_equal(m.dropped, 2);
	check_invariants(&m);
	assert_int_equal(m.count, RAM_MAP_MAX - 1);
	assert_true(ram_map_contains(&m, 20, 15));

	/* That freed a slot. */
	assert_true(ram_map_add(&m, 10 * RAM_MAP_MAX + 100, 10 * RAM_MAP_MAX + 200));
	assert_int_equal(m.count, RAM_MAP_MAX);
	assert_int_equal(m.dropped, 2);
	check_invariants(&m);
	/* Ahead of every range, full again: dropped. */
	assert_false(ram_map_add(&m, UINT64_MAX - 1, UINT64_MAX));
	assert_int_equal(m.dropped, 3);
	assert_false(ram_map_contains(&m, UINT64_MAX - 1, 1));
}

static void test_full_split_drops_upper(void **state)
{
	struct ram_map m;
	uint64_t before_bytes;

	(void)state;
	fill(&m);
	before_bytes = ram_map_bytes(&m);

	/* Split range 0 [0,5) at [2,3): [0,2) stays, [3,5) is dropped. */
	ram_map_remove(&m, 2, 3);
	check_invariants(&m);
	assert_int_equal(m.count, RAM_MAP_MAX);
	assert_int_equal(m.dropped, 1);
	assert_int_equal(m.range[0].start, 0);
	assert_int_equal(m.range[0].end, 2);
	assert_int_equal(m.range[1].start, 10);
	assert_true(ram_map_contains(&m, 0, 2));
	assert_false(ram_map_contains(&m, 2, 1));
	assert_false(ram_map_contains(&m, 3, 1)); /* fail closed */
	assert_false(ram_map_contains(&m, 4, 1));
	assert_int_equal(ram_map_bytes(&m), before_bytes - 3);

	/* Split the last range: its upper piece would go past the end. */
	ram_map_remove(&m, 10 * (RAM_MAP_MAX - 1) + 1, 10 * (RAM_MAP_MAX - 1) + 2);
	check_invariants(&m);
	assert_int_equal(m.count, RAM_MAP_MAX);
	assert_int_equal(m.dropped, 2);
	assert_int_equal(m.range[RAM_MAP_MAX - 1].end, 10 * (RAM_MAP_MAX - 1) + 1);
	assert_false(ram_map_contains(&m, 10 * (RAM_MAP_MAX - 1) + 3, 1));

	/* A removal that frees a slot first makes the next split whole. */
	ram_map_remove(&m, 10, 15);
	assert_int_equal(m.count, RAM_MAP_MAX - 1);
	ram_map_remove(&m, 21, 22);
	check_invariants(&m);
	assert_int_equal(m.count, RAM_MAP_MAX);
	assert_int_equal(m.dropped, 2);
	assert_true(ram_map_contains(&m, 22, 3));
}

static void test_bytes(void **state)
{
	struct ram_map m;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0, 1));
	assert_true(ram_map_add(&m, 0x100000000ull, 0x300000000ull));
	assert_int_equal(ram_map_bytes(&m), 0x200000001ull);
	assert_true(ram_map_add(&m, 1, 0x100000000ull)); /* joins them */
	assert_int_equal(m.count, 1);
	assert_int_equal(ram_map_bytes(&m), 0x300000000ull);
	ram_map_remove(&m, 0x1000, 0x2000);
	assert_int_equal(ram_map_bytes(&m), 0x300000000ull - 0x1000);
}

static void test_rebuild_untrusted(void **state)
{
	static const struct ram_range in[] = {
		{ 0x100000, 0x200000 },
		{ 0x1000, 0x9f000 },
		{ 0x150000, 0x400000 },   /* overlaps the first */
		{ 0x400000, 0x500000 },   /* adjacent to the merged one */
		{ 0x9000, 0x8000 },       /* inverted: refused */
		{ 0x7000, 0x7000 },       /* empty: refused */
		{ 0x2000, 0x3000 },       /* inside the second */
		{ 0x100000000ull, 0x140000000ull },
	};
	static const struct ram_range want[] = {
		{ 0x1000, 0x9f000 }, { 0x100000, 0x500000 }, { 0x100000000ull, 0x140000000ull },
	};
	struct ram_map m;

	(void)state;
	memset(&m, 0xff, sizeof(m)); /* rebuild starts from scratch */
	assert_int_equal(ram_map_rebuild(&m, in, sizeof(in) / sizeof(in[0])), 6);
	expect_ranges(&m, want, 3);
	assert_int_equal(m.dropped, 0);

	assert_int_equal(ram_map_rebuild(&m, in, 0), 0);
	assert_int_equal(m.count, 0);
	assert_int_equal(ram_map_bytes(&m), 0);
}

static void test_rebuild_overflow(void **state)
{
	struct ram_range in[RAM_MAP_MAX + 10];
	struct ram_map m;
	unsigned i;

	(void)state;
	/* Descending, disjoint: every entry needs a slot of its own. */
	for (i = 0; i < RAM_MAP_MAX + 10; i++) {
		in[i].start = 0x10000 * (RAM_MAP_MAX + 10 - i);
		in[i].end = in[i].start + 0x1000;
	}
	assert_int_equal(ram_map_rebuild(&m, in, RAM_MAP_MAX + 10), RAM_MAP_MAX);
	check_invariants(&m);
	assert_int_equal(m.count, RAM_MAP_MAX);
	assert_int_equal(m.dropped, 10);
	/* The last ten (lowest addresses) are left out, not merged. */
	for (i = 0; i < RAM_MAP_MAX + 10; i++)
		assert_int_equal(ram_map_contains(&m, in[i].start, 0x1000), i < RAM_MAP_MAX);
	assert_int_equal(ram_map_bytes(&m), (uint64_t)RAM_MAP_MAX * 0x1000);

	/* Many entries that merge fit easily. */
	for (i = 0; i < RAM_MAP_MAX + 10; i++) {
		in[i].start = 0x1000 * i;
		in[i].end = in[i].start + 0x1000;
	}
	assert_int_equal(ram_map_rebuild(&m, in, RAM_MAP_MAX + 10), RAM_MAP_MAX + 10);
	assert_int_equal(m.count, 1);
	assert_int_equal(m.dropped, 0);
	assert_true(ram_map_contains(&m, 0, 0x1000 * (RAM_MAP_MAX + 10)));
}

/* ------------------------------------------------ differential vs bitmap -- */

#define UNITS 4096u

static uint64_t rng_state;

static uint64_t rnd(void)
{
	return test_rng_next(&rng_state);
}

static unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

struct model {
	uint64_t base, scale;        /* unit u is [base + u*scale, base + (u+1)*scale) */
	unsigned char bit[UNITS];
};

/* A random unit range [*s, *e), e <= UNITS; sometimes empty or inverted. */
static void rnd_range(unsigned maxlen, unsigned *s, unsigned *e)
{
	*s = rnd_below(UNITS + 1);
	if (rnd_below(32) == 0) {
		*e = rnd_below(UNITS + 1); /* any order, possibly empty */
		return;
	}
	*e = *s + 1 + rnd_below(maxlen);
	if (*e > UNITS)
		*e = UNITS;
}

/* The map, unit by unit: its ranges must lie on unit boundaries. */
static void map_bits(const struct model *md, const struct ram_map *m, unsigned char *out)
{
	uint32_t i;
	uint64_t u;

	memset(out, 0, UNITS);
	for (i = 0; i < m->count; i++) {
		uint64_t s = m->range[i].start - md->base, e = m->range[i].end - md->base;

		assert_true(m->range[i].start >= md->base);
		assert_int_equal(s % md->scale, 0);
		assert_int_equal(e % md->scale, 0);
		assert_true(e / md->scale <= UNITS);
		for (u = s / md->scale; u < e / md->scale; u++)
			out[u] = 1;
	}
}

/* After every operation: invariants; the map is a subset of the model
 * (failures only shrink it) and equal to it when nothing was dropped. */
static void compare(const struct model *md, const struct ram_map *m)
{
	unsigned char got[UNITS];
	uint64_t pop = 0;
	unsigned u, q;

	check_invariants(m);
	map_bits(md, m, got);
	for (u = 0; u < UNITS; u++) {
		pop += md->bit[u];
		if (got[u])
			assert_true(md->bit[u]);
		else if (m->dropped == 0)
			assert_false(md->bit[u]);
	}
	if (m->dropped == 0)
		assert_int_equal(ram_map_bytes(m), pop * md->scale);
	else
		assert_true(ram_map_bytes(m) <= pop * md->scale);

	/* Random queries, within and across unit boundaries. */
	for (q = 0; q < 16; q++) {
		unsigned s = rnd_below(UNITS), len = 1 + rnd_below(64), all = 1, i;
		uint64_t a, n;
		bool in;

		if (s + len > UNITS)
			len = UNITS - s;
		for (i = s; i < s + len; i++)
			all &= md->bit[i];
		a = md->base + (uint64_t)s * md->scale;
		n = (uint64_t)len * md->scale;
		in = ram_map_contains(m, a, n);
		if (m->dropped == 0)
			assert_int_equal(in, all);
		else if (in)
			assert_true(all);
		/* Part of a unit: same answer as the whole unit it is in. */
		if (md->scale > 1) {
			bool part = ram_map_contains(m, a + md->scale / 2, 1);

			assert_int_equal(part, got[s]);
		}
		assert_false(ram_map_contains(m, a, 0));
	}
}

static void differential(uint64_t base, uint64_t scale, unsigned maxlen,
			 unsigned ops, unsigned reset_every, unsigned *drops_seen)
{
	struct model *md = calloc(1, sizeof(*md));
	struct ram_map m;
	unsigned op;

	assert_non_null(md);
	md->base = base;
	md->scale = scale;
	ram_map_init(&m);
	for (op = 0; op < ops; op++) {
		unsigned s, e, u;
		uint32_t dropped = m.dropped, count = m.count;

		if (reset_every && op % reset_every == 0) {
			ram_map_init(&m);
			memset(md->bit, 0, sizeof(md->bit));
		}
		dropped = m.dropped;
		count = m.count;
		rnd_range(maxlen, &s, &e);
		if (rnd_below(100) < 60) {
			bool ok = ram_map_add(&m, base + s * scale, base + e * scale);

			if (e <= s) {
				assert_false(ok);
				assert_int_equal(m.dropped, dropped);
			} else {
				/* Refused only for want of a slot, and then counted. */
				assert_int_equal(m.dropped, dropped + !ok);
				if (!ok)
					assert_int_equal(count, RAM_MAP_MAX);
				if (ok)
					for (u = s; u < e; u++)
						md->bit[u] = 1;
			}
		} else {
			ram_map_remove(&m, base + s * scale, base + e * scale);
			assert_true(m.dropped == dropped || m.dropped == dropped + 1);
			if (m.dropped != dropped)
				assert_int_equal(count, RAM_MAP_MAX);
			for (u = s; u < e; u++)
				md->bit[u] = 0;
		}
		if (m.dropped)
			(*drops_seen)++;
		compare(md, &m);
	}
	free(md);
}

/* Long ranges, frequent resets: the map rarely fills, so the exact
 * comparison runs; at three address scales, one reaching UINT64_MAX. */
static void test_differential_exact(void **state)
{
	unsigned drops = 0;

	(void)state;
	rng_state = 0x9e3779b97f4a7c15ull;
	differential(0, 1, 400, 6000, 50, &drops);
	differential(0x100000000ull, 4096, 400, 6000, 50, &drops);
	differential(UINT64_MAX - UNITS, 1, 400, 6000, 50, &drops);
	assert_true(drops < 6000); /* mostly the exact regime */
}

/* Short ranges, no resets: the map fills, drops happen, and the map must
 * stay a subset of the model (fail closed). */
static void test_differential_full(void **state)
{
	unsigned drops = 0;

	(void)state;
	rng_state = 0x0123456789abcdefull;
	differential(0, 1, 6, 8000, 0, &drops);
	assert_true(drops > 1000);
	drops = 0;
	differential(0x7ff0000000000000ull, 0x10000, 6, 8000, 0, &drops);
	assert_true(drops > 1000);
}

/* Rebuild from random untrusted lists agrees with adding one by one into
 * the model; accepted + dropped is the number of non-empty entries. */
static void test_rebuild_random(void **state)
{
	struct model *md = calloc(1, sizeof(*md));
	struct ram_range in[100];
	struct ram_map m;
	unsigned round;

	(void)state;
	assert_non_null(md);
	md->scale = 1;
	rng_state = 0xfeedfacecafebeefull;
	for (round = 0; round < 2000; round++) {
		unsigned n = rnd_below(100), i, nonempty = 0, accepted, u, maxlen;

		maxlen = round % 2 ? 8 : 600;
		memset(md->bit, 0, sizeof(md->bit));
		for (i = 0; i < n; i++) {
			unsigned s, e;

			rnd_range(maxlen, &s, &e);
			in[i].start = s;
			in[i].end = e;
			if (e > s) {
				nonempty++;
				for (u = s; u < e; u++)
					md->bit[u] = 1;
			}
		}
		memset(&m, 0x3c, sizeof(m));
		accepted = ram_map_rebuild(&m, in, n);
		assert_int_equal(accepted + m.dropped, nonempty);
		compare(md, &m);
	}
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_add_empty_refused),
		cmocka_unit_test(test_add_single_and_edges),
		cmocka_unit_test(test_contains_len0_and_wrap),
		cmocka_unit_test(test_add_sorts),
		cmocka_unit_test(test_add_merges_overlap),
		cmocka_unit_test(test_add_merges_adjacent),
		cmocka_unit_test(test_add_gap_of_one_stays_separate),
		cmocka_unit_test(test_add_swallows_many),
		cmocka_unit_test(test_add_before_first_touching),
		cmocka_unit_test(test_remove_cases),
		cmocka_unit_test(test_remove_monitor_from_middle),
		cmocka_unit_test(test_full_add),
		cmocka_unit_test(test_full_split_drops_upper),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_rebuild_untrusted),
		cmocka_unit_test(test_rebuild_overflow),
		cmocka_unit_test(test_differential_exact),
		cmocka_unit_test(test_differential_full),
		cmocka_unit_test(test_rebuild_random),
	};

	return cmocka_run_group_tests_name("host RAM map", tests, NULL, NULL);
}
