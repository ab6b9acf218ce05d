/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The monitor's log, kept in memory as well as written to the serial port,
 * so the host can read it through the shim without a serial cable. A ring
 * of bytes addressed by position (bytes ever written): a reader keeps the
 * position it reached and learns how much was overwritten meanwhile. Pure
 * code; the caller serialises writers and readers.
 */
#ifndef CAPPSULE_VMX_LOG_RING_H
#define CAPPSULE_VMX_LOG_RING_H

#include <stddef.h>
#include <stdint.h>

#define LOG_RING_BYTES 16384u /* a power of two */

struct log_ring {
	uint64_t head;                /* bytes ever written */
	char data[LOG_RING_BYTES];
};

struct log_ring_result {
	uint64_t copied;  /* bytes placed in the reader's buffer */
	uint64_t next;    /* position to read from next time */
	uint64_t lost;    /* bytes overwritten before the reader got them */
};

void log_ring_write(struct log_ring *ring, const char *text, size_t len);

/* Copies up to size bytes from position pos. A position past the head reads
 * nothing and returns the head. */
struct log_ring_result log_ring_read(const struct log_ring *ring, uint64_t pos,
				     char *out, uint64_t size);

#endif /* CAPPSULE_VMX_LOG_RING_H */
