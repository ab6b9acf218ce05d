/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cappsule's shared ABI: the one header that the UEFI loader, the monitor,
 * the host shim (kernel module) and the user tools all include.
 *
 * It must compile in four environments (gnu-efi, the freestanding monitor,
 * the Linux kernel, hosted user space), so it uses only fixed-width types
 * that each of them provides (the kernel's from <linux/types.h>, the others'
 * from the compiler's <stdint.h>) and no function declarations.
 */
#ifndef CAPPSULE_HYPERCALL_ABI_H
#define CAPPSULE_HYPERCALL_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#define CAPPSULE_VERSION "0.1.0"

/*
 * Monitor detection. The monitor answers CPUID leaf 0x40000000 (the range
 * Intel reserves for hypervisors) with the highest hypervisor leaf in EAX and
 * a 12-byte signature in EBX, ECX, EDX. It never claims to be KVM or Hyper-V,
 * so Linux does not try paravirtual interfaces the monitor does not offer.
 */
#define CAPPSULE_CPUID_LEAF_SIGNATURE 0x40000000u
#define CAPPSULE_CPUID_SIGNATURE "CappsuleVMX!" /* exactly 12 bytes */
#define CAPPSULE_CPUID_SIGNATURE_EBX 0x70706143u /* "Capp" */
#define CAPPSULE_CPUID_SIGNATURE_ECX 0x656c7573u /* "sule" */
#define CAPPSULE_CPUID_SIGNATURE_EDX 0x21584d56u /* "VMX!" */
/* Leaf 0x40000001: EAX = ABI version (major << 16 | minor), EBX/ECX/EDX 0. */
#define CAPPSULE_CPUID_LEAF_INFO 0x40000001u
#define CAPPSULE_CPUID_LEAF_MAX CAPPSULE_CPUID_LEAF_INFO
#define CAPPSULE_ABI_VERSION_MAJOR 0
#define CAPPSULE_ABI_VERSION_MINOR 2

/*
 * The loader's record of this boot: a volatile EFI variable (boot-service
 * and runtime access, never written to NVRAM) that Linux shows through
 * efivarfs as /sys/firmware/efi/efivars/CappsuleStatus-<GUID>. Its value is
 * one line of printable ASCII, at most CAPPSULE_STATUS_MAX bytes:
 *   "running: monitor <version> on <n> CPU(s) at 0x<base>, <size> KiB"
 *   "not started: <reason>"
 */
#define CAPPSULE_STATUS_VAR_NAME "CappsuleStatus"
#define CAPPSULE_STATUS_VAR_GUID "9d8963a7-049b-45bb-be51-aa3ec26078a0"
#define CAPPSULE_STATUS_VAR_GUID_INIT \
	{ 0x9d8963a7, 0x049b, 0x45bb, { 0xbe, 0x51, 0xaa, 0x3e, 0xc2, 0x60, 0x78, 0xa0 } }
#define CAPPSULE_STATUS_MAX 160

/*
 * Hypercalls: VMCALL with the number in RAX and, for calls that take
 * arguments, the guest-physical address of a struct cappsule_hc_args in RBX.
 * The result is in RAX (0 or a negative CAPPSULE_E_*), small outputs in
 * RBX, RCX, RDX. Accepted only at CPL 0 of the trusted host; elsewhere
 * VMCALL raises #UD, as on a CPU without a hypervisor.
 *
 * The monitor copies the argument block once into its own memory and checks
 * only that copy (the host cannot change it under the check), and every
 * guest-physical range it is given must lie inside the host's RAM as the
 * loader found it, outside the monitor's memory. A refused call changes
 * nothing. docs/hypercalls.md has the full contract.
 */
#define CAPPSULE_HC_VERSION   0 /* out: RBX = ABI version, RCX = CPUs running */
#define CAPPSULE_HC_LOG_STATS 1 /* the monitor logs every CPU's exit counters */
#define CAPPSULE_HC_INFO      2 /* args; buf <- struct cappsule_monitor_info */
#define CAPPSULE_HC_STATS     3 /* args: arg[0] = monitor CPU index;
				 * buf <- struct cappsule_exit_stats */
#define CAPPSULE_HC_LOG_READ  4 /* args: arg[0] = log position; buf <- log
				 * bytes. out: RBX = bytes copied, RCX = next
				 * position, RDX = bytes lost (overwritten) */
#define CAPPSULE_HC_POOL_LEND 5 /* args; buf = u64 bases of 2 MiB chunks the
				 * host lends (2 MiB aligned, host RAM, 1..64).
				 * out: RBX = chunks in the pool, RCX = the
				 * host-EPT generation to sync */
#define CAPPSULE_HC_POOL_RECLAIM 6 /* args; buf <- u64 bases of chunks given
				    * back, zeroed and mapped again; buf_size
				    * says how many at most. out: RBX = count */
#define CAPPSULE_HC_EPT_SYNC  7 /* this CPU flushes its host-EPT TLB. out:
				 * RBX = generation every CPU has flushed */
#define CAPPSULE_HC_SNAPSHOT  8 /* takes (or retakes) the snapshot of the
				 * host kernel at this VMCALL; every other CPU
				 * must be stopped, and must EPT_SYNC before
				 * it runs again (hostshim does both) */
#define CAPPSULE_HC_SNAPSHOT_DROP 9 /* drops it: preserved pages freed */
#define CAPPSULE_HC_CAPPSULE_CREATE 10 /* args: arg[0] = page limit (private
				 * pages), arg[1] = cookie (the cappsule starts
				 * with RAX = its id, RBX = cookie); optional
				 * buf = its shared window (page-aligned host
				 * pages, 1..CAPPSULE_WINDOW_MAX_PAGES, mapped
				 * read/write at the same address in the
				 * cappsule, never executable). Bound to the
				 * calling CPU. out: RBX = id */
#define CAPPSULE_HC_CAPPSULE_RUN 11 /* RBX = id, RCX = CAPPSULE_RUN_* flags;
				 * on its CPU. Returns when it yields, halts,
				 * notifies or ends. out: RBX = CAPPSULE_RUN_
				 * YIELDED, _ENDED, _HALTED (RCX = its timer
				 * deadline in TSC ticks, 0: none) or _NOTIFY */
#define CAPPSULE_HC_CAPPSULE_INFO 12 /* args: arg[0] = id; buf <- struct
				      * cappsule_info */
#define CAPPSULE_HC_CAPPSULE_DESTROY 13 /* RBX = id; on its CPU. Its pages go
				      * back to the pool, zeroed */
#define CAPPSULE_HC_COUNT     14

#define CAPPSULE_E_STATE   (-6) /* not now: no snapshot, no free slot, wrong CPU, busy */

#define CAPPSULE_MAX_CAPPSULES 8
#define CAPPSULE_RUN_YIELDED 0 /* a host interrupt or the time slice */
#define CAPPSULE_RUN_ENDED   1
#define CAPPSULE_RUN_HALTED  2 /* it waits (HLT/MWAIT) for its timer or an event */
#define CAPPSULE_RUN_NOTIFY  3 /* CAPPSULE_CS_HC_NOTIFY: the host has work */
/* CAPPSULE_HC_CAPPSULE_RUN flags (RCX). */
#define CAPPSULE_RUN_EVENT   (1u << 0) /* deliver its event vector */
#define CAPPSULE_RUN_FLAGS   CAPPSULE_RUN_EVENT
#define CAPPSULE_WINDOW_MAX_PAGES 64

/* A cappsule's own hypercalls (VMCALL inside it, CPL 0): a separate set.
 * Any other number, or any VMCALL from CPL > 0, ends the cappsule. */
#define CAPPSULE_CS_HC_EXIT 0x1000 /* RBX = exit value: ends it, "exited" */
#define CAPPSULE_CS_HC_TIMER 0x1001 /* RBX = TSC deadline (0: none): its one
				     * timer interrupt, delivered once */
#define CAPPSULE_CS_HC_NOTIFY 0x1002 /* wakes the host side (RUN returns
				      * CAPPSULE_RUN_NOTIFY); it goes on after */
#define CAPPSULE_CS_HC_VECTORS 0x1003 /* RBX = timer vector, RCX = event
				       * vector (32..255, distinct): where its
				       * interrupts arrive; none before */

/* Why a cappsule ended (struct cappsule_info.end). */
enum cappsule_end {
	CAPPSULE_END_NONE,          /* still alive */
	CAPPSULE_END_EXITED,        /* CAPPSULE_CS_HC_EXIT; end_value = its value */
	CAPPSULE_END_IO,            /* I/O port access; end_value = port */
	CAPPSULE_END_MEMORY,        /* memory outside its view; end_value = GPA */
	CAPPSULE_END_LIMIT,         /* over its page limit; end_value = GPA */
	CAPPSULE_END_MSR,           /* RDMSR/WRMSR; end_value = MSR */
	CAPPSULE_END_VMX,           /* a VMX instruction; end_value = exit reason */
	CAPPSULE_END_TRIPLE_FAULT,
	CAPPSULE_END_HYPERCALL,     /* malformed hypercall; end_value = RAX */
	CAPPSULE_END_FORBIDDEN,     /* another forbidden exit; end_value = reason */
	CAPPSULE_END_ENTRY_FAILED,  /* VM entry failed; end_value = VM-instruction error */
	CAPPSULE_END_COUNT,
};


#define CAPPSULE_POOL_CHUNK_BYTES (2u << 20)
#define CAPPSULE_POOL_MAX_CHUNKS  64

#define CAPPSULE_E_NOSYS   (-1) /* unknown hypercall number */
#define CAPPSULE_E_INVAL   (-2) /* non-zero flags or reserved field, bad argument */
#define CAPPSULE_E_FAULT   (-3) /* address not in host RAM, in the monitor, or misaligned */
#define CAPPSULE_E_VERSION (-4) /* the caller speaks another ABI version */
#define CAPPSULE_E_RANGE   (-5) /* size or index out of range */

#define CAPPSULE_ABI_VERSION \
	((uint32_t)CAPPSULE_ABI_VERSION_MAJOR << 16 | CAPPSULE_ABI_VERSION_MINOR)

/*
 * The argument block: 64 bytes at a 64-byte aligned guest-physical address
 * (so it never straddles a page). Unused args and all reserved fields are 0.
 */
#define CAPPSULE_HC_ARGS_ALIGN 64
struct cappsule_hc_args {
	uint32_t abi_version;   /* CAPPSULE_ABI_VERSION */
	uint32_t flags;         /* none defined: 0 */
	uint64_t buf_gpa;       /* output buffer, 8-byte aligned */
	uint64_t buf_size;      /* bytes; each call says which sizes it takes */
	uint64_t arg[2];
	uint64_t reserved[3];
};
_Static_assert(sizeof(struct cappsule_hc_args) == 64, "hypercall argument block");

/* CAPPSULE_HC_INFO's answer. buf_size must be exactly its size. */
#define CAPPSULE_FEATURE_EPT_1G_PAGES   (1ull << 0) /* host EPT uses 1 GiB leaves */
#define CAPPSULE_FEATURE_UNRESTRICTED   (1ull << 1) /* unrestricted guest (always) */
#define CAPPSULE_FEATURE_LOG_RING       (1ull << 2) /* CAPPSULE_HC_LOG_READ */
#define CAPPSULE_FEATURE_VPID           (1ull << 3) /* the CPU offers VPIDs */
struct cappsule_monitor_info {
	uint32_t abi_version;
	uint32_t cpus_started;      /* CPUs running under the monitor */
	char version[16];           /* "0.1.0", NUL-terminated */
	uint64_t features;          /* CAPPSULE_FEATURE_* */
	uint64_t monitor_base;      /* physical address of the monitor's memory */
	uint64_t monitor_bytes;     /* all of it, reserved by the loader */
	uint64_t image_bytes;       /* code and data of the image */
	uint32_t ept_pool_pages;    /* page-table pool for EPTs */
	uint32_t ept_pool_used;
	uint64_t host_ram_bytes;    /* RAM the host may name in hypercalls */
	uint32_t host_ram_ranges;
	uint32_t log_ring_bytes;
	uint64_t log_position;      /* bytes ever written to the log ring */
	uint32_t pool_pages;        /* 4 KiB pages lent by the host */
	uint32_t pool_pages_used;   /* of those, in use */
	uint32_t snapshot_valid;    /* 1 while a snapshot exists */
	uint32_t reserved32;
	uint64_t snapshot_preserved; /* pages copied on a host write since it was taken */
	uint64_t snapshot_write_exits; /* EPT violations those host writes cost */
	uint64_t reserved[1];
};
_Static_assert(sizeof(struct cappsule_monitor_info) == 128, "monitor info");

/*
 * CAPPSULE_HC_STATS's answer for one CPU: count[r] is the number of exits
 * with basic reason r (SDM Vol. 3D, appendix C) for r below
 * CAPPSULE_EXIT_SLOT_UNKNOWN; that slot counts reasons the monitor has no
 * name for, the last one failed VM entries. buf_size: exactly its size.
 */
#define CAPPSULE_EXIT_SLOTS 80
#define CAPPSULE_EXIT_SLOT_UNKNOWN (CAPPSULE_EXIT_SLOTS - 2)
#define CAPPSULE_EXIT_SLOT_FAILED_ENTRY (CAPPSULE_EXIT_SLOTS - 1)
struct cappsule_exit_stats {
	uint32_t cpu;
	uint32_t slots;             /* CAPPSULE_EXIT_SLOTS */
	uint64_t total;
	uint64_t count[CAPPSULE_EXIT_SLOTS];
};

/* CAPPSULE_HC_LOG_READ: at most this many bytes per call. */
#define CAPPSULE_LOG_READ_MAX 65536

/* CAPPSULE_HC_CAPPSULE_INFO's answer. buf_size: exactly its size. */
struct cappsule_info {
	uint32_t id;
	uint32_t end;               /* enum cappsule_end */
	uint64_t end_value;
	uint64_t end_rip;           /* guest RIP when it ended */
	uint32_t page_limit;
	uint32_t pages_private;     /* pool pages it owns now */
	uint64_t pages_copied;      /* copy-on-write copies */
	uint64_t pages_mapped;      /* snapshot frames mapped read-only */
	uint32_t cpu;               /* monitor CPU it is bound to */
	uint32_t reserved;
	struct cappsule_exit_stats exits;
};

#endif /* CAPPSULE_HYPERCALL_ABI_H */
