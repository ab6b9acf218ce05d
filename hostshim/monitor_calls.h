/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shim's calls into the monitor. The monitor may run on only some of
 * the CPUs (the loader's smp switch, CPUs hot-added later), so the shim
 * probes every online CPU at load and runs each hypercall on one of those
 * that answered; the others would take #UD on VMCALL.
 */
#ifndef CAPPSULE_HOSTSHIM_MONITOR_CALLS_H
#define CAPPSULE_HOSTSHIM_MONITOR_CALLS_H

#include <linux/cpumask.h>

#include "hypercall.h"
#include "hypercall_abi.h"

/* CPUs found running under the monitor at load time. */
extern struct cpumask shim_monitored_cpus;

/* Probes every online CPU; returns how many run under the monitor. */
unsigned int shim_probe_cpus(void);

/* Runs the hypercall on a monitored CPU. 0, or -ENXIO if none is online;
 * the monitor's own answer is in c->ret. */
int shim_call(struct shim_hc *c);

/* The monitor's CAPPSULE_E_* code as a kernel errno. */
int shim_errno(s64 monitor_error);

/* Calls with an argument block (arg[0], arg[1]) and, unless buf is NULL, a
 * kernel buffer of size bytes for the monitor; the block and the buffer are
 * the shim's own allocations. 0 or -errno (the monitor's code mapped). */
int shim_call_args(u64 nr, u64 arg0, u64 arg1, void *buf, u32 size, struct shim_hc *c);

/* A cappsule's figures (CAPPSULE_HC_CAPPSULE_INFO), from any monitored CPU. */
int shim_cappsule_info(u64 id, struct cappsule_info *info);

/* Destroys it; on the CPU it was created on (the caller is bound there). */
void shim_cappsule_destroy(u64 id);

static inline int shim_call_buffer(u64 nr, u64 arg0, void *buf, u32 size, struct shim_hc *c)
{
	return shim_call_args(nr, arg0, 0, buf, size, c);
}

#endif /* CAPPSULE_HOSTSHIM_MONITOR_CALLS_H */
