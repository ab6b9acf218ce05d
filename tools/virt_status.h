/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `virt status`: is the Cappsule monitor running (CPUID), what did the
 * loader record on this boot (efivarfs), is the host shim loaded, and,
 * through /dev/cappsule, the monitor's own figures: version, CPUs,
 * features, memory and VM exits per reason per CPU.
 */
#ifndef CAPPSULE_VIRT_STATUS_H
#define CAPPSULE_VIRT_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "tools/cpuid_probe.h"
#include "tools/loader_status.h"
#include "tools/shim_device.h"

#define VIRT_DEVICE_PATH "/dev/cappsule"
#define VIRT_SHIM_MODULE "hostshim"

enum virt_tristate { VIRT_NO, VIRT_YES, VIRT_UNKNOWN };

enum virt_device_state {
	VIRT_DEVICE_ABSENT,
	VIRT_DEVICE_CHAR,	/* a character device, as the shim will create */
	VIRT_DEVICE_OTHER,	/* something else sits at the path */
};

#define VIRT_STATS_MAX_CPUS 64

/* What /dev/cappsule says; each err is 0 or -errno. */
struct virt_monitor_facts {
	int open_err;
	int info_err;                   /* valid if open_err == 0 */
	struct cappsule_ioc_info info;  /* valid if info_err == 0 */
	int stats_err;
	uint32_t n_stats;
	struct cappsule_exit_stats stats[VIRT_STATS_MAX_CPUS];
};

struct virt_status_facts {
	struct cpuid_probe cpu;
	enum virt_tristate shim_loaded;
	enum virt_device_state device;
	struct loader_status loader;	/* what the loader recorded this boot */
	struct virt_monitor_facts mon;
};

/* Collects the facts from this machine. */
void virt_status_gather(struct virt_status_facts *f);
/* Prints them as text or as one JSON object; returns the exit status:
 * 0 if the monitor runs, 1 if not. */
int virt_status_print(FILE *out, const struct virt_status_facts *f, bool json);
/* gather + print on stdout. */
int virt_status_run(bool json);

#endif /* CAPPSULE_VIRT_STATUS_H */
