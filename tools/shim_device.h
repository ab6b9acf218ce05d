/* SPDX-License-Identifier: GPL-2.0-only */
/* virt's side of /dev/cappsule (hostshim/cappsule_ioctl.h). */
#ifndef CAPPSULE_TOOLS_SHIM_DEVICE_H
#define CAPPSULE_TOOLS_SHIM_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "hostshim/cappsule_ioctl.h"

/* Opens the device read-write; returns the fd or -errno. */
int shim_device_open(void);

/* Each returns 0 or -errno. */
int shim_device_info(int fd, struct cappsule_ioc_info *info);
int shim_device_stats(int fd, uint32_t cpu, struct cappsule_exit_stats *stats);
int shim_device_log(int fd, struct cappsule_ioc_log *req);

/* What to tell a user for an errno from shim_device_open. */
const char *shim_device_open_hint(int err);

#endif /* CAPPSULE_TOOLS_SHIM_DEVICE_H */
