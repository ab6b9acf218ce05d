// SPDX-License-Identifier: GPL-2.0-only
/* Per-CPU storage: VMXON region, VMCS, exit stack, vCPU state. */
#include "vmx/monitor.h"

#define PAGE 4096

struct percpu_area {
	uint8_t vmxon[PAGE];
	uint8_t vmcs[PAGE];
	uint8_t stack[MONITOR_STACK_SIZE];
};

static struct percpu_area areas[MONITOR_MAX_CPUS] __attribute__((aligned(PAGE)));
static struct vcpu vcpus[MONITOR_MAX_CPUS];

struct monitor the_monitor;

struct vcpu *monitor_vcpu(unsigned cpu)
{
	return &vcpus[cpu];
}

uint64_t monitor_vmxon_region(unsigned cpu)
{
	return (uint64_t)(uintptr_t)areas[cpu].vmxon;
}

uint64_t monitor_vmcs_region(unsigned cpu)
{
	return (uint64_t)(uintptr_t)areas[cpu].vmcs;
}

uint64_t monitor_stack_top(unsigned cpu)
{
	return (uint64_t)(uintptr_t)(areas[cpu].stack + MONITOR_STACK_SIZE);
}

unsigned monitor_cpu_from_stack(uint64_t addr)
{
	unsigned cpu;

	for (cpu = 0; cpu < MONITOR_MAX_CPUS; cpu++) {
		uint64_t lo = (uint64_t)(uintptr_t)areas[cpu].stack;

		if (addr >= lo && addr < lo + MONITOR_STACK_SIZE)
			return cpu;
	}
	return MONITOR_MAX_CPUS;
}
