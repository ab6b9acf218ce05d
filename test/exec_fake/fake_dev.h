/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced in (-include) when test/exec_fake builds virt_exec.c and
 * cappsule_init.c against the fake shim (fake_shim.c): their device
 * calls go to the fake, everything else to the real system calls.
 */
#ifndef CAPPSULE_TEST_FAKE_DEV_H
#define CAPPSULE_TEST_FAKE_DEV_H

#include <stddef.h>
#include <sys/types.h>

#define ioctl fake_ioctl
#define read fake_read
#define shim_device_open fake_device_open

int fake_ioctl(int fd, unsigned long req, ...);
ssize_t fake_read(int fd, void *buf, size_t n);
int fake_device_open(void);

#endif
