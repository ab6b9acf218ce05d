/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The code a test cappsule runs: it resumes from the snapshot inside the
 * shim (snapshot.c), sees that it is a cappsule (the snapshot hypercall
 * returned its id), and comes here, with interrupts off, never to return.
 */
#ifndef CAPPSULE_HOSTSHIM_CAPPSULE_PROBE_H
#define CAPPSULE_HOSTSHIM_CAPPSULE_PROBE_H

#include <linux/types.h>

/* The host's copy stays CAPPSULE_PROBE_HOST_VALUE whatever cappsules do. */
extern u64 cappsule_probe_variable;

/* Maps what the probe modes need; at load, before any snapshot. */
int cappsule_probe_init(void);
void cappsule_probe_exit(void);
u64 cappsule_probe_mmio_address(void);

/* Does not return: it ends with a hypercall that ends the cappsule. */
void cappsule_probe_main(u64 id, u64 mode);

#endif /* CAPPSULE_HOSTSHIM_CAPPSULE_PROBE_H */
