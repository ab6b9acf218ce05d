// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the copy-on-write decisions (ept/cow.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ept/cow.h"

static enum cow_action decide(bool write, bool in_snapshot, bool shared, bool priv,
			      uint32_t pages, uint32_t limit)
{
	const struct cow_fault f = { write, in_snapshot, shared, priv, pages, limit };

	return cow_decide(&f);
}

static void test_first_touch(void **state)
{
	(void)state;
	assert_int_equal(decide(false, true, false, false, 0, 10), COW_MAP_SHARED);
	assert_int_equal(decide(true, true, false, false, 0, 10), COW_COPY_PRIVATE);
	/* A write after a read: the shared mapping is read-only. */
	assert_int_equal(decide(true, true, true, false, 3, 10), COW_COPY_PRIVATE);
}

static void test_outside_memory_kills(void **state)
{
	(void)state;
	assert_int_equal(decide(false, false, false, false, 0, 10), COW_KILL_OUTSIDE);
	assert_int_equal(decide(true, false, false, false, 0, 10), COW_KILL_OUTSIDE);
	/* Even a frame it somehow has mapped: outside is outside. */
	assert_int_equal(decide(true, false, false, true, 0, 10), COW_KILL_OUTSIDE);
}

static void test_limit(void **state)
{
	(void)state;
	assert_int_equal(decide(true, true, false, false, 9, 10), COW_COPY_PRIVATE);
	assert_int_equal(decide(true, true, false, false, 10, 10), COW_KILL_LIMIT);
	assert_int_equal(decide(true, true, true, false, 11, 10), COW_KILL_LIMIT);
	assert_int_equal(decide(true, true, false, false, 0, 0), COW_KILL_LIMIT);
	/* Reads cost no private page: no limit applies. */
	assert_int_equal(decide(false, true, false, false, 10, 10), COW_MAP_SHARED);
}

static void test_stale_tlb_retries(void **state)
{
	(void)state;
	assert_int_equal(decide(false, true, true, false, 0, 10), COW_RETRY);
	assert_int_equal(decide(true, true, false, true, 10, 10), COW_RETRY);
	assert_int_equal(decide(false, true, false, true, 0, 10), COW_RETRY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_touch),
		cmocka_unit_test(test_outside_memory_kills),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_stale_tlb_retries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
