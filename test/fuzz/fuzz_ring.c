// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: one honest end of a byte-stream ring (hostshim/ring.c)
 * against a hostile peer. The input picks the role and the ring size, then
 * scripts a mix of honest calls and the peer's moves: legal progress,
 * arbitrary or nudged indices, flag values, header rewrites, data
 * scribbles. Beyond memory safety (ASan/UBSan on a ring allocated to its
 * exact size), every answer is compared with a model of the protocol kept
 * here: the honest end returns exactly the bytes the rules allow (never
 * more than asked, never bytes the peer did not publish), reports
 * RING_CORRUPT exactly when the peer broke a rule and forever after, and
 * writes nothing in shared memory but its own index, its own flag and, for
 * a producer, the bytes it was given.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostshim/ring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(cond) do { if (!(cond)) abort(); } while (0)

#define MAX_SIZE (RING_MIN_DATA << 3)
#define MAX_OPS 4096

enum op {
	OP_TRANSFER,     /* honest: ring_write or ring_read of up to 2 rings */
	OP_ROOM,         /* honest: ring_writable or ring_readable */
	OP_PREPARE_WAIT, /* honest: ring_prepare_wait_write or _read */
	OP_PEER_ADVANCE, /* peer: legal progress (a producer fills the bytes) */
	OP_PEER_SET,     /* peer: any 64-bit index */
	OP_PEER_NUDGE,   /* peer: index moved by -128..127 */
	OP_PEER_FLAG,    /* peer: its waiting flag, 0/1 or any value */
	OP_HEADER,       /* peer: rewrites magic, version or data size */
	OP_SCRIBBLE,     /* peer: one data byte */
	OP_COUNT
};

struct input {
	const uint8_t *p;
	size_t left;
};

/* Little-endian, zeros once the input runs out. */
static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && in->left > 0; i++, in->left--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

/* What the honest end must have done so far, derived from the rules
 * alone. Indices start at 0 and move at most a few MiB per input, so
 * plain comparisons stand in for ring.c's modular ones. */
struct model {
	uint64_t own;   /* the honest end's index */
	uint64_t seen;  /* the peer's index as last accepted */
	bool waiting;
	bool broken;
};

struct world {
	bool producer;  /* role of the honest end */
	uint32_t size;
	uint8_t *mem;
	struct ring_shared *sh;
	uint8_t *data;
	uint8_t shadow[MAX_SIZE];  /* what the data area must hold */
	struct ring_producer p;
	struct ring_consumer c;
	struct model m;
	uint64_t *peer_index;
	uint32_t *peer_flag;
	const uint64_t *own_index;
	const uint32_t *own_flag;
};

static uint8_t pattern(uint64_t pos, uint8_t salt)
{
	return (uint8_t)(pos * 151u + (pos >> 8) + salt);
}

static bool header_ok(const struct world *w)
{
	return w->sh->magic == RING_MAGIC && w->sh->version == RING_VERSION &&
	       w->sh->data_size == w->size;
}

/* The furthest the peer's index may be: a consumer reads only what was
 * written; a producer runs at most one ring ahead. */
static uint64_t peer_limit(const struct world *w)
{
	return w->producer ? w->m.own : w->m.own + w->size;
}

static bool peer_legal(const struct world *w)
{
	return *w->peer_index >= w->m.seen && *w->peer_index <= peer_limit(w);
}

/* Bytes the honest end could move now, after accepting the peer's index. */
static uint64_t room(const struct world *w)
{
	return w->producer ? w->size - (w->m.own - w->m.seen) : w->m.seen - w->m.own;
}

/* The model's share of every call's opening checks. */
static bool model_begin(struct world *w)
{
	if (w->m.broken || !header_ok(w) || !peer_legal(w))
		return false;
	w->m.seen = *w->peer_index;
	return true;
}

static long model_broken(struct world *w)
{
	w->m.broken = true;
	return RING_CORRUPT;
}

/* After n > 0 bytes moved: the peer's flag decides notify, or corruption. */
static long model_after_publish(struct world *w, size_t n, bool *notify)
{
	*notify = false;
	if (*w->peer_flag > RING_WAITING)
		return model_broken(w);
	*notify = *w->peer_flag == RING_WAITING;
	return (long)n;
}

static long model_transfer(struct world *w, size_t len, bool *notify)
{
	size_t n;

	*notify = false;
	if (!model_begin(w))
		return model_broken(w);
	w->m.waiting = false;
	n = len < room(w) ? len : (size_t)room(w);
	if (n == 0)
		return 0;
	w->m.own += n;
	return model_after_publish(w, n, notify);
}

static void honest_transfer(struct world *w, size_t len)
{
	static uint8_t buf[2 * MAX_SIZE + 64];
	uint64_t start = w->m.own;
	bool notify = true, expect_notify;
	long expect = model_transfer(w, len, &expect_notify), got;
	uint32_t mask = w->size - 1;

	if (w->producer) {
		for (size_t i = 0; i < len; i++)
			buf[i] = pattern(start + i, 0x5a);
		got = ring_write(&w->p, buf, len, &notify);
		/* Per the model, even a write that then finds the peer's flag
		 * corrupt has stored its bytes. */
		for (uint64_t i = 0; i < w->m.own - start; i++)
			w->shadow[(start + i) & mask] = buf[i];
	} else {
		memset(buf, 0xcc, len + 64);
		got = ring_read(&w->c, buf, len, &notify);
		/* The bytes the model moved (copied out even when the peer's flag
		 * then proves corrupt), each as the data area held it; no other. */
		for (uint64_t i = 0; i < w->m.own - start; i++)
			require(buf[i] == w->shadow[(start + i) & mask]);
		for (size_t i = (size_t)(w->m.own - start); i < len + 64; i++)
			require(buf[i] == 0xcc);
	}
	require(got == expect && notify == expect_notify);
	require(got == RING_CORRUPT || (got >= 0 && (size_t)got <= len));
}

static void honest_room(struct world *w)
{
	long expect = model_begin(w) ? (long)room(w) : model_broken(w);
	long got = w->producer ? ring_writable(&w->p) : ring_readable(&w->c);

	require(got == expect);
}

/* Full (for a producer) or empty (for a consumer): the end may sleep. */
static bool model_nothing_to_do(const struct world *w)
{
	return room(w) == 0;
}

static void honest_prepare_wait(struct world *w)
{
	int expect, got;

	if (w->m.broken || !header_ok(w)) {
		expect = model_broken(w);
	} else {
		w->m.waiting = true;
		if (!peer_legal(w)) {
			expect = model_broken(w);
		} else {
			w->m.seen = *w->peer_index;
			expect = model_nothing_to_do(w) ? RING_SLEEP : RING_READY;
			w->m.waiting = expect == RING_SLEEP;
		}
	}
	got = w->producer ? ring_prepare_wait_write(&w->p) : ring_prepare_wait_read(&w->c);
	require(got == expect);
}

/* Legal progress of the peer from wherever its index is now; a producer
 * peer also fills the bytes it publishes. */
static void peer_advance(struct world *w, uint64_t k, uint8_t salt)
{
	uint64_t cur = *w->peer_index, limit = peer_limit(w);

	if (cur > limit)
		return;
	k %= limit - cur + 1;
	if (!w->producer)
		for (uint64_t i = 0; i < k; i++) {
			uint32_t off = (uint32_t)((cur + i) & (w->size - 1));

			w->data[off] = w->shadow[off] = pattern(cur + i, salt);
		}
	*w->peer_index = cur + k;
}

static void peer_flag(struct world *w, struct input *in)
{
	uint8_t b = (uint8_t)take(in, 1);

	*w->peer_flag = (b & 0x80) ? (uint32_t)take(in, 4) : (b & 1u);
}

static void header_rewrite(struct world *w, struct input *in)
{
	uint8_t field = (uint8_t)(take(in, 1) % 3);
	uint32_t v = (uint32_t)take(in, 4);

	if (field == 0)
		w->sh->magic = v;
	else if (field == 1)
		w->sh->version = v;
	else
		w->sh->data_size = v;
}

/* What only the honest end writes must be exactly what the model says;
 * the data area must hold what each side put there, nothing else. */
static void check_shared(const struct world *w)
{
	require(*w->own_index == w->m.own);
	require(*w->own_flag == (w->m.waiting ? RING_WAITING : RING_AWAKE));
	require(memcmp(w->data, w->shadow, w->size) == 0);
}

static void run_op(struct world *w, struct input *in)
{
	switch (take(in, 1) % OP_COUNT) {
	case OP_TRANSFER:
		honest_transfer(w, (size_t)(take(in, 2) % (2 * w->size + 1)));
		break;
	case OP_ROOM:
		honest_room(w);
		break;
	case OP_PREPARE_WAIT:
		honest_prepare_wait(w);
		break;
	case OP_PEER_ADVANCE:
		peer_advance(w, take(in, 2), (uint8_t)take(in, 1));
		break;
	case OP_PEER_SET:
		*w->peer_index = take(in, 8);
		break;
	case OP_PEER_NUDGE:
		*w->peer_index += (uint64_t)(int64_t)(int8_t)take(in, 1);
		break;
	case OP_PEER_FLAG:
		peer_flag(w, in);
		break;
	case OP_HEADER:
		header_rewrite(w, in);
		break;
	case OP_SCRIBBLE: {
		uint32_t off = (uint32_t)take(in, 2) & (w->size - 1);

		w->data[off] = w->shadow[off] = (uint8_t)take(in, 1);
		break;
	}
	}
	check_shared(w);
}

static void world_roles(struct world *w)
{
	if (w->producer) {
		w->peer_index = &w->sh->consumed;
		w->peer_flag = &w->sh->consumer_waiting;
		w->own_index = &w->sh->produced;
		w->own_flag = &w->sh->producer_waiting;
		require(ring_attach_producer(&w->p, w->mem, w->size) == 0);
	} else {
		w->peer_index = &w->sh->produced;
		w->peer_flag = &w->sh->producer_waiting;
		w->own_index = &w->sh->consumed;
		w->own_flag = &w->sh->consumer_waiting;
		require(ring_attach_consumer(&w->c, w->mem, w->size) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w;
	struct input in = { data, size };
	uint8_t setup = (uint8_t)take(&in, 1);

	memset(&w, 0, sizeof(w));
	w.producer = setup & 1;
	w.size = RING_MIN_DATA << ((setup >> 1) & 3);
	w.mem = aligned_alloc(4096, RING_BYTES(w.size));
	require(w.mem != NULL);
	require(ring_init(w.mem, w.size) == 0);
	w.sh = (struct ring_shared *)w.mem;
	w.data = w.mem + RING_HEADER_BYTES;
	world_roles(&w);
	for (int i = 0; i < MAX_OPS && in.left > 0; i++)
		run_op(&w, &in);
	free(w.mem);
	return 0;
}
