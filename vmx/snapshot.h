/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The snapshot of the running host kernel that cappsules are forked from.
 *
 * Taking it records the calling CPU's state (registers and the VMCS guest
 * state, resuming right after the VMCALL) and write-protects all host RAM
 * in the host's EPT. From then on, the first host write to a page costs one
 * EPT violation: the monitor copies the page's snapshot content into a pool
 * page (the preserved copy) and gives the host its write access back. The
 * snapshot content of a frame is thus its preserved copy if there is one,
 * else the frame itself, which the host has not changed since.
 *
 * The shim takes the snapshot with every other CPU offline and user space
 * frozen (hostshim/snapshot.c); a CPU that comes back flushes its EPT TLB
 * at its first exit (host_ept_sync), before it writes anything. The
 * monitor's own writes into host memory preserve frames first as well
 * (snapshot_before_monitor_write).
 */
#ifndef CAPPSULE_VMX_SNAPSHOT_H
#define CAPPSULE_VMX_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "vmx/vcpu.h"

#define SNAPSHOT_FIELDS 64

struct snapshot_cpu {
	struct guest_regs regs;
	uint32_t field[SNAPSHOT_FIELDS];  /* VMCS guest-state encodings */
	uint64_t value[SNAPSHOT_FIELDS];
	unsigned fields;
};

struct snapshot_stats {
	bool valid;
	bool degraded;              /* out of pool while cappsules lived: no new copies */
	uint64_t taken;             /* snapshots taken since boot */
	uint64_t preserved;         /* pages copied on a host write */
	uint64_t host_write_exits;  /* EPT violations taken for it */
};

/* Takes (or retakes) the snapshot at this VMCALL. 0 or CAPPSULE_E_*. */
int64_t snapshot_take(struct vcpu *v);

/* Drops it: host RAM writable again, preserved pages back to the pool. */
int64_t snapshot_drop(struct vcpu *v);

/* A host EPT violation: true if it was a first write to a protected page
 * (handled: preserved, host may write now). */
bool snapshot_host_write(struct vcpu *v, uint64_t gpa, uint64_t qual);

/* The monitor is about to write [gpa, gpa + len) of host memory (a
 * hypercall's answer): those frames get their snapshot content preserved
 * first, as on a host write, or a cappsule would see the monitor's answer
 * in memory its kernel thinks is something else. */
void snapshot_before_monitor_write(struct vcpu *v, uint64_t gpa, uint64_t len);

/* Is the frame at gpa snapshot RAM (host RAM, not lent to the pool)? */
bool snapshot_is_ram(uint64_t gpa);

/*
 * The frame's snapshot content, for a cappsule: always a preserved copy,
 * made now if the host has not written the frame yet, never the host's
 * frame itself (which the host may change at any time). false if gpa is
 * not snapshot RAM or the pool is empty.
 */
bool snapshot_frame(uint64_t gpa, uint64_t *hpa);

const struct snapshot_cpu *snapshot_cpu_state(void);
struct snapshot_stats snapshot_stats(void);

#endif /* CAPPSULE_VMX_SNAPSHOT_H */
