/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A cappsule's two interrupts: its timer (CAPPSULE_CS_HC_TIMER sets one TSC
 * deadline) and its event (the host side of its transport has news:
 * CAPPSULE_RUN_EVENT). The monitor injects them at VM entry on the
 * vectors the cappsule named (CAPPSULE_CS_HC_VECTORS), when the cappsule
 * can take an interrupt, or asks for an interrupt-window exit when it
 * cannot yet. No device is emulated: these are the only interrupts a
 * cappsule ever sees. Pure decisions, unit-tested
 * (test/unit/test_cappsule_events.c); vmx/cappsule.c applies them.
 */
#ifndef CAPPSULE_VMX_CAPPSULE_EVENTS_H
#define CAPPSULE_VMX_CAPPSULE_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#define CS_VECTOR_MIN 32 /* below: exceptions, never injected as interrupts */

struct cs_events {
	uint64_t deadline;      /* TSC ticks; 0: no timer armed */
	uint8_t timer_vector;   /* 0 until the cappsule names its vectors */
	uint8_t event_vector;
	bool timer_pending;     /* the deadline passed: to be delivered */
	bool event_pending;     /* the host posted an event: to be delivered */
};

/* CAPPSULE_CS_HC_VECTORS: both in CS_VECTOR_MIN..255 and distinct, or
 * false and nothing changes. */
bool cs_events_set_vectors(struct cs_events *e, uint64_t timer, uint64_t event);

/* CAPPSULE_CS_HC_TIMER: arms (or with 0 disarms) the one timer; a timer
 * that fired but was not delivered yet is forgotten. */
void cs_events_set_timer(struct cs_events *e, uint64_t deadline);

/* Called at every exit and entry: a passed deadline becomes pending. */
void cs_events_tick(struct cs_events *e, uint64_t now);

/* Something to deliver (and somewhere to deliver it). */
bool cs_events_deliverable(const struct cs_events *e);

struct cs_entry_plan {
	uint8_t vector;     /* inject this external interrupt; 0: none */
	bool open_window;   /* exit as soon as it can take (another) one */
};

/*
 * What to do at this VM entry. can_inject: RFLAGS.IF is set, no STI or
 * MOV SS shadow, and no event is being re-delivered. The timer goes first;
 * a delivered interrupt stops being pending.
 */
struct cs_entry_plan cs_events_plan(struct cs_events *e, bool can_inject);

enum cs_halt {
	CS_HALT_RESUME,     /* an interrupt is waiting: go on, it is delivered */
	CS_HALT_WAIT,       /* give the CPU to the host until the deadline or an event */
	CS_HALT_FORBIDDEN,  /* interrupts off: it would sleep for ever */
};

/* HLT or MWAIT, already skipped. */
enum cs_halt cs_events_on_halt(const struct cs_events *e, bool interrupts_on);

/* TSC ticks from now until the cappsule must exit: the end of its time
 * slice or its deadline, whichever is first (0: at once). */
uint64_t cs_events_ticks_to_exit(const struct cs_events *e, uint64_t now, uint64_t slice_end);

#endif /* CAPPSULE_VMX_CAPPSULE_EVENTS_H */
