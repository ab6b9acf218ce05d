/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's own functions and data the shim needs that Linux does not
 * export to modules: the freezer (the snapshot freezes user space the way
 * suspend does), and inside a cappsule the timer device, the interrupt
 * callback and timekeeping. Found once at load through kallsyms (a kprobe
 * gives kallsyms_lookup_name). Without them `virt exec` is refused, with
 * the missing name in the log; the rest of the shim works.
 */
#ifndef CAPPSULE_HOSTSHIM_KSYM_H
#define CAPPSULE_HOSTSHIM_KSYM_H

#include <linux/clockchips.h>
#include <linux/timer.h>
#include <linux/types.h>

struct shim_ksyms {
	int (*freeze_processes)(void);
	void (*thaw_processes)(void);
	bool *pm_freezing;
	void (*update_wall_time)(void);
	void (*rcu_cpu_stall_reset)(void);
	struct clock_event_device __percpu *lapic_events;
	struct list_head *clockevent_devices;   /* registered clock event devices */
	struct list_head *clockevents_released; /* replaced ones */
	void (**x86_platform_ipi_callback)(void);
	struct timer_list *clocksource_watchdog_timer; /* NULL: no watchdog built in */
};

extern struct shim_ksyms shim_ksym;
extern bool shim_ksyms_ok;     /* every required one was found */

/* Looks them up; logs what is missing. Never fails the load. */
void shim_ksym_init(void);

#endif /* CAPPSULE_HOSTSHIM_KSYM_H */
