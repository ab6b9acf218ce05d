/* SPDX-License-Identifier: GPL-2.0-only */
/* mkdir -p, for virt's persistent layers and the cappsule's new root. */
#ifndef CAPPSULE_TOOLS_MKDIR_P_H
#define CAPPSULE_TOOLS_MKDIR_P_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Makes every directory of path after its first `keep` bytes (which must
 * exist already; keep >= 1 for an absolute path), each with mode. path is
 * modified while it works and restored. 0, or the errno of the mkdir that
 * failed, with path cut at that directory.
 */
int mkdir_p(char *path, size_t keep, mode_t mode);

#endif /* CAPPSULE_TOOLS_MKDIR_P_H */
