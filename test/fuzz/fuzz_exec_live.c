// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the live control area of a virt exec window
 * (hostshim/exec_live.c), driven by a script of host posts, cappsule
 * takes and scribbles (the cappsule, which owns its mapping, rewriting
 * any byte of the area). Each step is one byte, some with arguments:
 *   0: take; 1: post signal (next byte, any value); 2: post a size (next
 *   4 bytes, any value); 3: scribble (next byte: offset, then a value).
 * Whatever the script, nothing is touched outside the area, a post takes
 * exactly the values its checks allow, a reported size has rows and
 * columns, and until the first scribble every take reports exactly what
 * a model of the posts says.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostshim/exec_live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(cond) do { if (!(cond)) abort(); } while (0)

struct model {
	uint64_t signals;	/* sent since the last take */
	uint32_t size;		/* newest size sent since then, or 0 */
	bool scribbled;		/* the model no longer holds */
};

static uint32_t word(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void do_take(struct exec_live_reader *r, struct model *m)
{
	struct exec_live_news n;

	exec_live_take(r, &n);
	require((n.rows == 0) == (n.cols == 0));
	if (!m->scribbled) {
		require(n.signals == m->signals);
		require(((uint32_t)n.rows << 16 | n.cols) == m->size);
		require(!exec_live_pending(r));
	}
	m->signals = 0;
	m->size = 0;
}

static void do_post_signal(struct exec_live_writer *w, struct model *m, uint32_t sig)
{
	bool ok = exec_live_post_signal(w, sig);

	require(ok == (sig >= 1 && sig <= EXEC_LIVE_SIGNALS));
	if (ok)
		m->signals |= (uint64_t)1 << (sig - 1);
}

static void do_post_size(struct exec_live_writer *w, struct model *m, uint32_t size)
{
	bool ok = exec_live_post_winsize(w, size);

	require(ok == ((size >> 16) != 0 && (size & 0xffff) != 0));
	if (ok)
		m->size = size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly the area, on the heap: ASan sees any access beyond it. */
	uint8_t *area = aligned_alloc(64, sizeof(struct exec_window_live));
	struct exec_live_writer w;
	struct exec_live_reader r;
	struct model m = { 0 };
	size_t i = 0;

	require(area);
	exec_live_writer_init(&w, area);
	exec_live_reader_init(&r, area);
	while (i < size) {
		uint8_t op = data[i++] % 4;

		if (op == 0) {
			do_take(&r, &m);
		} else if (op == 1 && i < size) {
			do_post_signal(&w, &m, data[i++]);
		} else if (op == 2 && i + 4 <= size) {
			do_post_size(&w, &m, word(data + i));
			i += 4;
		} else if (op == 3 && i + 2 <= size) {
			area[data[i] % sizeof(struct exec_window_live)] = data[i + 1];
			m.scribbled = true;
			i += 2;
		}
	}
	do_take(&r, &m);
	free(area);
	return 0;
}
