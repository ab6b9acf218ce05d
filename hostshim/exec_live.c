// SPDX-License-Identifier: GPL-2.0-only
/*
 * The live control area (see exec_live.h).
 *
 * Ordering: the writer stores a counter or the size, then seq with
 * release; the reader loads seq with acquire, then the fields, so a seq it
 * has seen brings every store before it. A store it sees early (before
 * its seq) is taken early; the later seq then finds nothing new, which
 * costs a look and nothing else.
 */
#include "exec_live.h"

/* One atomic access per shared field, as in ring.c: the compiler may
 * neither fetch a field twice nor tear it. */
#define load_once(field) __atomic_load_n((field), __ATOMIC_RELAXED)
#define load_acquire(field) __atomic_load_n((field), __ATOMIC_ACQUIRE)
#define store_once(field, v) __atomic_store_n((field), (v), __ATOMIC_RELAXED)
#define store_release(field, v) __atomic_store_n((field), (v), __ATOMIC_RELEASE)

void exec_live_writer_init(struct exec_live_writer *w, void *area)
{
	uint8_t *bytes = area;
	size_t i;

	for (i = 0; i < sizeof(struct exec_window_live); i++)
		bytes[i] = 0;
	w->shared = area;
	w->seq = 0;
	w->winsize_posts = 0;
	for (i = 0; i < EXEC_LIVE_SIGNALS; i++)
		w->signals[i] = 0;
}

static void publish(struct exec_live_writer *w)
{
	store_release(&w->shared->seq, ++w->seq);
}

bool exec_live_post_signal(struct exec_live_writer *w, uint32_t sig)
{
	if (sig < 1 || sig > EXEC_LIVE_SIGNALS)
		return false;
	/* Our own count, never the shared one: the cappsule may rewrite it. */
	store_once(&w->shared->signals[sig - 1], ++w->signals[sig - 1]);
	publish(w);
	return true;
}

static bool size_valid(uint32_t rows_cols)
{
	return (rows_cols >> 16) != 0 && (rows_cols & 0xffff) != 0;
}

bool exec_live_post_winsize(struct exec_live_writer *w, uint32_t rows_cols)
{
	if (!size_valid(rows_cols))
		return false;
	store_once(&w->shared->winsize, (uint64_t)++w->winsize_posts << 32 | rows_cols);
	publish(w);
	return true;
}

void exec_live_reader_init(struct exec_live_reader *r, const void *area)
{
	size_t i;

	/* The host zeroed the area before the cappsule existed: start from
	 * that, not from what is there now, or a signal sent before this
	 * call would count as seen. */
	r->shared = area;
	r->seq = 0;
	r->winsize = 0;
	for (i = 0; i < EXEC_LIVE_SIGNALS; i++)
		r->signals[i] = 0;
}

bool exec_live_pending(const struct exec_live_reader *r)
{
	return load_once(&r->shared->seq) != r->seq;
}

static uint64_t take_signals(struct exec_live_reader *r)
{
	uint64_t pending = 0;
	uint32_t i;

	for (i = 0; i < EXEC_LIVE_SIGNALS; i++) {
		uint32_t count = load_once(&r->shared->signals[i]);

		if (count != r->signals[i])
			pending |= (uint64_t)1 << i;
		r->signals[i] = count;
	}
	return pending;
}

static void take_winsize(struct exec_live_reader *r, struct exec_live_news *n)
{
	uint64_t now = load_once(&r->shared->winsize);
	uint32_t size = (uint32_t)now;

	/* A new post count means a size was sent, even the same size again
	 * (the command may have changed its terminal meanwhile). */
	if (now >> 32 != r->winsize >> 32 && size_valid(size)) {
		n->rows = (uint16_t)(size >> 16);
		n->cols = (uint16_t)size;
	}
	r->winsize = now;
}

void exec_live_take(struct exec_live_reader *r, struct exec_live_news *n)
{
	n->rows = n->cols = 0;
	r->seq = load_acquire(&r->shared->seq);
	n->signals = take_signals(r);
	take_winsize(r, n);
}
