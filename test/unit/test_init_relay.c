// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the init's relay decisions (tools/init_relay.c): the stdin
 * byte queue at every wrap point, what each input record asks for, what
 * the host's out-of-band signals and sizes ask for, and when the init may
 * end the cappsule.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test/unit/test_rng.h"
#include "tools/init_relay.h"

/* ----------------------------------------------------------- the queue -- */

static void test_queue_basics(void **state)
{
	static struct byte_queue q;
	size_t len;
	const uint8_t *p;

	(void)state;
	memset(&q, 0, sizeof(q));
	p = byte_queue_peek(&q, &len);
	assert_int_equal(len, 0);
	assert_int_equal(byte_queue_room(&q), BYTE_QUEUE_CAP);
	assert_int_equal(byte_queue_push(&q, "hello", 5), 5);
	p = byte_queue_peek(&q, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "hello", 5);
	byte_queue_drop(&q, 2);
	p = byte_queue_peek(&q, &len);
	assert_memory_equal(p, "llo", 3);
	byte_queue_drop(&q, 99);	/* more than queued: all */
	assert_int_equal(q.len, 0);
	assert_int_equal(q.head, 0);
}

static void test_queue_full(void **state)
{
	static struct byte_queue q;
	static uint8_t big[BYTE_QUEUE_CAP + 10];

	(void)state;
	memset(&q, 0, sizeof(q));
	memset(big, 7, sizeof(big));
	assert_int_equal(byte_queue_push(&q, big, sizeof(big)), BYTE_QUEUE_CAP);
	assert_int_equal(byte_queue_room(&q), 0);
	assert_int_equal(byte_queue_push(&q, big, 1), 0);
	byte_queue_drop(&q, 3);
	assert_int_equal(byte_queue_push(&q, big, 10), 3);
}

/* Random pushes, peeks and drops against a model: the bytes come out in
 * order, whatever the wrap. */
static void test_queue_random(void **state)
{
	static struct byte_queue q;
	static uint8_t chunk[9000];
	uint64_t rng = 42, in_pos = 0, out_pos = 0;

	(void)state;
	memset(&q, 0, sizeof(q));
	for (int round = 0; round < 20000; round++) {
		size_t n = test_rng_next(&rng) % sizeof(chunk), len, took;
		const uint8_t *p;

		if (test_rng_next(&rng) & 1) {
			for (size_t i = 0; i < n; i++)
				chunk[i] = (uint8_t)((in_pos + i) * 31 >> 3);
			took = byte_queue_push(&q, chunk, n);
			assert_int_equal(took, n < BYTE_QUEUE_CAP - (in_pos - out_pos) ?
					 n : BYTE_QUEUE_CAP - (in_pos - out_pos));
			in_pos += took;
		} else {
			p = byte_queue_peek(&q, &len);
			assert_true(len <= q.len);
			assert_true(len > 0 || q.len == 0);
			n = n < len ? n : len;
			for (size_t i = 0; i < n; i++)
				assert_int_equal(p[i], (uint8_t)((out_pos + i) * 31 >> 3));
			byte_queue_drop(&q, n);
			out_pos += n;
		}
		assert_int_equal(q.len, in_pos - out_pos);
	}
}

/* ------------------------------------------------------------- records -- */

static enum init_input_kind decide(uint8_t stream, bool ended)
{
	struct exec_rec rec = { .stream = stream, .len = 0, .data = NULL };

	if (stream == CAPPSULE_STREAM_STDIN) {
		rec.len = 1;
		rec.data = (const uint8_t *)"x";
	}
	return init_input_decide(&rec, ended);
}

static void test_input_kinds(void **state)
{
	(void)state;
	assert_int_equal(decide(CAPPSULE_STREAM_STDIN, false), INIT_INPUT_STDIN);
	assert_int_equal(decide(CAPPSULE_STREAM_STDIN, true), INIT_INPUT_IGNORE);
	assert_int_equal(decide(CAPPSULE_STREAM_EOF, false), INIT_INPUT_EOF);
	assert_int_equal(decide(CAPPSULE_STREAM_EOF, true), INIT_INPUT_IGNORE);
	/* Streams that never come in, the retired 4 and 5 among them. */
	for (unsigned s = CAPPSULE_STREAM_STDOUT; s < 256; s++)
		if (s != CAPPSULE_STREAM_EOF)
			assert_int_equal(decide((uint8_t)s, false), INIT_INPUT_IGNORE);
}

/* ------------------------------------------------------------ control -- */

static struct init_control control(uint64_t signals, uint16_t rows, uint16_t cols, bool tty)
{
	struct cappsule_ioc_guest_control c = { .signals = signals, .rows = rows, .cols = cols };
	struct init_control out;

	memset(&out, 0xa5, sizeof(out));	/* decide must set every field */
	init_control_decide(&c, tty, &out);
	return out;
}

static bool relayable(uint32_t sig)
{
	return sig >= 1 && sig <= 31 && sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD;
}

static void test_control_one_signal(void **state)
{
	(void)state;
	for (uint32_t sig = 1; sig <= 64; sig++) {
		struct init_control c = control((uint64_t)1 << (sig - 1), 0, 0, sig & 1);

		assert_false(c.resize);
		assert_int_equal(c.n_signals, relayable(sig) ? 1 : 0);
		if (relayable(sig))
			assert_int_equal(c.signals[0], sig);
	}
	assert_int_equal(control(0, 0, 0, true).n_signals, 0);
}

static void test_control_many_signals(void **state)
{
	struct init_control c;
	uint32_t want = 1;

	(void)state;
	/* All 64 bits: every relayable signal once, lowest first. */
	c = control(UINT64_MAX, 0, 0, false);
	assert_int_equal(c.n_signals, 28);
	for (unsigned i = 0; i < c.n_signals; i++, want++) {
		while (!relayable(want))
			want++;
		assert_int_equal(c.signals[i], want);
	}
	/* SIGTERM and SIGINT: SIGINT first, whatever order they were sent in. */
	c = control(1u << (SIGTERM - 1) | 1u << (SIGINT - 1), 0, 0, false);
	assert_int_equal(c.n_signals, 2);
	assert_int_equal(c.signals[0], SIGINT);
	assert_int_equal(c.signals[1], SIGTERM);
	/* Only what cannot be relayed: nothing. */
	c = control(1u << (SIGKILL - 1) | 1u << (SIGSTOP - 1) | 1u << (SIGCHLD - 1) |
		    (uint64_t)1 << 40, 0, 0, true);
	assert_int_equal(c.n_signals, 0);
}

static void test_control_winsize(void **state)
{
	struct init_control c;

	(void)state;
	c = control(0, 50, 132, true);
	assert_true(c.resize);
	assert_int_equal(c.rows, 50);
	assert_int_equal(c.cols, 132);
	assert_int_equal(c.n_signals, 0);
	c = control(1u << (SIGINT - 1), 0xffff, 0xffff, true);
	assert_true(c.resize);
	assert_int_equal(c.rows, 0xffff);
	assert_int_equal(c.n_signals, 1);
	/* No pty, or a size of nothing: nothing to do. */
	assert_false(control(0, 50, 132, false).resize);
	assert_false(control(0, 0, 80, true).resize);
	assert_false(control(0, 24, 0, true).resize);
	assert_false(control(0, 0, 0, true).resize);
}

/* ----------------------------------------------------------------- end -- */

static void test_finished(void **state)
{
	struct init_progress p = { .status_known = true };

	(void)state;
	assert_true(init_finished(&p));
	p.outputs_open = 1;
	assert_false(init_finished(&p));
	p.outputs_open = 0;
	p.output_pending = 1;
	assert_false(init_finished(&p));
	p.output_pending = 0;
	p.status_known = false;
	assert_false(init_finished(&p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_basics),
		cmocka_unit_test(test_queue_full),
		cmocka_unit_test(test_queue_random),
		cmocka_unit_test(test_input_kinds),
		cmocka_unit_test(test_control_one_signal),
		cmocka_unit_test(test_control_many_signals),
		cmocka_unit_test(test_control_winsize),
		cmocka_unit_test(test_finished),
	};

	return cmocka_run_group_tests_name("init_relay", tests, NULL, NULL);
}
