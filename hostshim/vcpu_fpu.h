/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A cappsule's FPU, SSE, AVX and PKRU registers. VM entries and exits do
 * not switch them, so the vCPU thread does, around each RUN: the host's
 * registers (another task's, possibly: the kernel switches them lazily)
 * never reach a cappsule, and a cappsule's state survives host work
 * between two RUNs. A new cappsule starts from the architectural initial
 * state.
 */
#ifndef CAPPSULE_HOSTSHIM_VCPU_FPU_H
#define CAPPSULE_HOSTSHIM_VCPU_FPU_H

#include <linux/types.h>

struct vcpu_fpu;

/* NULL if memory is short or the CPU's XSAVE area does not fit a page. */
struct vcpu_fpu *vcpu_fpu_alloc(void);
void vcpu_fpu_free(struct vcpu_fpu *f);

/* With preemption off (kernel_fpu_begin): load the cappsule's registers,
 * then save them back after RUN. */
void vcpu_fpu_load(struct vcpu_fpu *f);
void vcpu_fpu_save(struct vcpu_fpu *f);

#endif /* CAPPSULE_HOSTSHIM_VCPU_FPU_H */
