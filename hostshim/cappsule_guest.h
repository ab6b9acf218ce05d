/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside a cappsule (docs/cappsules.md, "The cappsule's kernel"): the
 * forked kernel resumes in the snapshot call with interrupts off. Before it
 * may run anything else it must stop touching hardware: the local APIC
 * (its operations become no-ops: there is no other CPU to signal and the
 * interrupts come from the monitor), the timer (the per-CPU clock event
 * device programs the monitor's one-shot timer by hypercall), the consoles
 * (8250 and friends would do port I/O) and the clocksource watchdog (it
 * reads the ACPI PM timer). Timekeeping catches up with the time the
 * snapshot waited. Then init (the task that took the snapshot) returns to
 * user space; guest_io.c gives it its stdio.
 */
#ifndef CAPPSULE_HOSTSHIM_CAPPSULE_GUEST_H
#define CAPPSULE_HOSTSHIM_CAPPSULE_GUEST_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/wait.h>

/* The creator's cookie: a probe mode (below CAPPSULE_PROBE_MODES), or
 * SHIM_COOKIE_EXEC | the window slot. */
#define SHIM_COOKIE_EXEC (1ull << 32)
#define SHIM_COOKIE_SLOT(c) ((unsigned int)((c) & 0xff))

/* Adapts the kernel (interrupts off, in the snapshot call); probe cookies
 * never return. 0, or -errno: then cappsule_guest_fail. */
int cappsule_guest_start(u64 id, u64 cookie);

/* Ends the cappsule when it cannot be adapted. */
void __noreturn cappsule_guest_fail(void);

/* The freezer's state after the snapshot, inside the cappsule: the tasks
 * frozen stay so, new ones (init's children) are not frozen. */
void cappsule_guest_end_freezing(void);

/* Set once the kernel runs as a cappsule. */
extern bool shim_in_cappsule;
extern u64 shim_cappsule_id;

/* The cappsule's own hypercalls. */
static inline u64 cappsule_hypercall(u64 nr, u64 rbx, u64 rcx)
{
	asm volatile("vmcall" : "+a"(nr), "+b"(rbx), "+c"(rcx) : : "memory");
	return nr;
}

/* Its event interrupt arrived (the host has news); guest_io wakes. */
extern wait_queue_head_t shim_guest_wq;

#endif /* CAPPSULE_HOSTSHIM_CAPPSULE_GUEST_H */
