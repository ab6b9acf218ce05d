// SPDX-License-Identifier: GPL-2.0-only
/* The in-memory log ring (see log_ring.h). */
#include "vmx/log_ring.h"

_Static_assert((LOG_RING_BYTES & (LOG_RING_BYTES - 1)) == 0, "ring size: power of two");

void log_ring_write(struct log_ring *ring, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		ring->data[(ring->head + i) & (LOG_RING_BYTES - 1)] = text[i];
	ring->head += len;
}

struct log_ring_result log_ring_read(const struct log_ring *ring, uint64_t pos,
				     char *out, uint64_t size)
{
	uint64_t oldest = ring->head > LOG_RING_BYTES ? ring->head - LOG_RING_BYTES : 0;
	struct log_ring_result r = { 0, ring->head, 0 };
	uint64_t i;

	if (pos >= ring->head)
		return r;
	if (pos < oldest) {
		r.lost = oldest - pos;
		pos = oldest;
	}
	r.copied = ring->head - pos < size ? ring->head - pos : size;
	for (i = 0; i < r.copied; i++)
		out[i] = ring->data[(pos + i) & (LOG_RING_BYTES - 1)];
	r.next = pos + r.copied;
	return r;
}
