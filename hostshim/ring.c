// SPDX-License-Identifier: GPL-2.0-only
/*
 * The byte-stream ring (see ring.h; the protocol is in docs/transport.md).
 *
 * Memory ordering, in short. The producer copies data in, then publishes
 * `produced` with release; the consumer fetches `produced` with acquire,
 * so the bytes it then copies out are complete. Symmetrically the consumer
 * publishes `consumed` with release after copying out, so the producer
 * (acquire) never overwrites bytes still being read. Sleeping uses the
 * store-then-load pattern on both sides, each with a full barrier between
 * (see check_peer_waiting and start_waiting).
 */
#include "ring.h"

/*
 * Shared fields are touched only through these. One atomic access each:
 * the compiler may neither fetch a field twice nor assume it stays put.
 * The __atomic builtins work the same in the kernel and in user space.
 */
#define load_once(field) __atomic_load_n((field), __ATOMIC_RELAXED)
#define load_acquire(field) __atomic_load_n((field), __ATOMIC_ACQUIRE)
#define store_once(field, v) __atomic_store_n((field), (v), __ATOMIC_RELAXED)
#define store_release(field, v) __atomic_store_n((field), (v), __ATOMIC_RELEASE)
#define full_barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Every byte between the ring and a caller's buffer moves here, by the
 * same loop in every world. restrict (the two never overlap) lets
 * compilers turn it into the library's fast copy. */
static void copy_bytes(uint8_t *restrict dst, const uint8_t *restrict src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[i];
}

static void zero_bytes(uint8_t *dst, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = 0;
}

static bool size_valid(uint32_t size)
{
	return size >= RING_MIN_DATA && size <= RING_MAX_DATA && (size & (size - 1)) == 0;
}

static bool mem_valid(const void *mem)
{
	return mem && ((uintptr_t)mem & (RING_CACHE_LINE - 1)) == 0;
}

static size_t at_most(size_t len, uint64_t room)
{
	return len < room ? len : (size_t)room;
}

/* The peer broke the protocol: this endpoint does nothing more. */
static int fail(struct ring_end *e)
{
	e->broken = true;
	return RING_CORRUPT;
}

/* The header line still says what attach checked: a peer that rewrites
 * it is lying, even though nothing here uses the shared size. */
static bool header_intact(const struct ring_end *e)
{
	const struct ring_shared *s = e->shared;

	return load_once(&s->magic) == RING_MAGIC && load_once(&s->version) == RING_VERSION &&
	       load_once(&s->data_size) == e->size;
}

static bool usable(const struct ring_end *e)
{
	return !e->broken && header_intact(e);
}

/*
 * Fetches the peer's index, once, and accepts it only if it moved forward
 * from where it was last seen and not past limit. Both distances are taken
 * modulo 2^64, so the free-running counters may wrap.
 */
static bool fetch_peer_index(struct ring_end *e, const uint64_t *field, uint64_t limit)
{
	uint64_t now = load_acquire(field);

	if (now - e->peer_index > limit - e->peer_index)
		return false;
	e->peer_index = now;
	return true;
}

/* The consumer can only have read what was written. */
static bool fetch_consumed(struct ring_end *e)
{
	return fetch_peer_index(e, &e->shared->consumed, e->own_index);
}

/* The producer can only be one ring ahead of what was read. */
static bool fetch_produced(struct ring_end *e)
{
	return fetch_peer_index(e, &e->shared->produced, e->own_index + e->size);
}

/*
 * Where stream position pos lives in the data area. Only this side's own
 * index gets here, and it is masked with the trusted size besides, so no
 * shared value can ever point outside.
 */
static size_t data_offset(const struct ring_end *e, uint64_t pos)
{
	return (size_t)(pos & (e->size - 1));
}

/* Copies n bytes in at this side's index: up to the end, then from the start. */
static void copy_into_ring(struct ring_end *e, const uint8_t *src, size_t n)
{
	size_t off = data_offset(e, e->own_index);
	size_t first = at_most(n, e->size - off);

	copy_bytes(e->data + off, src, first);
	copy_bytes(e->data, src + first, n - first);
}

static void copy_out_of_ring(struct ring_end *e, uint8_t *dst, size_t n)
{
	size_t off = data_offset(e, e->own_index);
	size_t first = at_most(n, e->size - off);

	copy_bytes(dst, e->data + off, first);
	copy_bytes(dst + first, e->data, n - first);
}

/*
 * Raises this side's flag, then a full barrier before the caller fetches
 * the peer's index: the peer publishes its index, then (full barrier) reads
 * this flag. Whatever the interleaving, either our fetch sees the peer's
 * new index (and we do not sleep) or the peer sees our flag (and notifies).
 */
static void start_waiting(struct ring_end *e, uint32_t *flag)
{
	store_once(flag, RING_WAITING);
	e->waiting = true;
	full_barrier();
}

/* Lowers this side's flag if raised. No barrier: a peer that still sees it
 * sends one needless notification, nothing worse. */
static void stop_waiting(struct ring_end *e, uint32_t *flag)
{
	if (!e->waiting)
		return;
	store_once(flag, RING_AWAKE);
	e->waiting = false;
}

/* After publishing this side's index: is the peer asleep waiting for it?
 * The barrier pairs with start_waiting's on the other side. */
static int check_peer_waiting(struct ring_end *e, const uint32_t *flag, bool *notify)
{
	uint32_t v;

	full_barrier();
	v = load_once(flag);
	if (v != RING_AWAKE && v != RING_WAITING)
		return fail(e);
	*notify = v == RING_WAITING;
	return 0;
}

int ring_init(void *mem, uint32_t data_size)
{
	struct ring_shared *s = mem;

	if (!mem_valid(mem) || !size_valid(data_size))
		return RING_BAD_ARG;
	zero_bytes(mem, RING_BYTES(data_size));
	s->magic = RING_MAGIC;
	s->version = RING_VERSION;
	s->data_size = data_size;
	return 0;
}

/* Both sides start at index 0, as ring_init left them: nothing about the
 * indices is taken from the shared memory. */
static int attach(struct ring_end *e, void *mem, uint32_t data_size)
{
	*e = (struct ring_end){ .broken = true };	/* a failed attach leaves a dead end */
	if (!mem_valid(mem) || !size_valid(data_size))
		return RING_BAD_ARG;
	e->shared = mem;
	e->data = (uint8_t *)mem + RING_HEADER_BYTES;
	e->size = data_size;
	if (!header_intact(e))
		return RING_CORRUPT;
	e->broken = false;
	return 0;
}

int ring_attach_producer(struct ring_producer *p, void *mem, uint32_t data_size)
{
	return attach(&p->end, mem, data_size);
}

int ring_attach_consumer(struct ring_consumer *c, void *mem, uint32_t data_size)
{
	return attach(&c->end, mem, data_size);
}

long ring_write(struct ring_producer *p, const void *buf, size_t len, bool *notify)
{
	struct ring_end *e = &p->end;
	size_t n;

	*notify = false;
	if (!usable(e) || !fetch_consumed(e))
		return fail(e);
	stop_waiting(e, &e->shared->producer_waiting);
	n = at_most(len, e->size - (e->own_index - e->peer_index));
	if (n == 0)
		return 0;
	copy_into_ring(e, buf, n);
	e->own_index += n;
	store_release(&e->shared->produced, e->own_index);
	if (check_peer_waiting(e, &e->shared->consumer_waiting, notify) < 0)
		return RING_CORRUPT;
	return (long)n;
}

long ring_read(struct ring_consumer *c, void *buf, size_t len, bool *notify)
{
	struct ring_end *e = &c->end;
	size_t n;

	*notify = false;
	if (!usable(e) || !fetch_produced(e))
		return fail(e);
	stop_waiting(e, &e->shared->consumer_waiting);
	n = at_most(len, e->peer_index - e->own_index);
	if (n == 0)
		return 0;
	copy_out_of_ring(e, buf, n);
	e->own_index += n;
	store_release(&e->shared->consumed, e->own_index);
	if (check_peer_waiting(e, &e->shared->producer_waiting, notify) < 0)
		return RING_CORRUPT;
	return (long)n;
}

long ring_writable(struct ring_producer *p)
{
	struct ring_end *e = &p->end;

	if (!usable(e) || !fetch_consumed(e))
		return fail(e);
	return (long)(e->size - (e->own_index - e->peer_index));
}

long ring_readable(struct ring_consumer *c)
{
	struct ring_end *e = &c->end;

	if (!usable(e) || !fetch_produced(e))
		return fail(e);
	return (long)(e->peer_index - e->own_index);
}

int ring_prepare_wait_write(struct ring_producer *p)
{
	struct ring_end *e = &p->end;

	if (!usable(e))
		return fail(e);
	start_waiting(e, &e->shared->producer_waiting);
	if (!fetch_consumed(e))
		return fail(e);
	if (e->own_index - e->peer_index == e->size)
		return RING_SLEEP;
	stop_waiting(e, &e->shared->producer_waiting);
	return RING_READY;
}

int ring_prepare_wait_read(struct ring_consumer *c)
{
	struct ring_end *e = &c->end;

	if (!usable(e))
		return fail(e);
	start_waiting(e, &e->shared->consumer_waiting);
	if (!fetch_produced(e))
		return fail(e);
	if (e->peer_index == e->own_index)
		return RING_SLEEP;
	stop_waiting(e, &e->shared->consumer_waiting);
	return RING_READY;
}
