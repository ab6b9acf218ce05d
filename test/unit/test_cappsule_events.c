// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for a cappsule's timer and event interrupts (vmx/cappsule_events.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vmx/cappsule_events.h"

static struct cs_events ready(void)
{
	struct cs_events e = { 0 };

	assert_true(cs_events_set_vectors(&e, 0xec, 0xf7));
	return e;
}

static void test_vectors_checked(void **state)
{
	struct cs_events e = { 0 };

	(void)state;
	assert_false(cs_events_set_vectors(&e, 31, 0xf7));   /* an exception */
	assert_false(cs_events_set_vectors(&e, 0xec, 256));
	assert_false(cs_events_set_vectors(&e, 0xec, 0xec)); /* the same twice */
	assert_false(cs_events_set_vectors(&e, 1ull << 40, 0xf7));
	assert_int_equal(e.timer_vector, 0);                 /* nothing changed */
	assert_true(cs_events_set_vectors(&e, 32, 255));
	assert_int_equal(e.timer_vector, 32);
	assert_int_equal(e.event_vector, 255);
}

static void test_nothing_without_vectors(void **state)
{
	struct cs_events e = { 0 };
	struct cs_entry_plan p;

	(void)state;
	e.event_pending = true;
	cs_events_set_timer(&e, 100);
	cs_events_tick(&e, 200);
	p = cs_events_plan(&e, true);
	assert_int_equal(p.vector, 0);
	assert_false(p.open_window);
	/* A halt with nothing deliverable waits: the host will not spin it. */
	assert_int_equal(cs_events_on_halt(&e, true), CS_HALT_WAIT);
}

static void test_timer_fires_once(void **state)
{
	struct cs_events e = ready();
	struct cs_entry_plan p;

	(void)state;
	cs_events_set_timer(&e, 1000);
	cs_events_tick(&e, 999);
	assert_false(e.timer_pending);
	cs_events_tick(&e, 1000);
	assert_true(e.timer_pending);
	assert_int_equal(e.deadline, 0);
	p = cs_events_plan(&e, true);
	assert_int_equal(p.vector, 0xec);
	assert_false(p.open_window);
	p = cs_events_plan(&e, true);
	assert_int_equal(p.vector, 0);
}

static void test_rearm_forgets_fired(void **state)
{
	struct cs_events e = ready();

	(void)state;
	cs_events_set_timer(&e, 10);
	cs_events_tick(&e, 20);
	cs_events_set_timer(&e, 0);      /* the kernel cancelled it */
	assert_false(cs_events_deliverable(&e));
}

static void test_window_when_blocked(void **state)
{
	struct cs_events e = ready();
	struct cs_entry_plan p;

	(void)state;
	e.event_pending = true;
	p = cs_events_plan(&e, false);
	assert_int_equal(p.vector, 0);
	assert_true(p.open_window);
	assert_true(e.event_pending);   /* still waiting */
	p = cs_events_plan(&e, true);
	assert_int_equal(p.vector, 0xf7);
	assert_false(p.open_window);
}

static void test_timer_before_event(void **state)
{
	struct cs_events e = ready();
	struct cs_entry_plan p;

	(void)state;
	e.event_pending = true;
	e.timer_pending = true;
	p = cs_events_plan(&e, true);
	assert_int_equal(p.vector, 0xec);
	assert_true(p.open_window);     /* the event next */
	p = cs_events_plan(&e, true);
	assert_int_equal(p.vector, 0xf7);
	assert_false(p.open_window);
}

static void test_halt(void **state)
{
	struct cs_events e = ready();

	(void)state;
	assert_int_equal(cs_events_on_halt(&e, false), CS_HALT_FORBIDDEN);
	assert_int_equal(cs_events_on_halt(&e, true), CS_HALT_WAIT);
	e.event_pending = true;
	assert_int_equal(cs_events_on_halt(&e, true), CS_HALT_RESUME);
	assert_int_equal(cs_events_on_halt(&e, false), CS_HALT_FORBIDDEN);
}

static void test_ticks_to_exit(void **state)
{
	struct cs_events e = ready();

	(void)state;
	assert_int_equal(cs_events_ticks_to_exit(&e, 100, 500), 400);
	cs_events_set_timer(&e, 300);
	assert_int_equal(cs_events_ticks_to_exit(&e, 100, 500), 200);
	assert_int_equal(cs_events_ticks_to_exit(&e, 400, 500), 0);  /* overdue */
	assert_int_equal(cs_events_ticks_to_exit(&e, 600, 500), 0);
	cs_events_set_timer(&e, 900);
	assert_int_equal(cs_events_ticks_to_exit(&e, 100, 500), 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_checked),
		cmocka_unit_test(test_nothing_without_vectors),
		cmocka_unit_test(test_timer_fires_once),
		cmocka_unit_test(test_rearm_forgets_fired),
		cmocka_unit_test(test_window_when_blocked),
		cmocka_unit_test(test_timer_before_event),
		cmocka_unit_test(test_halt),
		cmocka_unit_test(test_ticks_to_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
