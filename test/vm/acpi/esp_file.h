/* SPDX-License-Identifier: GPL-2.0-only */
/* Reads a small file (the config) from the volume we were loaded from. */
#ifndef BOCHS_ACPI_ESP_FILE_H
#define BOCHS_ACPI_ESP_FILE_H

#include <efi.h>

/*
 * Reads the file at path (a '\'-separated ASCII path) into buf, at most
 * cap - 1 bytes, and NUL-terminates it. EFI_NOT_FOUND if it does not exist,
 * EFI_BUFFER_TOO_SMALL if it is larger.
 */
EFI_STATUS esp_read_text(EFI_HANDLE device, const char *path, char *buf,
			 UINTN cap);

#endif /* BOCHS_ACPI_ESP_FILE_H */
