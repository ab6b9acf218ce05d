/* SPDX-License-Identifier: GPL-2.0-only */
/* The host's RAM from the UEFI memory map, for the monitor's allow-list. */
#ifndef CAPPSULE_EFI_RAM_COLLECT_H
#define CAPPSULE_EFI_RAM_COLLECT_H

#include <efi.h>

#include "ept/ram_map.h"

/*
 * Fills *map with the memory the OS will own as RAM (loader, boot-services
 * and conventional memory, ACPI reclaimable), merged. Everything else
 * (runtime services, ACPI NVS, MMIO, reserved, the monitor itself) is left
 * out. Call it after the monitor's memory is reserved.
 */
EFI_STATUS ram_collect(struct ram_map *map);

#endif /* CAPPSULE_EFI_RAM_COLLECT_H */
