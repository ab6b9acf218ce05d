/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VM-exit dispatch: one table from basic exit reason to handler, per-reason
 * counters, and one fallback for everything the table does not name (an
 * exit the monitor did not ask for is logged in full, never ignored).
 * Pure code: handlers reach the VMCS through their own thin layer.
 */
#ifndef CAPPSULE_VMX_EXIT_DISPATCH_H
#define CAPPSULE_VMX_EXIT_DISPATCH_H

#include <stdint.h>

#include "vmx/exit_reasons.h"

enum exit_action {
	EXIT_ACTION_RESUME,   /* re-enter the guest */
	EXIT_ACTION_STOP,     /* stop this vCPU (fatal for the host; kills a cappsule) */
};

/* Counters of one vCPU: [EXIT_REASON_COUNT] counts unknown reasons,
 * [EXIT_REASON_COUNT + 1] failed VM entries. */
#define EXIT_STAT_UNKNOWN EXIT_REASON_COUNT
#define EXIT_STAT_FAILED_ENTRY (EXIT_REASON_COUNT + 1)
struct exit_stats {
	uint64_t count[EXIT_REASON_COUNT + 2];
	uint64_t total;
};

struct vcpu;
typedef enum exit_action (*exit_handler)(struct vcpu *vcpu, uint32_t raw_reason);

struct exit_table {
	exit_handler handlers[EXIT_REASON_COUNT];
	exit_handler fallback;      /* unknown, unhandled or failed-entry exits */
};

/* Counts the exit in *stats and runs its handler (or the fallback). */
enum exit_action exit_dispatch(const struct exit_table *table,
			       struct exit_stats *stats, struct vcpu *vcpu,
			       uint32_t raw_reason);

#endif /* CAPPSULE_VMX_EXIT_DISPATCH_H */
