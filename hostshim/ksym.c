// SPDX-License-Identifier: GPL-2.0-only
/* Unexported kernel symbols (see ksym.h). */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/kprobes.h>
#include <linux/printk.h>

#include "ksym.h"

struct shim_ksyms shim_ksym;
bool shim_ksyms_ok;

typedef unsigned long (*lookup_fn)(const char *name);

/* kallsyms_lookup_name is not exported since 5.7; registering a kprobe on
 * it resolves its address, then the probe is removed again. */
static lookup_fn find_lookup(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	lookup_fn fn;

	if (register_kprobe(&kp) < 0)
		return NULL;
	fn = (lookup_fn)kp.addr;
	unregister_kprobe(&kp);
	return fn;
}

static void *need(lookup_fn lookup, const char *name, bool *ok)
{
	void *p = (void *)lookup(name);

	if (!p) {
		pr_warn("kernel symbol %s not found: virt exec disabled\n", name);
		*ok = false;
	}
	return p;
}

void shim_ksym_init(void)
{
	lookup_fn lookup = find_lookup();
	bool ok = true;

	if (!lookup) {
		pr_warn("kallsyms_lookup_name not reachable (no kprobes?): virt exec disabled\n");
		return;
	}
	shim_ksym.freeze_processes = need(lookup, "freeze_processes", &ok);
	shim_ksym.thaw_processes = need(lookup, "thaw_processes", &ok);
	shim_ksym.pm_freezing = need(lookup, "pm_freezing", &ok);
	shim_ksym.update_wall_time = need(lookup, "update_wall_time", &ok);
	shim_ksym.rcu_cpu_stall_reset = need(lookup, "rcu_cpu_stall_reset", &ok);
	shim_ksym.lapic_events = (struct clock_event_device __percpu *)need(lookup, "lapic_events", &ok);
	shim_ksym.clockevent_devices = need(lookup, "clockevent_devices", &ok);
	shim_ksym.clockevents_released = need(lookup, "clockevents_released", &ok);
	shim_ksym.x86_platform_ipi_callback = need(lookup, "x86_platform_ipi_callback", &ok);
	shim_ksym.clocksource_watchdog_timer = (struct timer_list *)lookup("watchdog_timer");
	shim_ksyms_ok = ok;
}
