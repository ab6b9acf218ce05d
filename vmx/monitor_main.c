// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitor's C entry, reached through vmx/entry.asm on the monitor's own
 * boot stack, once per CPU. On success it does not return: VMLAUNCH turns
 * this CPU into a guest that resumes in the loader (efi/launch.asm).
 */
#include <stddef.h>

#include "vmx/hypercall_abi.h"
#include "vmx/monitor.h"
#include "vmx/serial_log.h"

uint64_t monitor_main(const struct monitor_boot_info *info);

/* Referenced by linker.ld's image header. */
const char monitor_version[] = CAPPSULE_VERSION;

uint64_t monitor_main(const struct monitor_boot_info *info)
{
	struct vcpu *v;
	enum monitor_result r;

	if (info->boot_abi != MONITOR_BOOT_ABI)
		return MONITOR_BAD_ABI;
	if (info->cpu_index >= MONITOR_MAX_CPUS)
		return MONITOR_TOO_MANY_CPUS;
	log_init((uint16_t)info->serial_port, LOG_INFO);
	if (info->cpu_index == 0) {
		log_line(0, LOG_INFO, "monitor %s: image at 0x%llx, %llu KiB", monitor_version,
			 (unsigned long long)info->image_base,
			 (unsigned long long)(info->memory_size / 1024));
		r = monitor_global_init(info);
		if (r != MONITOR_OK)
			return r;
	}
	v = monitor_vcpu(info->cpu_index);
	v->cpu = info->cpu_index;
	v->mon = &the_monitor;
	return vcpu_start(v, info);
}
