/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VM exits per reason (struct cappsule_exit_stats), as virt prints them
 * for a CPU (virt status) or a cappsule (virt info): a line per reason
 * that occurred, or a JSON array of {reason, name, count}.
 */
#ifndef CAPPSULE_TOOLS_EXIT_REPORT_H
#define CAPPSULE_TOOLS_EXIT_REPORT_H

#include <stdio.h>

#include "vmx/hypercall_abi.h"

/* The name of ABI exit slot i ("EPT violation", "unknown reason", ...). */
const char *exit_slot_name(unsigned i);

/* "<indent>NAME  COUNT\n" for every slot with a count. */
void exit_report_text(FILE *out, const struct cappsule_exit_stats *s, const char *indent);

/* [{"reason":R,"name":"...","count":N},...] */
void exit_report_json(FILE *out, const struct cappsule_exit_stats *s);

#endif /* CAPPSULE_TOOLS_EXIT_REPORT_H */
