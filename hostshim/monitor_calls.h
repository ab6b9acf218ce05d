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

/* Calls with an argument block and a kernel buffer of size bytes that the
 * monitor fills; the block and buffer are the shim's own allocations. */
int shim_call_buffer(u64 nr, u64 arg0, void *buf, u32 size, struct shim_hc *c);

#endif /* CAPPSULE_HOSTSHIM_MONITOR_CALLS_H */
