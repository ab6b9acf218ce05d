/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced in (-include) when test/exec_fake builds virt_exec.c and
 * cappsule_init.c against the fake shim (fake_shim.c): their device
 * calls (and polls: the init's POLLPRI) go to the fake, everything else
 * to the real system calls.
 */
#ifndef CAPPSULE_TEST_FAKE_DEV_H
#define CAPPSULE_TEST_FAKE_DEV_H

#include <poll.h>
#include <stddef.h>
#include <sys/types.h>

#define ioctl fake_ioctl
#define read fake_read
#define poll fake_poll
#define shim_device_open fake_device_open
/* The fake is built with this very virt: one ABI, nothing to ask. */
#define shim_device_require_abi fake_require_abi
/* No file view: the fake cappsule is a process on this very system. */
#define virt_fs_prepare fake_fs_prepare
#define virt_fs_start fake_fs_start
#define virt_fs_finish fake_fs_finish

int fake_ioctl(int fd, unsigned long req, ...);
ssize_t fake_read(int fd, void *buf, size_t n);
int fake_poll(struct pollfd *fds, nfds_t n, int timeout);
int fake_device_open(void);
int fake_require_abi(int fd);

#endif
