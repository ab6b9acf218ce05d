/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside a cappsule: init's side of /dev/cappsule (the protocol is in
 * cappsule_ioctl.h). Input records come from the window's stdin ring,
 * output goes to its stdout and stderr rings; a sleeping side is woken by
 * a hypercall (host) or the event interrupt (here).
 */
#ifndef CAPPSULE_HOSTSHIM_GUEST_IO_H
#define CAPPSULE_HOSTSHIM_GUEST_IO_H

#include <linux/fs.h>
#include <linux/poll.h>

/* Attaches to slot's window (interrupts off, at resume). 0 or -errno. */
int guest_io_start(unsigned int slot);

ssize_t guest_io_read(struct file *f, char __user *buf, size_t len);
ssize_t guest_io_write(struct file *f, const char __user *buf, size_t len);
__poll_t guest_io_poll(struct file *f, poll_table *wait);
long guest_io_ioctl(unsigned int cmd, void __user *uarg);

#endif /* CAPPSULE_HOSTSHIM_GUEST_IO_H */
