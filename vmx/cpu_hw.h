/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The thin hardware layer: every CPUID, MSR and port access of the loader
 * and the monitor goes through these. Logic above them is pure C and is
 * unit-tested on the host with fakes; this header is never included there.
 */
#ifndef CAPPSULE_VMX_CPU_HW_H
#define CAPPSULE_VMX_CPU_HW_H

#include <stdint.h>

#include "vmx/cpu_regs.h"

static inline struct cpuid_regs hw_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t hw_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Faults (#GP) on an MSR the CPU lacks: callers decide from CPUID first. */
static inline uint64_t hw_rdmsr(uint32_t index)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(index));
	return (uint64_t)hi << 32 | lo;
}

static inline void hw_wrmsr(uint32_t index, uint64_t value)
{
	__asm__ volatile("wrmsr"
			 : : "c"(index), "a"((uint32_t)value),
			   "d"((uint32_t)(value >> 32)) : "memory");
}

static inline uint8_t hw_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void hw_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void hw_pause(void)
{
	__asm__ volatile("pause");
}

#endif /* CAPPSULE_VMX_CPU_HW_H */
