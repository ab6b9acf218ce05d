// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the hypercall argument checks (vmx/hypercall_args.c): the
 * per-call spec table, the guest-physical range test (host RAM, never the
 * monitor, below the reach, no wrap), the argument block's address,
 * every error code of hc_check_args in the documented order, and the
 * chunk list of CAPPSULE_HC_POOL_LEND (hc_check_chunks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ept/ram_map.h"
#include "vmx/hypercall_abi.h"
#include "vmx/hypercall_args.h"

/*
 * The machine: low RAM below the VGA hole, RAM from 1 MiB to 1 GiB with the
 * monitor (4 MiB at 256 MiB) cut out, RAM from 4 GiB to 8 GiB of which the
 * monitor's page tables reach the first 2 GiB (reach = 6 GiB).
 */
#define LOW_START  0x1000ull
#define LOW_END    0x9f000ull
#define MID_START  0x100000ull
#define MID_END    0x40000000ull
#define HIGH_START 0x100000000ull
#define HIGH_END   0x200000000ull
#define MON_BASE   0x10000000ull
#define MON_SIZE   0x400000ull
#define MON_END    (MON_BASE + MON_SIZE)
#define REACH      0x180000000ull
#define CPUS       4u

#define INFO_SIZE  ((uint64_t)sizeof(struct cappsule_monitor_info))
#define STATS_SIZE ((uint64_t)sizeof(struct cappsule_exit_stats))

struct fixture {
	struct ram_map ram;       /* as the monitor keeps it: monitor cut out */
	struct ram_map wrong;     /* a faulty map that still holds the monitor */
	struct hc_bounds b, bw;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	ram_map_init(&f->ram);
	ram_map_add(&f->ram, LOW_START, LOW_END);
	ram_map_add(&f->ram, MID_START, MID_END);
	ram_map_add(&f->ram, HIGH_START, HIGH_END);
	f->wrong = f->ram;
	ram_map_remove(&f->ram, MON_BASE, MON_END);
	f->b = (struct hc_bounds){ &f->ram, MON_BASE, MON_SIZE, REACH, CPUS, NULL };
	f->bw = f->b;
	f->bw.ram = &f->wrong;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* A well-formed block for call nr with its largest buffer at buf_gpa. */
static struct cappsule_hc_args good(uint64_t nr, uint64_t buf_gpa)
{
	struct cappsule_hc_args a;

	memset(&a, 0, sizeof(a));
	a.abi_version = CAPPSULE_ABI_VERSION;
	a.buf_gpa = buf_gpa;
	a.buf_size = hc_spec_of(nr)->buf_max;
	if (nr == CAPPSULE_HC_STATS)
		a.arg[0] = CPUS - 1;
	if (nr == CAPPSULE_HC_LOG_READ)
		a.arg[0] = 12345;
	return a;
}

/* The calls with an argument block and an output or input buffer whose
 * per-call rules this file knows; test_generic_rules covers the others. */
static const uint64_t arg_calls[] = {
	CAPPSULE_HC_INFO, CAPPSULE_HC_STATS, CAPPSULE_HC_LOG_READ,
	CAPPSULE_HC_POOL_LEND, CAPPSULE_HC_POOL_RECLAIM,
};
static const unsigned n_arg_calls = sizeof(arg_calls) / sizeof(arg_calls[0]);

/* ------------------------------------------------------------ the table -- */

/* The spec of nr is exactly this (takes_args false: nothing else matters). */
static void expect_spec(uint64_t nr, bool takes_args, uint64_t buf_min, uint64_t buf_max,
			uint64_t buf_unit, uint8_t args_used)
{
	const struct hc_spec *s = hc_spec_of(nr);

	assert_non_null(s);
	assert_int_equal(s->takes_args, takes_args);
	if (!takes_args)
		return;
	assert_int_equal(s->buf_min, buf_min);
	assert_int_equal(s->buf_max, buf_max);
	assert_int_equal(s->buf_unit, buf_unit);
	assert_int_equal(s->args_used, args_used);
}

static void test_spec_table(void **state)
{
	const struct hc_spec *s;
	uint64_t nr;

	(void)state;
	expect_spec(CAPPSULE_HC_VERSION, false, 0, 0, 0, 0);
	expect_spec(CAPPSULE_HC_LOG_STATS, false, 0, 0, 0, 0);
	expect_spec(CAPPSULE_HC_EPT_SYNC, false, 0, 0, 0, 0);
	expect_spec(CAPPSULE_HC_INFO, true, 128, 128, 0, 0);
	expect_spec(CAPPSULE_HC_STATS, true, 656, STATS_SIZE, 0, 1); /* docs/hypercalls.md */
	expect_spec(CAPPSULE_HC_LOG_READ, true, 1, 65536, 0, 1);
	/* The pool calls: a list of 1 to 64 u64 chunk bases. */
	expect_spec(CAPPSULE_HC_POOL_LEND, true, 8, 8 * CAPPSULE_POOL_MAX_CHUNKS, 8, 0);
	expect_spec(CAPPSULE_HC_POOL_RECLAIM, true, 8, 8 * CAPPSULE_POOL_MAX_CHUNKS, 8, 0);

	/* Every entry has sane bounds: no buffer (both 0), or 1 <= min <= max. */
	for (nr = 0; nr < CAPPSULE_HC_COUNT; nr++) {
		s = hc_spec_of(nr);
		assert_non_null(s);
		if (!s->takes_args)
			continue;
		if (s->buf_max == 0)
			assert_int_equal(s->buf_min, 0);
		else
			assert_true(s->buf_min >= 1 && s->buf_min <= s->buf_max);
		assert_true(s->args_used <= 2);
		if (s->buf_unit)
			assert_int_equal(s->buf_min % s->buf_unit, 0);
	}

	assert_null(hc_spec_of(CAPPSULE_HC_COUNT));
	assert_null(hc_spec_of(CAPPSULE_HC_COUNT + 1));
	assert_null(hc_spec_of(0x100));
	assert_null(hc_spec_of(UINT64_MAX));
	assert_null(hc_spec_of((1ull << 32) | CAPPSULE_HC_INFO)); /* no truncation */
	assert_null(hc_spec_of((uint64_t)-2)); /* a negative int in RAX */
}

/* ----------------------------------------------------------- hc_range_ok -- */

static void test_range_ram_edges(void **state)
{
	struct fixture *f = *state;
	const struct hc_bounds *b = &f->b;

	assert_true(hc_range_ok(b, LOW_START, 1));
	assert_true(hc_range_ok(b, LOW_START, LOW_END - LOW_START)); /* all of it */
	assert_true(hc_range_ok(b, LOW_END - 1, 1));
	assert_false(hc_range_ok(b, LOW_START - 1, 1));
	assert_false(hc_range_ok(b, LOW_START - 1, 2));
	assert_false(hc_range_ok(b, LOW_END, 1));
	assert_false(hc_range_ok(b, LOW_END - 1, 2));
	assert_false(hc_range_ok(b, LOW_START, LOW_END - LOW_START + 1));
	assert_false(hc_range_ok(b, 0, 1));              /* page 0: not RAM */
	assert_false(hc_range_ok(b, 0xa0000, 0x1000));   /* the VGA hole */
	assert_false(hc_range_ok(b, LOW_END - 8, MID_START - LOW_END + 16)); /* across it */
	assert_true(hc_range_ok(b, MID_START, 0x1000));
	assert_false(hc_range_ok(b, MID_END - 8, 16));
	assert_false(hc_range_ok(b, 0xfee00000, 0x1000)); /* APIC MMIO */
	assert_true(hc_range_ok(b, HIGH_START, 0x1000));
	assert_false(hc_range_ok(b, HIGH_START - 1, 2));
	assert_false(hc_range_ok(b, 0, 0));
	assert_false(hc_range_ok(b, MID_START, 0)); /* len 0, even inside RAM */
}

static void check_monitor_excluded(const struct hc_bounds *b)
{
	assert_false(hc_range_ok(b, MON_BASE, 1));
	assert_false(hc_range_ok(b, MON_BASE, MON_SIZE));
	assert_false(hc_range_ok(b, MON_END - 1, 1));
	assert_false(hc_range_ok(b, MON_BASE - 1, 2));           /* straddles the start */
	assert_false(hc_range_ok(b, MON_END - 1, 2));            /* straddles the end */
	assert_false(hc_range_ok(b, MON_BASE - 0x1000, MON_SIZE + 0x2000)); /* covers it */
	assert_false(hc_range_ok(b, MON_BASE + 0x1000, 0x40));   /* inside */
	assert_false(hc_range_ok(b, MON_BASE - CAPPSULE_LOG_READ_MAX + 8,
				 CAPPSULE_LOG_READ_MAX));
	assert_true(hc_range_ok(b, MON_BASE - 1, 1));            /* last byte before */
	assert_true(hc_range_ok(b, MON_BASE - 0x1000, 0x1000));  /* ends at its start */
	assert_true(hc_range_ok(b, MON_END, 1));                 /* first byte after */
	assert_true(hc_range_ok(b, MON_END, 0x1000));
}

static void test_range_monitor(void **state)
{
	struct fixture *f = *state;

	check_monitor_excluded(&f->b);
}

/* The RAM map wrongly holds the monitor: the range test still refuses it. */
static void test_range_monitor_wrong_map(void **state)
{
	struct fixture *f = *state;

	assert_true(ram_map_contains(&f->wrong, MON_BASE, MON_SIZE));
	check_monitor_excluded(&f->bw);
}

static void test_range_reach(void **state)
{
	struct fixture *f = *state;
	const struct hc_bounds *b = &f->b;

	assert_true(hc_range_ok(b, REACH - 0x40, 0x40));  /* ends at the reach */
	assert_true(hc_range_ok(b, REACH - 1, 1));
	assert_false(hc_range_ok(b, REACH - 0x40, 0x41));
	assert_false(hc_range_ok(b, REACH, 1));            /* RAM, but beyond */
	assert_false(hc_range_ok(b, HIGH_END - 0x1000, 0x1000));
	assert_true(ram_map_contains(&f->ram, REACH, 1));

	/* A reach below all RAM refuses everything. */
	{
		struct hc_bounds low = *b;

		low.reach = LOW_START;
		assert_false(hc_range_ok(&low, LOW_START, 1));
		low.reach = 0;
		assert_false(hc_range_ok(&low, LOW_START, 1));
	}
}

/* RAM at the very top of the address space and an unlimited reach: only
 * the end computation's wrap stands between a huge length and success. */
static void test_range_overflow(void **state)
{
	const uint64_t top = UINT64_MAX - 0xffff;
	struct ram_map m;
	struct hc_bounds b;

	(void)state;
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0, 0x100000));
	assert_true(ram_map_add(&m, top, UINT64_MAX));
	b = (struct hc_bounds){ &m, 0x200000, 0x100000, UINT64_MAX, 1, NULL };

	assert_true(hc_range_ok(&b, UINT64_MAX - 0x40, 0x40));  /* end == UINT64_MAX */
	assert_false(hc_range_ok(&b, UINT64_MAX - 0x40, 0x41)); /* end == 0 */
	assert_false(hc_range_ok(&b, UINT64_MAX - 0x40, 0x80)); /* end in low RAM */
	assert_false(hc_range_ok(&b, top, UINT64_MAX));
	assert_false(hc_range_ok(&b, 0x10, UINT64_MAX));
	assert_false(hc_range_ok(&b, 0x10, UINT64_MAX - 0xf)); /* end == 0 */
	assert_false(hc_range_ok(&b, UINT64_MAX, 1));
	assert_false(hc_range_ok(&b, UINT64_MAX, UINT64_MAX));
	assert_true(hc_range_ok(&b, 0, 0x100000));
}

/* Two ranges that touch, kept apart in a hand-built map (ram_map_add would
 * merge them): a buffer across the seam is not inside ONE range. */
static void test_range_adjacent_separate(void **state)
{
	struct ram_map m;
	struct hc_bounds b;

	(void)state;
	ram_map_init(&m);
	m.count = 2;
	m.range[0] = (struct ram_range){ 0x100000, 0x200000 };
	m.range[1] = (struct ram_range){ 0x200000, 0x300000 };
	b = (struct hc_bounds){ &m, 0x10000000, 0x100000, REACH, 1, NULL };

	assert_true(hc_range_ok(&b, 0x1fffc0, 0x40));
	assert_true(hc_range_ok(&b, 0x200000, 0x40));
	assert_false(hc_range_ok(&b, 0x1fffc0, 0x80));
	assert_false(hc_range_ok(&b, 0x1ffff8, 0x10));
	assert_false(hc_range_ok(&b, 0x100000, 0x200000));
}

/* A one-byte monitor: the overlap test is exact to the byte. */
static void test_range_monitor_size_edges(void **state)
{
	struct fixture *f = *state;
	struct hc_bounds b = f->bw;

	/* One-byte monitor in the middle of (wrong) RAM. */
	b.monitor_base = MID_START + 0x1000;
	b.monitor_size = 1;
	assert_false(hc_range_ok(&b, MID_START + 0x1000, 1));
	assert_false(hc_range_ok(&b, MID_START, 0x2000));
	assert_true(hc_range_ok(&b, MID_START, 0x1000));
	assert_true(hc_range_ok(&b, MID_START + 0x1001, 0x1000));
}

/* Exhaustive over a small window against a byte-by-byte model: every
 * byte in host RAM, below the reach, outside the monitor, no wrap. */
static void exhaustive(uint64_t w, const struct ram_range *in, unsigned n,
		       uint64_t mon, uint64_t mon_size, uint64_t reach, bool keep_monitor)
{
	struct ram_map m;
	struct hc_bounds b;
	uint64_t off, len, k;

	ram_map_rebuild(&m, in, n);
	if (!keep_monitor)
		ram_map_remove(&m, mon, mon + mon_size);
	b = (struct hc_bounds){ &m, mon, mon_size, reach, 1, NULL };
	for (off = 0; off < 0x400; off++) {
		for (len = 0; len <= 0x90; len++) {
			uint64_t gpa = w + off;
			bool want = len > 0;

			for (k = 0; k < len && want; k++) {
				uint64_t byte = gpa + k;
				bool ram = false;
				unsigned i;

				if (byte < gpa) { /* wrapped past the top */
					want = false;
					break;
				}
				for (i = 0; i < n; i++)
					ram |= byte >= in[i].start && byte < in[i].end;
				want = ram && byte < reach && !(byte >= mon && byte - mon < mon_size);
			}
			if (hc_range_ok(&b, gpa, len) != want) {
				print_error("gpa %#llx len %#llx: expected %d\n",
					    (unsigned long long)gpa, (unsigned long long)len, want);
				fail();
			}
		}
	}
}

static void test_range_exhaustive(void **state)
{
	const uint64_t w = 0x7000, t = UINT64_MAX - 0x3ff;
	const struct ram_range low[] = {
		{ w + 0x000, w + 0x100 }, { w + 0x100, w + 0x140 }, /* adjacent: merged */
		{ w + 0x180, w + 0x300 }, { w + 0x2f0, w + 0x380 }, /* overlapping */
		{ w + 0x390, w + 0x391 },
	};
	const struct ram_range top[] = {
		{ t + 0x010, t + 0x200 }, { t + 0x240, UINT64_MAX },
	};

	(void)state;
	exhaustive(w, low, 5, w + 0x200, 0x40, w + 0x3f0, false);
	exhaustive(w, low, 5, w + 0x200, 0x40, w + 0x3f0, true);
	exhaustive(w, low, 5, w + 0x120, 0x100, UINT64_MAX, true);
	exhaustive(t, top, 2, t + 0x300, 0x10, UINT64_MAX, true);
	exhaustive(t, top, 2, t + 0x100, 0x80, t + 0x3f0, false);
}

/* ----------------------------------------------------- hc_check_args_gpa -- */

static void test_args_gpa(void **state)
{
	struct fixture *f = *state;
	const struct hc_bounds *b = &f->b;
	uint64_t off;

	assert_int_equal(hc_check_args_gpa(b, LOW_START), 0);
	assert_int_equal(hc_check_args_gpa(b, LOW_END - 64), 0);     /* last slot */
	assert_int_equal(hc_check_args_gpa(b, LOW_END), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, LOW_START - 64), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, 0), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, 0xa0000), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, 0xfee00000), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, 0x300000000ull), CAPPSULE_E_FAULT);

	/* 64-byte alignment: every other offset is refused. */
	for (off = 1; off < 64; off++)
		assert_int_equal(hc_check_args_gpa(b, MID_START + 0x1000 + off), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, MID_START + 0x1000 + 64), 0);

	/* Monitor: both edges. */
	assert_int_equal(hc_check_args_gpa(b, MON_BASE - 64), 0);
	assert_int_equal(hc_check_args_gpa(b, MON_BASE), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, MON_END - 64), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(b, MON_END), 0);
	assert_int_equal(hc_check_args_gpa(&f->bw, MON_BASE - 64), 0);
	assert_int_equal(hc_check_args_gpa(&f->bw, MON_BASE), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(&f->bw, MON_BASE + 0x2000), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(&f->bw, MON_END - 64), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(&f->bw, MON_END), 0);

	/* Reach. */
	assert_int_equal(hc_check_args_gpa(b, REACH - 64), 0);
	assert_int_equal(hc_check_args_gpa(b, REACH), CAPPSULE_E_FAULT);

	/* The last aligned slot of the address space wraps. */
	assert_int_equal(hc_check_args_gpa(b, UINT64_MAX & ~63ull), CAPPSULE_E_FAULT);
}

/* A block across the seam of two separate ranges is refused. */
static void test_args_gpa_adjacent_separate(void **state)
{
	struct ram_map m;
	struct hc_bounds b;

	(void)state;
	ram_map_init(&m);
	m.count = 2;
	m.range[0] = (struct ram_range){ 0x100000, 0x100020 + 0x1000 };
	m.range[1] = (struct ram_range){ 0x100020 + 0x1000, 0x200000 };
	b = (struct hc_bounds){ &m, 0x10000000, 0x100000, REACH, 1, NULL };
	assert_int_equal(hc_check_args_gpa(&b, 0x100fc0), 0);
	assert_int_equal(hc_check_args_gpa(&b, 0x101000), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_args_gpa(&b, 0x101040), 0);
}

/* --------------------------------------------- CAPPSULE_CREATE's window -- */

static struct cappsule_hc_args create_args(uint64_t window, uint64_t bytes)
{
	struct cappsule_hc_args a;

	memset(&a, 0, sizeof(a));
	a.abi_version = CAPPSULE_ABI_VERSION;
	a.arg[0] = 64;          /* page limit */
	a.arg[1] = 0xc00c1e;    /* cookie: anything */
	a.buf_gpa = window;
	a.buf_size = bytes;
	return a;
}

static void test_create_window(void **state)
{
	struct fixture *f = *state;
	const uint64_t nr = CAPPSULE_HC_CAPPSULE_CREATE;
	struct cappsule_hc_args a;

	/* No window at all, or 1 to CAPPSULE_WINDOW_MAX_PAGES whole pages of RAM. */
	a = create_args(0, 0);
	assert_int_equal(hc_check_args(&f->b, nr, &a), 0);
	a = create_args(MID_START, 4096);
	assert_int_equal(hc_check_args(&f->b, nr, &a), 0);
	a = create_args(MID_START, CAPPSULE_WINDOW_MAX_PAGES * 4096ull);
	assert_int_equal(hc_check_args(&f->b, nr, &a), 0);
	/* An address without a size, or a size without an address. */
	a = create_args(MID_START, 0);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
	a = create_args(0, 4096);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
	/* Too many pages, part of a page. */
	a = create_args(MID_START, (CAPPSULE_WINDOW_MAX_PAGES + 1) * 4096ull);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_RANGE);
	a = create_args(MID_START, 4096 + 8);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
	/* Not page-aligned (8-aligned is not enough: it is mapped by pages). */
	a = create_args(MID_START + 8, 4096);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
	/* The monitor, across its start, beyond RAM, in a hole. */
	a = create_args(MON_BASE, 4096);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
	a = create_args(MON_BASE - 4096, 2 * 4096);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
	a = create_args(MID_END - 4096, 2 * 4096);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
	a = create_args(HIGH_END, 4096);
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
	/* The page limit still rules. */
	a = create_args(MID_START, 4096);
	a.arg[0] = 0;
	assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_RANGE);
}

/* --------------------------------------------------------- hc_check_args -- */

static void test_valid_calls(void **state)
{
	struct fixture *f = *state;
	struct cappsule_hc_args a;
	unsigned i;

	for (i = 0; i < n_arg_calls; i++) {
		a = good(arg_calls[i], MID_START);
		assert_int_equal(hc_check_args(&f->b, arg_calls[i], &a), 0);
		a = good(arg_calls[i], LOW_START);
		assert_int_equal(hc_check_args(&f->b, arg_calls[i], &a), 0);
		a = good(arg_calls[i], HIGH_START);
		assert_int_equal(hc_check_args(&f->b, arg_calls[i], &a), 0);
	}
}

static void test_no_args_calls(void **state)
{
	struct fixture *f = *state;
	struct cappsule_hc_args a;
	uint64_t nr;

	/* The block is not read for calls without one: garbage is fine. */
	memset(&a, 0xff, sizeof(a));
	assert_int_equal(hc_check_args(&f->b, CAPPSULE_HC_VERSION, &a), 0);
	assert_int_equal(hc_check_args(&f->b, CAPPSULE_HC_LOG_STATS, &a), 0);
	assert_int_equal(hc_check_args(&f->b, CAPPSULE_HC_EPT_SYNC, &a), 0);
	/* And every other call without a block, whatever the table adds. */
	for (nr = 0; nr < CAPPSULE_HC_COUNT; nr++)
		if (!hc_spec_of(nr)->takes_args)
			assert_int_equal(hc_check_args(&f->b, nr, &a), 0);
	memset(&a, 0, sizeof(a));
	assert_int_equal(hc_check_args(&f->b, CAPPSULE_HC_VERSION, &a), 0);
	assert_int_equal(hc_check_args(&f->b, CAPPSULE_HC_LOG_STATS, &a), 0);
	assert_int_equal(hc_check_args(&f->b, CAPPSULE_HC_EPT_SYNC, &a), 0);
}

static void test_nosys(void **state)
{
	static const uint64_t bad[] = {
		CAPPSULE_HC_COUNT, CAPPSULE_HC_COUNT + 1, 0x10, 0x40000000, UINT64_MAX,
		(1ull << 32) | CAPPSULE_HC_INFO, (1ull << 63) | CAPPSULE_HC_VERSION,
	};
	struct fixture *f = *state;
	struct cappsule_hc_args a = good(CAPPSULE_HC_INFO, MID_START);
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(hc_check_args(&f->b, bad[i], &a), CAPPSULE_E_NOSYS);
		memset(&a, 0xff, sizeof(a));
		assert_int_equal(hc_check_args(&f->b, bad[i], &a), CAPPSULE_E_NOSYS);
		a = good(CAPPSULE_HC_INFO, MID_START);
	}
}

static void test_version(void **state)
{
	static const uint32_t bad[] = {
		0, CAPPSULE_ABI_VERSION + 1, CAPPSULE_ABI_VERSION - 1, 1u << 16,
		(1u << 16) | CAPPSULE_ABI_VERSION, UINT32_MAX,
	};
	struct fixture *f = *state;
	unsigned c, i;

	for (c = 0; c < n_arg_calls; c++) {
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			struct cappsule_hc_args a = good(arg_calls[c], MID_START);

			a.abi_version = bad[i];
			assert_int_equal(hc_check_args(&f->b, arg_calls[c], &a), CAPPSULE_E_VERSION);
			/* Checked first: everything else wrong too, still E_VERSION. */
			a.flags = 1;
			a.reserved[2] = 1;
			a.buf_size = 0;
			a.buf_gpa = 3;
			a.arg[0] = a.arg[1] = UINT64_MAX;
			assert_int_equal(hc_check_args(&f->b, arg_calls[c], &a), CAPPSULE_E_VERSION);
		}
	}
}

static void test_flags_reserved_unused(void **state)
{
	struct fixture *f = *state;
	struct cappsule_hc_args a;
	unsigned c, i, bit;

	for (c = 0; c < n_arg_calls; c++) {
		uint64_t nr = arg_calls[c];
		unsigned used = hc_spec_of(nr)->args_used;

		for (bit = 0; bit < 32; bit++) {
			a = good(nr, MID_START);
			a.flags = 1u << bit;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
		}
		for (i = 0; i < 3; i++) {
			for (bit = 0; bit < 64; bit += 21) {
				a = good(nr, MID_START);
				a.reserved[i] = 1ull << bit;
				assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
			}
			a = good(nr, MID_START);
			a.reserved[i] = UINT64_MAX;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
		}
		for (i = used; i < 2; i++) {
			a = good(nr, MID_START);
			a.arg[i] = 1;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
			a.arg[i] = 1ull << 63;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
		}
		/* E_INVAL comes before the size, the address and the CPU index. */
		a = good(nr, 0xfee00003);
		a.flags = 0x80000000u;
		a.buf_size = UINT64_MAX;
		a.arg[0] = UINT64_MAX;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
	}
}

static void test_buf_size(void **state)
{
	struct fixture *f = *state;
	const struct hc_bounds *b = &f->b;
	struct cappsule_hc_args a;
	const uint64_t info_bad[] = { 0, 1, INFO_SIZE - 1, INFO_SIZE + 1, INFO_SIZE * 2,
				      UINT64_MAX, 1ull << 32 | INFO_SIZE };
	const uint64_t stats_bad[] = { 0, STATS_SIZE - 1, STATS_SIZE + 1, INFO_SIZE,
				       UINT64_MAX, 1ull << 32 | STATS_SIZE };
	const uint64_t log_bad[] = { 0, CAPPSULE_LOG_READ_MAX + 1ull, 2ull * CAPPSULE_LOG_READ_MAX,
				     UINT64_MAX, 1ull << 32 | 1 };
	unsigned i;

	for (i = 0; i < sizeof(info_bad) / sizeof(info_bad[0]); i++) {
		a = good(CAPPSULE_HC_INFO, MID_START);
		a.buf_size = info_bad[i];
		assert_int_equal(hc_check_args(b, CAPPSULE_HC_INFO, &a), CAPPSULE_E_RANGE);
	}
	for (i = 0; i < sizeof(stats_bad) / sizeof(stats_bad[0]); i++) {
		a = good(CAPPSULE_HC_STATS, MID_START);
		a.buf_size = stats_bad[i];
		assert_int_equal(hc_check_args(b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);
	}
	for (i = 0; i < sizeof(log_bad) / sizeof(log_bad[0]); i++) {
		a = good(CAPPSULE_HC_LOG_READ, MID_START);
		a.buf_size = log_bad[i];
		assert_int_equal(hc_check_args(b, CAPPSULE_HC_LOG_READ, &a), CAPPSULE_E_RANGE);
	}
	/* The log read's bounds themselves. */
	a = good(CAPPSULE_HC_LOG_READ, MID_START);
	a.buf_size = 1;
	assert_int_equal(hc_check_args(b, CAPPSULE_HC_LOG_READ, &a), 0);
	a.buf_size = CAPPSULE_LOG_READ_MAX;
	assert_int_equal(hc_check_args(b, CAPPSULE_HC_LOG_READ, &a), 0);
	a.buf_size = 4097;
	assert_int_equal(hc_check_args(b, CAPPSULE_HC_LOG_READ, &a), 0);

	/* The pool lists: whole u64 entries only (E_INVAL otherwise). */
	for (i = 0; i < 2; i++) {
		uint64_t nr = i ? CAPPSULE_HC_POOL_RECLAIM : CAPPSULE_HC_POOL_LEND, size;

		a = good(nr, MID_START);
		for (size = 0; size <= 8 * CAPPSULE_POOL_MAX_CHUNKS + 16; size++) {
			int64_t want = 0;

			if (size < 8 || size > 8 * CAPPSULE_POOL_MAX_CHUNKS)
				want = CAPPSULE_E_RANGE;
			else if (size % 8)
				want = CAPPSULE_E_INVAL;
			a.buf_size = size;
			assert_int_equal(hc_check_args(b, nr, &a), want);
		}
		a.buf_size = UINT64_MAX;
		assert_int_equal(hc_check_args(b, nr, &a), CAPPSULE_E_RANGE);
		a.buf_size = (1ull << 32) | 8;
		assert_int_equal(hc_check_args(b, nr, &a), CAPPSULE_E_RANGE);
		/* A partial entry is refused before the address is looked at. */
		a = good(nr, MON_BASE + 4);
		a.buf_size = 12;
		assert_int_equal(hc_check_args(b, nr, &a), CAPPSULE_E_INVAL);
	}

	/* E_RANGE (size) before E_FAULT (address) and the CPU index. */
	a = good(CAPPSULE_HC_STATS, 0xfee00001);
	a.buf_size = STATS_SIZE + 8;
	a.arg[0] = CPUS;
	assert_int_equal(hc_check_args(b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);
}

/* Each bad buffer address, for each call that takes a buffer, with bounds
 * b; sizes are the call's largest. */
static void expect_fault(const struct hc_bounds *b, uint64_t buf_gpa)
{
	unsigned c;

	for (c = 0; c < n_arg_calls; c++) {
		struct cappsule_hc_args a = good(arg_calls[c], buf_gpa);

		if (hc_check_args(b, arg_calls[c], &a) != CAPPSULE_E_FAULT) {
			print_error("call %llu buf %#llx size %#llx: not E_FAULT\n",
				    (unsigned long long)arg_calls[c], (unsigned long long)buf_gpa,
				    (unsigned long long)a.buf_size);
			fail();
		}
	}
}

static void expect_ok(const struct hc_bounds *b, uint64_t buf_gpa)
{
	unsigned c;

	for (c = 0; c < n_arg_calls; c++) {
		struct cappsule_hc_args a = good(arg_calls[c], buf_gpa);

		assert_int_equal(hc_check_args(b, arg_calls[c], &a), 0);
	}
}

/* For each call at its largest size: a buffer that ends at edge is
 * accepted, one that ends 8 bytes further is refused. */
static void expect_edge_below(const struct hc_bounds *b, uint64_t edge)
{
	unsigned c;

	for (c = 0; c < n_arg_calls; c++) {
		struct cappsule_hc_args a = good(arg_calls[c], 0);

		a.buf_gpa = edge - a.buf_size;
		assert_int_equal(hc_check_args(b, arg_calls[c], &a), 0);
		a.buf_gpa += 8;
		assert_int_equal(hc_check_args(b, arg_calls[c], &a), CAPPSULE_E_FAULT);
	}
}

/* A buffer that starts at edge is accepted, 8 bytes earlier refused. */
static void expect_edge_above(const struct hc_bounds *b, uint64_t edge)
{
	expect_ok(b, edge);
	expect_fault(b, edge - 8);
}

static void test_buf_address(void **state)
{
	struct fixture *f = *state;
	uint64_t off;

	/* Alignment: 8 bytes. */
	for (off = 1; off < 8; off++)
		expect_fault(&f->b, MID_START + off);
	expect_ok(&f->b, MID_START + 8);
	expect_ok(&f->b, MID_START + 0x18);

	/* Not RAM. */
	expect_fault(&f->b, 0);
	expect_fault(&f->b, 0xa0000);
	expect_fault(&f->b, 0xfee00000);
	expect_fault(&f->b, 0x300000000ull);
	/* The exact edges of each RAM range, against the gaps around it. */
	expect_edge_above(&f->b, LOW_START);
	expect_edge_below(&f->b, LOW_END);
	expect_edge_above(&f->b, MID_START);
	expect_edge_below(&f->b, MID_END);
	expect_edge_above(&f->b, HIGH_START);

	/* The monitor, in the real and in the wrong map. */
	expect_edge_below(&f->b, MON_BASE);
	expect_edge_above(&f->b, MON_END);
	expect_fault(&f->b, MON_BASE);
	expect_fault(&f->b, MON_BASE + 0x1000);
	expect_fault(&f->b, MON_END - 8);
	expect_edge_below(&f->bw, MON_BASE);
	expect_edge_above(&f->bw, MON_END);
	expect_fault(&f->bw, MON_BASE);
	expect_fault(&f->bw, MON_BASE + 0x1000);
	expect_fault(&f->bw, MON_END - 8);

	/* Reach. */
	expect_edge_below(&f->b, REACH);
	expect_fault(&f->b, REACH);

	/* Wrapping around the top of the address space. */
	expect_fault(&f->b, UINT64_MAX & ~7ull);
	expect_fault(&f->b, (UINT64_MAX & ~7ull) - 0x80);
}

static void test_buf_address_top(void **state)
{
	const uint64_t top = UINT64_MAX - 0x1ffff;
	struct ram_map m;
	struct hc_bounds b;
	struct cappsule_hc_args a;

	(void)state;
	/* RAM up to the top, unlimited reach: the size alone decides the wrap. */
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0, 0x100000));
	assert_true(ram_map_add(&m, top, UINT64_MAX));
	b = (struct hc_bounds){ &m, 0x200000, 0x1000, UINT64_MAX, 1, NULL };
	a = good(CAPPSULE_HC_LOG_READ, top);
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), 0);
	a.buf_gpa = (UINT64_MAX & ~7ull) - CAPPSULE_LOG_READ_MAX;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), 0);
	a.buf_gpa += 8; /* would end at 2^64: the end wraps to 0 */
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), CAPPSULE_E_FAULT);
	a.buf_gpa = UINT64_MAX & ~7ull;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), CAPPSULE_E_FAULT);
}

/* A buffer across two ranges that touch but were never merged. */
static void test_buf_straddles_separate_ranges(void **state)
{
	struct ram_map m;
	struct hc_bounds b;
	struct cappsule_hc_args a;

	(void)state;
	ram_map_init(&m);
	m.count = 2;
	m.range[0] = (struct ram_range){ 0x100000, 0x180000 };
	m.range[1] = (struct ram_range){ 0x180000, 0x200000 };
	b = (struct hc_bounds){ &m, 0x10000000, 0x100000, REACH, 2, NULL };

	a = good(CAPPSULE_HC_INFO, 0x180000 - INFO_SIZE);
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_INFO, &a), 0);
	a.buf_gpa += 8;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_INFO, &a), CAPPSULE_E_FAULT);
	a.buf_gpa = 0x180000;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_INFO, &a), 0);

	a = good(CAPPSULE_HC_LOG_READ, 0x180000 - 0x8000);
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), CAPPSULE_E_FAULT);
	a.buf_size = 0x8000;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), 0);
	a.buf_size = 0x8001;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), CAPPSULE_E_FAULT);

	/* And a buffer across a one-byte hole between two merged-map ranges. */
	ram_map_init(&m);
	assert_true(ram_map_add(&m, 0x100000, 0x180000));
	assert_true(ram_map_add(&m, 0x180001, 0x200000));
	a = good(CAPPSULE_HC_LOG_READ, 0x180000 - 0x100);
	a.buf_size = 0x100;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), 0);
	a.buf_size = 0x101;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), CAPPSULE_E_FAULT);
}

static void test_stats_cpu(void **state)
{
	struct fixture *f = *state;
	struct hc_bounds b = f->b;
	struct cappsule_hc_args a = good(CAPPSULE_HC_STATS, MID_START);

	a.arg[0] = 0;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), 0);
	a.arg[0] = CPUS - 1;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), 0);
	a.arg[0] = CPUS;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);
	a.arg[0] = UINT32_MAX;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);
	a.arg[0] = 1ull << 32; /* would be 0 if compared as 32 bits */
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);
	a.arg[0] = UINT64_MAX;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);

	/* No CPU started: no index is valid. */
	b.cpus_started = 0;
	a.arg[0] = 0;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);
	b.cpus_started = UINT32_MAX;
	a.arg[0] = UINT32_MAX - 1;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), 0);
	a.arg[0] = UINT32_MAX;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_RANGE);

	/* The address is checked before the index: E_FAULT wins. */
	b.cpus_started = CPUS;
	a = good(CAPPSULE_HC_STATS, MON_BASE);
	a.arg[0] = CPUS;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_STATS, &a), CAPPSULE_E_FAULT);

	/* Other calls ignore cpus_started. */
	b.cpus_started = 0;
	a = good(CAPPSULE_HC_LOG_READ, MID_START);
	a.arg[0] = 100;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), 0);
	a = good(CAPPSULE_HC_INFO, MID_START);
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_INFO, &a), 0);
}

static void test_log_read_any_position(void **state)
{
	static const uint64_t pos[] = { 0, 1, 16384, UINT32_MAX, 1ull << 32, UINT64_MAX };
	struct fixture *f = *state;
	unsigned i;

	for (i = 0; i < sizeof(pos) / sizeof(pos[0]); i++) {
		struct cappsule_hc_args a = good(CAPPSULE_HC_LOG_READ, MID_START);

		a.arg[0] = pos[i];
		assert_int_equal(hc_check_args(&f->b, CAPPSULE_HC_LOG_READ, &a), 0);
	}
}

/*
 * The rules that come before any per-call meaning, for every entry of the
 * table, including calls added after this file: version, flags, reserved,
 * unused args, then the buffer (none allowed, or size and address).
 */
static void test_generic_rules(void **state)
{
	struct fixture *f = *state;
	uint64_t nr;
	unsigned i, checked = 0;

	for (nr = 0; nr < CAPPSULE_HC_COUNT; nr++) {
		const struct hc_spec *s = hc_spec_of(nr);
		struct cappsule_hc_args a, base;

		if (!s->takes_args)
			continue;
		checked++;
		memset(&base, 0, sizeof(base));
		base.abi_version = CAPPSULE_ABI_VERSION;
		if (s->buf_max) {
			base.buf_gpa = MID_START;
			base.buf_size = s->buf_max;
		}

		a = base;
		a.abi_version = 0;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_VERSION);
		a = base;
		a.flags = 0x10;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
		for (i = 0; i < 3; i++) {
			a = base;
			a.reserved[i] = 1;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
		}
		for (i = s->args_used; i < 2; i++) {
			a = base;
			a.arg[i] = 1;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
		}
		if (s->buf_max == 0) {
			/* No buffer: both fields must be 0. */
			a = base;
			a.buf_gpa = MID_START;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
			a = base;
			a.buf_size = 8;
			assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_INVAL);
			continue;
		}
		a = base;
		a.buf_size = s->buf_max + 1;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_RANGE);
		a.buf_size = s->buf_min - 1;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_RANGE);
		a = base;
		a.buf_gpa = MON_BASE;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
		a.buf_gpa = MID_START + 4;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
		a.buf_gpa = 0xfee00000;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
		a.buf_gpa = MID_END - s->buf_max + 8;
		assert_int_equal(hc_check_args(&f->b, nr, &a), CAPPSULE_E_FAULT);
	}
	assert_true(checked >= n_arg_calls);
}

/* The check takes a const block and leaves it as it was. */
static void test_block_untouched(void **state)
{
	struct fixture *f = *state;
	unsigned c;

	for (c = 0; c < n_arg_calls; c++) {
		struct cappsule_hc_args a = good(arg_calls[c], MON_BASE), copy = a;

		(void)hc_check_args(&f->b, arg_calls[c], &a);
		assert_memory_equal(&a, &copy, sizeof(a));
	}
}

/* ------------------------------------------------------- hc_check_chunks -- */

#define CHUNK ((uint64_t)CAPPSULE_POOL_CHUNK_BYTES)

static int64_t one_chunk(const struct hc_bounds *b, uint64_t base)
{
	return hc_check_chunks(b, &base, 1);
}

static void test_chunks_single(void **state)
{
	struct fixture *f = *state;
	unsigned w;

	assert_int_equal(CHUNK, 2u << 20);
	for (w = 0; w < 2; w++) {
		const struct hc_bounds *b = w ? &f->bw : &f->b;

		assert_int_equal(one_chunk(b, 2 * CHUNK), 0);
		assert_int_equal(one_chunk(b, 0), CAPPSULE_E_FAULT);        /* low holes */
		assert_int_equal(one_chunk(b, MON_BASE - CHUNK), 0);        /* ends at the monitor */
		assert_int_equal(one_chunk(b, MON_BASE), CAPPSULE_E_FAULT);
		assert_int_equal(one_chunk(b, MON_BASE + CHUNK), CAPPSULE_E_FAULT);
		assert_int_equal(one_chunk(b, MON_END), 0);                  /* starts after it */
		assert_int_equal(one_chunk(b, MID_END - CHUNK), 0);
		assert_int_equal(one_chunk(b, MID_END), CAPPSULE_E_FAULT);   /* MMIO hole */
		assert_int_equal(one_chunk(b, 0xfee00000ull & ~(CHUNK - 1)), CAPPSULE_E_FAULT);
		assert_int_equal(one_chunk(b, HIGH_START), 0);
		assert_int_equal(one_chunk(b, REACH - CHUNK), 0);
		assert_int_equal(one_chunk(b, REACH), CAPPSULE_E_FAULT);     /* RAM, beyond reach */
		assert_int_equal(one_chunk(b, HIGH_END), CAPPSULE_E_FAULT);
		assert_int_equal(one_chunk(b, 0ull - CHUNK), CAPPSULE_E_FAULT); /* end wraps to 0 */
	}
	/* 2 MiB alignment. */
	assert_int_equal(one_chunk(&f->b, 2 * CHUNK + 1), CAPPSULE_E_FAULT);
	assert_int_equal(one_chunk(&f->b, 2 * CHUNK + 0x1000), CAPPSULE_E_FAULT);
	assert_int_equal(one_chunk(&f->b, 2 * CHUNK + 0x100000), CAPPSULE_E_FAULT);
	assert_int_equal(one_chunk(&f->b, 3 * CHUNK - 0x1000), CAPPSULE_E_FAULT);
	assert_int_equal(one_chunk(&f->b, 3 * CHUNK), 0);
}

static void test_chunks_lists(void **state)
{
	struct fixture *f = *state;
	uint64_t bases[CAPPSULE_POOL_MAX_CHUNKS + 1];
	unsigned i;

	/* 64 chunks from 8 MiB up: all good. */
	for (i = 0; i < CAPPSULE_POOL_MAX_CHUNKS; i++)
		bases[i] = 4 * CHUNK + i * CHUNK;
	assert_int_equal(hc_check_chunks(&f->b, bases, CAPPSULE_POOL_MAX_CHUNKS), 0);
	assert_int_equal(hc_check_chunks(&f->b, bases, 0), 0); /* empty list */

	/* One bad entry anywhere fails the whole list, the last one too. */
	for (i = 0; i < CAPPSULE_POOL_MAX_CHUNKS; i += 9) {
		uint64_t keep = bases[i];

		bases[i] = MON_BASE;
		assert_int_equal(hc_check_chunks(&f->b, bases, CAPPSULE_POOL_MAX_CHUNKS),
				 CAPPSULE_E_FAULT);
		bases[i] = keep + 0x1000;
		assert_int_equal(hc_check_chunks(&f->b, bases, CAPPSULE_POOL_MAX_CHUNKS),
				 CAPPSULE_E_FAULT);
		bases[i] = keep;
	}
	bases[CAPPSULE_POOL_MAX_CHUNKS - 1] = REACH;
	assert_int_equal(hc_check_chunks(&f->b, bases, CAPPSULE_POOL_MAX_CHUNKS),
			 CAPPSULE_E_FAULT);
	/* Entries past n are not looked at. */
	assert_int_equal(hc_check_chunks(&f->b, bases, CAPPSULE_POOL_MAX_CHUNKS - 1), 0);
}

/* A chunk across two touching ranges that were never merged. */
static void test_chunks_adjacent_separate(void **state)
{
	struct ram_map m;
	struct hc_bounds b;
	uint64_t base = 4 * CHUNK;

	(void)state;
	ram_map_init(&m);
	m.count = 2;
	m.range[0] = (struct ram_range){ CHUNK, 5 * CHUNK - 0x1000 };
	m.range[1] = (struct ram_range){ 5 * CHUNK - 0x1000, 10 * CHUNK };
	b = (struct hc_bounds){ &m, 0x40000000, 0x100000, REACH, 1, NULL };
	assert_int_equal(hc_check_chunks(&b, &base, 1), CAPPSULE_E_FAULT);
	base = 3 * CHUNK;
	assert_int_equal(hc_check_chunks(&b, &base, 1), 0);
	base = 5 * CHUNK;
	assert_int_equal(hc_check_chunks(&b, &base, 1), 0);
}

/* Chunks lent to the pool hold cappsule data: the host may no longer
 * name them, even though they are still RAM in the map. */
static void test_lent_chunks_refused(void **state)
{
	struct fixture *f = *state;
	struct hc_bounds b = f->b;
	struct page_pool *pool = calloc(1, sizeof(*pool));
	const uint64_t chunk = 0x20000000ull;   /* inside MID */
	const uint8_t wb = 6;
	struct cappsule_hc_args a = { .abi_version = CAPPSULE_ABI_VERSION };

	assert_non_null(pool);
	pool_init(pool);
	assert_int_equal(pool_lend_check(pool, &chunk, 1), POOL_OK);
	pool_lend_commit(pool, &chunk, &wb, 1, 0);
	assert_true(hc_range_ok(&b, chunk, 4096));          /* no pool given: RAM */
	b.pool = pool;
	assert_false(hc_range_ok(&b, chunk, 4096));
	assert_false(hc_range_ok(&b, chunk + 0x1ff000, 4096));
	assert_false(hc_range_ok(&b, chunk - 4096, 8192));  /* straddles its start */
	assert_true(hc_range_ok(&b, chunk - 4096, 4096));
	assert_true(hc_range_ok(&b, chunk + 0x200000, 4096));
	assert_int_equal(hc_check_args_gpa(&b, chunk + 64), CAPPSULE_E_FAULT);
	a.buf_gpa = chunk;
	a.buf_size = 4096;
	assert_int_equal(hc_check_args(&b, CAPPSULE_HC_LOG_READ, &a), CAPPSULE_E_FAULT);
	assert_int_equal(hc_check_chunks(&b, &chunk, 1), CAPPSULE_E_FAULT);
	free(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lent_chunks_refused, setup, teardown),
		cmocka_unit_test(test_spec_table),
		cmocka_unit_test_setup_teardown(test_range_ram_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_monitor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_monitor_wrong_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_reach, setup, teardown),
		cmocka_unit_test(test_range_overflow),
		cmocka_unit_test(test_range_adjacent_separate),
		cmocka_unit_test_setup_teardown(test_range_monitor_size_edges, setup, teardown),
		cmocka_unit_test(test_range_exhaustive),
		cmocka_unit_test_setup_teardown(test_args_gpa, setup, teardown),
		cmocka_unit_test(test_args_gpa_adjacent_separate),
		cmocka_unit_test_setup_teardown(test_valid_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_args_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nosys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flags_reserved_unused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf_address, setup, teardown),
		cmocka_unit_test(test_buf_address_top),
		cmocka_unit_test(test_buf_straddles_separate_ranges),
		cmocka_unit_test_setup_teardown(test_stats_cpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_read_any_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generic_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunks_single, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunks_lists, setup, teardown),
		cmocka_unit_test(test_chunks_adjacent_separate),
		cmocka_unit_test_setup_teardown(test_create_window, setup, teardown),
	};


	return cmocka_run_group_tests_name("hypercall argument checks", tests, NULL, NULL);
}
