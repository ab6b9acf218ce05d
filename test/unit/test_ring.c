// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the byte-stream ring (hostshim/ring.c): layout, transfers
 * at every wrap offset, a hostile peer's indices, flags and header, and the
 * waiting-flag protocol, single-threaded and with two real threads. The
 * ring's memory is allocated to its exact size, so ASan sees any access
 * outside it.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "hostshim/ring.h"

#define SMALL 4096u

/* A ring and both of its ends, as the host and a cappsule would hold them. */
struct pair {
	uint8_t *mem;
	struct ring_shared *sh;
	uint8_t *data;
	uint32_t size;
	struct ring_producer p;
	struct ring_consumer c;
};

static void pair_open(struct pair *t, uint32_t size)
{
	t->mem = aligned_alloc(4096, RING_BYTES(size));
	assert_non_null(t->mem);
	memset(t->mem, 0xa5, RING_BYTES(size)); /* stale contents ring_init must clear */
	t->sh = (struct ring_shared *)t->mem;
	t->data = t->mem + RING_HEADER_BYTES;
	t->size = size;
	assert_int_equal(ring_init(t->mem, size), 0);
	assert_int_equal(ring_attach_producer(&t->p, t->mem, size), 0);
	assert_int_equal(ring_attach_consumer(&t->c, t->mem, size), 0);
}

static void pair_close(struct pair *t)
{
	free(t->mem);
}

static uint8_t pattern(uint64_t pos, unsigned seed)
{
	return (uint8_t)(pos * 31u + (pos >> 9) + seed * 101u);
}

static void fill(uint8_t *buf, size_t len, uint64_t pos, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = pattern(pos + i, seed);
}

/* xorshift64: the same "random" chunk sizes on every run. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static uint32_t fnv1a(uint32_t h, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ buf[i]) * 16777619u;
	return h;
}

static long put(struct pair *t, const void *buf, size_t len)
{
	bool notify = true;
	long n = ring_write(&t->p, buf, len, &notify);

	if (n < 0)
		assert_false(notify);
	return n;
}

static long get(struct pair *t, void *buf, size_t len)
{
	bool notify = true;
	long n = ring_read(&t->c, buf, len, &notify);

	if (n < 0)
		assert_false(notify);
	return n;
}

/* Moves both ends forward by len bytes. */
static void advance(struct pair *t, size_t len)
{
	uint8_t buf[SMALL];

	while (len > 0) {
		size_t k = len < sizeof(buf) ? len : sizeof(buf);

		memset(buf, 0, k);
		assert_int_equal(put(t, buf, k), k);
		assert_int_equal(get(t, buf, k), k);
		len -= k;
	}
}

/* ------------------------------------------------------------ layout -- */

static void test_layout_after_init(void **state)
{
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	assert_memory_equal(t.mem, "CRNG", 4);
	assert_int_equal(t.mem[4], RING_VERSION);
	assert_int_equal(t.sh->data_size, SMALL);
	for (size_t i = 12; i < RING_HEADER_BYTES; i++)
		assert_int_equal(t.mem[i], 0);
	for (size_t i = 0; i < SMALL; i++)
		assert_int_equal(t.data[i], 0);
	pair_close(&t);
}

static void test_bad_arguments(void **state)
{
	static const uint32_t bad_sizes[] = { 0, 1, 2048, 4095, 4097, 3 * 4096, 2u << 20 };
	struct ring_producer p;
	uint8_t *mem = aligned_alloc(4096, RING_BYTES(2u << 20));
	bool notify;

	(void)state;
	assert_non_null(mem);
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		assert_int_equal(ring_init(mem, bad_sizes[i]), RING_BAD_ARG);
		assert_int_equal(ring_attach_producer(&p, mem, bad_sizes[i]), RING_BAD_ARG);
	}
	assert_int_equal(ring_init(NULL, SMALL), RING_BAD_ARG);
	assert_int_equal(ring_init(mem + 8, SMALL), RING_BAD_ARG);
	assert_int_equal(ring_init(mem, SMALL), 0);
	assert_int_equal(ring_attach_producer(&p, mem + 64 + 8, SMALL), RING_BAD_ARG);
	/* A failed attach leaves an end that refuses everything. */
	assert_int_equal(ring_write(&p, "x", 1, &notify), RING_CORRUPT);
	assert_int_equal(ring_init(mem, RING_MIN_DATA), 0);
	assert_int_equal(ring_init(mem, RING_MAX_DATA), 0);
	free(mem);
}

static void test_attach_checks_header(void **state)
{
	struct pair t;
	struct ring_consumer c;
	char b;

	(void)state;
	pair_open(&t, 2 * SMALL);
	assert_int_equal(ring_attach_consumer(&c, t.mem, SMALL), RING_CORRUPT);
	assert_int_equal(ring_read(&c, &b, 1, &(bool){ false }), RING_CORRUPT);
	t.sh->magic ^= 1;
	assert_int_equal(ring_attach_consumer(&c, t.mem, 2 * SMALL), RING_CORRUPT);
	t.sh->magic ^= 1;
	t.sh->version = 2;
	assert_int_equal(ring_attach_consumer(&c, t.mem, 2 * SMALL), RING_CORRUPT);
	t.sh->version = RING_VERSION;
	assert_int_equal(ring_attach_consumer(&c, t.mem, 2 * SMALL), 0);
	pair_close(&t);
}

/* --------------------------------------------------------- transfers -- */

static void test_empty_ring(void **state)
{
	struct pair t;
	uint8_t buf[16];

	(void)state;
	pair_open(&t, SMALL);
	memset(buf, 0x77, sizeof(buf));
	assert_int_equal(ring_readable(&t.c), 0);
	assert_int_equal(ring_writable(&t.p), SMALL);
	assert_int_equal(get(&t, buf, sizeof(buf)), 0);
	assert_int_equal(get(&t, NULL, 0), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0x77);
	advance(&t, 100);
	assert_int_equal(get(&t, buf, sizeof(buf)), 0);
	assert_int_equal(ring_readable(&t.c), 0);
	pair_close(&t);
}

static void test_full_ring(void **state)
{
	struct pair t;
	uint8_t in[SMALL + 100], out[SMALL + 100];

	(void)state;
	pair_open(&t, SMALL);
	fill(in, sizeof(in), 0, 1);
	assert_int_equal(put(&t, in, sizeof(in)), SMALL);
	assert_int_equal(ring_writable(&t.p), 0);
	assert_int_equal(ring_readable(&t.c), SMALL);
	assert_int_equal(put(&t, in, 1), 0);
	assert_int_equal(get(&t, out, sizeof(out)), SMALL);
	assert_memory_equal(out, in, SMALL);
	assert_int_equal(ring_readable(&t.c), 0);
	assert_int_equal(ring_writable(&t.p), SMALL);
	pair_close(&t);
}

static void test_partial_reads_and_writes(void **state)
{
	struct pair t;
	uint8_t in[2 * SMALL], out[2 * SMALL];

	(void)state;
	pair_open(&t, SMALL);
	fill(in, sizeof(in), 0, 2);
	assert_int_equal(put(&t, in, 10), 10);
	assert_int_equal(get(&t, out, 4), 4);
	assert_int_equal(get(&t, out + 4, 100), 6);
	assert_memory_equal(out, in, 10);
	/* Nearly full: a write takes what fits. */
	assert_int_equal(put(&t, in, SMALL - 3), SMALL - 3);
	assert_int_equal(put(&t, in + SMALL - 3, 10), 3);
	assert_int_equal(get(&t, out, 1000), 1000);
	assert_int_equal(put(&t, in + SMALL, 2000), 1000);
	assert_int_equal(get(&t, out + 1000, 2 * SMALL - 1000), SMALL);
	assert_memory_equal(out, in, SMALL + 1000);
	pair_close(&t);
}

/* A full ring's worth written at each of the SMALL positions, so every
 * byte of the data area is once where the copy wraps. */
static void test_wrap_at_every_offset(void **state)
{
	static uint8_t in[SMALL], out[SMALL];
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	for (uint32_t off = 0; off < SMALL; off++) {
		size_t first = (off * 7u) % SMALL;

		fill(in, SMALL, off, off);
		assert_int_equal(put(&t, in, SMALL), SMALL);
		assert_int_equal(get(&t, out, first), first);
		assert_int_equal(get(&t, out + first, SMALL), SMALL - first);
		assert_memory_equal(out, in, SMALL);
		advance(&t, 1);
	}
	pair_close(&t);
}

/* 1 MiB through 4 KiB in chunks of random sizes, writes and reads
 * interleaved, compared byte for byte and by checksum. */
static void test_large_transfer(void **state)
{
	const size_t total = 1u << 20;
	uint8_t *in = malloc(total), *out = malloc(total);
	uint32_t sum_in, sum_out;
	size_t sent = 0, got = 0;
	uint64_t rnd = 0x9e3779b97f4a7c15ull;
	struct pair t;

	(void)state;
	assert_non_null(in);
	assert_non_null(out);
	for (size_t i = 0; i < total; i++)
		in[i] = (uint8_t)next_random(&rnd);
	pair_open(&t, SMALL);
	while (got < total) {
		size_t w = next_random(&rnd) % (2 * SMALL), r = next_random(&rnd) % (2 * SMALL);
		long n;

		w = w < total - sent ? w : total - sent;
		n = put(&t, in + sent, w);
		assert_in_range(n, 0, w);
		sent += (size_t)n;
		n = get(&t, out + got, r);
		assert_in_range(n, 0, r);
		got += (size_t)n;
		assert_true(got <= sent && sent - got <= SMALL);
	}
	sum_in = fnv1a(2166136261u, in, total);
	sum_out = fnv1a(2166136261u, out, total);
	assert_int_equal(sum_in, sum_out);
	assert_memory_equal(out, in, total);
	pair_close(&t);
	free(in);
	free(out);
}

static void test_largest_ring(void **state)
{
	uint8_t *in = malloc(RING_MAX_DATA), *out = malloc(RING_MAX_DATA);
	struct pair t;

	(void)state;
	assert_non_null(in);
	assert_non_null(out);
	fill(in, RING_MAX_DATA, 0, 3);
	pair_open(&t, RING_MAX_DATA);
	advance(&t, 12345);
	assert_int_equal(put(&t, in, RING_MAX_DATA), RING_MAX_DATA);
	assert_int_equal(get(&t, out, RING_MAX_DATA), RING_MAX_DATA);
	assert_memory_equal(out, in, RING_MAX_DATA);
	pair_close(&t);
	free(in);
	free(out);
}

/* The counters are taken modulo 2^64: a stream crossing 2^64 goes on. */
static void test_indices_wrap_at_2_64(void **state)
{
	const uint64_t start = UINT64_MAX - 1000;
	uint8_t in[3 * SMALL], out[3 * SMALL];
	struct pair t;
	size_t done = 0;

	(void)state;
	pair_open(&t, SMALL);
	t.p.end.own_index = t.p.end.peer_index = start;
	t.c.end.own_index = t.c.end.peer_index = start;
	t.sh->produced = t.sh->consumed = start;
	fill(in, sizeof(in), 0, 4);
	while (done < sizeof(in)) {
		assert_int_equal(put(&t, in + done, 1536), 1536);
		assert_int_equal(get(&t, out + done, 1536), 1536);
		done += 1536;
	}
	assert_memory_equal(out, in, sizeof(in));
	assert_true(t.sh->produced < start); /* it did wrap */
	pair_close(&t);
}

/* ----------------------------------------------------- hostile peer -- */

/* Every kind of call on a broken end fails, and touches no shared byte. */
static void assert_dead(struct pair *t, bool producer)
{
	uint8_t before[RING_HEADER_BYTES + SMALL], buf[8] = { 0 };
	bool notify = true;

	memcpy(before, t->mem, sizeof(before));
	if (producer) {
		assert_int_equal(ring_write(&t->p, buf, sizeof(buf), &notify), RING_CORRUPT);
		assert_false(notify);
		assert_int_equal(ring_writable(&t->p), RING_CORRUPT);
		assert_int_equal(ring_prepare_wait_write(&t->p), RING_CORRUPT);
	} else {
		assert_int_equal(ring_read(&t->c, buf, sizeof(buf), &notify), RING_CORRUPT);
		assert_false(notify);
		assert_int_equal(ring_readable(&t->c), RING_CORRUPT);
		assert_int_equal(ring_prepare_wait_read(&t->c), RING_CORRUPT);
	}
	assert_memory_equal(t->mem, before, sizeof(before));
}

static void test_consumed_ahead_of_produced(void **state)
{
	uint8_t buf[64] = { 0 };
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	assert_int_equal(put(&t, buf, 10), 10);
	t.sh->consumed = 11;
	assert_int_equal(put(&t, buf, 1), RING_CORRUPT);
	t.sh->consumed = 0; /* putting it back does not revive the end */
	assert_dead(&t, true);
	pair_close(&t);
}

static void test_consumed_moves_back(void **state)
{
	uint8_t buf[128] = { 0 };
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	assert_int_equal(put(&t, buf, 100), 100);
	assert_int_equal(get(&t, buf, 50), 50);
	assert_int_equal(ring_writable(&t.p), SMALL - 50);
	t.sh->consumed = 40;
	assert_int_equal(ring_writable(&t.p), RING_CORRUPT);
	assert_dead(&t, true);
	pair_close(&t);
}

static void test_produced_more_than_size_ahead(void **state)
{
	uint8_t buf[128];
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	advance(&t, 300);
	t.sh->produced = 300 + SMALL; /* exactly full: legal */
	assert_int_equal(ring_readable(&t.c), SMALL);
	t.sh->produced = 300 + SMALL + 1;
	assert_int_equal(get(&t, buf, sizeof(buf)), RING_CORRUPT);
	assert_dead(&t, false);
	pair_close(&t);
}

static void test_produced_moves_back(void **state)
{
	uint8_t buf[128] = { 0 };
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	assert_int_equal(put(&t, buf, 100), 100);
	assert_int_equal(get(&t, buf, 10), 10);
	t.sh->produced = 50; /* still past the consumer, but behind what it saw */
	assert_int_equal(ring_prepare_wait_read(&t.c), RING_CORRUPT);
	assert_dead(&t, false);
	pair_close(&t);
}

static void test_huge_indices(void **state)
{
	static const uint64_t values[] = {
		UINT64_MAX, UINT64_MAX - SMALL + 1, 1ull << 63, (1ull << 32) + 5, SMALL + 1,
	};
	uint8_t buf[16] = { 0 };
	struct pair t;

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		pair_open(&t, SMALL);
		t.sh->consumed = values[i];
		assert_int_equal(put(&t, buf, sizeof(buf)), RING_CORRUPT);
		assert_dead(&t, true);
		pair_close(&t);
		pair_open(&t, SMALL);
		t.sh->produced = values[i];
		assert_int_equal(get(&t, buf, sizeof(buf)), RING_CORRUPT);
		assert_dead(&t, false);
		pair_close(&t);
	}
}

static void test_garbage_flags(void **state)
{
	uint8_t buf[16] = { 0 };
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	t.sh->consumer_waiting = 2;
	assert_int_equal(put(&t, buf, 0), 0); /* nothing published: flag unread */
	assert_int_equal(put(&t, buf, sizeof(buf)), RING_CORRUPT);
	assert_dead(&t, true);
	pair_close(&t);

	pair_open(&t, SMALL);
	assert_int_equal(put(&t, buf, sizeof(buf)), sizeof(buf));
	t.sh->producer_waiting = 0xffffffffu;
	assert_int_equal(get(&t, buf, sizeof(buf)), RING_CORRUPT);
	assert_dead(&t, false);
	pair_close(&t);
}

/* Rewrites one header field after attach; both ends must notice. */
static void check_header_change(size_t offset, uint32_t value)
{
	struct pair t;
	uint8_t buf[8] = { 0 };

	pair_open(&t, SMALL);
	assert_int_equal(put(&t, buf, 8), 8);
	memcpy(t.mem + offset, &value, sizeof(value));
	assert_int_equal(ring_writable(&t.p), RING_CORRUPT);
	assert_dead(&t, true);
	assert_int_equal(get(&t, buf, 8), RING_CORRUPT);
	assert_dead(&t, false);
	pair_close(&t);
}

static void test_header_changed_after_attach(void **state)
{
	(void)state;
	check_header_change(offsetof(struct ring_shared, magic), 0);
	check_header_change(offsetof(struct ring_shared, version), 7);
	check_header_change(offsetof(struct ring_shared, data_size), RING_MAX_DATA);
	check_header_change(offsetof(struct ring_shared, data_size), SMALL / 2);
	check_header_change(offsetof(struct ring_shared, data_size), 0xffffffffu);
}

/* A peer that scribbles over this side's own fields only fools itself:
 * they are written, never read back. (The scribbler's own end, which does
 * read them, would find them corrupt; hence the repairs in between.) */
static void test_own_fields_never_read_back(void **state)
{
	uint8_t in[100], out[100];
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	fill(in, sizeof(in), 0, 5);
	t.sh->produced = 12345;
	t.sh->producer_waiting = 99;
	assert_int_equal(ring_writable(&t.p), SMALL);
	assert_int_equal(put(&t, in, 60), 60);
	assert_int_equal(t.sh->produced, 60); /* published again */
	assert_int_equal(ring_writable(&t.p), SMALL - 60);
	t.sh->producer_waiting = RING_AWAKE;
	t.sh->consumed = 7777;
	t.sh->consumer_waiting = 42;
	assert_int_equal(ring_readable(&t.c), 60);
	assert_int_equal(get(&t, out, 60), 60);
	assert_int_equal(t.sh->consumed, 60);
	assert_memory_equal(out, in, 60);
	pair_close(&t);
}

/* ------------------------------------------------------ notification -- */

static void test_no_notification_when_peer_awake(void **state)
{
	uint8_t buf[SMALL];
	struct pair t;
	bool notify;

	(void)state;
	pair_open(&t, SMALL);
	memset(buf, 1, sizeof(buf));
	for (int i = 0; i < 10; i++) {
		assert_int_equal(ring_write(&t.p, buf, 1000, &notify), 1000);
		assert_false(notify);
		assert_int_equal(ring_read(&t.c, buf, 1000, &notify), 1000);
		assert_false(notify);
	}
	pair_close(&t);
}

static void test_reader_sleeps_and_is_woken(void **state)
{
	uint8_t buf[64] = { 0 };
	struct pair t;
	bool notify;

	(void)state;
	pair_open(&t, SMALL);
	assert_int_equal(ring_prepare_wait_read(&t.c), RING_SLEEP);
	assert_int_equal(t.sh->consumer_waiting, RING_WAITING);
	assert_int_equal(ring_write(&t.p, buf, 0, &notify), 0);
	assert_false(notify); /* nothing new to read: no wake-up */
	assert_int_equal(ring_write(&t.p, buf, 5, &notify), 5);
	assert_true(notify);
	assert_int_equal(ring_write(&t.p, buf, 5, &notify), 5);
	assert_true(notify); /* still asleep as far as the producer can tell */
	assert_int_equal(ring_read(&t.c, buf, sizeof(buf), &notify), 10);
	assert_false(notify);
	assert_int_equal(t.sh->consumer_waiting, RING_AWAKE);
	assert_int_equal(ring_write(&t.p, buf, 5, &notify), 5);
	assert_false(notify);
	pair_close(&t);
}

/* Data that arrives before the re-check: the reader must not sleep. */
static void test_reader_ready_when_data_arrived(void **state)
{
	uint8_t buf[8] = { 0 };
	struct pair t;
	bool notify;

	(void)state;
	pair_open(&t, SMALL);
	assert_int_equal(ring_write(&t.p, buf, 1, &notify), 1);
	assert_false(notify);
	assert_int_equal(ring_prepare_wait_read(&t.c), RING_READY);
	assert_int_equal(t.sh->consumer_waiting, RING_AWAKE);
	assert_int_equal(ring_write(&t.p, buf, 1, &notify), 1);
	assert_false(notify);
	pair_close(&t);
}

static void test_writer_sleeps_and_is_woken(void **state)
{
	uint8_t buf[SMALL] = { 0 };
	struct pair t;
	bool notify;

	(void)state;
	pair_open(&t, SMALL);
	assert_int_equal(ring_write(&t.p, buf, SMALL - 1, &notify), SMALL - 1);
	assert_int_equal(ring_prepare_wait_write(&t.p), RING_READY); /* one byte free */
	assert_int_equal(t.sh->producer_waiting, RING_AWAKE);
	assert_int_equal(ring_write(&t.p, buf, 1, &notify), 1);
	assert_int_equal(ring_prepare_wait_write(&t.p), RING_SLEEP);
	assert_int_equal(t.sh->producer_waiting, RING_WAITING);
	assert_int_equal(ring_read(&t.c, buf, 0, &notify), 0);
	assert_false(notify);
	assert_int_equal(ring_read(&t.c, buf, 100, &notify), 100);
	assert_true(notify);
	assert_int_equal(ring_write(&t.p, buf, 100, &notify), 100);
	assert_int_equal(t.sh->producer_waiting, RING_AWAKE);
	assert_int_equal(ring_read(&t.c, buf, 100, &notify), 100);
	assert_false(notify);
	pair_close(&t);
}

/* ----------------------------------------------------- two threads -- */

#define THREAD_BYTES (4u << 20)
#define WAKE_TIMEOUT_S 10

/* One side of the threaded run; errors are recorded, cmocka only checks
 * them in the main thread. */
struct side {
	struct pair *t;
	sem_t wake_me;          /* posted by the peer when it reports notify */
	struct side *peer;
	uint64_t seed;
	uint32_t checksum;
	const char *error;      /* read by the peer thread: atomic accesses */
	unsigned sleeps;
};

static void set_error(struct side *s, const char *why)
{
	__atomic_store_n(&s->error, why, __ATOMIC_RELAXED);
}

static bool side_failed(struct side *s)
{
	return __atomic_load_n(&s->error, __ATOMIC_RELAXED) != NULL;
}

static bool sleep_until_woken(struct side *s)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAKE_TIMEOUT_S;
	while (sem_timedwait(&s->wake_me, &until) != 0)
		if (errno != EINTR) {
			set_error(s, "lost wake-up (timed out)");
			return false;
		}
	s->sleeps++;
	return true;
}

static void *producer_thread(void *arg)
{
	static uint8_t chunk[2 * SMALL];
	struct side *s = arg;
	uint64_t sent = 0;

	while (sent < THREAD_BYTES && !side_failed(s) && !side_failed(s->peer)) {
		size_t want = next_random(&s->seed) % sizeof(chunk) + 1;
		bool notify;
		long n;

		want = want < THREAD_BYTES - sent ? want : THREAD_BYTES - sent;
		fill(chunk, want, sent, 9);
		n = ring_write(&s->t->p, chunk, want, &notify);
		if (n < 0 || (size_t)n > want) {
			set_error(s, "write failed");
			break;
		}
		if (notify)
			sem_post(&s->peer->wake_me);
		s->checksum = fnv1a(s->checksum, chunk, (size_t)n);
		sent += (uint64_t)n;
		if (n == 0 && ring_prepare_wait_write(&s->t->p) == RING_SLEEP &&
		    !sleep_until_woken(s))
			break;
	}
	return NULL;
}

static void *consumer_thread(void *arg)
{
	static uint8_t chunk[2 * SMALL];
	struct side *s = arg;
	uint64_t got = 0;

	while (got < THREAD_BYTES && !side_failed(s) && !side_failed(s->peer)) {
		size_t want = next_random(&s->seed) % sizeof(chunk) + 1;
		bool notify;
		long n = ring_read(&s->t->c, chunk, want, &notify);

		if (n < 0 || (size_t)n > want) {
			set_error(s, "read failed");
			break;
		}
		if (notify)
			sem_post(&s->peer->wake_me);
		for (long i = 0; i < n; i++)
			if (chunk[i] != pattern(got + (uint64_t)i, 9))
				set_error(s, "wrong byte");
		s->checksum = fnv1a(s->checksum, chunk, (size_t)n);
		got += (uint64_t)n;
		if (n == 0 && ring_prepare_wait_read(&s->t->c) == RING_SLEEP &&
		    !sleep_until_woken(s))
			break;
	}
	return NULL;
}

/* Two threads, each sleeping whenever the ring is full (empty): any lost
 * wake-up shows as a timeout, any ordering bug as a wrong byte. */
static void test_threads_sleep_and_wake(void **state)
{
	struct side prod = { .seed = 0x1234567, .checksum = 2166136261u };
	struct side cons = { .seed = 0x7654321, .checksum = 2166136261u };
	pthread_t tp, tc;
	struct pair t;

	(void)state;
	pair_open(&t, SMALL);
	prod.t = cons.t = &t;
	prod.peer = &cons;
	cons.peer = &prod;
	sem_init(&prod.wake_me, 0, 0);
	sem_init(&cons.wake_me, 0, 0);
	assert_int_equal(pthread_create(&tp, NULL, producer_thread, &prod), 0);
	assert_int_equal(pthread_create(&tc, NULL, consumer_thread, &cons), 0);
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);
	if (prod.error || cons.error)
		fail_msg("producer: %s, consumer: %s", prod.error ? prod.error : "ok",
			 cons.error ? cons.error : "ok");
	assert_int_equal(prod.checksum, cons.checksum);
	print_message("threads: %u producer sleeps, %u consumer sleeps\n", prod.sleeps,
		      cons.sleeps);
	sem_destroy(&prod.wake_me);
	sem_destroy(&cons.wake_me);
	pair_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_after_init),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_attach_checks_header),
		cmocka_unit_test(test_empty_ring),
		cmocka_unit_test(test_full_ring),
		cmocka_unit_test(test_partial_reads_and_writes),
		cmocka_unit_test(test_wrap_at_every_offset),
		cmocka_unit_test(test_large_transfer),
		cmocka_unit_test(test_largest_ring),
		cmocka_unit_test(test_indices_wrap_at_2_64),
		cmocka_unit_test(test_consumed_ahead_of_produced),
		cmocka_unit_test(test_consumed_moves_back),
		cmocka_unit_test(test_produced_more_than_size_ahead),
		cmocka_unit_test(test_produced_moves_back),
		cmocka_unit_test(test_huge_indices),
		cmocka_unit_test(test_garbage_flags),
		cmocka_unit_test(test_header_changed_after_attach),
		cmocka_unit_test(test_own_fields_never_read_back),
		cmocka_unit_test(test_no_notification_when_peer_awake),
		cmocka_unit_test(test_reader_sleeps_and_is_woken),
		cmocka_unit_test(test_reader_ready_when_data_arrived),
		cmocka_unit_test(test_writer_sleeps_and_is_woken),
		cmocka_unit_test(test_threads_sleep_and_wake),
	};

	return cmocka_run_group_tests_name("byte-stream ring", tests, NULL, NULL);
}
