/* SPDX-License-Identifier: GPL-2.0-only */
/* Taking the snapshot of the host kernel that cappsules fork from. */
#ifndef CAPPSULE_HOSTSHIM_SNAPSHOT_H
#define CAPPSULE_HOSTSHIM_SNAPSHOT_H

#include <linux/types.h>

/*
 * Takes (or retakes) the snapshot from the calling task; 0 or -errno.
 * exec_ready: the caller (virt snapshot) resumes in every cappsule forked
 * for virt exec as its init, and this call then returns the cappsule's
 * id (> 0) there. Without it, the snapshot serves probe cappsules only.
 */
long shim_snapshot_take(bool exec_ready);

/* Drops it; 0 or -errno. */
int shim_snapshot_drop(void);

/* Held around cappsule creation: the snapshot stays as it is. */
void shim_snapshot_lock(void);
void shim_snapshot_unlock(void);

/* The current snapshot was taken with exec_ready. */
bool shim_snapshot_exec_ready(void);

#endif /* CAPPSULE_HOSTSHIM_SNAPSHOT_H */
