// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the page pool's accounting (ept/page_pool.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ept/page_pool.h"

#define MB2 POOL_CHUNK_BYTES

static struct page_pool *new_pool(void)
{
	struct page_pool *p = malloc(sizeof(*p));

	assert_non_null(p);
	pool_init(p);
	return p;
}

static void lend(struct page_pool *p, const uint64_t *bases, uint32_t n, uint64_t gen)
{
	uint8_t types[POOL_MAX_CHUNKS];
	uint32_t i;

	for (i = 0; i < n; i++)
		types[i] = 6;
	assert_int_equal(pool_lend_check(p, bases, n), POOL_OK);
	pool_lend_commit(p, bases, types, n, gen);
}

static void test_lend_checks_change_nothing(void **state)
{
	struct page_pool *p = new_pool();
	const uint64_t good[] = { 10 * MB2, 4 * MB2 };
	const uint64_t misaligned[] = { 6 * MB2, 8 * MB2 + 4096 };
	const uint64_t dup_in_list[] = { 20 * MB2, 20 * MB2 };
	const uint64_t dup_in_pool[] = { 30 * MB2, 4 * MB2 };
	uint64_t many[POOL_MAX_CHUNKS];
	uint32_t i;

	(void)state;
	lend(p, good, 2, 1);
	assert_int_equal(p->chunks, 2);
	assert_int_equal(p->chunk[0].base, 4 * MB2); /* kept sorted */
	assert_int_equal(pool_lend_check(p, misaligned, 2), POOL_MISALIGNED);
	assert_int_equal(pool_lend_check(p, dup_in_list, 2), POOL_DUPLICATE);
	assert_int_equal(pool_lend_check(p, dup_in_pool, 2), POOL_DUPLICATE);
	for (i = 0; i < POOL_MAX_CHUNKS; i++)
		many[i] = (100 + i) * MB2;
	assert_int_equal(pool_lend_check(p, many, POOL_MAX_CHUNKS - 1), POOL_FULL);
	assert_int_equal(pool_lend_check(p, many, POOL_MAX_CHUNKS - 2), POOL_OK);
	assert_int_equal(p->chunks, 2);
	assert_true(pool_contains(p, 10 * MB2 + MB2 - 1));
	assert_false(pool_contains(p, 11 * MB2));
	assert_false(pool_contains(p, 4 * MB2 - 1));
	free(p);
}

static void test_alloc_free_accounting(void **state)
{
	struct page_pool *p = new_pool();
	const uint64_t base[] = { 2 * MB2 };
	uint64_t page, first;
	uint32_t i;

	(void)state;
	lend(p, base, 1, 0);
	assert_int_equal(pool_alloc(p, 3, 0, &first), POOL_OK);
	assert_int_equal(first, 2 * MB2);
	for (i = 1; i < POOL_PAGES_PER_CHUNK; i++)
		assert_int_equal(pool_alloc(p, 3, 0, &page), POOL_OK);
	assert_int_equal(page, 2 * MB2 + MB2 - 4096);
	assert_int_equal(pool_alloc(p, 3, 0, &page), POOL_EMPTY);
	assert_int_equal(p->owner_pages[3], POOL_PAGES_PER_CHUNK);
	assert_int_equal(pool_free(p, 4, first), POOL_NOT_OWNER);
	assert_int_equal(pool_free(p, 3, first + 8), POOL_NOT_IN_POOL);
	assert_int_equal(pool_free(p, 3, 9 * MB2), POOL_NOT_IN_POOL);
	assert_int_equal(pool_free(p, 3, first), POOL_OK);
	assert_int_equal(pool_free(p, 3, first), POOL_NOT_OWNER); /* twice */
	assert_int_equal(p->owner_pages[3], POOL_PAGES_PER_CHUNK - 1);
	assert_int_equal(pool_alloc(p, 5, 0, &page), POOL_OK);
	assert_int_equal(page, first); /* the freed page comes back */
	assert_int_equal(pool_alloc(p, POOL_MAX_OWNERS, 0, &page), POOL_BAD_OWNER);
	assert_int_equal(pool_free_owner(p, 3), POOL_PAGES_PER_CHUNK - 1);
	assert_int_equal(p->owner_pages[3], 0);
	assert_int_equal(p->pages_used, 1);
	free(p);
}

/* Pages lent at generation g wait until every CPU has synced g. */
static void test_generation_gate(void **state)
{
	struct page_pool *p = new_pool();
	const uint64_t base[] = { 0 };
	uint64_t page;

	(void)state;
	lend(p, base, 1, 7);
	assert_int_equal(pool_alloc(p, 0, 6, &page), POOL_EMPTY);
	assert_int_equal(pool_alloc(p, 0, 7, &page), POOL_OK);
	free(p);
}

static void test_reclaim_only_whole_free_chunks(void **state)
{
	struct page_pool *p = new_pool();
	const uint64_t bases[] = { 1 * MB2, 2 * MB2, 3 * MB2 };
	uint64_t out[4], page;
	uint8_t types[4];

	(void)state;
	lend(p, bases, 3, 0);
	assert_int_equal(pool_alloc(p, 1, 0, &page), POOL_OK); /* in chunk 1 */
	assert_int_equal(pool_reclaim(p, out, types, 4), 2);
	assert_int_equal(out[0], 2 * MB2);
	assert_int_equal(out[1], 3 * MB2);
	assert_int_equal(types[0], 6);
	assert_int_equal(p->chunks, 1);
	assert_int_equal(pool_reclaim(p, out, types, 4), 0);
	assert_int_equal(pool_free(p, 1, page), POOL_OK);
	assert_int_equal(pool_reclaim(p, out, types, 0), 0);
	assert_int_equal(pool_reclaim(p, out, types, 4), 1);
	assert_int_equal(p->chunks, 0);
	assert_int_equal(p->pages_used, 0);
	free(p);
}

/* Many cycles of lend, allocate, free and reclaim leave the pool exactly
 * as it started: no page leaks. */
static void test_no_leak_over_cycles(void **state)
{
	struct page_pool *p = new_pool();
	uint64_t bases[4], out[8], page;
	uint8_t types[8];
	unsigned round, i;

	(void)state;
	srand(1);
	for (round = 0; round < 50; round++) {
		for (i = 0; i < 4; i++)
			bases[i] = (uint64_t)(rand() % 1000 * 4 + i) * MB2;
		lend(p, bases, 4, round);
		for (i = 0; i < 700; i++)
			assert_int_equal(pool_alloc(p, (uint8_t)(i % 3), round, &page), POOL_OK);
		assert_int_equal(pool_free_owner(p, 0) + pool_free_owner(p, 1) +
				 pool_free_owner(p, 2), 700);
		assert_int_equal(pool_reclaim(p, out, types, 8), 4);
		assert_int_equal(p->chunks, 0);
		assert_int_equal(p->pages_used, 0);
	}
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lend_checks_change_nothing),
		cmocka_unit_test(test_alloc_free_accounting),
		cmocka_unit_test(test_generation_gate),
		cmocka_unit_test(test_reclaim_only_whole_free_chunks),
		cmocka_unit_test(test_no_leak_over_cycles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
