/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ioctl ABI of /dev/cappsule: the one header the host shim and the user
 * tools (virt) share. docs/hypercalls.md documents it next to the hypercalls
 * these ioctls lead to. Every struct is fixed-size; fields marked "in" are
 * checked by the shim (hostshim/ioctl_check.c) before anything happens, and
 * reserved or flags fields must be 0.
 */
#ifndef CAPPSULE_IOCTL_H
#define CAPPSULE_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifdef __KERNEL__
#include "hypercall_abi.h"   /* copied next to the module's sources */
#else
#include "vmx/hypercall_abi.h"
#endif

#define CAPPSULE_DEVICE_PATH "/dev/cappsule"
/* Bumped on any change below (4: signals and window sizes left the stdin
 * ring for the live control area). A number retired and kept reserved
 * (0x32) is none: no number changes its meaning (docs/hypercalls.md). */
#define CAPPSULE_IOCTL_ABI 4
#define CAPPSULE_IOC_MAGIC 0xCA

/* CAPPSULE_IOC_INFO: the monitor's CAPPSULE_HC_INFO answer plus the shim's view. */
struct cappsule_ioc_info {
	struct cappsule_monitor_info monitor; /* out */
	__u32 ioctl_abi;        /* out: CAPPSULE_IOCTL_ABI */
	__u32 cpus_online;      /* out: CPUs Linux has online */
	__u32 cpus_monitored;   /* out: of those, how many run under the monitor */
	__u32 reserved;
	__u64 monitored_mask;   /* out: Linux CPU numbers 0..63 under the monitor */
};

/* CAPPSULE_IOC_STATS: exit counters of one monitor CPU. */
struct cappsule_ioc_stats {
	__u32 cpu;              /* in: monitor CPU index, below cpus_started */
	__u32 flags;            /* in: 0 */
	struct cappsule_exit_stats stats; /* out */
};

/* CAPPSULE_IOC_LOG_READ: a slice of the monitor's log ring. */
struct cappsule_ioc_log {
	__u64 position;         /* in: where to read from (0: the oldest kept) */
	__u64 buf;              /* in: user buffer */
	__u32 size;             /* in: 1 .. CAPPSULE_LOG_READ_MAX */
	__u32 flags;            /* in: 0 */
	__u64 copied;           /* out: bytes placed in buf */
	__u64 next_position;    /* out: position for the next read */
	__u64 lost;             /* out: bytes overwritten before they were read */
};

/*
 * CAPPSULE_IOC_TEST_HYPERCALL: sends one raw hypercall, so tests can check
 * how the monitor answers malformed requests. Only for CAP_SYS_ADMIN, and
 * only when the shim was loaded with test_hypercalls=1.
 *   no flag: RAX = nr, RBX = rbx, RCX = RDX = 0;
 *   CAPPSULE_TEST_HC_ARGS: the shim copies args into a kernel page at byte
 *     offset rbx (at most CAPPSULE_TEST_HC_PAGE - 64) and passes that
 *     page's address + rbx in RBX;
 *   CAPPSULE_TEST_HC_SCRATCH (with ARGS): args.buf_gpa is an offset (below
 *     4096) into a zeroed kernel scratch area of
 *     CAPPSULE_TEST_HC_SCRATCH_BYTES; the shim copies scratch_in there (the
 *     buffer's contents, for calls that read their buffer) and adds the
 *     area's physical address.
 * The monitor's raw RAX comes back in result; RBX, RCX, RDX in out[], and
 * scratch_changed counts the scratch bytes that differ afterwards from
 * what the shim put there (0 proves that a refused call wrote nothing).
 */
#define CAPPSULE_TEST_HC_ARGS    (1u << 0)
#define CAPPSULE_TEST_HC_SCRATCH (1u << 1)
#define CAPPSULE_TEST_HC_FLAGS   (CAPPSULE_TEST_HC_ARGS | CAPPSULE_TEST_HC_SCRATCH)
#define CAPPSULE_TEST_HC_PAGE    4096u
#define CAPPSULE_TEST_HC_SCRATCH_BYTES (2u * CAPPSULE_WINDOW_MAX_PAGES * 4096u) /* >= 2 * LOG_READ_MAX */
#define CAPPSULE_TEST_HC_SCRATCH_IN 512
struct cappsule_ioc_test_hypercall {
	__u64 nr;               /* in: any number */
	__u32 flags;            /* in: CAPPSULE_TEST_HC_* */
	__u32 reserved;         /* in: 0 */
	__u64 rbx;              /* in: see above */
	struct cappsule_hc_args args; /* in, with CAPPSULE_TEST_HC_ARGS */
	__s64 result;           /* out: RAX */
	__u64 out[3];           /* out: RBX, RCX, RDX */
	__u64 scratch_changed;  /* out */
	__u8 scratch_in[CAPPSULE_TEST_HC_SCRATCH_IN]; /* in, with SCRATCH */
};

#define CAPPSULE_IOC_INFO     _IOR(CAPPSULE_IOC_MAGIC, 0x00, struct cappsule_ioc_info)
#define CAPPSULE_IOC_STATS    _IOWR(CAPPSULE_IOC_MAGIC, 0x01, struct cappsule_ioc_stats)
#define CAPPSULE_IOC_LOG_READ _IOWR(CAPPSULE_IOC_MAGIC, 0x02, struct cappsule_ioc_log)
/* Takes (or retakes) the snapshot cappsules fork from; CAP_SYS_ADMIN. */
#define CAPPSULE_IOC_SNAPSHOT      _IO(CAPPSULE_IOC_MAGIC, 0x03)
/* Drops the snapshot; CAP_SYS_ADMIN. */
#define CAPPSULE_IOC_SNAPSHOT_DROP _IO(CAPPSULE_IOC_MAGIC, 0x04)
/*
 * CAPPSULE_IOC_TEST_CAPPSULE: retakes the snapshot, forks one cappsule
 * from it that runs the shim's built-in probe (hostshim/cappsule_probe.c)
 * in the given mode, runs it to its end on the calling CPU, reports, and
 * destroys it. The probe either exits with a value or attempts one
 * forbidden operation. Test ioctl: test_hypercalls=1 and CAP_SYS_ADMIN.
 */
enum cappsule_probe_mode {
	CAPPSULE_PROBE_EXIT,        /* writes a kernel variable, exits with a value */
	CAPPSULE_PROBE_IO,          /* OUT to port 0x80 */
	CAPPSULE_PROBE_MMIO,        /* reads device memory (the local APIC page) */
	CAPPSULE_PROBE_MSR,         /* WRMSR IA32_SYSENTER_CS */
	CAPPSULE_PROBE_VMX,         /* VMREAD */
	CAPPSULE_PROBE_TRIPLE_FAULT,/* an empty IDT, then INT3 */
	CAPPSULE_PROBE_HLT,         /* HLT with interrupts off */
	CAPPSULE_PROBE_LIMIT,       /* writes more pages than its limit */
	CAPPSULE_PROBE_BAD_HYPERCALL, /* an unknown cappsule hypercall */
	CAPPSULE_PROBE_SPIN,        /* spins CAPPSULE_PROBE_SPIN_MS (TSC), exits with its loop count */
	CAPPSULE_PROBE_SPIN_IRQS_OFF, /* the same with interrupts off: only the time slice stops it */
	CAPPSULE_PROBE_MODES,
};
#define CAPPSULE_PROBE_HOST_VALUE 0x1111 /* the host's probe variable */
#define CAPPSULE_PROBE_MAX_RUNS 1000000  /* yields before the shim gives up */
#define CAPPSULE_PROBE_SPIN_MS 200

struct cappsule_ioc_test_cappsule {
	__u32 mode;             /* in: enum cappsule_probe_mode */
	__u32 page_limit;       /* in: its private pages, 1 .. pool size */
	__u32 runs;             /* out: RUN hypercalls it took */
	__u32 reserved;         /* in: 0 */
	__u64 host_probe;       /* out: the host's probe variable afterwards */
	__u64 probe_address;    /* out: physical address the MMIO probe read */
	struct cappsule_info info; /* out: the cappsule at its end */
};

/*
 * CAPPSULE_IOC_TEST_CONCURRENT: retakes the snapshot, then count host
 * kernel threads (one per cappsule, spread over the online CPUs) each fork
 * a spinning probe (even slots with interrupts on, odd ones off), run it to
 * its end and destroy it, all at the same time.
 * Test ioctl, as above.
 */
#define CAPPSULE_TEST_CONCURRENT_MAX 4
struct cappsule_ioc_test_concurrent {
	__u32 count;            /* in: 2 .. CAPPSULE_TEST_CONCURRENT_MAX */
	__u32 reserved;         /* in: 0 */
	__u64 overlap_ns;       /* out: how long all of them were alive at once */
	struct {
		__u32 id, cpu, runs, end; /* end: enum cappsule_end */
		__u64 end_value;
		__u64 start_ns, end_ns;   /* first RUN, end (host clock) */
		__s32 error;              /* 0 or -errno of the thread */
		__u32 reserved;
	} cappsule[CAPPSULE_TEST_CONCURRENT_MAX]; /* out */
};

#define CAPPSULE_IOC_TEST_CONCURRENT \
	_IOWR(CAPPSULE_IOC_MAGIC, 0x12, struct cappsule_ioc_test_concurrent)
#define CAPPSULE_IOC_TEST_CAPPSULE \
	_IOWR(CAPPSULE_IOC_MAGIC, 0x11, struct cappsule_ioc_test_cappsule)
#define CAPPSULE_IOC_TEST_HYPERCALL \
	_IOWR(CAPPSULE_IOC_MAGIC, 0x10, struct cappsule_ioc_test_hypercall)


/* ------------------------------------------------------------------------
 * virt exec (docs/cappsules.md, "virt exec"). Two sides use the same device:
 *
 * On the host, `virt exec` opens /dev/cappsule and issues CAPPSULE_IOC_EXEC:
 * the shim forks a cappsule from the snapshot, hands it the request, and
 * binds it to that open file (one cappsule per open file; closing the file
 * kills it). Then, on that file:
 *   write(2)   bytes for the command's stdin (blocks while the ring is full;
 *              O_NONBLOCK: EAGAIN);
 *   read(2)    output records: struct cappsule_io_rec then rec.len bytes,
 *              stream CAPPSULE_STREAM_STDOUT or _STDERR; whole records only
 *              (a buffer below CAPPSULE_IO_REC_MIN bytes: EINVAL); 0 (end of
 *              file) once the cappsule has ended and all output was read;
 *   poll(2)    POLLIN: output or the end; POLLOUT: stdin has room;
 *   CAPPSULE_IOC_STDIN_EOF: an end-of-input record after the stdin bytes
 *              (waits for room like write(2); O_NONBLOCK: EAGAIN);
 *   CAPPSULE_IOC_SIGNAL, CAPPSULE_IOC_WINSIZE: out of band, never behind
 *              stdin and never blocking (the window's live area);
 *   CAPPSULE_IOC_EXEC_STATUS after read(2) returned 0;
 *   CAPPSULE_IOC_FS_CHANNEL (once): returns a new fd for the cappsule's
 *              file channel, raw bytes (docs/filesystem.md): read(2) the
 *              9P requests of its kernel, write(2) the replies (what fits,
 *              at least a byte), poll(2); read(2) returns 0 once it ended.
 *              The fd holds the cappsule's file open: close both to end it.
 * The uid, gid and supplementary groups the command gets are the caller's
 * own (the shim reads its credentials), never taken from the request.
 *
 * Inside a cappsule, the process that took the snapshot with
 * CAPPSULE_IOC_SNAPSHOT_EXEC (`virt snapshot`) resumes: that ioctl returns
 * the cappsule's id (> 0) instead of 0. It is the cappsule's init: on the
 * same file it issues CAPPSULE_IOC_GUEST_REQUEST, then
 *   write(2)   output records (struct cappsule_io_rec + data, stream STDOUT
 *              or STDERR; whole records; blocks while the ring is full);
 *   read(2)    input records: CAPPSULE_STREAM_STDIN + bytes, or
 *              CAPPSULE_STREAM_EOF with len 0; blocks until one is there;
 *   poll(2)    POLLIN: an input record; POLLOUT: output has room;
 *              POLLPRI: signals or a terminal size wait (whatever stdin
 *              does), for CAPPSULE_IOC_GUEST_CONTROL;
 *   CAPPSULE_IOC_GUEST_CONTROL: takes the signals sent and the newest size
 *              since its last call, in one go;
 *   CAPPSULE_IOC_GUEST_EXIT with the command's wait status: flushes the
 *              output rings and ends the cappsule (does not return);
 *   CAPPSULE_IOC_GUEST_FS (once): returns a new fd for the file channel,
 *              the other end of CAPPSULE_IOC_FS_CHANNEL's, for the 9P
 *              client (mount -t 9p -o trans=fd).
 * ------------------------------------------------------------------------ */
#define CAPPSULE_STREAM_STDIN   0
#define CAPPSULE_STREAM_STDOUT  1
#define CAPPSULE_STREAM_STDERR  2
#define CAPPSULE_STREAM_EOF     3   /* host -> cappsule: stdin closed */
/* 4 and 5 carried signals and sizes in-band up to ioctl ABI 3; no more. */

struct cappsule_io_rec {
	__u8 stream;            /* CAPPSULE_STREAM_* */
	__u8 reserved[3];       /* 0 */
	__u32 len;              /* data bytes that follow: 1 .. CAPPSULE_IO_REC_MAX, or 0 */
	__u32 value;            /* 0 (ignored): no record carries a value since ioctl ABI 4 */
	__u32 reserved2;        /* 0 */
};
#define CAPPSULE_IO_REC_MAX 4096
#define CAPPSULE_IO_REC_MIN (sizeof(struct cappsule_io_rec) + 1)

/* CAPPSULE_IOC_EXEC's request. The blob holds argc, then envc NUL-terminated
 * strings, then the working directory, NUL-terminated: exactly blob_len
 * bytes, nothing after the last NUL. */
#define CAPPSULE_EXEC_TTY       (1u << 0) /* give the command a terminal (pty) */
#define CAPPSULE_EXEC_FS        (1u << 1) /* the host's files through the file
					   * channel (a server answers on it) */
#define CAPPSULE_EXEC_FLAGS     (CAPPSULE_EXEC_TTY | CAPPSULE_EXEC_FS)
#define CAPPSULE_EXEC_BLOB_MAX  (16u * 1024 - 256)
#define CAPPSULE_EXEC_ARGS_MAX  1024      /* argc + envc */
#define CAPPSULE_EXEC_MEM_DEFAULT_MB 64
#define CAPPSULE_EXEC_MEM_MAX_MB 128 /* the most the monitor lends a cappsule */
struct cappsule_ioc_exec {
	__u32 flags;            /* in: CAPPSULE_EXEC_* */
	__u32 mem_mb;           /* in: private memory limit, 1 .. CAPPSULE_EXEC_MEM_MAX_MB (0: default) */
	__u16 rows, cols;       /* in: terminal size with CAPPSULE_EXEC_TTY, else 0 */
	__u32 argc;             /* in: >= 1 */
	__u32 envc;             /* in */
	__u32 blob_len;         /* in: 1 .. CAPPSULE_EXEC_BLOB_MAX */
	__u64 blob;             /* in: user address of the blob */
	__u32 id;               /* out: the cappsule's id */
	__u32 reserved[5];      /* in: 0 */
};

/* CAPPSULE_IOC_EXEC_STATUS: how it ended. */
#define CAPPSULE_EXEC_EXITED   1  /* the command exited: code = its exit status */
#define CAPPSULE_EXEC_SIGNALED 2  /* killed by a signal: code = the signal */
#define CAPPSULE_EXEC_ENDED    3  /* the cappsule itself ended: end, end_value say why */
#define CAPPSULE_EXEC_KILLED   4  /* killed from the host (virt kill, a closed file) */
struct cappsule_ioc_exec_status {
	__u32 kind;             /* out: CAPPSULE_EXEC_* */
	__s32 code;             /* out */
	__u32 end;              /* out: enum cappsule_end */
	__u32 reserved;
	__u64 end_value;        /* out */
	struct cappsule_info info; /* out: its memory and exits at the end */
	__u64 uptime_ns;        /* out: creation to end */
};

/* Inside a cappsule: what init must run. */
#define CAPPSULE_GUEST_GROUPS_MAX 64
struct cappsule_ioc_guest_request {
	__u32 id;               /* out: this cappsule's id */
	__u32 flags;            /* out: CAPPSULE_EXEC_* */
	__u32 uid, gid;         /* out */
	__u32 ngroups;          /* out: 0 .. CAPPSULE_GUEST_GROUPS_MAX */
	__u32 groups[CAPPSULE_GUEST_GROUPS_MAX]; /* out */
	__u16 rows, cols;       /* out */
	__u32 argc, envc;       /* out */
	__u32 blob_len;         /* out */
	__u64 blob;             /* in: user buffer of CAPPSULE_EXEC_BLOB_MAX bytes */
	__u64 realtime_ns;      /* out: the host's wall clock when it was created */
};

/* Inside a cappsule: what the host sent out of band since the last call. */
struct cappsule_ioc_guest_control {
	__u64 signals;          /* out: bit n - 1 set: signal n (1..64) was sent */
	__u16 rows, cols;       /* out: the newest terminal size sent, or 0, 0 */
	__u32 reserved;         /* out: 0 */
};

/* virt ps / virt info / virt kill. */
#define CAPPSULE_PS_COMM 64
struct cappsule_ps_entry {
	__u32 id;
	__u32 uid;              /* who launched it */
	__u32 cpu;              /* the host CPU its vCPU thread runs on */
	__u32 state;            /* 1 running, 2 ended (output not yet read) */
	__u64 uptime_ns;
	__u32 pages_private;
	__u32 page_limit;
	char command[CAPPSULE_PS_COMM]; /* argv joined by spaces, cut, NUL-terminated */
};
struct cappsule_ioc_ps {
	__u32 count;            /* out: entries filled */
	__u32 reserved;
	struct cappsule_ps_entry entry[CAPPSULE_MAX_CAPPSULES]; /* out */
};
struct cappsule_ioc_cappsule_info {
	__u32 id;               /* in */
	__u32 reserved;         /* in: 0 */
	struct cappsule_ps_entry ps; /* out */
	struct cappsule_info info;   /* out: memory and exits now */
};

#define CAPPSULE_IOC_SNAPSHOT_EXEC _IO(CAPPSULE_IOC_MAGIC, 0x05)
#define CAPPSULE_IOC_EXEC        _IOWR(CAPPSULE_IOC_MAGIC, 0x20, struct cappsule_ioc_exec)
#define CAPPSULE_IOC_STDIN_EOF   _IO(CAPPSULE_IOC_MAGIC, 0x21)
#define CAPPSULE_IOC_SIGNAL      _IOW(CAPPSULE_IOC_MAGIC, 0x22, __u32)
#define CAPPSULE_IOC_WINSIZE     _IOW(CAPPSULE_IOC_MAGIC, 0x23, __u32) /* rows << 16 | cols */
#define CAPPSULE_IOC_EXEC_STATUS _IOR(CAPPSULE_IOC_MAGIC, 0x24, struct cappsule_ioc_exec_status)
#define CAPPSULE_IOC_PS          _IOR(CAPPSULE_IOC_MAGIC, 0x25, struct cappsule_ioc_ps)
#define CAPPSULE_IOC_CAPPSULE_INFO _IOWR(CAPPSULE_IOC_MAGIC, 0x26, struct cappsule_ioc_cappsule_info)
#define CAPPSULE_IOC_KILL        _IOW(CAPPSULE_IOC_MAGIC, 0x27, __u32)
#define CAPPSULE_IOC_FS_CHANNEL  _IO(CAPPSULE_IOC_MAGIC, 0x28)   /* returns an fd */
#define CAPPSULE_IOC_GUEST_REQUEST _IOWR(CAPPSULE_IOC_MAGIC, 0x30, struct cappsule_ioc_guest_request)
#define CAPPSULE_IOC_GUEST_EXIT  _IOW(CAPPSULE_IOC_MAGIC, 0x31, __u32) /* wait status */
#define CAPPSULE_IOC_GUEST_FS    _IO(CAPPSULE_IOC_MAGIC, 0x33)   /* returns an fd */
#define CAPPSULE_IOC_GUEST_CONTROL _IOR(CAPPSULE_IOC_MAGIC, 0x34, struct cappsule_ioc_guest_control)
/* 0x32 is reserved, never to be reused: it was CAPPSULE_IOC_GUEST_ATTACK,
 * a test ioctl inside cappsules only, whose ring-0 attacks are now a test
 * module's (test/vm/module/ring0_attack.c). Inside a cappsule it gets EPERM
 * like every other number the shim does not serve there, on the host
 * ENOTTY as before. */

#endif /* CAPPSULE_IOCTL_H */
