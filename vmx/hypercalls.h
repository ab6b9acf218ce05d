/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The trusted host's hypercalls (vmx/hypercall_abi.h, docs/hypercalls.md):
 * a table from number to handler, arguments copied once and checked by
 * vmx/hypercall_args.c before any handler runs.
 */
#ifndef CAPPSULE_VMX_HYPERCALLS_H
#define CAPPSULE_VMX_HYPERCALLS_H

#include "vmx/vcpu.h"

/* Runs the call in the guest's RAX with its RBX/RCX/RDX; leaves the result
 * in RAX and outputs in RBX/RCX/RDX. The caller has checked CPL 0 and
 * skips the VMCALL. */
void hypercall_run(struct vcpu *v);

/* One log line per CPU with its non-zero exit counters. */
void log_exit_stats(void);

#endif /* CAPPSULE_VMX_HYPERCALLS_H */
