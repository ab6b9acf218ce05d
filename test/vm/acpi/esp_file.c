// SPDX-License-Identifier: GPL-2.0-only
#include <efi.h>
#include <efilib.h>

#include "efi/esp_file.h"
#include "esp_file.h"

/* The loader's whole-file read (efi/esp_file.c), NUL-terminated here. */
EFI_STATUS esp_read_text(EFI_HANDLE device, const char *path, char *buf,
			 UINTN cap)
{
	UINTN len = 0;
	EFI_STATUS st;

	if (cap == 0)
		return EFI_BUFFER_TOO_SMALL;
	st = esp_read_file(device, path, buf, cap - 1, &len);
	if (!EFI_ERROR(st))
		buf[len] = '\0';
	return st;
}
