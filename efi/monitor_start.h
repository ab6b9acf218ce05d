/* SPDX-License-Identifier: GPL-2.0-only */
/* Installing the VMX monitor under the running firmware. */
#ifndef CAPPSULE_EFI_MONITOR_START_H
#define CAPPSULE_EFI_MONITOR_START_H

#include <efi.h>
#include <stdbool.h>

/*
 * Checks the embedded monitor image, places it in memory reserved for good
 * (EfiReservedMemoryType: the OS never uses it) and runs its entry on this
 * CPU. On success this CPU continues as a guest of the monitor. On failure
 * the memory is released, *why_not names the reason, and the boot
 * continues without a monitor. On success *base and *size say where the
 * monitor's memory is.
 * With smp, the other processors the firmware knows (UEFI MP services) are
 * started next, one at a time; *cpus counts those running under the
 * monitor. NOT DONE: smp is experimental and off by default. Under Bochs the
 * APs start, but OVMF's INIT-SIPI-SIPI at ExitBootServices comes so fast
 * that the SIPI reaches the AP while it is still handling the INIT exit,
 * is dropped, and the boot waits forever for the AP.
 */
EFI_STATUS monitor_start(bool smp, const char **why_not, uint64_t *base,
			 uint64_t *size, unsigned *cpus);

/*
 * True if this CPU already runs under a Cappsule monitor: the loader was
 * started a second time in this boot (after a fallback to the firmware's
 * boot order, say). VMX then looks absent, and must not be reported so.
 */
bool monitor_already_running(void);

#endif /* CAPPSULE_EFI_MONITOR_START_H */
