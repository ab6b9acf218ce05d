// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the monitor's hypercall argument checks
 * (vmx/hypercall_args.c) on arbitrary machines and requests. The input is a
 * RAM map as the loader would hand it over (a few ranges, any order,
 * overlapping), the monitor's base and size, the page tables' reach, the
 * CPUs started, a call number, the block's address, a raw argument block
 * and a list of pool chunks.
 *
 * The verdicts are recomputed here from first principles (128-bit
 * arithmetic, the input ranges rather than the merged map, a spec table
 * written from the ABI) and must agree exactly. When a check accepts, the
 * security properties are asserted once more on their own: the block, the
 * buffer and each chunk lie inside one range of the map the monitor holds,
 * outside the monitor, below the reach, aligned; sizes within the spec;
 * reserved fields zero.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ept/ram_map.h"
#include "vmx/hypercall_abi.h"
#include "vmx/hypercall_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef unsigned __int128 u128;

#define MAX_IN_RANGES 8

/* ------------------------------------------------------------ the input -- */

struct input {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < bytes; i++) {
		uint64_t b = 0;

		if (in->left) {
			b = *in->p++;
			in->left--;
		}
		v |= b << (8 * i);
	}
	return v;
}

/* An address: raw (masked), or near the start of one of the input ranges. */
static uint64_t pick(struct input *in, const struct ram_range *ranges, unsigned n,
		     uint64_t mask, bool anchored)
{
	if (anchored && n) {
		const struct ram_range *r = &ranges[take(in, 1) % n];

		return r->start + (uint64_t)(int64_t)(int32_t)take(in, 4);
	}
	return take(in, 8) & mask;
}

/* ----------------------------------------------------- the reference model -- */

/*
 * The call table as the ABI (vmx/hypercall_abi.h, docs/hypercalls.md)
 * states it, for the calls this file knows (pinned). A call added later is
 * checked against hc_spec_of's own entry until it is pinned here; the
 * address and field checks stay independent either way.
 */
struct want_spec {
	bool pinned, args;
	uint64_t min, max, unit;
	unsigned used;
	bool optional;      /* the buffer may be absent (both fields 0) */
};

static struct want_spec want[CAPPSULE_HC_COUNT] = {
	[CAPPSULE_HC_VERSION] = { true, false, 0, 0, 0, 0 },
	[CAPPSULE_HC_LOG_STATS] = { true, false, 0, 0, 0, 0 },
	[CAPPSULE_HC_INFO] = { true, true, 128, 128, 0, 0 },
	[CAPPSULE_HC_STATS] = { true, true, 656, 656, 0, 1 },
	[CAPPSULE_HC_LOG_READ] = { true, true, 1, 65536, 0, 1 },
#ifdef CAPPSULE_HC_POOL_LEND
	[CAPPSULE_HC_POOL_LEND] = { true, true, 8, 8 * 64, 8, 0 },
	[CAPPSULE_HC_POOL_RECLAIM] = { true, true, 8, 8 * 64, 8, 0 },
	[CAPPSULE_HC_EPT_SYNC] = { true, false, 0, 0, 0, 0 },
#endif
#ifdef CAPPSULE_HC_SNAPSHOT
	[CAPPSULE_HC_SNAPSHOT] = { true, false, 0, 0, 0, 0 },
	[CAPPSULE_HC_SNAPSHOT_DROP] = { true, false, 0, 0, 0, 0 },
#endif
};

/* Pinned entries must match the module's table; the others are copied. */
static void check_spec_table(void)
{
	uint64_t nr;

	for (nr = 0; nr < CAPPSULE_HC_COUNT + 2; nr++) {
		const struct hc_spec *s = hc_spec_of(nr);
		struct want_spec *w;

		if (nr >= CAPPSULE_HC_COUNT) {
			if (s)
				abort();
			continue;
		}
		w = &want[nr];
		if (!s)
			abort();
		if (!w->pinned) {
			*w = (struct want_spec){ false, s->takes_args, s->buf_min, s->buf_max,
						 s->buf_unit, s->args_used, s->buf_optional };
			/* Whatever a new call takes, its bounds make sense:
			 * no buffer (both 0), or 1 <= min <= max. */
			if (s->takes_args && (s->buf_min > s->buf_max || s->args_used > 2 ||
					      (s->buf_max != 0 && s->buf_min == 0)))
				abort();
			continue;
		}
		if (s->takes_args != w->args)
			abort();
		if (s->takes_args && (s->buf_min != w->min || s->buf_max != w->max ||
				      s->buf_unit != w->unit || s->args_used != w->used))
			abort();
	}
}

struct world {
	struct ram_range in[MAX_IN_RANGES];
	unsigned n;
	const struct ram_map *map;
	uint64_t mon, mon_size, reach;
	uint32_t cpus;
};

/* Every byte of [start, end) lies in some input range (end may be 2^64). */
static bool covered(const struct world *w, u128 start, u128 end)
{
	u128 cur = start;
	bool moved = true;
	unsigned i;

	while (cur < end && moved) {
		moved = false;
		for (i = 0; i < w->n; i++)
			if (w->in[i].start < w->in[i].end && w->in[i].start <= cur &&
			    cur < w->in[i].end) {
				cur = w->in[i].end;
				moved = true;
			}
	}
	return cur >= end;
}

static bool overlaps_monitor(const struct world *w, u128 start, u128 end)
{
	return start < (u128)w->mon + w->mon_size && (u128)w->mon < end;
}

/* What hc_range_ok must answer. */
static bool model_range_ok(const struct world *w, uint64_t gpa, uint64_t len)
{
	u128 end = (u128)gpa + len;

	return len > 0 && end <= w->reach && !overlaps_monitor(w, gpa, end) &&
	       covered(w, gpa, end);
}

/* The security property on its own, against the map the monitor holds. */
static void assert_safe(const struct world *w, uint64_t gpa, uint64_t len)
{
	u128 end = (u128)gpa + len;
	bool one = false;
	uint32_t i;

	if (len == 0 || end > w->reach || end > UINT64_MAX)
		abort();
	if (overlaps_monitor(w, gpa, end))
		abort();
	for (i = 0; i < w->map->count; i++)
		one |= w->map->range[i].start <= gpa && end <= w->map->range[i].end;
	if (!one)
		abort();
}

/* For a call that is not pinned: 0 from the generic checks, after which
 * the call's own rules (unknown here) may still refuse. */
#define MODEL_PER_CALL 1

static int64_t model_check_args(const struct world *w, uint64_t nr,
				const struct cappsule_hc_args *a)
{
	const struct want_spec *s;
	unsigned i;

	if (nr >= CAPPSULE_HC_COUNT)
		return CAPPSULE_E_NOSYS;
	s = &want[nr];
	if (!s->args)
		return 0;
	if (a->abi_version != CAPPSULE_ABI_VERSION)
		return CAPPSULE_E_VERSION;
	if (a->flags)
		return CAPPSULE_E_INVAL;
	for (i = 0; i < 3; i++)
		if (a->reserved[i])
			return CAPPSULE_E_INVAL;
	for (i = s->used; i < 2; i++)
		if (a->arg[i])
			return CAPPSULE_E_INVAL;
	if (s->max == 0 || (s->optional && a->buf_size == 0)) { /* none: both 0 */
		if (a->buf_gpa || a->buf_size)
			return CAPPSULE_E_INVAL;
	} else {
		if (a->buf_size < s->min || a->buf_size > s->max)
			return CAPPSULE_E_RANGE;
		if (s->unit && a->buf_size % s->unit)
			return CAPPSULE_E_INVAL;
		if (a->buf_gpa % 8 || !model_range_ok(w, a->buf_gpa, a->buf_size))
			return CAPPSULE_E_FAULT;
	}
	if (!s->pinned)
		return MODEL_PER_CALL;
	if (nr == CAPPSULE_HC_STATS && a->arg[0] >= w->cpus)
		return CAPPSULE_E_RANGE;
	return 0;
}

static bool known_code(int64_t r)
{
	switch (r) {
	case 0:
	case CAPPSULE_E_NOSYS:
	case CAPPSULE_E_INVAL:
	case CAPPSULE_E_FAULT:
	case CAPPSULE_E_VERSION:
	case CAPPSULE_E_RANGE:
#ifdef CAPPSULE_E_STATE
	case CAPPSULE_E_STATE:
#endif
		return true;
	}
	return false;
}

static void check_map(const struct ram_map *m)
{
	uint32_t i;

	if (m->count > RAM_MAP_MAX)
		abort();
	for (i = 0; i < m->count; i++) {
		if (m->range[i].start >= m->range[i].end)
			abort();
		if (i + 1 < m->count && m->range[i].end >= m->range[i + 1].start)
			abort();
	}
}

/* ------------------------------------------------------------ the target -- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t masks[4] = { UINT64_MAX, 0xfffffull, 0xfffffffull, 0xfffffffffull };
	struct input in = { data, size };
	struct world w;
	struct ram_map map, map_copy;
	struct hc_bounds b;
	struct cappsule_hc_args a, a_copy;
	uint64_t bases[CAPPSULE_POOL_MAX_CHUNKS], bases_copy[CAPPSULE_POOL_MAX_CHUNKS];
	uint64_t mode, mode2, mask, nr, gpa;
	int64_t r, want_r;
	unsigned i, nchunks;
	bool chunks_ok;

	/*
	 * Layout: two mode bytes, the ranges, the monitor, the reach, the
	 * CPUs, nr, the block's address, the block, the chunk list. Mode bits
	 * make the values meet: small address spaces, addresses anchored at a
	 * RAM range's start, a block whose fields are valid unless a fault
	 * bit says otherwise.
	 */
	memset(&w, 0, sizeof(w));
	mode = take(&in, 1);
	mode2 = take(&in, 1);
	mask = masks[mode & 3];
	w.n = (unsigned)(take(&in, 1) % (MAX_IN_RANGES + 1));
	for (i = 0; i < w.n; i++) {
		w.in[i].start = take(&in, 8) & mask;
		if (mode2 & 2) {              /* start + whole pages */
			uint64_t len = take(&in, 4) << 12;

			w.in[i].end = w.in[i].start + len < w.in[i].start ? UINT64_MAX
									 : w.in[i].start + len;
		} else {
			w.in[i].end = take(&in, 8) & mask;
		}
		if (mode & 8)                 /* now and then a range up to the top */
			w.in[i].end |= ~mask;
	}
	w.mon = pick(&in, w.in, w.n, mask, mode2 & 4);
	w.mon_size = take(&in, 8) & mask;
	if (mode2 & 4)
		w.mon_size &= 0xffffffull;
	w.reach = take(&in, 8) & mask;
	if (mode & 16)
		w.reach = UINT64_MAX;
	w.cpus = (uint32_t)take(&in, 4);
	if (mode2 & 16)
		w.cpus %= 9;
	nr = take(&in, 8);
	if (mode & 32)
		nr %= CAPPSULE_HC_COUNT + 2;
	gpa = pick(&in, w.in, w.n, mask, mode & 64);
	if (mode2 & 8)
		gpa &= ~63ull;
	for (i = 0; i < sizeof(a); i++)
		((uint8_t *)&a)[i] = (uint8_t)take(&in, 1);
	if (mode & 128) {                 /* valid fields, unless a fault bit is set */
		uint64_t f = take(&in, 1);

		if (!(f & 1))
			a.abi_version = CAPPSULE_ABI_VERSION;
		if (!(f & 2))
			a.flags = 0;
		if (!(f & 4))
			a.reserved[0] = a.reserved[1] = a.reserved[2] = 0;
		if (!(f & 8))
			a.arg[1] = 0;
		if (!(f & 16))
			a.arg[0] = take(&in, 1);
		a.buf_size = take(&in, 3);
		if (!(f & 32) && nr < CAPPSULE_HC_COUNT) {
			const struct hc_spec *s = hc_spec_of(nr);

			a.buf_size = s->buf_min + a.buf_size % (s->buf_max - s->buf_min + 1);
			if (s->buf_unit)
				a.buf_size -= a.buf_size % s->buf_unit;
		}
		a.buf_gpa = pick(&in, w.in, w.n, mask, !(f & 64));
		if (!(f & 128))
			a.buf_gpa &= ~7ull;
	}
	nchunks = (unsigned)(take(&in, 1) % (CAPPSULE_POOL_MAX_CHUNKS + 1));
	for (i = 0; i < nchunks; i++)
		bases[i] = pick(&in, w.in, w.n, mask, mode2 & 32) &
			   ~(uint64_t)(CAPPSULE_POOL_CHUNK_BYTES - 1);
	if (nchunks && (mode2 & 1))       /* one raw entry, maybe misaligned */
		bases[take(&in, 1) % nchunks] = take(&in, 8) & mask;

	/*
	 * The monitor's memory is a real, non-empty range: its end does not
	 * wrap past 2^64 (the module computes it in 64 bits and trusts it).
	 */
	if (w.mon_size == 0 || (u128)w.mon + w.mon_size > UINT64_MAX)
		return 0;

	/* The map as the monitor builds it: rebuilt, then the monitor cut out
	 * (or, mode bit 2, a faulty map that still holds the monitor). */
	(void)ram_map_rebuild(&map, w.in, w.n);
	if (map.dropped != 0)
		abort(); /* at most 8 ranges never overflow the map */
	if (!(mode & 4))
		ram_map_remove(&map, w.mon, w.mon + w.mon_size);
	check_map(&map);
	if (map.dropped != 0)
		abort();
	w.map = &map;
	map_copy = map;
	b = (struct hc_bounds){ &map, w.mon, w.mon_size, w.reach, w.cpus, NULL };

	/* The spec table matches the documented one. */
	check_spec_table();

	/* The block's address. */
	r = hc_check_args_gpa(&b, gpa);
	want_r = gpa % 64 == 0 && model_range_ok(&w, gpa, 64) ? 0 : CAPPSULE_E_FAULT;
	if (r != want_r)
		abort();
	if (r == 0) {
		if (gpa % CAPPSULE_HC_ARGS_ALIGN)
			abort();
		assert_safe(&w, gpa, sizeof(struct cappsule_hc_args));
	}
	if (hc_range_ok(&b, gpa, a.buf_size) != model_range_ok(&w, gpa, a.buf_size))
		abort();

	/* The block's contents. */
	a_copy = a;
	r = hc_check_args(&b, nr, &a);
	if (memcmp(&a, &a_copy, sizeof(a)) != 0)
		abort();
	want_r = model_check_args(&w, nr, &a);
	if (!known_code(r))
		abort();
	if (want_r == MODEL_PER_CALL ? r == CAPPSULE_E_NOSYS || r == CAPPSULE_E_VERSION : r != want_r)
		abort();
	if (r == 0 && nr < CAPPSULE_HC_COUNT && want[nr].args) {
		const struct want_spec *s = &want[nr];

		if (a.abi_version != CAPPSULE_ABI_VERSION || a.flags != 0 ||
		    a.reserved[0] || a.reserved[1] || a.reserved[2])
			abort();
		if (s->used < 2 && a.arg[1] != 0)
			abort();
		if (s->used < 1 && a.arg[0] != 0)
			abort();
		if (nr == CAPPSULE_HC_STATS && a.arg[0] >= w.cpus)
			abort();
		if (s->max == 0 || (s->optional && a.buf_size == 0)) {
			if (a.buf_gpa != 0 || a.buf_size != 0)
				abort();
		} else {
			if (a.buf_size < s->min || a.buf_size > s->max || a.buf_gpa % 8)
				abort();
			if (s->unit && a.buf_size % s->unit)
				abort();
			assert_safe(&w, a.buf_gpa, a.buf_size);
		}
	}

	/* The pool chunk list. */
	memcpy(bases_copy, bases, nchunks * sizeof(bases[0]));
	r = hc_check_chunks(&b, bases, nchunks);
	if (memcmp(bases, bases_copy, nchunks * sizeof(bases[0])) != 0)
		abort();
	chunks_ok = true;
	for (i = 0; i < nchunks; i++)
		chunks_ok &= bases[i] % CAPPSULE_POOL_CHUNK_BYTES == 0 &&
			     model_range_ok(&w, bases[i], CAPPSULE_POOL_CHUNK_BYTES);
	if (r != (chunks_ok ? 0 : CAPPSULE_E_FAULT))
		abort();
	if (r == 0)
		for (i = 0; i < nchunks; i++) {
			if (bases[i] % CAPPSULE_POOL_CHUNK_BYTES)
				abort();
			assert_safe(&w, bases[i], CAPPSULE_POOL_CHUNK_BYTES);
		}

	/* Nothing above changed the map. */
	if (memcmp(&map, &map_copy, sizeof(map)) != 0)
		abort();
	return 0;
}
