// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for VMX capability reading and judging (vmx/vmx_caps.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/msr.h"
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmx_caps.h"

/* A fake CPU: MSRs it has, and a record of every MSR read. */
struct fake_cpu {
	struct { uint32_t index; uint64_t value; } msrs[32];
	unsigned count;
	uint32_t reads[32];
	unsigned nreads;
};

static void fake_set(struct fake_cpu *cpu, uint32_t index, uint64_t value)
{
	cpu->msrs[cpu->count].index = index;
	cpu->msrs[cpu->count].value = value;
	cpu->count++;
}

static bool fake_read(void *ctx, uint32_t index, uint64_t *value)
{
	struct fake_cpu *cpu = ctx;
	unsigned i;

	assert_true(cpu->nreads < sizeof(cpu->reads) / sizeof(cpu->reads[0]));
	cpu->reads[cpu->nreads++] = index;
	for (i = 0; i < cpu->count; i++) {
		if (cpu->msrs[i].index == index) {
			*value = cpu->msrs[i].value;
			return true;
		}
	}
	return false; /* the real CPU would raise #GP */
}

static bool was_read(const struct fake_cpu *cpu, uint32_t index)
{
	unsigned i;

	for (i = 0; i < cpu->nreads; i++)
		if (cpu->reads[i] == index)
			return true;
	return false;
}

#define ctl(allowed0, allowed1) ((uint64_t)(allowed1) << 32 | (uint32_t)(allowed0))

#define BASIC_WB_TRUE (0x12ull | 0x1000ull << 32 | 6ull << 50 | 1ull << 55)
#define ALL_EPT_CAPS (EPT_CAP_WALK_LENGTH_4 | EPT_CAP_MEMTYPE_WB | \
		      EPT_CAP_PDE_2MB | EPT_CAP_PDPTE_1GB | EPT_CAP_INVEPT | \
		      EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL | \
		      VPID_CAP_INVVPID | VPID_CAP_INVVPID_SINGLE | VPID_CAP_INVVPID_ALL)

/* A CPU with everything the monitor needs, TRUE controls included. */
static void capable_cpu(struct fake_cpu *cpu)
{
	memset(cpu, 0, sizeof(*cpu));
	fake_set(cpu, IA32_FEATURE_CONTROL, FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
	fake_set(cpu, IA32_VMX_BASIC, BASIC_WB_TRUE);
	fake_set(cpu, IA32_VMX_TRUE_PINBASED_CTLS, ctl(0x16, 0x7f));
	fake_set(cpu, IA32_VMX_TRUE_PROCBASED_CTLS, ctl(0x04006172, 0xfff9fffe));
	fake_set(cpu, IA32_VMX_TRUE_EXIT_CTLS, ctl(0x00036dfb, 0x003fffff));
	fake_set(cpu, IA32_VMX_TRUE_ENTRY_CTLS, ctl(0x000011fb, 0x0000ffff));
	/* The non-TRUE ones differ, so a test sees which set was used. */
	fake_set(cpu, IA32_VMX_PINBASED_CTLS, ctl(0x16, 0x16));
	fake_set(cpu, IA32_VMX_PROCBASED_CTLS, ctl(0x0401e172, 0x0401e172));
	fake_set(cpu, IA32_VMX_EXIT_CTLS, ctl(0x00036dff, 0x00036dff));
	fake_set(cpu, IA32_VMX_ENTRY_CTLS, ctl(0x000011ff, 0x000011ff));
	fake_set(cpu, IA32_VMX_MISC, 5 | VMX_MISC_ACTIVITY_HLT |
		 VMX_MISC_ACTIVITY_SHUTDOWN | VMX_MISC_ACTIVITY_WAIT_SIPI);
	fake_set(cpu, IA32_VMX_CR0_FIXED0, 0x80000021);
	fake_set(cpu, IA32_VMX_CR0_FIXED1, 0xffffffff);
	fake_set(cpu, IA32_VMX_CR4_FIXED0, 0x2000);
	fake_set(cpu, IA32_VMX_CR4_FIXED1, 0x3767ff);
	fake_set(cpu, IA32_VMX_PROCBASED_CTLS2, ctl(0, PROC2_ENABLE_EPT |
		 PROC2_ENABLE_VPID | PROC2_UNRESTRICTED_GUEST | PROC2_ENABLE_RDTSCP));
	fake_set(cpu, IA32_VMX_EPT_VPID_CAP, ALL_EPT_CAPS);
}

/* Replaces the value of an MSR the fake CPU already has. */
static void fake_change(struct fake_cpu *cpu, uint32_t index, uint64_t value)
{
	unsigned i;

	for (i = 0; i < cpu->count; i++)
		if (cpu->msrs[i].index == index)
			cpu->msrs[i].value = value;
}

static enum vmx_verdict judge(struct fake_cpu *cpu, struct vmx_caps *caps,
			      struct vmx_features *f)
{
	cpu->nreads = 0;
	assert_true(vmx_caps_read(caps, CPUID_1_ECX_VMX, fake_read, cpu));
	vmx_features_decode(caps, f);
	return vmx_verdict(caps, f);
}

static void test_no_vmx_reads_no_msr(void **state)
{
	struct fake_cpu cpu = { 0 };
	struct vmx_caps caps;
	struct vmx_features f;

	(void)state;
	assert_true(vmx_caps_read(&caps, 0, fake_read, &cpu));
	assert_int_equal(cpu.nreads, 0);
	vmx_features_decode(&caps, &f);
	assert_int_equal(vmx_verdict(&caps, &f), VMX_NO_CPUID_VMX);
	assert_string_equal(vmx_verdict_text(VMX_NO_CPUID_VMX),
			    "no VMX (CPUID.1:ECX.VMX is 0)");
	assert_false(vmx_feature_control_needs_lock(&caps));
}

static void test_capable_cpu(void **state)
{
	struct fake_cpu cpu;
	struct vmx_caps caps;
	struct vmx_features f;

	(void)state;
	capable_cpu(&cpu);
	assert_int_equal(judge(&cpu, &caps, &f), VMX_USABLE);
	assert_true(f.true_controls);
	assert_int_equal(caps.procbased, ctl(0x04006172, 0xfff9fffe));
	assert_false(was_read(&cpu, IA32_VMX_PROCBASED_CTLS));
	assert_int_equal(f.vmcs_revision, 0x12);
	assert_int_equal(f.vmcs_size, 0x1000);
	assert_true(f.ept && f.ept_walk4 && f.ept_wb && f.ept_2m && f.ept_1g);
	assert_true(f.invept_single && f.invept_all);
	assert_true(f.vpid && f.invvpid_single && f.invvpid_all);
	assert_true(f.unrestricted_guest && f.activity_wait_for_sipi);
	assert_true(f.preemption_timer);
	assert_int_equal(f.preemption_timer_rate, 5);
	assert_false(f.ept_ad);
	assert_false(vmx_feature_control_needs_lock(&caps));
}

static void test_without_true_controls(void **state)
{
	struct fake_cpu cpu;
	struct vmx_caps caps;
	struct vmx_features f;

	(void)state;
	capable_cpu(&cpu);
	fake_change(&cpu, IA32_VMX_BASIC, BASIC_WB_TRUE & ~(1ull << 55));
	fake_change(&cpu, IA32_VMX_PROCBASED_CTLS, ctl(0x0401e172, 0xfff9fffe));
	judge(&cpu, &caps, &f);
	assert_false(f.true_controls);
	assert_false(was_read(&cpu, IA32_VMX_TRUE_PROCBASED_CTLS));
	assert_int_equal(caps.procbased, ctl(0x0401e172, 0xfff9fffe));
}

/* Reading an MSR the CPU does not have would fault: never do it. */
static void test_optional_msrs_not_read(void **state)
{
	struct fake_cpu cpu;
	struct vmx_caps caps;
	struct vmx_features f;

	(void)state;
	capable_cpu(&cpu);
	fake_change(&cpu, IA32_VMX_TRUE_PROCBASED_CTLS, ctl(0x04006172, 0x7ff9fffe));
	assert_int_equal(judge(&cpu, &caps, &f), VMX_NO_SECONDARY_CONTROLS);
	assert_false(was_read(&cpu, IA32_VMX_PROCBASED_CTLS2));
	assert_false(was_read(&cpu, IA32_VMX_EPT_VPID_CAP));

	capable_cpu(&cpu);
	fake_change(&cpu, IA32_VMX_PROCBASED_CTLS2, ctl(0, PROC2_UNRESTRICTED_GUEST));
	assert_int_equal(judge(&cpu, &caps, &f), VMX_NO_EPT);
	assert_false(was_read(&cpu, IA32_VMX_EPT_VPID_CAP));
	assert_false(f.ept_walk4);
}

static void test_failed_read_is_reported(void **state)
{
	struct fake_cpu cpu = { 0 };
	struct vmx_caps caps;

	(void)state;
	fake_set(&cpu, IA32_FEATURE_CONTROL, 0);
	assert_false(vmx_caps_read(&caps, CPUID_1_ECX_VMX, fake_read, &cpu));
}

static void test_feature_control(void **state)
{
	struct fake_cpu cpu;
	struct vmx_caps caps;
	struct vmx_features f;

	(void)state;
	capable_cpu(&cpu);
	fake_change(&cpu, IA32_FEATURE_CONTROL, FEATURE_CONTROL_LOCK);
	assert_int_equal(judge(&cpu, &caps, &f), VMX_LOCKED_OFF);

	/* Unlocked: usable, and the monitor must enable and lock it. */
	fake_change(&cpu, IA32_FEATURE_CONTROL, 0);
	assert_int_equal(judge(&cpu, &caps, &f), VMX_USABLE);
	assert_true(vmx_feature_control_needs_lock(&caps));

	/* Locked with only the in-SMX bit: still off for us. */
	fake_change(&cpu, IA32_FEATURE_CONTROL, FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON_IN_SMX);
	assert_int_equal(judge(&cpu, &caps, &f), VMX_LOCKED_OFF);
}

static void test_each_missing_requirement(void **state)
{
	static const struct {
		uint32_t msr;
		uint64_t value;
		enum vmx_verdict expect;
	} cases[] = {
		{ IA32_VMX_BASIC, BASIC_WB_TRUE & ~(0xfull << 50), VMX_VMCS_NOT_WB },
		{ IA32_VMX_TRUE_PROCBASED_CTLS, ctl(0x04006172, 0xeff9fffe), VMX_NO_MSR_BITMAPS },
		{ IA32_VMX_EPT_VPID_CAP, ALL_EPT_CAPS & ~EPT_CAP_WALK_LENGTH_4, VMX_NO_EPT_WALK4 },
		{ IA32_VMX_EPT_VPID_CAP, ALL_EPT_CAPS & ~EPT_CAP_MEMTYPE_WB, VMX_NO_EPT_WB },
		{ IA32_VMX_EPT_VPID_CAP, ALL_EPT_CAPS & ~EPT_CAP_INVEPT, VMX_NO_INVEPT },
		{ IA32_VMX_EPT_VPID_CAP, ALL_EPT_CAPS & ~(EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL), VMX_NO_INVEPT },
		{ IA32_VMX_PROCBASED_CTLS2, ctl(0, PROC2_ENABLE_EPT), VMX_NO_UNRESTRICTED_GUEST },
		{ IA32_VMX_MISC, VMX_MISC_ACTIVITY_HLT, VMX_NO_WAIT_FOR_SIPI },
	};
	struct fake_cpu cpu;
	struct vmx_caps caps;
	struct vmx_features f;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		capable_cpu(&cpu);
		fake_change(&cpu, cases[i].msr, cases[i].value);
		assert_int_equal(judge(&cpu, &caps, &f), cases[i].expect);
		assert_string_not_equal(vmx_verdict_text(cases[i].expect), "usable");
	}
}

static void test_verdict_text_bounds(void **state)
{
	(void)state;
	assert_string_equal(vmx_verdict_text(VMX_USABLE), "usable");
	assert_string_equal(vmx_verdict_text(VMX_VERDICT_COUNT), "unknown verdict");
	assert_string_equal(vmx_verdict_text((enum vmx_verdict)-1), "unknown verdict");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_vmx_reads_no_msr),
		cmocka_unit_test(test_capable_cpu),
		cmocka_unit_test(test_without_true_controls),
		cmocka_unit_test(test_optional_msrs_not_read),
		cmocka_unit_test(test_failed_read_is_reported),
		cmocka_unit_test(test_feature_control),
		cmocka_unit_test(test_each_missing_requirement),
		cmocka_unit_test(test_verdict_text_bounds),
	};

	return cmocka_run_group_tests_name("vmx capabilities", tests, NULL, NULL);
}
