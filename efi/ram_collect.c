// SPDX-License-Identifier: GPL-2.0-only
/* Reading the host's RAM out of the UEFI memory map (see ram_collect.h). */
#include <efi.h>
#include <efilib.h>

#include "efi/ram_collect.h"

/* The types Linux turns into usable RAM after ExitBootServices. */
static bool is_host_ram(UINT32 type)
{
	switch (type) {
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiConventionalMemory:
	case EfiACPIReclaimMemory:
		return true;
	default:
		return false;
	}
}

EFI_STATUS ram_collect(struct ram_map *map)
{
	UINTN entries, key, desc_size;
	UINT32 desc_version;
	EFI_MEMORY_DESCRIPTOR *mm;
	UINT8 *p;
	UINTN i;

	ram_map_init(map);
	mm = LibMemoryMap(&entries, &key, &desc_size, &desc_version);
	if (!mm)
		return EFI_OUT_OF_RESOURCES;
	p = (UINT8 *)mm;
	for (i = 0; i < entries; i++, p += desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)p;

		if (is_host_ram(d->Type))
			ram_map_add(map, d->PhysicalStart,
				    d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE);
	}
	FreePool(mm);
	if (map->dropped)
		Print(L"cappsule: %d RAM range(s) did not fit the monitor's map: hypercalls may not name them\n",
		      map->dropped);
	return EFI_SUCCESS;
}
