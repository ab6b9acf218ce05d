// SPDX-License-Identifier: GPL-2.0-only
/* The single place VM exits are routed (see exit_dispatch.h). */
#include <stddef.h>

#include "vmx/exit_dispatch.h"

enum exit_action exit_dispatch(const struct exit_table *table,
			       struct exit_stats *stats, struct vcpu *vcpu,
			       uint32_t raw_reason)
{
	uint32_t basic = raw_reason & EXIT_REASON_BASIC_MASK;
	exit_handler h = NULL;

	stats->total++;
	if (raw_reason & EXIT_REASON_FAILED_VMENTRY) {
		stats->count[EXIT_STAT_FAILED_ENTRY]++;
	} else if (basic >= EXIT_REASON_COUNT) {
		stats->count[EXIT_STAT_UNKNOWN]++;
	} else {
		stats->count[basic]++;
		h = table->handlers[basic];
	}
	if (!h)
		h = table->fallback;
	/* A table without a fallback is a monitor bug: stop, do not guess. */
	return h ? h(vcpu, raw_reason) : EXIT_ACTION_STOP;
}
