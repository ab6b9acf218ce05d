/* SPDX-License-Identifier: GPL-2.0-only */
/* Installing the VMX monitor under the running firmware. */
#ifndef CAPPSULE_EFI_MONITOR_START_H
#define CAPPSULE_EFI_MONITOR_START_H

#include <efi.h>

/*
 * Checks the embedded monitor image, places it in memory reserved for good
 * (EfiReservedMemoryType: the OS never uses it) and runs its entry on this
 * CPU. On success this CPU continues as a guest of the monitor. On failure
 * the memory is released, *why_not names the reason, and the boot
 * continues without a monitor. On success *base and *size say where the
 * monitor's memory is.
 * NOT DONE YET: only the CPU running the loader is started; the other CPUs
 * (UEFI MP services, INIT/SIPI for the OS's APs) come next.
 */
EFI_STATUS monitor_start(const char **why_not, uint64_t *base, uint64_t *size);

#endif /* CAPPSULE_EFI_MONITOR_START_H */
