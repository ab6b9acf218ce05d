/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Starts the next boot stage from the volume we were loaded from, in two
 * steps so that a missing or bad image is found before anything is changed.
 */
#ifndef BOCHS_ACPI_CHAINLOAD_H
#define BOCHS_ACPI_CHAINLOAD_H

#include <efi.h>

/* Loads path (ASCII, '\'-separated) from device; prints why on failure. */
EFI_STATUS chain_load(EFI_HANDLE self, EFI_HANDLE device, const char *path,
		      EFI_HANDLE *child);

/* Drops a loaded image that will not be started. */
void chain_unload(EFI_HANDLE child);

/*
 * Gives child options (ASCII, may be empty) as its load options and starts
 * it. Returns only if the image returned: its status, or EFI_ABORTED if that
 * was success (we have nothing else to boot).
 */
EFI_STATUS chain_start(EFI_HANDLE child, const char *path, const char *options);

#endif /* BOCHS_ACPI_CHAINLOAD_H */
