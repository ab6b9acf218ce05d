/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `virt exec`'s file view, host side (docs/filesystem.md): picks the
 * policy (--policy NAME, else the one naming the program, else
 * "default"), decides the exports (the view of "/", the persistent upper
 * layer if the policy keeps one, the shared folders of the policy and of
 * --shared), and runs the file server for the cappsule in a child process
 * with the caller's ids (never root: root's cappsules get a server running
 * as nobody), no new privileges, and the file channel as its only fd.
 */
#ifndef CAPPSULE_TOOLS_VIRT_FS_H
#define CAPPSULE_TOOLS_VIRT_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "tools/fs_server.h"

#define VIRT_FS_SHARED_MAX 16
#define VIRT_FS_EXPORTS_MAX (2 + 2 * VIRT_FS_SHARED_MAX)
#define VIRT_FS_NOBODY 65534

struct virt_fs_request {
	const char *policy;             /* --policy, or NULL */
	const char *const *shared;      /* --shared DIRs */
	size_t n_shared;
	const char *program;            /* argv[0] of the command */
};

struct fs_policy;

struct virt_fs {
	struct fs_policy *policy;
	char policy_name[80];           /* FS_POLICY_NAME_MAX + 1 at least */
	struct fs_export exports[VIRT_FS_EXPORTS_MAX];
	char paths[VIRT_FS_EXPORTS_MAX][4096];
	size_t n_exports;
	uid_t uid;                      /* the server's ids */
	gid_t gid;
	bool drop_groups;               /* root's server: no supplementary groups */
	pid_t server;
};

/* Before the cappsule: the policy and the exports. 0, or an exit status
 * after telling the user why (nothing was started or changed). */
int virt_fs_prepare(const struct virt_fs_request *rq, struct virt_fs *fs);

/* After CAPPSULE_IOC_EXEC on dev: the file channel and its server. 0 or
 * an exit status (message printed). */
int virt_fs_start(struct virt_fs *fs, int dev);

/* The cappsule has ended (or virt gives up): the server goes too. */
void virt_fs_finish(struct virt_fs *fs);

#endif /* CAPPSULE_TOOLS_VIRT_FS_H */
