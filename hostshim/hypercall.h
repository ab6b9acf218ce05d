/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Issuing Cappsule hypercalls from the host kernel: VMCALL with the number
 * in RAX and arguments in RBX, RCX, RDX (see hypercall_abi.h). Only valid
 * on a CPU that runs under the monitor: elsewhere VMCALL raises #UD. Use
 * shim_call() (monitor_calls.h), which picks such a CPU.
 */
#ifndef CAPPSULE_HOSTSHIM_HYPERCALL_H
#define CAPPSULE_HOSTSHIM_HYPERCALL_H

#include <linux/types.h>

struct shim_hc {
	u64 nr, rbx, rcx, rdx;  /* in */
	s64 ret;                /* RAX on return: 0 or a CAPPSULE_E_* code */
	u64 out[3];             /* RBX, RCX, RDX on return */
};

static inline void shim_vmcall(struct shim_hc *c)
{
	u64 rax = c->nr, rbx = c->rbx, rcx = c->rcx, rdx = c->rdx;

	asm volatile("vmcall"
		     : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx)
		     : : "memory");
	c->ret = (s64)rax;
	c->out[0] = rbx;
	c->out[1] = rcx;
	c->out[2] = rdx;
}

#endif /* CAPPSULE_HOSTSHIM_HYPERCALL_H */
