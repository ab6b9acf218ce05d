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
 */
#ifndef CAPPSULE_VMX_CAPPSULE_MSR_H
#define CAPPSULE_VMX_CAPPSULE_MSR_H

#include <stdbool.h>
#include <stdint.h>

/* true and *value: the answer to RDMSR msr; false: the cappsule ends. */
bool cappsule_msr_read(uint32_t msr, uint64_t tsc, uint64_t *value);

#endif /* CAPPSULE_VMX_CAPPSULE_MSR_H */
