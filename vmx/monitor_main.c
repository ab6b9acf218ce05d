// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitor's C entry, reached through vmx/entry.asm on the monitor's own
 * stack.
 *
 * NOT DONE YET (issue "The monitor"): this entry only checks the boot ABI,
 * starts the log, re-reads the VMX capabilities from inside the image and
 * returns. VMXON, the VMCS, the EPT and the blue-pill of the firmware are the
 * next step; until then the loader calls this once as a self-check of the
 * freestanding image (placement, relocations, stack, log) and frees it.
 */
#include <stddef.h>

#include "vmx/cpu_hw.h"
#include "vmx/hypercall_abi.h"
#include "vmx/monitor_image.h"
#include "vmx/msr.h"
#include "vmx/serial_log.h"
#include "vmx/vmx_caps.h"
#include "vmx/vmx_controls.h"

uint64_t monitor_main(const struct monitor_boot_info *info);

/* Referenced by linker.ld's image header. */
const char monitor_version[] = CAPPSULE_VERSION;

static bool read_msr(void *ctx, uint32_t index, uint64_t *value)
{
	(void)ctx;
	*value = hw_rdmsr(index);
	return true;
}

/* Logs the VMCS controls the monitor would run the host with. */
static void report_controls(unsigned cpu, const struct vmx_caps *caps)
{
	struct vmcs_controls ctl;
	struct control_error err;

	if (!caps->cpuid_vmx)
		return;
	if (!vmx_controls_for_host(caps, &ctl, &err)) {
		log_line(cpu, LOG_ERROR, "%s controls: %s (bits 0x%x)",
			 control_set_name(err.set), err.reason, err.bits);
		return;
	}
	log_line(cpu, LOG_INFO,
		 "host VMCS controls: pin 0x%x proc 0x%x proc2 0x%x exit 0x%x entry 0x%x",
		 ctl.pin, ctl.proc, ctl.proc2, ctl.exit, ctl.entry);
}

uint64_t monitor_main(const struct monitor_boot_info *info)
{
	struct vmx_caps caps;
	struct vmx_features f;
	unsigned cpu;

	if (info->boot_abi != MONITOR_BOOT_ABI)
		return MONITOR_BAD_ABI;
	cpu = info->cpu_index;
	log_init(info->serial_port, LOG_INFO);
	log_line(cpu, LOG_INFO, "monitor %s: image at 0x%llx, %llu KiB",
		 monitor_version, (unsigned long long)info->image_base,
		 (unsigned long long)(info->memory_size / 1024));
	vmx_caps_read(&caps, hw_cpuid(1, 0).ecx, read_msr, NULL);
	vmx_features_decode(&caps, &f);
	log_line(cpu, LOG_INFO, "VMX as seen by the monitor: %s",
		 vmx_verdict_text(vmx_verdict(&caps, &f)));
	report_controls(cpu, &caps);
	log_line(cpu, LOG_INFO, "VMXON is not implemented yet: returning to the loader");
	return MONITOR_OK;
}
