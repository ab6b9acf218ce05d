/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cappsules: VMs forked from the host-kernel snapshot (vmx/snapshot.h).
 *
 * Creation is O(1): a VMCS whose guest state is the snapshot's, with RAX =
 * the cappsule's id and RBX = the creator's cookie, and an empty EPT; no
 * page is copied. The host runs a cappsule with CAPPSULE_HC_CAPPSULE_RUN
 * on the CPU it was created on: the monitor switches this CPU to the
 * cappsule's VMCS and back to the host's when the cappsule yields (a host
 * interrupt or NMI arrived, or its time slice ended), halts until its
 * timer or an event (cappsule_events.h), notifies the host, or ends. Its EPT violations are resolved by
 * ept/cow.c's decisions; every forbidden exit ends it, with the reason.
 */
#ifndef CAPPSULE_VMX_CAPPSULE_H
#define CAPPSULE_VMX_CAPPSULE_H

#include <stdint.h>

#include "vmx/hypercall_abi.h"
#include "vmx/vcpu.h"

/* Host hypercalls; the results are written into *rbx where they have one. */
int64_t cappsule_create(struct vcpu *v, uint64_t page_limit, uint64_t cookie,
			uint64_t window, uint64_t window_bytes, uint64_t *rbx);
int64_t cappsule_info(uint64_t id, struct cappsule_info *out);
int64_t cappsule_destroy(struct vcpu *v, uint64_t id);

/* CAPPSULE_HC_CAPPSULE_RUN: switches this CPU to the cappsule. Returns 1
 * if the exit stub must VMLAUNCH, 0 to VMRESUME; on a refusal the host's
 * RAX holds the error and the host resumes. */
int cappsule_run(struct vcpu *v, uint64_t id, uint64_t flags);

/* An exit while this CPU runs a cappsule; returns as cappsule_run. */
int cappsule_exit(struct vcpu *v, uint32_t reason);

/* How many exist (the snapshot must outlive them). */
unsigned cappsule_alive_count(void);

/* The cappsule could not be entered: ends it, resumes the host; does not
 * return. */
void cappsule_entry_failed(struct vcpu *v);

#endif /* CAPPSULE_VMX_CAPPSULE_H */
