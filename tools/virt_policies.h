/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `virt policies`: the file-system policies virt finds, the user's and the
 * system's (tools/fs_policy_load.h), and `virt policies --check FILE`,
 * which says whether one file is a valid policy.
 */
#ifndef CAPPSULE_VIRT_POLICIES_H
#define CAPPSULE_VIRT_POLICIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tools/fs_policy_load.h"

/* What the listing shows of one policy file: the policy, or why it could
 * not be read. */
struct virt_policy_row {
	const struct fs_policy_entry *entry;
	const struct fs_policy *policy;	/* NULL if error */
	const char *error;
};

/* Writes the listing (a table, or one JSON array with --json). */
void virt_policies_print(FILE *out, const struct virt_policy_row *rows, size_t n, bool json);

/* check_file: validate that file only. Returns the exit status: 0, or 1
 * if a policy is broken or a folder cannot be read. */
int virt_policies_run(const char *check_file, bool json);

#endif /* CAPPSULE_VIRT_POLICIES_H */
