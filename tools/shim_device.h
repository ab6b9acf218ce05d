/* SPDX-License-Identifier: GPL-2.0-only */
/* virt's side of /dev/cappsule (hostshim/cappsule_ioctl.h). */
#ifndef CAPPSULE_TOOLS_SHIM_DEVICE_H
#define CAPPSULE_TOOLS_SHIM_DEVICE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hostshim/cappsule_ioctl.h"

/* Opens the device read-write; returns the fd or -errno. */
int shim_device_open(void);

/* Each returns 0 or -errno. */
int shim_device_info(int fd, struct cappsule_ioc_info *info);
int shim_device_stats(int fd, uint32_t cpu, struct cappsule_exit_stats *stats);
int shim_device_log(int fd, struct cappsule_ioc_log *req);

/* What to tell a user for an errno from shim_device_open. */
const char *shim_device_open_hint(int err);

/* Whether the loaded shim speaks this virt's ioctl ABI (CAPPSULE_IOCTL_ABI):
 * 0; -EPROTO with *have set to the shim's; or the INFO ioctl's -errno. A
 * package upgrade that leaves the old module loaded gives the second. */
int shim_device_check_abi(int fd, uint32_t *have);

/* One line on out saying why virt cannot use the device, for a non-zero
 * result of shim_device_check_abi. */
void shim_device_abi_report(FILE *out, int err, uint32_t have);

/* For an open fd: shim_device_check_abi; on failure it is reported on
 * stderr and fd closed. Returns fd or -errno (-EPROTO: another ABI). */
int shim_device_require_abi(int fd);

/* shim_device_open (its failure reported on stderr), then
 * shim_device_require_abi. Returns the fd or -errno. */
int shim_device_open_checked(void);

#endif /* CAPPSULE_TOOLS_SHIM_DEVICE_H */
