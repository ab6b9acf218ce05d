/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Issuing Cappsule hypercalls from the host kernel: VMCALL with the number
 * in RAX and arguments in RBX, RCX, RDX (see hypercall_abi.h). Only valid
 * once the monitor has been detected: without it, VMCALL raises #UD.
 */
#ifndef CAPPSULE_HOSTSHIM_HYPERCALL_H
#define CAPPSULE_HOSTSHIM_HYPERCALL_H

#include <linux/types.h>

struct shim_hc_result {
	long ret;       /* RAX: 0 or a negative CAPPSULE_E_* code */
	u64 out1, out2; /* RBX, RCX on return */
};

static inline struct shim_hc_result shim_hypercall(u64 nr)
{
	struct shim_hc_result r;
	u64 rax = nr, rbx = 0, rcx = 0, rdx = 0;

	asm volatile("vmcall"
		     : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx)
		     : : "memory");
	r.ret = (long)rax;
	r.out1 = rbx;
	r.out2 = rcx;
	return r;
}

#endif /* CAPPSULE_HOSTSHIM_HYPERCALL_H */
