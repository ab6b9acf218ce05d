// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for MTRR decoding (ept/mtrr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ept/mtrr.h"

#define WB EPT_MEMTYPE_WB
#define UC EPT_MEMTYPE_UC
#define WT EPT_MEMTYPE_WT
#define WP EPT_MEMTYPE_WP
#define GIB (1ull << 30)
#define VALID MTRR_PHYSMASK_VALID

/* A typical firmware setup: default WB, [2G, 4G) UC, fixed MTRRs on with
 * the VGA hole UC and the BIOS area write-protected. 36-bit physical. */
static void typical(struct mtrr_state *s)
{
	unsigned i;

	memset(s, 0, sizeof(*s));
	s->phys_bits = 36;
	s->cap = MTRRCAP_FIX | 8;
	s->def_type = MTRR_DEF_E | MTRR_DEF_FE | WB;
	s->fixed[0] = 0x0606060606060606ull;   /* 0-512K WB */
	s->fixed[1] = 0x0606060606060606ull;   /* 512K-640K WB */
	s->fixed[2] = 0;                       /* 640K-768K UC (VGA) */
	for (i = 3; i < 11; i++)
		s->fixed[i] = 0x0505050505050505ull; /* 768K-1M WP */
	s->base[0] = 2 * GIB | UC;
	s->mask[0] = (~(2 * GIB - 1) & 0xffffffffful) | VALID;
}

static void test_type_at(void **state)
{
	struct mtrr_state s;

	(void)state;
	typical(&s);
	assert_int_equal(mtrr_type_at(&s, 0x1000), WB);
	assert_int_equal(mtrr_type_at(&s, 0xa0000), UC);
	assert_int_equal(mtrr_type_at(&s, 0xbffff), UC);
	assert_int_equal(mtrr_type_at(&s, 0xf0000), WP);
	assert_int_equal(mtrr_type_at(&s, 0x100000), WB);
	assert_int_equal(mtrr_type_at(&s, 2 * GIB), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB - 1), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB), WB);

	/* Fixed MTRRs off: the first MiB follows the variable ones. */
	s.def_type &= ~MTRR_DEF_FE;
	assert_int_equal(mtrr_type_at(&s, 0xa0000), WB);
	/* MTRRs off altogether: everything UC. */
	s.def_type &= ~MTRR_DEF_E;
	assert_int_equal(mtrr_type_at(&s, 0x1000), UC);
}

static void test_overlap_precedence(void **state)
{
	struct mtrr_state s;

	(void)state;
	typical(&s);
	s.base[1] = 3 * GIB | WB;                    /* WB inside the UC range */
	s.mask[1] = (~(GIB - 1) & 0xffffffffful) | VALID;
	assert_int_equal(mtrr_type_at(&s, 3 * GIB), UC);
	s.base[0] = 2 * GIB | WT;
	assert_int_equal(mtrr_type_at(&s, 3 * GIB), WT);
	s.base[0] = 2 * GIB | WP;                    /* WP + WB: undefined */
	assert_int_equal(mtrr_type_at(&s, 3 * GIB), UC);
	s.mask[1] &= ~VALID;                         /* disabled range ignored */
	assert_int_equal(mtrr_type_at(&s, 3 * GIB), WP);
}

static unsigned find(const struct ept_range *r, size_t n, uint64_t a)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (a >= r[i].start && a < r[i].end)
			return i;
	fail_msg("address 0x%llx not covered", (unsigned long long)a);
	return 0;
}

static void test_identity_ranges(void **state)
{
	struct ept_range r[64];
	size_t n = 64, i;
	struct mtrr_state s;
	const uint64_t hs = 0x7f000000, he = 0x7f100000;

	(void)state;
	typical(&s);
	assert_int_equal(mtrr_identity_ranges(&s, hs, he, r, &n), MTRR_OK);
	/* Sorted, contiguous, covering [0, 2^36), neighbours differ. */
	assert_int_equal(r[0].start, 0);
	assert_int_equal(r[n - 1].end, 1ull << 36);
	for (i = 1; i < n; i++) {
		assert_int_equal(r[i].start, r[i - 1].end);
		assert_true(r[i].perms != r[i - 1].perms || r[i].memtype != r[i - 1].memtype);
	}
	assert_int_equal(n, 8); /* WB, UC (VGA), WP, WB, hole, WB, UC, WB */
	i = find(r, n, hs);
	assert_int_equal(r[i].perms, 0);
	assert_int_equal(r[i].start, hs);
	assert_int_equal(r[i].end, he);
	i = find(r, n, 0xa0000);
	assert_int_equal(r[i].memtype, UC);
	assert_int_equal(r[i].start, 0xa0000);
	assert_int_equal(r[i].end, 0xc0000);
	i = find(r, n, 3 * GIB);
	assert_int_equal(r[i].memtype, UC);
	assert_int_equal(r[i].perms, EPT_RWX);
	i = find(r, n, 5 * GIB);
	assert_int_equal(r[i].memtype, WB);
	assert_int_equal(r[i].end, 1ull << 36);
}

/* The ranges must build a valid EPT: feed them to the builder. */
static uint64_t *alloc_page(void *ctx, uint64_t *phys)
{
	static uint8_t pages[64][4096] __attribute__((aligned(4096)));
	unsigned *used = ctx;

	if (*used >= 64)
		return NULL;
	memset(pages[*used], 0, 4096);
	*phys = (uint64_t)(uintptr_t)pages[*used];
	return (uint64_t *)pages[(*used)++];
}

static uint64_t *to_virt(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)phys;
}

static void test_ranges_build_an_ept(void **state)
{
	struct ept_range r[64];
	size_t n = 64;
	struct mtrr_state s;
	unsigned used = 0, t;
	uint64_t hpa, perms, size;
	struct ept e;

	(void)state;
	typical(&s);
	assert_int_equal(mtrr_identity_ranges(&s, 0x7f000000, 0x7f100000, r, &n), MTRR_OK);
	assert_int_equal(ept_init(&e, alloc_page, to_virt, &used, true, true), EPT_OK);
	assert_int_equal(ept_build_identity(&e, r, n), EPT_OK);
	assert_true(ept_translate(&e, 0xfee00000, &hpa, &perms, &t, &size));
	assert_int_equal(t, UC);
	assert_int_equal(size, 1ull << 30);
	assert_false(ept_translate(&e, 0x7f000000, &hpa, &perms, &t, &size));
	assert_true(ept_translate(&e, 0xb8000, &hpa, &perms, &t, &size));
	assert_int_equal(t, UC);
	assert_int_equal(size, 4096);
}

static void test_bad_states(void **state)
{
	struct ept_range r[64];
	size_t n = 64;
	struct mtrr_state s;

	(void)state;
	typical(&s);
	s.mask[0] = 0xf0f000000ull | VALID;          /* holes in the mask */
	assert_int_equal(mtrr_identity_ranges(&s, 0, 0, r, &n), MTRR_BAD_STATE);
	typical(&s);
	s.base[0] = 2 * GIB | 2;                     /* reserved type */
	assert_int_equal(mtrr_identity_ranges(&s, 0, 0, r, &n), MTRR_BAD_STATE);
	typical(&s);
	s.phys_bits = 52;
	assert_int_equal(mtrr_identity_ranges(&s, 0, 0, r, &n), MTRR_BAD_STATE);
	typical(&s);
	n = 3;
	assert_int_equal(mtrr_identity_ranges(&s, 0x7f000000, 0x7f100000, r, &n),
			 MTRR_TOO_MANY_RANGES);
}

static bool table_read(void *ctx, uint32_t index, uint64_t *v)
{
	const struct mtrr_state *s = ctx;

	if (index == IA32_MTRRCAP) *v = s->cap;
	else if (index == IA32_MTRR_DEF_TYPE) *v = s->def_type;
	else if (index == IA32_MTRR_FIX64K_00000) *v = s->fixed[0];
	else if (index == 0x26f) *v = s->fixed[10];
	else if (index >= 0x200 && index < 0x210) *v = (index & 1) ? s->mask[(index - 0x200) / 2] : s->base[(index - 0x200) / 2];
	else *v = 0;
	return index != 0x210; /* beyond VCNT=8: must not be read */
}

static void test_read(void **state)
{
	struct mtrr_state want, got;

	(void)state;
	typical(&want);
	assert_true(mtrr_read(&got, 36, table_read, &want));
	assert_int_equal(got.cap, want.cap);
	assert_int_equal(got.fixed[0], want.fixed[0]);
	assert_int_equal(got.fixed[10], want.fixed[10]);
	assert_int_equal(got.mask[0], want.mask[0]);
	assert_int_equal(got.phys_bits, 36);
	want.cap = MTRRCAP_FIX | 9;                    /* would read 0x210 */
	assert_false(mtrr_read(&got, 36, table_read, &want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_at),
		cmocka_unit_test(test_overlap_precedence),
		cmocka_unit_test(test_identity_ranges),
		cmocka_unit_test(test_ranges_build_an_ept),
		cmocka_unit_test(test_bad_states),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests_name("mtrr", tests, NULL, NULL);
}
