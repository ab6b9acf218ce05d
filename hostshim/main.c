// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cappsule host shim: the Linux side of the Cappsule VMX monitor.
 *
 * At load it checks that it runs under the Cappsule monitor (and refuses to
 * load otherwise), finds which CPUs the monitor runs on, checks the
 * monitor's ABI version with one hypercall, and offers /dev/cappsule
 * (chardev.c). Cappsules themselves come with a later issue.
 */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/smp.h>

#include "cappsule_probe.h"
#include "chardev.h"
#include "detect.h"
#include "hypercall_abi.h"
#include "monitor_calls.h"
#include "ksym.h"
#include "pool.h"
#include "snapshot.h"

/* The version call proves the hypercall path and the ABI we were built for. */
static int hostshim_check_monitor(void)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_VERSION };
	unsigned int monitored = shim_probe_cpus();
	int err;

	if (monitored < num_online_cpus())
		pr_warn("the monitor runs on %u of %u online CPUs (%*pbl); the others are outside its protection\n",
			monitored, num_online_cpus(), cpumask_pr_args(&shim_monitored_cpus));
	err = shim_call(&c);
	if (err) {
		pr_err("no online CPU runs under the monitor; not loading\n");
		return err;
	}
	if (c.ret != 0) {
		pr_err("monitor refused the version hypercall (%lld); not loading\n", c.ret);
		return -EPROTO;
	}
	if (c.out[0] != CAPPSULE_ABI_VERSION) {
		pr_err("monitor speaks ABI %llu.%llu, this shim %u.%u; not loading\n",
		       c.out[0] >> 16, c.out[0] & 0xffff, CAPPSULE_ABI_VERSION_MAJOR,
		       CAPPSULE_ABI_VERSION_MINOR);
		return -EPROTO;
	}
	pr_info("monitor answered: ABI %llu.%llu, %llu CPU(s) under the monitor\n",
		c.out[0] >> 16, c.out[0] & 0xffff, c.out[1]);
	/* Leaves the exit counters of the boot in the monitor's log. */
	c = (struct shim_hc){ .nr = CAPPSULE_HC_LOG_STATS };
	shim_call(&c);
	return 0;
}

static void detect_here(void *d)
{
	shim_detect_monitor(d);
}

/* This CPU first; if the monitor is not on it, perhaps it is on another. */
static void detect_any_cpu(struct shim_detect *d)
{
	shim_detect_monitor(d);
	if (d->state != SHIM_CAPPSULE_MONITOR && shim_probe_cpus() > 0)
		smp_call_function_any(&shim_monitored_cpus, detect_here, d, 1);
}

static unsigned int pool_mb = 64;
module_param(pool_mb, uint, 0444);
MODULE_PARM_DESC(pool_mb, "memory lent to the monitor for cappsules, MiB (2 MiB steps, max 128)");

static int __init hostshim_init(void)
{
	char sig[SHIM_SIGNATURE_TEXT_LEN];
	struct shim_detect d;
	int err;

	detect_any_cpu(&d);
	switch (d.state) {
	case SHIM_NO_HYPERVISOR:
		pr_err("no Cappsule monitor: CPUID reports no hypervisor (CPUID.1:ECX bit 31 clear); not loading\n");
		return -ENODEV;
	case SHIM_OTHER_HYPERVISOR:
		shim_signature_text(d.signature, sig);
		pr_err("no Cappsule monitor: CPUID reports another hypervisor, signature \"%s\" (max leaf %#x); not loading\n",
		       sig, d.max_leaf);
		return -ENODEV;
	case SHIM_CAPPSULE_MONITOR:
		break;
	}

	shim_signature_text(d.signature, sig);
	if (d.has_abi_version)
		pr_info("Cappsule monitor detected: signature \"%s\", max leaf %#x, ABI %u.%u; host shim %s loaded\n",
			sig, d.max_leaf, d.abi_version >> 16,
			d.abi_version & 0xffff, CAPPSULE_VERSION);
	else
		pr_info("Cappsule monitor detected: signature \"%s\", max leaf %#x, no ABI version leaf; host shim %s loaded\n",
			sig, d.max_leaf, CAPPSULE_VERSION);
	err = hostshim_check_monitor();
	if (err)
		return err;
	shim_ksym_init();
	err = cappsule_probe_init();
	if (err)
		return err;
	err = shim_pool_lend(pool_mb);
	if (err) {
		cappsule_probe_exit();
		return err;
	}
	err = shim_chardev_register();
	if (err) {
		pr_err("cannot register /dev/cappsule (%d); not loading\n", err);
		shim_pool_reclaim();
		cappsule_probe_exit();
		return err;
	}
	pr_info("/dev/cappsule ready\n");
	return 0;
}

static void __exit hostshim_exit(void)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_LOG_STATS };

	shim_chardev_unregister();
	shim_snapshot_drop();
	shim_pool_reclaim();
	cappsule_probe_exit();
	/* Leaves the exit counters in the monitor's log (tests measure with it). */
	shim_call(&c);
	pr_info("host shim unloaded\n");
}

module_init(hostshim_init);
module_exit(hostshim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Cappsule host shim: Linux side of the Cappsule VMX monitor");
MODULE_VERSION(CAPPSULE_VERSION);
