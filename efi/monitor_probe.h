/* SPDX-License-Identifier: GPL-2.0-only */
/* Placing the embedded monitor image in memory and running its entry. */
#ifndef CAPPSULE_EFI_MONITOR_PROBE_H
#define CAPPSULE_EFI_MONITOR_PROBE_H

#include <efi.h>

/*
 * Checks the embedded image, places it in freshly allocated pages, runs its
 * entry once on this CPU and frees the pages again.
 * NOT DONE YET: the monitor does not stay resident; VMXON and the blue-pill
 * come with the monitor issue, which will keep the pages (as
 * EfiReservedMemoryType) and start the entry on every CPU.
 */
EFI_STATUS monitor_probe(void);

#endif /* CAPPSULE_EFI_MONITOR_PROBE_H */
