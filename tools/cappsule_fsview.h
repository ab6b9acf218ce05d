/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The file view inside a cappsule (docs/filesystem.md, "Inside the
 * cappsule"): the reaper mounts the host's file server from the file
 * channel with the kernel's 9P client, lays an overlay over its view of
 * the host's "/" (writes land in the upper layer: memory, or the policy's
 * persistent directory on the host), binds the shared folders at their
 * host paths, adds /dev and a /proc of its own, and makes that the root.
 * The snapshot's own root (the host's page cache as it was) is unmounted.
 *
 * The server lists its exports in the synthetic file "mounts" at the top
 * of its tree, one line each: "INDEX KIND HOSTPATH", KIND one of view,
 * upper, shared; index 0 is the view of "/". fsview_parse_mounts() is the
 * pure part, unit-tested.
 */
#ifndef CAPPSULE_TOOLS_CAPPSULE_FSVIEW_H
#define CAPPSULE_TOOLS_CAPPSULE_FSVIEW_H

#include <stdbool.h>
#include <stddef.h>

#define FSVIEW_EXPORTS_MAX 64 /* FS_MAX_EXPORTS, the server's limit */
#define FSVIEW_PATH_MAX 4096

enum fsview_kind { FSVIEW_VIEW, FSVIEW_UPPER, FSVIEW_SHARED };

struct fsview_export {
	unsigned int index;
	enum fsview_kind kind;
	char path[FSVIEW_PATH_MAX];
};

struct fsview_plan {
	struct fsview_export exp[FSVIEW_EXPORTS_MAX];
	size_t n;
};

/* Parses the mounts file. Exactly one view (index 0, path "/"), at most
 * one upper, indices 0..n-1 in order, absolute paths without "." or ".."
 * components. false with a reason in err otherwise. */
bool fsview_parse_mounts(const char *text, size_t len, struct fsview_plan *plan,
			 char *err, size_t errlen);

/* In the reaper (a new PID namespace, before the command): builds the view
 * from chan (the file channel's fd; closed here) and enters it. false with
 * a reason in err; then nothing is half-entered that the command could
 * use: the caller reports and ends. */
bool fsview_enter(int chan, char *err, size_t errlen);

#endif /* CAPPSULE_TOOLS_CAPPSULE_FSVIEW_H */
