/* SPDX-License-Identifier: GPL-2.0-only */
/* Taking the snapshot of the host kernel that cappsules fork from. */
#ifndef CAPPSULE_HOSTSHIM_SNAPSHOT_H
#define CAPPSULE_HOSTSHIM_SNAPSHOT_H

/* Takes (or retakes) the snapshot; 0 or -errno. */
int shim_snapshot_take(void);

/* Drops it; 0 or -errno. */
int shim_snapshot_drop(void);

#endif /* CAPPSULE_HOSTSHIM_SNAPSHOT_H */
