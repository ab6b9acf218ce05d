// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for exit dispatch and exit-reason names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/exit_dispatch.h"

struct vcpu {
	unsigned last_handler;   /* 1 cpuid, 2 vmcall, 9 fallback */
	uint32_t last_reason;
};

static enum exit_action on_cpuid(struct vcpu *v, uint32_t r)
{
	v->last_handler = 1;
	v->last_reason = r;
	return EXIT_ACTION_RESUME;
}

static enum exit_action on_vmcall(struct vcpu *v, uint32_t r)
{
	v->last_handler = 2;
	v->last_reason = r;
	return EXIT_ACTION_RESUME;
}

static enum exit_action on_other(struct vcpu *v, uint32_t r)
{
	v->last_handler = 9;
	v->last_reason = r;
	return EXIT_ACTION_STOP;
}

static const struct exit_table table = {
	.handlers = {
		[EXIT_REASON_CPUID] = on_cpuid,
		[EXIT_REASON_VMCALL] = on_vmcall,
	},
	.fallback = on_other,
};

static void test_routes_and_counts(void **state)
{
	struct exit_stats st = { 0 };
	struct vcpu v = { 0 };

	(void)state;
	assert_int_equal(exit_dispatch(&table, &st, &v, EXIT_REASON_CPUID), EXIT_ACTION_RESUME);
	assert_int_equal(v.last_handler, 1);
	assert_int_equal(exit_dispatch(&table, &st, &v, EXIT_REASON_CPUID), EXIT_ACTION_RESUME);
	assert_int_equal(exit_dispatch(&table, &st, &v, EXIT_REASON_VMCALL), EXIT_ACTION_RESUME);
	assert_int_equal(v.last_handler, 2);
	assert_int_equal(st.count[EXIT_REASON_CPUID], 2);
	assert_int_equal(st.count[EXIT_REASON_VMCALL], 1);
	assert_int_equal(st.total, 3);
}

/* A reason with no handler, a reason beyond the table, and a failed
 * entry all reach the fallback, each counted where it belongs. */
static void test_fallback_paths(void **state)
{
	struct exit_stats st = { 0 };
	struct vcpu v = { 0 };

	(void)state;
	assert_int_equal(exit_dispatch(&table, &st, &v, EXIT_REASON_HLT), EXIT_ACTION_STOP);
	assert_int_equal(v.last_handler, 9);
	assert_int_equal(st.count[EXIT_REASON_HLT], 1);

	assert_int_equal(exit_dispatch(&table, &st, &v, 200), EXIT_ACTION_STOP);
	assert_int_equal(st.count[EXIT_STAT_UNKNOWN], 1);
	assert_int_equal(v.last_reason, 200);

	/* 0x80000021: entry failed, invalid guest state. The raw value,
	 * flag included, reaches the fallback; CPUID's handler is not run
	 * even for a failed entry whose basic reason names it. */
	assert_int_equal(exit_dispatch(&table, &st, &v, 0x80000021u), EXIT_ACTION_STOP);
	assert_int_equal(v.last_reason, 0x80000021u);
	assert_int_equal(exit_dispatch(&table, &st, &v,
				       EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_CPUID),
			 EXIT_ACTION_STOP);
	assert_int_equal(v.last_handler, 9);
	assert_int_equal(st.count[EXIT_STAT_FAILED_ENTRY], 2);
	assert_int_equal(st.count[EXIT_REASON_CPUID], 0);
	assert_int_equal(st.total, 4);
}

static void test_no_fallback_stops(void **state)
{
	const struct exit_table bare = { .handlers = { [EXIT_REASON_CPUID] = on_cpuid } };
	struct exit_stats st = { 0 };
	struct vcpu v = { 0 };

	(void)state;
	assert_int_equal(exit_dispatch(&bare, &st, &v, EXIT_REASON_XSETBV), EXIT_ACTION_STOP);
	assert_int_equal(v.last_handler, 0);
}

static void test_reason_names(void **state)
{
	(void)state;
	assert_string_equal(exit_reason_name(EXIT_REASON_CPUID), "CPUID");
	assert_string_equal(exit_reason_name(EXIT_REASON_EPT_VIOLATION), "EPT violation");
	assert_string_equal(exit_reason_name(EXIT_REASON_XRSTORS), "XRSTORS");
	assert_string_equal(exit_reason_name(35), "unknown");   /* reserved */
	assert_string_equal(exit_reason_name(EXIT_REASON_COUNT), "unknown");
	assert_string_equal(exit_reason_name(0xffffffffu), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_and_counts),
		cmocka_unit_test(test_fallback_paths),
		cmocka_unit_test(test_no_fallback_stops),
		cmocka_unit_test(test_reason_names),
	};

	return cmocka_run_group_tests_name("exit dispatch", tests, NULL, NULL);
}
