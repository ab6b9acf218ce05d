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
#define CAPPSULE_IOCTL_ABI 1   /* bumped on any change below */
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
#define CAPPSULE_TEST_HC_SCRATCH_BYTES (2u * CAPPSULE_LOG_READ_MAX)
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

#endif /* CAPPSULE_IOCTL_H */
