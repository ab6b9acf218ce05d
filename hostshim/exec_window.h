/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared window of a virt exec cappsule: host pages the monitor maps
 * read/write at the same address into the cappsule (CAPPSULE_HC_CAPPSULE_
 * CREATE's buffer), so both sides reach them through the same kernel
 * pointer. One window per cappsule slot is allocated before each
 * exec-ready snapshot, so the snapshot's kernel sees those pages as
 * allocated and never reuses them for anything else inside a cappsule.
 *
 *   page 0       struct exec_window_ctl: what to run (host -> cappsule);
 *                at EXEC_WIN_LIVE_OFF, struct exec_window_live: signals
 *                and terminal sizes, out of band (host -> cappsule,
 *                exec_live.h)
 *   pages 1-4    the request blob (argv, env, cwd)
 *   pages 5-9    ring: stdin and end-of-input records, host -> cappsule
 *   pages 10-14  ring: stdout bytes, cappsule -> host
 *   pages 15-19  ring: stderr bytes, cappsule -> host
 *   pages 20-36  ring: file channel, 9P requests, cappsule -> host
 *   pages 37-53  ring: file channel, 9P replies, host -> cappsule
 *
 * Each stdio ring is one header page and 16 KiB of data, each file ring
 * one header page and 64 KiB (hostshim/ring.h, fs_channel.h). The
 * host writes the control page and formats the rings before the cappsule
 * exists; the cappsule copies the control page once and checks it. The
 * live area is the one part of page 0 that changes afterwards: the host
 * keeps writing it (and never reads it), the cappsule keeps reading it.
 */
#ifndef CAPPSULE_HOSTSHIM_EXEC_WINDOW_H
#define CAPPSULE_HOSTSHIM_EXEC_WINDOW_H

#include <linux/types.h>

#include "cappsule_ioctl.h"
#include "exec_live.h"

#define EXEC_WINDOW_PAGES 54
#define EXEC_WINDOW_BYTES (EXEC_WINDOW_PAGES * 4096u)
#define EXEC_WIN_BLOB_OFF (1 * 4096u)
#define EXEC_WIN_BLOB_BYTES (4 * 4096u)
#define EXEC_WIN_STDIN_OFF (5 * 4096u)
#define EXEC_WIN_STDOUT_OFF (10 * 4096u)
#define EXEC_WIN_STDERR_OFF (15 * 4096u)
#define EXEC_RING_DATA (16 * 1024u)
#define EXEC_WIN_FSREQ_OFF (20 * 4096u)
#define EXEC_WIN_FSREP_OFF (37 * 4096u)
#define EXEC_FS_RING_DATA (64 * 1024u)
#define EXEC_WIN_LIVE_OFF 2048u /* in page 0, after struct exec_window_ctl */

#define EXEC_WINDOW_MAGIC 0x57455043u /* "CPEW" */

struct exec_window_ctl {
	__u32 magic;
	__u32 flags;            /* CAPPSULE_EXEC_* */
	__u32 uid, gid;
	__u32 ngroups;
	__u32 groups[CAPPSULE_GUEST_GROUPS_MAX];
	__u16 rows, cols;
	__u32 argc, envc;
	__u32 blob_len;
	__u64 realtime_ns;      /* the host's clock at creation */
};

_Static_assert(sizeof(struct exec_window_ctl) <= EXEC_WIN_LIVE_OFF, "window page 0");
_Static_assert(EXEC_WIN_LIVE_OFF % 64 == 0 &&
	       EXEC_WIN_LIVE_OFF + sizeof(struct exec_window_live) <= EXEC_WIN_BLOB_OFF,
	       "window page 0");

struct exec_windows {
	void *win[CAPPSULE_MAX_CAPPSULES];
};

/* One window per slot, zeroed; NULL if memory is short. */
struct exec_windows *exec_windows_alloc(void);
void exec_windows_free(struct exec_windows *w);

/* Makes w the set cappsules use from now on; returns the previous one. */
struct exec_windows *exec_windows_install(struct exec_windows *w);

/* Slot i's window of the installed set, or NULL. */
void *exec_window(unsigned int slot);

#endif /* CAPPSULE_HOSTSHIM_EXEC_WINDOW_H */
