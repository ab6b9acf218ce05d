// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for VMCS control computation (vmx/vmx_controls.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/vmcs_control_bits.h"
#include "vmx/vmx_controls.h"

#define CTL(a0, a1) ((uint64_t)(a1) << 32 | (uint32_t)(a0))

static void test_adjust_basic_rules(void **state)
{
	const struct control_request req = {
		.required = 0x1, .optional = 0x6, .forbidden = 0x80,
	};
	struct control_error err;
	uint32_t v = 0xdead;

	(void)state;
	/* allowed0 forces 0x10 on; optional 0x4 not allowed, 0x2 allowed. */
	assert_true(control_adjust(CTL(0x10, 0x13), &req, CONTROLS_PROC, &v, &err));
	assert_int_equal(v, 0x13);

	/* required bit not allowed to be 1 */
	v = 0xdead;
	assert_false(control_adjust(CTL(0, 0x6), &req, CONTROLS_PROC2, &v, &err));
	assert_int_equal(v, 0xdead);
	assert_int_equal(err.set, CONTROLS_PROC2);
	assert_int_equal(err.bits, 0x1);
	assert_string_equal(err.reason, "required controls not supported by this CPU");

	/* forbidden bit forced to 1 */
	assert_false(control_adjust(CTL(0x80, 0xff), &req, CONTROLS_PIN, &v, &err));
	assert_int_equal(err.bits, 0x80);
	assert_string_equal(err.reason, "CPU forces controls the monitor cannot allow");
}

/* Impossible combinations are refused, not papered over. */
static void test_adjust_impossible(void **state)
{
	const struct control_request both = { .required = 0x4, .forbidden = 0x4 };
	const struct control_request none = { 0 };
	struct control_error err;
	uint32_t v = 7;

	(void)state;
	assert_false(control_adjust(CTL(0, 0xff), &both, CONTROLS_EXIT, &v, &err));
	assert_string_equal(err.reason, "request both requires and forbids bits");
	/* An MSR that forces a bit it does not allow: corrupt or lying. */
	assert_false(control_adjust(CTL(0x100, 0xff), &none, CONTROLS_ENTRY, &v, &err));
	assert_int_equal(err.bits, 0x100);
	assert_int_equal(v, 7);
}

/* Capabilities of a modern CPU with TRUE controls. */
static void modern_caps(struct vmx_caps *c)
{
	memset(c, 0, sizeof(*c));
	c->cpuid_vmx = true;
	c->pinbased = CTL(0x16, 0xff);
	c->procbased = CTL(0x04006172, 0xfff9fffe);
	c->procbased2 = CTL(0, 0x0553dfff);
	c->exit = CTL(0x00036dfb, 0x003fffff);
	c->entry = CTL(0x000011fb, 0x0000ffff);
}

static void test_host_controls_modern_cpu(void **state)
{
	struct vmcs_controls v;
	struct control_error err;
	struct vmx_caps c;

	(void)state;
	modern_caps(&c);
	assert_true(vmx_controls_for_host(&c, &v, &err));
	assert_int_equal(v.pin, 0x16);
	assert_int_equal(v.proc, 0x04006172 | PROC_USE_MSR_BITMAPS |
			 PROC_ACTIVATE_SECONDARY_CONTROLS);
	assert_int_equal(v.proc2, PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST |
			 PROC2_ENABLE_VPID | PROC2_ENABLE_RDTSCP |
			 PROC2_ENABLE_INVPCID | PROC2_ENABLE_XSAVES_XRSTORS |
			 PROC2_ENABLE_USER_WAIT_PAUSE);
	assert_int_equal(v.exit, 0x00036dfb | EXIT_HOST_ADDRESS_SPACE_SIZE |
			 EXIT_SAVE_IA32_EFER | EXIT_LOAD_IA32_EFER |
			 EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT);
	assert_int_equal(v.entry, 0x000011fb | ENTRY_LOAD_IA32_EFER | ENTRY_LOAD_IA32_PAT);
	assert_false(v.entry & ENTRY_IA32E_MODE_GUEST);
	assert_false(v.proc & (PROC_HLT_EXITING | PROC_USE_IO_BITMAPS));
}

/* A cappsule gets the host's controls plus every exit that ends it. */
static void test_cappsule_controls(void **state)
{
	struct vmcs_controls host, v;
	struct control_error err;
	struct vmx_caps c;

	(void)state;
	modern_caps(&c);
	assert_true(vmx_controls_for_host(&c, &host, &err));
	assert_true(vmx_controls_for_cappsule(&c, &host, &v, &err));
	assert_true(v.pin & PIN_EXTERNAL_INTERRUPT_EXITING);
	assert_true(v.pin & PIN_NMI_EXITING);
	assert_int_equal(v.pin & PIN_ACTIVATE_PREEMPTION_TIMER,
			 vmx_allowed1(c.pinbased) & PIN_ACTIVATE_PREEMPTION_TIMER);
	assert_int_equal(v.proc & (PROC_HLT_EXITING | PROC_UNCONDITIONAL_IO_EXITING |
				   PROC_MWAIT_EXITING | PROC_MONITOR_EXITING | PROC_RDPMC_EXITING),
			 PROC_HLT_EXITING | PROC_UNCONDITIONAL_IO_EXITING |
			 PROC_MWAIT_EXITING | PROC_MONITOR_EXITING | PROC_RDPMC_EXITING);
	assert_false(v.proc & (PROC_USE_MSR_BITMAPS | PROC_USE_IO_BITMAPS));
	/* CR8 is the real APIC's task priority: never the cappsule's. */
	assert_int_equal(v.proc & (PROC_CR8_LOAD_EXITING | PROC_CR8_STORE_EXITING),
			 PROC_CR8_LOAD_EXITING | PROC_CR8_STORE_EXITING);
	/* Windows are opened at run time only. */
	assert_false(v.proc & PROC_INTERRUPT_WINDOW_EXITING);
	assert_true(v.proc2 & PROC2_ENABLE_EPT);
	assert_true(v.proc2 & PROC2_WBINVD_EXITING);
	assert_int_equal(v.exit, host.exit);
	assert_int_equal(v.entry, host.entry);
	/* Nor one that cannot open interrupt windows (its timer needs them). */
	modern_caps(&c);
	c.procbased &= ~((uint64_t)PROC_INTERRUPT_WINDOW_EXITING << 32);
	assert_false(vmx_controls_for_cappsule(&c, &host, &v, &err));
	assert_int_equal(err.bits, PROC_INTERRUPT_WINDOW_EXITING);
	modern_caps(&c);
	/* A CPU that cannot exit on HLT cannot run cappsules. */
	c.procbased &= ~((uint64_t)PROC_HLT_EXITING << 32);
	assert_false(vmx_controls_for_cappsule(&c, &host, &v, &err));
	assert_int_equal(err.set, CONTROLS_PROC);
	assert_int_equal(err.bits, PROC_HLT_EXITING);
}

static void test_host_controls_missing_features(void **state)
{
	struct vmcs_controls v;
	struct control_error err;
	struct vmx_caps c;

	(void)state;
	modern_caps(&c);
	c.procbased2 = CTL(0, 0x0553dfff & ~PROC2_UNRESTRICTED_GUEST);
	assert_false(vmx_controls_for_host(&c, &v, &err));
	assert_int_equal(err.set, CONTROLS_PROC2);
	assert_int_equal(err.bits, PROC2_UNRESTRICTED_GUEST);
	assert_string_equal(control_set_name(err.set),
			    "secondary processor-based VM-execution");

	modern_caps(&c);
	c.procbased = CTL(0x04006172, 0xeff9fffe); /* no MSR bitmaps */
	assert_false(vmx_controls_for_host(&c, &v, &err));
	assert_int_equal(err.bits, PROC_USE_MSR_BITMAPS);

	modern_caps(&c);
	c.pinbased = CTL(0x17, 0xff); /* external-interrupt exiting forced */
	assert_false(vmx_controls_for_host(&c, &v, &err));
	assert_int_equal(err.set, CONTROLS_PIN);
	assert_int_equal(err.bits, PIN_EXTERNAL_INTERRUPT_EXITING);

	modern_caps(&c);
	c.exit = CTL(0x00036dfb, 0x003fffff & ~EXIT_LOAD_IA32_EFER);
	assert_false(vmx_controls_for_host(&c, &v, &err));
	assert_int_equal(err.set, CONTROLS_EXIT);
}

/* With PAT loadable on exit but not on entry, neither is used. */
static void test_pat_all_or_nothing(void **state)
{
	struct vmcs_controls v;
	struct control_error err;
	struct vmx_caps c;

	(void)state;
	modern_caps(&c);
	c.entry = CTL(0x000011fb, 0x0000ffff & ~ENTRY_LOAD_IA32_PAT);
	assert_true(vmx_controls_for_host(&c, &v, &err));
	assert_false(v.exit & (EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT));
	assert_false(v.entry & ENTRY_LOAD_IA32_PAT);
	assert_true(v.exit & EXIT_LOAD_IA32_EFER);
}

static void test_set_names(void **state)
{
	(void)state;
	assert_string_equal(control_set_name(CONTROLS_PIN), "pin-based VM-execution");
	assert_string_equal(control_set_name(CONTROL_SET_COUNT), "unknown control set");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjust_basic_rules),
		cmocka_unit_test(test_adjust_impossible),
		cmocka_unit_test(test_host_controls_modern_cpu),
		cmocka_unit_test(test_host_controls_missing_features),
		cmocka_unit_test(test_cappsule_controls),
		cmocka_unit_test(test_pat_all_or_nothing),
		cmocka_unit_test(test_set_names),
	};

	return cmocka_run_group_tests_name("vmx controls", tests, NULL, NULL);
}
