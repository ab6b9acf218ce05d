// SPDX-License-Identifier: GPL-2.0-only
/* Chain-loading through the firmware's LoadImage/StartImage. */
#include <efi.h>
#include <efilib.h>

#include "efi/chainload.h"
#include "efi/efi_text.h"

/* The next stage reads its options before it exits boot services; they live
 * in our image, which stays loaded until then. */
static CHAR16 next_options[CONFIG_CMDLINE_MAX];

EFI_STATUS chainload_load(EFI_HANDLE self, EFI_HANDLE device, const char *path,
			  EFI_HANDLE *child)
{
	CHAR16 wpath[CONFIG_PATH_MAX];
	EFI_DEVICE_PATH *dp;
	EFI_STATUS st;

	ascii_to_wide(wpath, CONFIG_PATH_MAX, path);
	dp = FileDevicePath(device, wpath);
	if (!dp)
		return EFI_OUT_OF_RESOURCES;
	st = uefi_call_wrapper(BS->LoadImage, 6, FALSE, self, dp, NULL, 0, child);
	FreePool(dp);
	return st;
}

EFI_STATUS chainload(EFI_HANDLE self, EFI_HANDLE device,
		     const struct loader_config *cfg)
{
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE child;
	EFI_STATUS st;
	UINTN n;

	st = chainload_load(self, device, cfg->next_stage, &child);
	if (EFI_ERROR(st)) {
		Print(L"cappsule: cannot load next stage %a: %r\n", cfg->next_stage, st);
		return st;
	}
	st = uefi_call_wrapper(BS->HandleProtocol, 3, child,
			       &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st)) {
		Print(L"cappsule: next stage has no loaded-image protocol: %r\n", st);
		uefi_call_wrapper(BS->UnloadImage, 1, child);
		return st;
	}
	ascii_to_wide(next_options, CONFIG_CMDLINE_MAX, cfg->cmdline);
	for (n = 0; next_options[n]; n++)
		;
	li->LoadOptions = next_options;
	li->LoadOptionsSize = (UINT32)((n + 1) * sizeof(CHAR16));
	Print(L"cappsule: starting next stage %a (cmdline: %a)\n",
	      cfg->next_stage, cfg->cmdline[0] ? cfg->cmdline : "none");
	st = uefi_call_wrapper(BS->StartImage, 3, child, NULL, NULL);
	Print(L"cappsule: next stage %a returned: %r\n", cfg->next_stage, st);
	return EFI_ERROR(st) ? st : EFI_ABORTED;
}
