/* SPDX-License-Identifier: GPL-2.0-only */
/* `virt snapshot`: take, retake or drop the snapshot cappsules fork from. */
#ifndef CAPPSULE_VIRT_SNAPSHOT_H
#define CAPPSULE_VIRT_SNAPSHOT_H

#include <stdbool.h>

/* 0 on success, 1 on failure. */
int virt_snapshot_run(bool drop);

#endif /* CAPPSULE_VIRT_SNAPSHOT_H */
