/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The monitor's state: one instance, shared by all CPUs, plus per-CPU areas.
 * Everything lives in the image's own memory (static storage), which the
 * loader reserves and the host's EPT leaves out.
 */
#ifndef CAPPSULE_VMX_MONITOR_H
#define CAPPSULE_VMX_MONITOR_H

#include <stdint.h>

#include "ept/ept.h"
#include "ept/page_pool.h"
#include "ept/ram_map.h"
#include "vmx/monitor_image.h"
#include "vmx/spinlock.h"
#include "vmx/vcpu.h"
#include "vmx/vmx_caps.h"
#include "vmx/vmx_controls.h"

#define MONITOR_MAX_CPUS 8
#define MONITOR_STACK_SIZE 16384
#define MONITOR_EPT_POOL_PAGES 512 /* host EPT tables: snapshots split it */

struct monitor {
	uint64_t base, size;          /* our physical memory, hidden from guests */
	struct vmx_caps caps;
	struct vmx_features features;
	struct vmcs_controls controls;
	struct ept host_ept;
	struct spinlock host_ept_lock; /* changes to host_ept and its pool */
	uint64_t host_eptp;
	uint64_t msr_bitmap_phys;
	uint64_t decoy_phys;          /* where guest accesses to our memory land */
	unsigned ept_pool_used;
	unsigned cpus_started;
	struct ram_map host_ram;      /* what hypercalls may name (ram_map.h) */
	uint64_t host_ept_gen;        /* bumped on every change to host_ept */
	struct page_pool pool;        /* lent by the host; under host_ept_lock */
};

extern struct monitor the_monitor;

/* Per-CPU areas. */
struct vcpu *monitor_vcpu(unsigned cpu);
uint64_t monitor_vmxon_region(unsigned cpu);
uint64_t monitor_vmcs_region(unsigned cpu);
uint64_t monitor_stack_top(unsigned cpu);
/* Which CPU's monitor stack holds this address (MONITOR_MAX_CPUS if none). */
unsigned monitor_cpu_from_stack(uint64_t addr);

/* Once, on the first CPU: capabilities, controls, host tables, host EPT. */
enum monitor_result monitor_global_init(const struct monitor_boot_info *info);

/* Per CPU: VMXON, VMCS, VMLAUNCH. Returns only on failure. */
enum monitor_result vcpu_start(struct vcpu *v, const struct monitor_boot_info *info);

/* Builds the host's identity EPT with our memory left out. */
enum monitor_result host_ept_build(struct monitor *mon);

#endif /* CAPPSULE_VMX_MONITOR_H */
