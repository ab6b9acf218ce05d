// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the monitor's in-memory log ring (vmx/log_ring.c): reads by
 * position, wrap-around, a reader that falls behind, positions past the
 * head, small buffers, whole-ring reads and writes larger than the ring,
 * then a randomized comparison with the full history of what was written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test/unit/test_rng.h"

#include "vmx/log_ring.h"

#define RING LOG_RING_BYTES

/* The byte written at position p, in the patterned tests. */
static char byte_at(uint64_t p)
{
	return (char)('!' + (p * 7 + p / 251) % 90);
}

static void write_pattern(struct log_ring *r, uint64_t n)
{
	char chunk[1000];
	uint64_t done = 0;

	while (done < n) {
		size_t len = n - done < sizeof(chunk) ? (size_t)(n - done) : sizeof(chunk);
		size_t i;

		for (i = 0; i < len; i++)
			chunk[i] = byte_at(r->head + i);
		log_ring_write(r, chunk, len);
		done += len;
	}
}

static void expect_pattern(const char *buf, uint64_t pos, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != byte_at(pos + i)) {
			print_error("byte %llu (position %llu) differs\n",
				    (unsigned long long)i, (unsigned long long)(pos + i));
			fail();
		}
}

static void expect_result(struct log_ring_result r, uint64_t copied, uint64_t next, uint64_t lost)
{
	assert_int_equal(r.copied, copied);
	assert_int_equal(r.next, next);
	assert_int_equal(r.lost, lost);
}

static int setup(void **state)
{
	struct log_ring *r = calloc(1, sizeof(*r)); /* all zero: the empty ring */

	*state = r;
	return r ? 0 : -1;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void test_empty(void **state)
{
	struct log_ring *r = *state;
	char out[16];

	memset(out, 'x', sizeof(out));
	expect_result(log_ring_read(r, 0, out, sizeof(out)), 0, 0, 0);
	expect_result(log_ring_read(r, 5, out, sizeof(out)), 0, 0, 0);
	expect_result(log_ring_read(r, UINT64_MAX, out, sizeof(out)), 0, 0, 0);
	assert_int_equal(out[0], 'x');
	log_ring_write(r, "ignored", 0); /* zero length: nothing happens */
	assert_int_equal(r->head, 0);
	expect_result(log_ring_read(r, 0, out, sizeof(out)), 0, 0, 0);
}

static void test_write_read(void **state)
{
	struct log_ring *r = *state;
	char out[64];

	log_ring_write(r, "hello\n", 6);
	assert_int_equal(r->head, 6);
	memset(out, 0, sizeof(out));
	expect_result(log_ring_read(r, 0, out, sizeof(out)), 6, 6, 0);
	assert_memory_equal(out, "hello\n", 6);
	assert_int_equal(out[6], 0); /* nothing beyond what was copied */

	log_ring_write(r, "world\n", 6);
	memset(out, 0, sizeof(out));
	expect_result(log_ring_read(r, 6, out, sizeof(out)), 6, 12, 0);
	assert_memory_equal(out, "world\n", 6);
	memset(out, 0, sizeof(out));
	expect_result(log_ring_read(r, 3, out, sizeof(out)), 9, 12, 0);
	assert_memory_equal(out, "lo\nworld\n", 9);
	expect_result(log_ring_read(r, 11, out, sizeof(out)), 1, 12, 0);
	assert_int_equal(out[0], '\n');
}

static void test_position_at_or_past_head(void **state)
{
	struct log_ring *r = *state;
	char out[8];

	log_ring_write(r, "abc", 3);
	memset(out, 'x', sizeof(out));
	expect_result(log_ring_read(r, 3, out, sizeof(out)), 0, 3, 0);
	expect_result(log_ring_read(r, 4, out, sizeof(out)), 0, 3, 0);
	expect_result(log_ring_read(r, 1000000, out, sizeof(out)), 0, 3, 0);
	expect_result(log_ring_read(r, UINT64_MAX, out, sizeof(out)), 0, 3, 0);
	assert_memory_equal(out, "xxxxxxxx", 8); /* not written to */

	/* Also once the ring has wrapped. */
	write_pattern(r, 3 * RING);
	expect_result(log_ring_read(r, r->head, out, sizeof(out)), 0, r->head, 0);
	expect_result(log_ring_read(r, r->head + 1, out, sizeof(out)), 0, r->head, 0);
	assert_memory_equal(out, "xxxxxxxx", 8);
}

static void test_small_buffers(void **state)
{
	struct log_ring *r = *state;
	char out[4], all[200];
	uint64_t pos = 0, got = 0;
	struct log_ring_result res;

	write_pattern(r, 150);
	/* Three bytes at a time: 50 reads, then nothing. */
	do {
		memset(out, 0, sizeof(out));
		res = log_ring_read(r, pos, out, 3);
		assert_int_equal(res.lost, 0);
		assert_true(res.copied <= 3);
		assert_int_equal(res.next, pos + res.copied);
		memcpy(all + got, out, res.copied);
		assert_int_equal(out[3], 0); /* never more than asked */
		got += res.copied;
		pos = res.next;
	} while (res.copied);
	assert_int_equal(got, 150);
	expect_pattern(all, 0, 150);

	/* One byte; and size 0 copies nothing but reports the position. */
	expect_result(log_ring_read(r, 7, out, 1), 1, 8, 0);
	assert_int_equal(out[0], byte_at(7));
	memset(out, 'x', sizeof(out));
	expect_result(log_ring_read(r, 7, out, 0), 0, 7, 0);
	assert_int_equal(out[0], 'x');
}

static void test_wrap_around(void **state)
{
	struct log_ring *r = *state;
	char out[64];

	write_pattern(r, RING - 3);
	log_ring_write(r, "0123456789", 10); /* 3 at the end of data[], 7 at the start */
	assert_int_equal(r->head, RING + 7);
	assert_memory_equal(r->data + RING - 3, "012", 3);
	assert_memory_equal(r->data, "3456789", 7);

	memset(out, 0, sizeof(out));
	expect_result(log_ring_read(r, RING - 3, out, sizeof(out)), 10, RING + 7, 0);
	assert_memory_equal(out, "0123456789", 10);
	/* A read that starts before the wrap and ends after it. */
	expect_result(log_ring_read(r, RING - 10, out, 12), 12, RING + 2, 0);
	expect_pattern(out, RING - 10, 7);
	assert_memory_equal(out + 7, "01234", 5);
	/* Position 0..6 were overwritten by the 7 bytes after the wrap. */
	expect_result(log_ring_read(r, 0, out, 4), 4, 11, 7);
	expect_pattern(out, 7, 4);
}

static void test_exactly_one_ring(void **state)
{
	struct log_ring *r = *state;
	char *out = malloc(RING + 16);

	assert_non_null(out);
	write_pattern(r, RING);
	/* Full but nothing lost yet: the oldest byte is still position 0. */
	memset(out, 0, RING + 16);
	expect_result(log_ring_read(r, 0, out, RING), RING, RING, 0);
	expect_pattern(out, 0, RING);
	expect_result(log_ring_read(r, 0, out, RING + 16), RING, RING, 0);
	assert_int_equal(out[RING], 0);
	expect_result(log_ring_read(r, 0, out, RING - 1), RING - 1, RING - 1, 0);

	/* One byte more: position 0 is gone. */
	log_ring_write(r, "!", 1);
	memset(out, 0, RING + 16);
	expect_result(log_ring_read(r, 0, out, RING + 16), RING, RING + 1, 1);
	expect_pattern(out, 1, RING - 1);
	assert_int_equal(out[RING - 1], '!');
	expect_result(log_ring_read(r, 1, out, RING), RING, RING + 1, 0);
	free(out);
}

static void test_reader_falls_behind(void **state)
{
	struct log_ring *r = *state;
	char *out = malloc(RING);
	struct log_ring_result res;
	uint64_t pos;

	assert_non_null(out);
	write_pattern(r, 100);
	res = log_ring_read(r, 0, out, 50);
	expect_result(res, 50, 50, 0);
	pos = res.next;

	/* The writer laps the reader: 50 + 3 rings + 17 bytes later. */
	write_pattern(r, 3 * RING + 17);
	assert_int_equal(r->head, 100 + 3 * RING + 17);
	res = log_ring_read(r, pos, out, RING);
	/* Oldest kept: head - RING. */
	expect_result(res, RING, r->head, r->head - RING - pos);
	expect_pattern(out, r->head - RING, RING);

	/* Behind, with a small buffer: the lost bytes are counted once, and
	 * the next read continues where this one stopped, losing nothing. */
	res = log_ring_read(r, pos, out, 10);
	expect_result(res, 10, r->head - RING + 10, r->head - RING - pos);
	expect_pattern(out, r->head - RING, 10);
	res = log_ring_read(r, res.next, out, 10);
	expect_result(res, 10, r->head - RING + 20, 0);
	expect_pattern(out, r->head - RING + 10, 10);

	/* Behind with size 0: reports the loss and moves to the oldest. */
	res = log_ring_read(r, 0, out, 0);
	expect_result(res, 0, r->head - RING, r->head - RING);

	/* The oldest kept byte exactly: no loss; one before: lost 1. */
	expect_result(log_ring_read(r, r->head - RING, out, 1), 1, r->head - RING + 1, 0);
	expect_result(log_ring_read(r, r->head - RING - 1, out, 1), 1, r->head - RING + 1, 1);
	free(out);
}

static void test_write_larger_than_ring(void **state)
{
	struct log_ring *r = *state;
	const size_t big = 3 * RING + 123;
	char *text = malloc(big), *out = malloc(RING);
	size_t i;

	assert_non_null(text);
	assert_non_null(out);
	for (i = 0; i < big; i++)
		text[i] = byte_at(5 + i);
	log_ring_write(r, "12345", 5);
	log_ring_write(r, text, big); /* one call, three and a bit rings */
	assert_int_equal(r->head, 5 + big);

	expect_result(log_ring_read(r, 0, out, RING), RING, r->head, r->head - RING);
	expect_pattern(out, r->head - RING, RING);
	/* The last bytes of the call are the newest. */
	expect_result(log_ring_read(r, r->head - 4, out, RING), 4, r->head, 0);
	assert_memory_equal(out, text + big - 4, 4);
	free(text);
	free(out);
}

/* Random writes and reads against the complete history. */
static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	return test_rng_next(&rng_state);
}

static void test_random_history(void **state)
{
	struct log_ring *r = *state;
	const size_t cap = 40 * RING;
	char *hist = malloc(cap), *out = malloc(2 * RING + 8), *text = malloc(2 * RING);
	uint64_t reader = 0;
	unsigned step;

	assert_non_null(hist);
	assert_non_null(out);
	assert_non_null(text);
	for (step = 0; step < 4000 && r->head < cap - 2 * RING; step++) {
		unsigned kind = (unsigned)(rnd() % 10);

		if (kind < 4) {
			/* Mostly short lines, now and then more than a ring. */
			size_t len = rnd() % 50 == 0 ? (size_t)(rnd() % (2 * RING)) : (size_t)(rnd() % 200);
			size_t i;

			for (i = 0; i < len; i++)
				text[i] = (char)rnd();
			memcpy(hist + r->head, text, len);
			log_ring_write(r, text, len);
		} else {
			uint64_t head = r->head, oldest = head > RING ? head - RING : 0;
			uint64_t pos, size, from, want;
			struct log_ring_result res;

			/* A reader that keeps its position, or a random position. */
			pos = kind < 8 ? reader : rnd() % (head + 100);
			size = rnd() % 4 == 0 ? rnd() % (2 * RING + 8) : rnd() % 300;
			memset(out, 0x55, 2 * RING + 8);
			res = log_ring_read(r, pos, out, size);
			if (pos >= head) {
				expect_result(res, 0, head, 0);
				continue;
			}
			from = pos < oldest ? oldest : pos;
			want = head - from < size ? head - from : size;
			expect_result(res, want, from + want, from - pos);
			assert_memory_equal(out, hist + from, want);
			if (want < 2 * RING + 8)
				assert_int_equal((unsigned char)out[want], 0x55);
			if (kind < 8)
				reader = res.next;
		}
	}
	free(hist);
	free(out);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position_at_or_past_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrap_around, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exactly_one_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_falls_behind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_larger_than_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_history, setup, teardown),
	};

	return cmocka_run_group_tests_name("log ring", tests, NULL, NULL);
}
