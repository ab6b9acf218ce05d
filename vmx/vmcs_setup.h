/* SPDX-License-Identifier: GPL-2.0-only */
/* Filling the VMCS of a CPU that is about to become a guest of itself. */
#ifndef CAPPSULE_VMX_VMCS_SETUP_H
#define CAPPSULE_VMX_VMCS_SETUP_H

#include <stdbool.h>

#include "vmx/monitor.h"

/*
 * Writes controls, host state (the monitor's tables, this CPU's exit stack)
 * and guest state (this CPU as it is now, resuming at info->guest_rip).
 * The current VMCS must be this CPU's. False if any VMWRITE failed.
 */
bool vmcs_setup(struct vcpu *v, const struct monitor_boot_info *info);

/* Only the host-state area, for CPU v, into the current VMCS (a cappsule's
 * VMCS about to run on v). False if any VMWRITE failed. */
bool vmcs_write_host_state(struct vcpu *v);

#endif /* CAPPSULE_VMX_VMCS_SETUP_H */
