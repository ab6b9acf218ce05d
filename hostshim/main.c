// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cappsule host shim: the Linux side of the Cappsule VMX monitor.
 *
 * Foundation stage: the module only checks that it runs under the Cappsule
 * monitor and refuses to load otherwise. The char device (/dev/cappsule)
 * that `virt` talks to and the hypercalls behind it come in a later issue;
 * nothing here pretends to offer them yet.
 */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

#include "detect.h"
#include "hypercall.h"
#include "hypercall_abi.h"

/*
 * One round trip through the monitor proves the hypercall path, and the
 * statistics call leaves the exit counters of the boot in the monitor's
 * log. The char device (/dev/cappsule) comes with the full hypercall ABI.
 */
static int hostshim_ping_monitor(void)
{
	struct shim_hc_result r = shim_hypercall(CAPPSULE_HC_VERSION);

	if (r.ret != 0) {
		pr_err("monitor refused the version hypercall (%ld); not loading\n", r.ret);
		return -EPROTO;
	}
	pr_info("monitor answered: ABI %llu.%llu, %llu CPU(s) under the monitor\n",
		r.out1 >> 16, r.out1 & 0xffff, r.out2);
	shim_hypercall(CAPPSULE_HC_LOG_STATS);
	return 0;
}

static int __init hostshim_init(void)
{
	char sig[SHIM_SIGNATURE_TEXT_LEN];
	struct shim_detect d;

	shim_detect_monitor(&d);
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
	return hostshim_ping_monitor();
}

static void __exit hostshim_exit(void)
{
	/* The loaded state implies the monitor is there. */
	shim_hypercall(CAPPSULE_HC_LOG_STATS);
	pr_info("host shim unloaded\n");
}

module_init(hostshim_init);
module_exit(hostshim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Cappsule host shim: Linux side of the Cappsule VMX monitor");
MODULE_VERSION(CAPPSULE_VERSION);
