/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `virt exec`: runs a command in a new cappsule and relays its stdin,
 * stdout and stderr, signals and terminal size through /dev/cappsule
 * (hostshim/cappsule_ioctl.h, "virt exec"); exits with the command's
 * status (tools/exec_proto.h lists the exit statuses).
 */
#ifndef CAPPSULE_VIRT_EXEC_H
#define CAPPSULE_VIRT_EXEC_H

#include <stdbool.h>
#include <stddef.h>

enum virt_exec_tty {
	VIRT_EXEC_TTY_AUTO,	/* a terminal if stdin and stdout are both terminals */
	VIRT_EXEC_TTY_ON,	/* -t */
	VIRT_EXEC_TTY_OFF,	/* -T */
};

struct virt_exec_opts {
	enum virt_exec_tty tty;
	unsigned long mem_mb;		/* 0: the default */
	bool stats;			/* --stats */
	const char *policy;		/* --policy NAME, or NULL: chosen by program */
	const char *const *shared;	/* --shared DIRs */
	size_t n_shared;
};

/* args[0..n_args-1]: the command and its arguments. Returns the exit
 * status. The cappsule sees the host's files through the file view
 * (tools/virt_fs.h). */
int virt_exec_run(char *const *args, size_t n_args, const struct virt_exec_opts *o);

#endif /* CAPPSULE_VIRT_EXEC_H */
