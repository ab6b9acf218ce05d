/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The decisions of the cappsule's init as it relays between the device and
 * the command (tools/cappsule_init.c does the system calls). Pure logic.
 *
 *   a byte queue    stdin bytes that came from the host and wait for the
 *                   command to read them (it may read slowly, or never);
 *   input records   what each one asks for: queue bytes, end the input;
 *   control         what the host sent out of band: signals for the
 *                   command, a new terminal size;
 *   the end         when everything is done: the command's status known,
 *                   its output drained and sent.
 */
#ifndef CAPPSULE_TOOLS_INIT_RELAY_H
#define CAPPSULE_TOOLS_INIT_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tools/exec_proto.h"

/* ------------------------------------------------------ the byte queue -- */

#define BYTE_QUEUE_CAP 65536u

struct byte_queue {
	uint8_t buf[BYTE_QUEUE_CAP];
	size_t head;	/* index of the oldest byte */
	size_t len;	/* bytes queued */
};

static inline size_t byte_queue_room(const struct byte_queue *q)
{
	return BYTE_QUEUE_CAP - q->len;
}

/* Appends up to len bytes; returns how many fit. */
size_t byte_queue_push(struct byte_queue *q, const void *data, size_t len);
/* The oldest queued bytes that sit in one piece; *len 0 when empty. */
const uint8_t *byte_queue_peek(const struct byte_queue *q, size_t *len);
/* Forgets the n oldest bytes (n <= len). */
void byte_queue_drop(struct byte_queue *q, size_t n);

/* ------------------------------------------------------- input records -- */

enum init_input_kind {
	INIT_INPUT_STDIN,	/* queue rec->data for the command */
	INIT_INPUT_EOF,		/* no more stdin after what is queued */
	INIT_INPUT_IGNORE,	/* nothing to do (see init_input_decide) */
};

/*
 * What a well-formed input record (exec_rec_next, EXEC_REC_TO_CAPPSULE)
 * asks for. Ignored: stdin data or a second end after the end of input,
 * and any stream that does not come in.
 */
enum init_input_kind init_input_decide(const struct exec_rec *rec, bool stdin_ended);

/* ------------------------------------------------------------ control -- */

#define INIT_SIGNALS_MAX 31	/* the standard signals: all the init may pass on */

/* What to do with CAPPSULE_IOC_GUEST_CONTROL's answer. */
struct init_control {
	int signals[INIT_SIGNALS_MAX];	/* for the command, lowest number first */
	unsigned n_signals;
	bool resize;			/* set the pty to rows x cols */
	uint16_t rows, cols;
};

/*
 * Checks the shim's answer again (the init trusts no input blindly).
 * Passed on: the standard signals the init can relay (1..31 but SIGKILL,
 * SIGSTOP: the init cannot relay those through the namespace's init
 * without killing it, and SIGCHLD, which the relay itself uses); the
 * others are dropped. Several signals come lowest number first, as the
 * kernel delivers pending standard signals. A size only with a pty and
 * with both rows and columns.
 */
void init_control_decide(const struct cappsule_ioc_guest_control *c, bool tty,
			 struct init_control *out);

/* ---------------------------------------------------------------- end -- */

struct init_progress {
	bool status_known;	/* the command's wait status arrived (or never will) */
	unsigned outputs_open;	/* output pipes (or the pty) not at end of file */
	size_t output_pending;	/* bytes of output records not yet taken by the device */
};

/* True once the init may end the cappsule with the command's status. */
bool init_finished(const struct init_progress *p);

#endif /* CAPPSULE_TOOLS_INIT_RELAY_H */
