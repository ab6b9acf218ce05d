/* SPDX-License-Identifier: GPL-2.0-only */
/* Starting the next boot stage (GRUB, or the kernel's EFI stub). */
#ifndef CAPPSULE_EFI_CHAINLOAD_H
#define CAPPSULE_EFI_CHAINLOAD_H

#include <efi.h>

#include "efi/config.h"

/* Loads the image at path (ASCII, '\'-separated) from device, not started. */
EFI_STATUS chainload_load(EFI_HANDLE self, EFI_HANDLE device, const char *path,
			  EFI_HANDLE *child);

/*
 * Loads cfg->next_stage from the loader's own volume, hands it cfg->cmdline
 * as its load options and starts it. Returns only if that fails or the next
 * stage itself returns.
 */
EFI_STATUS chainload(EFI_HANDLE self, EFI_HANDLE device,
		     const struct loader_config *cfg);

#endif /* CAPPSULE_EFI_CHAINLOAD_H */
