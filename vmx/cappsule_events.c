// SPDX-License-Identifier: GPL-2.0-only
/* A cappsule's timer and event interrupts (see cappsule_events.h). */
#include "vmx/cappsule_events.h"

static bool vector_ok(uint64_t v)
{
	return v >= CS_VECTOR_MIN && v <= 255;
}

bool cs_events_set_vectors(struct cs_events *e, uint64_t timer, uint64_t event)
{
	if (!vector_ok(timer) || !vector_ok(event) || timer == event)
		return false;
	e->timer_vector = (uint8_t)timer;
	e->event_vector = (uint8_t)event;
	return true;
}

void cs_events_set_timer(struct cs_events *e, uint64_t deadline)
{
	e->deadline = deadline;
	e->timer_pending = false;
}

void cs_events_tick(struct cs_events *e, uint64_t now)
{
	if (e->deadline && now >= e->deadline) {
		e->deadline = 0;
		e->timer_pending = true;
	}
}

bool cs_events_deliverable(const struct cs_events *e)
{
	return e->timer_vector && (e->timer_pending || e->event_pending);
}

struct cs_entry_plan cs_events_plan(struct cs_events *e, bool can_inject)
{
	struct cs_entry_plan p = { 0, false };

	if (!cs_events_deliverable(e))
		return p;
	if (!can_inject) {
		p.open_window = true;
		return p;
	}
	if (e->timer_pending) {
		e->timer_pending = false;
		p.vector = e->timer_vector;
	} else {
		e->event_pending = false;
		p.vector = e->event_vector;
	}
	/* One injection per entry: the other waits for the next window. */
	p.open_window = e->timer_pending || e->event_pending;
	return p;
}

enum cs_halt cs_events_on_halt(const struct cs_events *e, bool interrupts_on)
{
	if (!interrupts_on)
		return CS_HALT_FORBIDDEN;
	return cs_events_deliverable(e) ? CS_HALT_RESUME : CS_HALT_WAIT;
}

uint64_t cs_events_ticks_to_exit(const struct cs_events *e, uint64_t now, uint64_t slice_end)
{
	uint64_t until = slice_end;

	if (e->deadline && e->deadline < until)
		until = e->deadline;
	return until > now ? until - now : 0;
}
