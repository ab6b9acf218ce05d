// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the live control area of a virt exec window
 * (hostshim/exec_live.c): its layout, the ranges each post accepts, what
 * the cappsule's reader reports (and what it refuses), posts racing with
 * a take, a cappsule scribbling over the area, and random interleavings
 * of posts and takes against a model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hostshim/exec_live.h"
#include "test/unit/test_rng.h"

static _Alignas(64) uint8_t area[4096];

static struct exec_live_writer w;
static struct exec_live_reader r;

static int setup(void **state)
{
	(void)state;
	memset(area, 0xee, sizeof(area));
	exec_live_writer_init(&w, area);
	exec_live_reader_init(&r, area);
	return 0;
}

static uint32_t pack(uint16_t rows, uint16_t cols)
{
	return (uint32_t)rows << 16 | cols;
}

static struct exec_live_news take(void)
{
	struct exec_live_news n;

	memset(&n, 0xa5, sizeof(n));	/* take must set every field */
	exec_live_take(&r, &n);
	return n;
}

static void test_layout(void **state)
{
	struct exec_window_live *l = (void *)area;

	(void)state;
	/* The area is zeroed, reserved fields included, and nothing beyond. */
	for (size_t i = 0; i < sizeof(*l); i++)
		assert_int_equal(area[i], 0);
	assert_int_equal(area[sizeof(*l)], 0xee);
	assert_true(exec_live_post_signal(&w, 2));
	assert_int_equal(l->seq, 1);
	assert_int_equal(l->signals[1], 1);
	assert_true(exec_live_post_winsize(&w, pack(24, 80)));
	assert_int_equal(l->seq, 2);
	/* Posts << 32 | rows << 16 | cols, little-endian at offset 8. */
	assert_memory_equal(area + 8, "\x50\0\x18\0\x01\0\0\0", 8);
	assert_int_equal(l->reserved0, 0);
}

static void test_post_ranges(void **state)
{
	(void)state;
	assert_false(exec_live_post_signal(&w, 0));
	assert_false(exec_live_post_signal(&w, EXEC_LIVE_SIGNALS + 1));
	assert_false(exec_live_post_signal(&w, UINT32_MAX));
	assert_false(exec_live_post_winsize(&w, pack(0, 80)));
	assert_false(exec_live_post_winsize(&w, pack(24, 0)));
	assert_false(exec_live_post_winsize(&w, 0));
	/* A refused post stores nothing: the reader has nothing to take. */
	assert_false(exec_live_pending(&r));
	for (size_t i = 0; i < sizeof(struct exec_window_live); i++)
		assert_int_equal(area[i], 0);
	assert_true(exec_live_post_signal(&w, 1));
	assert_true(exec_live_post_signal(&w, EXEC_LIVE_SIGNALS));
	assert_true(exec_live_post_winsize(&w, pack(0xffff, 0xffff)));
	assert_true(exec_live_post_winsize(&w, pack(1, 1)));
}

static void test_take_signals(void **state)
{
	struct exec_live_news n;

	(void)state;
	assert_false(exec_live_pending(&r));
	n = take();
	assert_int_equal(n.signals, 0);
	assert_int_equal(n.rows, 0);
	assert_int_equal(n.cols, 0);
	assert_true(exec_live_post_signal(&w, 2));
	assert_true(exec_live_pending(&r));
	n = take();
	assert_int_equal(n.signals, 1u << 1);
	assert_int_equal(n.rows, 0);
	assert_false(exec_live_pending(&r));
	assert_int_equal(take().signals, 0);	/* taken once only */
	/* Three of one and one of another: two bits. */
	assert_true(exec_live_post_signal(&w, 15));
	assert_true(exec_live_post_signal(&w, 15));
	assert_true(exec_live_post_signal(&w, 15));
	assert_true(exec_live_post_signal(&w, 64));
	n = take();
	assert_int_equal(n.signals, 1u << 14 | (uint64_t)1 << 63);
}

static void test_take_winsize(void **state)
{
	struct exec_live_news n;

	(void)state;
	assert_true(exec_live_post_winsize(&w, pack(50, 132)));
	assert_true(exec_live_post_winsize(&w, pack(40, 100)));
	n = take();
	assert_int_equal(n.signals, 0);
	assert_int_equal(n.rows, 40);	/* the newest only */
	assert_int_equal(n.cols, 100);
	assert_int_equal(take().rows, 0);
	/* The same size sent again is reported again: the command may have
	 * changed its terminal meanwhile. */
	assert_true(exec_live_post_winsize(&w, pack(40, 100)));
	n = take();
	assert_int_equal(n.rows, 40);
	assert_int_equal(n.cols, 100);
}

/* What the host sent before the cappsule looked (even before its reader
 * existed) is still news. */
static void test_posts_before_reader(void **state)
{
	struct exec_live_news n;

	(void)state;
	assert_true(exec_live_post_signal(&w, 1));
	assert_true(exec_live_post_winsize(&w, pack(30, 90)));
	exec_live_reader_init(&r, area);
	assert_true(exec_live_pending(&r));
	n = take();
	assert_int_equal(n.signals, 1);
	assert_int_equal(n.rows, 30);
}

/* A post seen half-done (its counter stored, seq not yet): taken early;
 * the seq that follows makes one more look, which finds nothing. */
static void test_racing_post(void **state)
{
	struct exec_window_live *l = (void *)area;
	struct exec_live_news n;

	(void)state;
	l->signals[2] = 1;	/* as exec_live_post_signal's first store */
	assert_false(exec_live_pending(&r));
	n = take();
	assert_int_equal(n.signals, 1u << 2);
	l->seq = 1;		/* its second store */
	assert_true(exec_live_pending(&r));
	assert_int_equal(take().signals, 0);
	assert_false(exec_live_pending(&r));
}

/* The cappsule owns its mapping of the area: whatever it writes, the host
 * keeps its own counts and the reader reports only sizes with rows and
 * columns. */
static void test_scribbled_area(void **state)
{
	struct exec_window_live *l = (void *)area;
	struct exec_live_news n;

	(void)state;
	memset(area, 0xff, sizeof(*l));
	assert_true(exec_live_post_signal(&w, 3));
	assert_int_equal(l->signals[2], 1);	/* the host's count, not 0xffffffff + 1 */
	assert_int_equal(l->seq, 1);
	assert_true(exec_live_post_winsize(&w, pack(10, 20)));
	assert_int_equal(l->winsize, (uint64_t)1 << 32 | pack(10, 20));
	/* New post counts with sizes of nothing: no size reported. */
	l->winsize = (uint64_t)7 << 32 | pack(0, 20);
	n = take();
	assert_int_equal(n.rows, 0);
	assert_int_equal(n.cols, 0);
	l->winsize = (uint64_t)8 << 32 | pack(10, 0);
	assert_int_equal(take().cols, 0);
	l->winsize = (uint64_t)9 << 32;
	assert_int_equal(take().rows, 0);
	/* Signal bits are only ever 1..64 (a counter per signal). */
	for (unsigned i = 0; i < EXEC_LIVE_SIGNALS; i++)
		l->signals[i] = 0x12345678u + i;
	assert_int_equal(take().signals, UINT64_MAX);
}

/* Random posts and takes: every take reports exactly the signals posted
 * since the previous one, and the newest size if one was posted. */
static void test_random_model(void **state)
{
	uint64_t rng = 0x5eed1234abcdull, sent = 0;
	uint32_t newest = 0;

	(void)state;
	for (int step = 0; step < 200000; step++) {
		uint32_t roll = (uint32_t)test_rng_next(&rng);

		if (roll % 4 == 0) {
			struct exec_live_news n = take();

			assert_int_equal(n.signals, sent);
			assert_int_equal((uint32_t)n.rows << 16 | n.cols, newest);
			assert_false(exec_live_pending(&r));
			sent = 0;
			newest = 0;
		} else if (roll % 4 == 1) {
			uint32_t size = pack((uint16_t)(roll >> 8) | 1, (uint16_t)(roll >> 16) | 1);

			assert_true(exec_live_post_winsize(&w, size));
			newest = size;
		} else {
			uint32_t sig = (roll >> 8) % EXEC_LIVE_SIGNALS + 1;

			assert_true(exec_live_post_signal(&w, sig));
			sent |= (uint64_t)1 << (sig - 1);
			assert_true(exec_live_pending(&r));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test_setup(test_post_ranges, setup),
		cmocka_unit_test_setup(test_take_signals, setup),
		cmocka_unit_test_setup(test_take_winsize, setup),
		cmocka_unit_test_setup(test_posts_before_reader, setup),
		cmocka_unit_test_setup(test_racing_post, setup),
		cmocka_unit_test_setup(test_scribbled_area, setup),
		cmocka_unit_test_setup(test_random_model, setup),
	};

	return cmocka_run_group_tests_name("exec_live", tests, NULL, NULL);
}
