/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live control area of a virt exec window: signals and terminal sizes
 * from the host to the cappsule, out of band. They used to travel as
 * records on the stdin ring, where a command that does not read its stdin
 * held them back for ever (Ctrl-C never arrived); here nothing waits for
 * room, so data cannot block them.
 *
 * The host is the only writer. It keeps its counters privately and stores
 * their values into the area; it never reads the area back, so a cappsule
 * that scribbles over it fools only itself. The cappsule keeps what it has
 * seen privately too and reports what changed:
 *
 *   signals[n - 1]  how many times the host forwarded signal n (1..64);
 *                   a change means "n is pending" (several sends of the
 *                   same signal between two looks are one, as for the
 *                   kernel's own standard signals);
 *   winsize         posts << 32 | rows << 16 | cols: the newest size and
 *                   how many sizes were sent, in one 64-bit store, so the
 *                   pair never tears;
 *   seq             bumped (release) after each change above: the
 *                   cappsule's cheap "anything new?" test.
 *
 * Pure code: the shim (host and cappsule side), the unit tests and a
 * fuzzer build it; docs/transport.md describes it.
 */
#ifndef CAPPSULE_HOSTSHIM_EXEC_LIVE_H
#define CAPPSULE_HOSTSHIM_EXEC_LIVE_H

#ifdef __KERNEL__
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#define EXEC_LIVE_SIGNALS 64u    /* signals 1..64, as CAPPSULE_IOC_SIGNAL takes them */

struct exec_window_live {
	uint32_t seq;
	uint32_t reserved0;
	uint64_t winsize;
	uint32_t reserved1[12];  /* 0: seq and winsize own a cache line */
	uint32_t signals[EXEC_LIVE_SIGNALS];
};

_Static_assert(offsetof(struct exec_window_live, winsize) == 8, "live layout");
_Static_assert(offsetof(struct exec_window_live, signals) == 64, "live layout");
_Static_assert(sizeof(struct exec_window_live) == 64 + 4 * EXEC_LIVE_SIGNALS, "live layout");

/* The host's private side: what it last stored. */
struct exec_live_writer {
	struct exec_window_live *shared;
	uint32_t seq;
	uint32_t winsize_posts;
	uint32_t signals[EXEC_LIVE_SIGNALS];
};

/* The cappsule's private side: what it has already reported. */
struct exec_live_reader {
	const struct exec_window_live *shared;
	uint32_t seq;
	uint64_t winsize;
	uint32_t signals[EXEC_LIVE_SIGNALS];
};

/* What changed since the reader's last look. */
struct exec_live_news {
	uint64_t signals;        /* bit n - 1: signal n was sent */
	uint16_t rows, cols;     /* the newest size sent, or 0, 0 */
};

/* Zeroes the area (64-byte aligned) and the writer's counters. The host
 * calls it before the cappsule exists. */
void exec_live_writer_init(struct exec_live_writer *w, void *area);

/* Publishes one more sending of sig; false (nothing stored) unless
 * 1 <= sig <= EXEC_LIVE_SIGNALS. Callers serialise their posts. */
bool exec_live_post_signal(struct exec_live_writer *w, uint32_t sig);

/* Publishes a size (rows << 16 | cols); false unless both are non-zero. */
bool exec_live_post_winsize(struct exec_live_writer *w, uint32_t rows_cols);

/* Attaches to the area as the host formatted it (all zero): nothing seen. */
void exec_live_reader_init(struct exec_live_reader *r, const void *area);

/* True if the host may have posted something the reader has not taken. */
bool exec_live_pending(const struct exec_live_reader *r);

/*
 * Takes what changed since the last call: every signal whose counter moved
 * (any change: the counters are only compared), and the newest size if
 * sizes were posted meanwhile and it has rows and columns (else none).
 * Reads each shared field once. A post racing with it shows in this call
 * or in the next one (seq moves after it): it is never lost.
 */
void exec_live_take(struct exec_live_reader *r, struct exec_live_news *n);

#endif /* CAPPSULE_HOSTSHIM_EXEC_LIVE_H */
