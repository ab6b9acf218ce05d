// SPDX-License-Identifier: GPL-2.0-only
/* The init's relay decisions (see init_relay.h). No system calls here. */
#include "tools/init_relay.h"

#include <signal.h>
#include <string.h>

size_t byte_queue_push(struct byte_queue *q, const void *data, size_t len)
{
	size_t n = len < byte_queue_room(q) ? len : byte_queue_room(q);
	size_t tail = (q->head + q->len) % BYTE_QUEUE_CAP;
	size_t first = n < BYTE_QUEUE_CAP - tail ? n : BYTE_QUEUE_CAP - tail;

	memcpy(q->buf + tail, data, first);
	memcpy(q->buf, (const uint8_t *)data + first, n - first);
	q->len += n;
	return n;
}

const uint8_t *byte_queue_peek(const struct byte_queue *q, size_t *len)
{
	size_t to_end = BYTE_QUEUE_CAP - q->head;

	*len = q->len < to_end ? q->len : to_end;
	return q->buf + q->head;
}

void byte_queue_drop(struct byte_queue *q, size_t n)
{
	if (n > q->len)
		n = q->len;
	q->head = (q->head + n) % BYTE_QUEUE_CAP;
	q->len -= n;
	if (q->len == 0)
		q->head = 0;
}

static bool relayable_signal(uint32_t sig)
{
	return sig >= 1 && sig <= 31 && sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD;
}

enum init_input_kind init_input_decide(const struct exec_rec *rec, bool stdin_ended)
{
	if (stdin_ended)
		return INIT_INPUT_IGNORE;
	if (rec->stream == CAPPSULE_STREAM_STDIN)
		return INIT_INPUT_STDIN;
	if (rec->stream == CAPPSULE_STREAM_EOF)
		return INIT_INPUT_EOF;
	return INIT_INPUT_IGNORE;
}

void init_control_decide(const struct cappsule_ioc_guest_control *c, bool tty,
			 struct init_control *out)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t sig = 1; sig <= 64; sig++)
		if ((c->signals >> (sig - 1) & 1) && relayable_signal(sig))
			out->signals[out->n_signals++] = (int)sig;
	if (tty && c->rows && c->cols) {
		out->resize = true;
		out->rows = c->rows;
		out->cols = c->cols;
	}
}

bool init_finished(const struct init_progress *p)
{
	return p->status_known && p->outputs_open == 0 && p->output_pending == 0;
}
