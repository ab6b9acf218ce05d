/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The MSRs a cappsule may read: a short allow-list whose answers reveal
 * nothing of the host. Every other RDMSR, and every WRMSR, ends the
 * cappsule (a kernel forked from the host writes MSRs only to touch
 * hardware it does not own). Pure, unit-tested.
 *
 * IA32_APERF / IA32_MPERF: Linux's frequency invariance reads both on every
 * scheduler tick. Both read as the TSC: a constant ratio, so the cappsule's
 * scheduler sees a CPU at its base frequency, and the host's real clock
 * speed (a timing side channel) stays hidden.
 *
 * IA32_TSC_ADJUST: Linux checks it about once a second when a CPU goes
 * idle, and writes it back if it changed. It reads as the hardware's value
 * (the host kernel set it, so the forked kernel knows it already), on CPUs
 * that have it; elsewhere the read ends the cappsule as any other would.
 *
 * IA32_FS_BASE, IA32_GS_BASE, IA32_KERNEL_GS_BASE: the cappsule's own
 * segment bases. Linux reads all three when it prints registers for a
 * warning or an oops; ending the cappsule there would hide the report that
 * says what went wrong. FS and GS read from the VMCS's guest fields; the
 * hardware's IA32_KERNEL_GS_BASE holds the cappsule's value while it runs
 * (the monitor switches it), so that read is its own too.
 */
#ifndef CAPPSULE_VMX_CAPPSULE_MSR_H
#define CAPPSULE_VMX_CAPPSULE_MSR_H

#include <stdbool.h>
#include <stdint.h>

enum cappsule_msr_answer {
	CAPPSULE_MSR_DENY,      /* the cappsule ends */
	CAPPSULE_MSR_TSC,       /* answer with the TSC */
	CAPPSULE_MSR_HARDWARE,  /* answer with the hardware's value */
	CAPPSULE_MSR_GUEST_FS,  /* answer with the VMCS's guest FS base */
	CAPPSULE_MSR_GUEST_GS,  /* answer with the VMCS's guest GS base */
};

/* RDMSR msr by a cappsule; has_tsc_adjust: CPUID.(7,0):EBX bit 1. */
enum cappsule_msr_answer cappsule_msr_read(uint32_t msr, bool has_tsc_adjust);

#endif /* CAPPSULE_VMX_CAPPSULE_MSR_H */
