// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the identity EPT builder and walker (ept/ept_identity.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ept/ept.h"

/* Table pages from a bounded pool; "physical" addresses are host pointers. */
struct pool {
	void *pages[256];
	unsigned used, limit;
};

static uint64_t *pool_alloc(void *ctx, uint64_t *phys)
{
	struct pool *p = ctx;
	void *page;

	if (p->used >= p->limit)
		return NULL;
	page = aligned_alloc(4096, 4096);
	assert_non_null(page);
	memset(page, 0, 4096);
	p->pages[p->used++] = page;
	*phys = (uint64_t)(uintptr_t)page;
	return page;
}

static uint64_t *pool_virt(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)phys;
}

static void pool_free(struct pool *p)
{
	while (p->used)
		free(p->pages[--p->used]);
}

static int setup(void **state)
{
	struct pool *p = calloc(1, sizeof(*p));

	p->limit = 256;
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	pool_free(*state);
	free(*state);
	return 0;
}

static void expect_leaf(const struct ept *e, uint64_t gpa, uint64_t perms,
			unsigned memtype, uint64_t size)
{
	uint64_t hpa, p, sz;
	unsigned t;

	assert_true(ept_translate(e, gpa, &hpa, &p, &t, &sz));
	assert_int_equal(hpa, gpa);
	assert_int_equal(p, perms);
	assert_int_equal(t, memtype);
	assert_int_equal(sz, size);
}

static void expect_unmapped(const struct ept *e, uint64_t gpa)
{
	uint64_t hpa, p, sz;
	unsigned t;

	assert_false(ept_translate(e, gpa, &hpa, &p, &t, &sz));
}

/* A 4 GiB machine: RAM WB below 3 GiB with the monitor carved out of it,
 * MMIO UC above, the last 2 MiB (firmware flash) write-protected. */
static void test_host_identity_map(void **state)
{
	const uint64_t mon = 0x1e1ec000, mon_end = 0x1e1f6000;
	const struct ept_range ranges[] = {
		{ 0, mon, EPT_RWX, EPT_MEMTYPE_WB },
		{ mon, mon_end, 0, EPT_MEMTYPE_WB },           /* the monitor */
		{ mon_end, 3 * PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB },
		{ 3 * PAGE_1G, 4 * PAGE_1G - PAGE_2M, EPT_RWX, EPT_MEMTYPE_UC },
		{ 4 * PAGE_1G - PAGE_2M, 4 * PAGE_1G, EPT_READ | EPT_EXECUTE, EPT_MEMTYPE_WP },
	};
	struct ept e;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, true), EPT_OK);
	assert_int_equal(ept_build_identity(&e, ranges, 5), EPT_OK);

	expect_leaf(&e, PAGE_1G + 0x1234, EPT_RWX, EPT_MEMTYPE_WB, PAGE_1G);
	expect_leaf(&e, 0x1000, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	expect_leaf(&e, mon - 0x1000, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	expect_unmapped(&e, mon);
	expect_unmapped(&e, mon_end - 1);
	expect_leaf(&e, mon_end, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, 0x1e200000, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	expect_leaf(&e, 0xfec00000, EPT_RWX, EPT_MEMTYPE_UC, PAGE_2M);
	expect_leaf(&e, 0xfffff000, EPT_READ | EPT_EXECUTE, EPT_MEMTYPE_WP, PAGE_2M);
	expect_unmapped(&e, 4 * PAGE_1G);
	expect_unmapped(&e, EPT_MAX_GPA + 5);

	/* 1G leaves: [1G,2G) and [2G,3G). 4K leaves only in the monitor's
	 * 2 MiB region: 0x1ec pages below the hole, 0xa above. Tables: PML4,
	 * one PDPT, PDs for GiB 0 and GiB 3, one PT. */
	assert_int_equal(e.leaves[2], 2);
	assert_int_equal(e.leaves[0], 0x1ec + 0xa);
	assert_int_equal(e.leaves[1], (512 - 1) + (512 - 1) + 1);
	assert_int_equal(e.tables, 5);
}

static void test_no_large_pages(void **state)
{
	struct ept e;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, false, false), EPT_OK);
	assert_int_equal(ept_map_identity(&e, 0, 4 * PAGE_2M, EPT_RWX, EPT_MEMTYPE_WB), EPT_OK);
	expect_leaf(&e, 3 * PAGE_2M, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	assert_int_equal(e.leaves[0], 4 * 512);
	assert_int_equal(e.leaves[1], 0);
}

/* 2M but no 1G support: a GiB is 512 large PDEs, not one PDPTE. */
static void test_2m_only(void **state)
{
	struct ept e;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, false), EPT_OK);
	assert_int_equal(ept_map_identity(&e, PAGE_1G, 2 * PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB), EPT_OK);
	expect_leaf(&e, PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	assert_int_equal(e.leaves[1], 512);
	assert_int_equal(e.leaves[2], 0);
}

static void test_bad_ranges_map_nothing(void **state)
{
	static const struct ept_range bad[][2] = {
		{ { 0, 0x1800, EPT_RWX, EPT_MEMTYPE_WB }, { 0 } },         /* unaligned */
		{ { 0x2000, 0x2000, EPT_RWX, EPT_MEMTYPE_WB }, { 0 } },    /* empty */
		{ { 0, EPT_MAX_GPA + PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB }, { 0 } },
		{ { 0, PAGE_4K, EPT_WRITE, EPT_MEMTYPE_WB }, { 0 } },      /* W without R */
		{ { 0, PAGE_4K, 1ull << 9, EPT_MEMTYPE_WB }, { 0 } },      /* not a perm */
		{ { 0, PAGE_4K, EPT_RWX, 2 }, { 0 } },                     /* reserved type */
	};
	const struct ept_range overlap[] = {
		{ 0, 2 * PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB },
		{ PAGE_4K, 3 * PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB },
	};
	struct ept e;
	unsigned i;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, true), EPT_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ept_build_identity(&e, bad[i], 1), EPT_BAD_RANGE);
	assert_int_equal(ept_build_identity(&e, overlap, 2), EPT_OVERLAP);
	assert_int_equal(e.tables, 1);
	expect_unmapped(&e, 0);
	assert_int_equal(ept_map_identity(&e, 0, PAGE_4K, 0, EPT_MEMTYPE_WB), EPT_BAD_RANGE);
}

static void test_double_map_refused(void **state)
{
	struct ept e;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, true), EPT_OK);
	assert_int_equal(ept_map_identity(&e, 0, PAGE_2M, EPT_RWX, EPT_MEMTYPE_WB), EPT_OK);
	assert_int_equal(ept_map_identity(&e, PAGE_4K, 2 * PAGE_4K, EPT_READ, EPT_MEMTYPE_UC),
			 EPT_ALREADY_MAPPED);
	expect_leaf(&e, PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	assert_int_equal(ept_map_identity(&e, 0, PAGE_4K, EPT_READ, EPT_MEMTYPE_UC),
			 EPT_ALREADY_MAPPED);
}

/* A single page mapped elsewhere, inside a hole of the identity map. */
static void test_map_page_elsewhere(void **state)
{
	const struct ept_range r[] = {
		{ 0, 0x10000, EPT_RWX, EPT_MEMTYPE_WB },
		{ 0x10000, 0x20000, 0, EPT_MEMTYPE_WB },
		{ 0x20000, PAGE_2M, EPT_RWX, EPT_MEMTYPE_WB },
	};
	uint64_t hpa, perms, size;
	unsigned t;
	struct ept e;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, true), EPT_OK);
	assert_int_equal(ept_build_identity(&e, r, 3), EPT_OK);
	assert_int_equal(ept_map_page(&e, 0x13000, 0x5000, EPT_READ | EPT_WRITE,
				      EPT_MEMTYPE_WB), EPT_OK);
	assert_true(ept_translate(&e, 0x13abc, &hpa, &perms, &t, &size));
	assert_int_equal(hpa, 0x5abc);
	assert_int_equal(perms, EPT_READ | EPT_WRITE);
	assert_int_equal(size, PAGE_4K);
	assert_int_equal(ept_map_page(&e, 0x13000, 0x6000, EPT_READ, EPT_MEMTYPE_WB),
			 EPT_ALREADY_MAPPED);
	assert_int_equal(ept_map_page(&e, 0x14000, 0x6001, EPT_READ, EPT_MEMTYPE_WB),
			 EPT_BAD_RANGE);
	assert_int_equal(ept_map_page(&e, 0x14000, 0x6000, 0, EPT_MEMTYPE_WB),
			 EPT_BAD_RANGE);
	assert_int_equal(ept_map_page(&e, 0x30000, 0x6000, EPT_READ, EPT_MEMTYPE_WB),
			 EPT_ALREADY_MAPPED);
}

static void test_out_of_table_pages(void **state)
{
	struct pool *p = *state;
	struct ept e;

	p->limit = 2; /* PML4 and one PDPT, then nothing */
	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, p, true, true), EPT_OK);
	assert_int_equal(ept_map_identity(&e, 0, PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB), EPT_NO_MEMORY);
	p->limit = 0;
	pool_free(p);
	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, p, true, true), EPT_NO_MEMORY);
}

/* Punching 4 KiB and 2 MiB holes into 1 GiB leaves keeps everything else. */
static void test_set_page_splits(void **state)
{
	struct ept e;
	uint64_t g1 = PAGE_1G, hole = PAGE_1G + 5 * PAGE_2M + 7 * PAGE_4K;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, true), EPT_OK);
	assert_int_equal(ept_map_identity(&e, 0, 4 * PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB), EPT_OK);
	assert_int_equal(e.leaves[2], 4);
	assert_int_equal(ept_set_page(&e, hole, 0, PAGE_4K, 0, 0), EPT_OK);
	expect_unmapped(&e, hole);
	expect_unmapped(&e, hole + PAGE_4K - 1);
	expect_leaf(&e, hole - PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, hole + PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, g1 + 4 * PAGE_2M, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	expect_leaf(&e, g1 + PAGE_1G - 1, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	expect_leaf(&e, 0, EPT_RWX, EPT_MEMTYPE_WB, PAGE_1G);
	expect_leaf(&e, 2 * PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB, PAGE_1G);
	/* 1G -> 512 x 2M -> one of them 512 x 4K, one 4K gone. */
	assert_int_equal(e.leaves[2], 3);
	assert_int_equal(e.leaves[1], 511);
	assert_int_equal(e.leaves[0], 511);
	/* A 2 MiB hole in another 1 GiB leaf, then mapped back elsewhere. */
	assert_int_equal(ept_set_page(&e, 3 * PAGE_1G + PAGE_2M, 0, PAGE_2M, 0, 0), EPT_OK);
	expect_unmapped(&e, 3 * PAGE_1G + PAGE_2M + 12345);
	expect_leaf(&e, 3 * PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	assert_int_equal(ept_set_page(&e, 3 * PAGE_1G + PAGE_2M, 3 * PAGE_1G + PAGE_2M,
				      PAGE_2M, EPT_READ, EPT_MEMTYPE_UC), EPT_OK);
	expect_leaf(&e, 3 * PAGE_1G + PAGE_2M + 8, EPT_READ, EPT_MEMTYPE_UC, PAGE_2M);
	/* And the 4 KiB hole filled again. */
	assert_int_equal(ept_set_page(&e, hole, hole, PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB), EPT_OK);
	expect_leaf(&e, hole, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
}

static void test_set_page_refusals(void **state)
{
	struct pool *p = *state;
	struct ept e;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, p, true, true), EPT_OK);
	assert_int_equal(ept_map_identity(&e, 0, PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB), EPT_OK);
	assert_int_equal(ept_set_page(&e, 0x1000, 0, PAGE_1G, 0, 0), EPT_BAD_RANGE);
	assert_int_equal(ept_set_page(&e, 0x1000, 0, PAGE_2M, 0, 0), EPT_BAD_RANGE);
	assert_int_equal(ept_set_page(&e, 0x1000, 0x800, PAGE_4K, EPT_READ, EPT_MEMTYPE_WB), EPT_BAD_RANGE);
	assert_int_equal(ept_set_page(&e, 0x1000, 0x1000, PAGE_4K, 8, EPT_MEMTYPE_WB), EPT_BAD_RANGE);
	assert_int_equal(ept_set_page(&e, 0x1000, 0x1000, PAGE_4K, EPT_READ, 2), EPT_BAD_RANGE);
	assert_int_equal(ept_set_page(&e, EPT_MAX_GPA, 0, PAGE_4K, 0, 0), EPT_BAD_RANGE);
	expect_leaf(&e, 0x1000, EPT_RWX, EPT_MEMTYPE_WB, PAGE_1G);
	/* A 2 MiB page over a 4 KiB table would drop the table: refused. */
	assert_int_equal(ept_set_page(&e, 0x3000, 0, PAGE_4K, 0, 0), EPT_OK);
	assert_int_equal(ept_set_page(&e, 0, 0, PAGE_2M, EPT_RWX, EPT_MEMTYPE_WB), EPT_ALREADY_MAPPED);
	/* Out of table pages: nothing changes. */
	p->limit = p->used;
	assert_int_equal(ept_set_page(&e, 0x600000, 0, PAGE_4K, 0, 0), EPT_NO_MEMORY);
	expect_leaf(&e, 0x600000, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
}

/* Write-protecting a range that starts and ends inside large leaves. */
static void test_set_perms_splits_at_edges(void **state)
{
	struct ept e;
	uint64_t start = PAGE_1G + 3 * PAGE_4K, end = 3 * PAGE_1G + PAGE_2M + 5 * PAGE_4K;
	unsigned tables;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, true), EPT_OK);
	assert_int_equal(ept_map_identity(&e, 0, 4 * PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB), EPT_OK);
	assert_int_equal(ept_set_page(&e, 2 * PAGE_1G, 0, PAGE_2M, 0, 0), EPT_OK); /* a hole */
	tables = e.tables;
	assert_int_equal(ept_set_perms(&e, start, end, EPT_READ | EPT_EXECUTE), EPT_OK);
	expect_leaf(&e, start - PAGE_4K, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, start, EPT_READ | EPT_EXECUTE, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, PAGE_1G + PAGE_2M, EPT_READ | EPT_EXECUTE, EPT_MEMTYPE_WB, PAGE_2M);
	expect_unmapped(&e, 2 * PAGE_1G);                      /* stays a hole */
	expect_leaf(&e, 2 * PAGE_1G + PAGE_2M, EPT_READ | EPT_EXECUTE, EPT_MEMTYPE_WB, PAGE_2M);
	expect_leaf(&e, 3 * PAGE_1G, EPT_READ | EPT_EXECUTE, EPT_MEMTYPE_WB, PAGE_2M);
	expect_leaf(&e, end - PAGE_4K, EPT_READ | EPT_EXECUTE, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, end, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, 0, EPT_RWX, EPT_MEMTYPE_WB, PAGE_1G);
	/* Two edges, each a 1G -> 2M -> 4K split: four new tables. */
	assert_int_equal(e.tables, tables + 4);
	/* And back: every page writable again, without new tables. */
	assert_int_equal(ept_set_perms(&e, start, end, EPT_RWX), EPT_OK);
	expect_leaf(&e, start, EPT_RWX, EPT_MEMTYPE_WB, PAGE_4K);
	expect_leaf(&e, 3 * PAGE_1G, EPT_RWX, EPT_MEMTYPE_WB, PAGE_2M);
	assert_int_equal(e.tables, tables + 4);
	assert_int_equal(ept_set_perms(&e, start, start, EPT_READ), EPT_BAD_RANGE);
	assert_int_equal(ept_set_perms(&e, start, end, 0), EPT_BAD_RANGE);
	assert_int_equal(ept_set_perms(&e, 1, end, EPT_READ), EPT_BAD_RANGE);
}

static void test_ept_pointer(void **state)
{
	struct ept e;

	assert_int_equal(ept_init(&e, pool_alloc, pool_virt, *state, true, true), EPT_OK);
	assert_int_equal(ept_pointer(&e) & 0xfff, 0x1e); /* WB, walk length 4 */
	assert_int_equal(ept_pointer(&e) & ~0xfffull, e.pml4_phys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_host_identity_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_large_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_2m_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_ranges_map_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double_map_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_page_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_table_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ept_pointer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_page_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_page_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_perms_splits_at_edges, setup, teardown),
	};

	return cmocka_run_group_tests_name("ept identity map", tests, NULL, NULL);
}
