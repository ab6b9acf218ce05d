// SPDX-License-Identifier: GPL-2.0-only
/* Whole-file reads from the ESP through the firmware's file protocol. */
#include <efi.h>
#include <efilib.h>

#include "efi/config.h"
#include "efi/efi_text.h"
#include "efi/esp_file.h"

static EFI_STATUS read_open_file(EFI_FILE_HANDLE f, void *buf, UINTN cap,
				 UINTN *len)
{
	EFI_FILE_INFO *info = LibFileInfo(f);
	EFI_STATUS st;
	UINTN size;

	if (!info)
		return EFI_DEVICE_ERROR;
	size = info->FileSize;
	FreePool(info);
	if (size > cap)
		return EFI_BUFFER_TOO_SMALL;
	st = uefi_call_wrapper(f->Read, 3, f, &size, buf);
	if (!EFI_ERROR(st))
		*len = size;
	return st;
}

EFI_STATUS esp_read_file(EFI_HANDLE device, const char *path, void *buf,
			 UINTN cap, UINTN *len)
{
	CHAR16 wpath[CONFIG_PATH_MAX];
	EFI_FILE_HANDLE root, f;
	EFI_STATUS st;

	root = LibOpenRoot(device);
	if (!root)
		return EFI_NOT_FOUND;
	ascii_to_wide(wpath, CONFIG_PATH_MAX, path);
	st = uefi_call_wrapper(root->Open, 5, root, &f, wpath, EFI_FILE_MODE_READ, 0);
	if (!EFI_ERROR(st)) {
		st = read_open_file(f, buf, cap, len);
		uefi_call_wrapper(f->Close, 1, f);
	}
	uefi_call_wrapper(root->Close, 1, root);
	return st;
}
