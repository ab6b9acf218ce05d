/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virt exec on the host (protocol in cappsule_ioctl.h): a cappsule bound to
 * an open /dev/cappsule file, its vCPU thread, and the host ends of its
 * rings. Also virt ps, info and kill.
 */
#ifndef CAPPSULE_HOSTSHIM_EXEC_H
#define CAPPSULE_HOSTSHIM_EXEC_H

#include <linux/fs.h>
#include <linux/poll.h>

struct exec_cappsule;

/* CAPPSULE_IOC_EXEC on file f: forks, starts it. 0 or -errno. */
long exec_start(struct file *f, void __user *uarg);

/* The file's cappsule: I/O and control. */
ssize_t exec_read(struct exec_cappsule *ec, struct file *f, char __user *buf, size_t len);
ssize_t exec_write(struct exec_cappsule *ec, struct file *f, const char __user *buf, size_t len);
__poll_t exec_poll(struct exec_cappsule *ec, struct file *f, poll_table *wait);
long exec_ioctl(struct exec_cappsule *ec, struct file *f, unsigned int cmd,
		 void __user *uarg);

/* CAPPSULE_IOC_FS_CHANNEL on f: the file channel's fd, or -errno. */
long exec_fs_channel(struct file *f);

/* The file closes: the cappsule is killed if it still runs, then freed. */
void exec_release(struct exec_cappsule *ec);

/* virt ps / info / kill, from any file. */
long exec_ps(void __user *uarg);
long exec_info(void __user *uarg);
long exec_kill(void __user *uarg);

/* Any exec cappsule alive (the snapshot must stay). */
bool exec_cappsules_alive(void);

#endif /* CAPPSULE_HOSTSHIM_EXEC_H */
