/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The init of a cappsule: the `virt snapshot` process as it wakes up inside
 * each cappsule forked from its snapshot (CAPPSULE_IOC_SNAPSHOT_EXEC
 * returned the cappsule's id). It runs as root in a private copy of the
 * kernel with no usable hardware: only the /dev/cappsule file it holds
 * leads out. It fetches the request (CAPPSULE_IOC_GUEST_REQUEST), runs the
 * command in fresh PID and mount namespaces with the caller's ids, relays
 * its stdio, signals and terminal size through the device, and ends the
 * cappsule with the command's wait status (CAPPSULE_IOC_GUEST_EXIT).
 *
 * Process tree inside the cappsule:
 *   init (this)      relays; has done unshare(CLONE_NEWPID), so its one
 *                    child starts the new PID namespace;
 *   reaper (pid 1)   new mount namespace with its own /proc; reaps, passes
 *                    signals from init on to the command's process group,
 *                    reports the command's wait status through a pipe.
 *                    pid 1 of a namespace ignores signals it has no handler
 *                    for, so the command is never pid 1;
 *   command (pid 2)  session leader (controlling terminal: the pty), the
 *                    caller's uid, gid and groups, its cwd, its env.
 * When the reaper exits, the kernel kills whatever the command left in the
 * namespace, so its output pipes (or the pty) reach end of file.
 *
 * Exit statuses it reports (as a wait status): the command's own; 126 if
 * the working directory cannot be entered or the command cannot be run;
 * 127 if it is not found; 125 if the init itself failed (a STDERR record
 * then says why).
 */
#ifndef CAPPSULE_TOOLS_CAPPSULE_INIT_H
#define CAPPSULE_TOOLS_CAPPSULE_INIT_H

#include <stdint.h>

/* dev: the /dev/cappsule fd; id: this cappsule's id (> 0). */
void cappsule_init_main(int dev, uint32_t id) __attribute__((noreturn));

#endif /* CAPPSULE_TOOLS_CAPPSULE_INIT_H */
