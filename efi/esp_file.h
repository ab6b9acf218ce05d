/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading small files from the volume the loader was started from. */
#ifndef CAPPSULE_EFI_ESP_FILE_H
#define CAPPSULE_EFI_ESP_FILE_H

#include <efi.h>

/*
 * Reads the whole file `path` (ASCII, '\' separated) into buf. A file larger
 * than cap is not read: EFI_BUFFER_TOO_SMALL. *len gets the bytes read.
 */
EFI_STATUS esp_read_file(EFI_HANDLE device, const char *path, void *buf,
			 UINTN cap, UINTN *len);

#endif /* CAPPSULE_EFI_ESP_FILE_H */
