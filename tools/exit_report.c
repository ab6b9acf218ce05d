// SPDX-License-Identifier: GPL-2.0-only
/* VM exits per reason, as text or JSON (see exit_report.h). */
#include "tools/exit_report.h"

#include <string.h>

#include "tools/json_out.h"
#include "vmx/exit_reasons.h"

const char *exit_slot_name(unsigned i)
{
	if (i == CAPPSULE_EXIT_SLOT_UNKNOWN)
		return "unknown reason";
	if (i == CAPPSULE_EXIT_SLOT_FAILED_ENTRY)
		return "failed VM entry";
	return exit_reason_name(i);
}

void exit_report_text(FILE *out, const struct cappsule_exit_stats *s, const char *indent)
{
	for (unsigned r = 0; r < CAPPSULE_EXIT_SLOTS; r++)
		if (s->count[r])
			fprintf(out, "%s%-24s %llu\n", indent, exit_slot_name(r),
				(unsigned long long)s->count[r]);
}

void exit_report_json(FILE *out, const struct cappsule_exit_stats *s)
{
	bool first = true;

	fputc('[', out);
	for (unsigned r = 0; r < CAPPSULE_EXIT_SLOTS; r++) {
		if (!s->count[r])
			continue;
		fprintf(out, "%s{\"reason\":%u,\"name\":", first ? "" : ",", r);
		json_string(out, exit_slot_name(r), strlen(exit_slot_name(r)));
		fprintf(out, ",\"count\":%llu}", (unsigned long long)s->count[r]);
		first = false;
	}
	fputc(']', out);
}
