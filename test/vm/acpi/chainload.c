// SPDX-License-Identifier: GPL-2.0-only
#include <efi.h>
#include <efilib.h>

#include "chainload.h"
#include "efi/chainload.h"
#include "options.h"
#include "wide.h"

/* Static: the child reads its options while it runs, after we called it. */
static CHAR16 child_options[OPTIONS_PASS_MAX];

EFI_STATUS chain_load(EFI_HANDLE self, EFI_HANDLE device, const char *path,
		      EFI_HANDLE *child)
{
	EFI_STATUS st = chainload_load(self, device, path, child);

	if (EFI_ERROR(st))
		Print(L"bochs-acpi: error: cannot load %a: %r\n", path, st);
	return st;
}

void chain_unload(EFI_HANDLE child)
{
	uefi_call_wrapper(BS->UnloadImage, 1, child);
}

EFI_STATUS chain_start(EFI_HANDLE child, const char *path, const char *options)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st;
	UINTN n;

	st = uefi_call_wrapper(BS->HandleProtocol, 3, child, &LoadedImageProtocol,
			       (VOID **)&li);
	if (EFI_ERROR(st)) {
		Print(L"bochs-acpi: error: %a has no loaded-image protocol: %r\n",
		      path, st);
		chain_unload(child);
		return st;
	}
	widen(child_options, OPTIONS_PASS_MAX, options);
	for (n = 0; child_options[n]; n++)
		;
	/* No options at all rather than an empty string. */
	li->LoadOptions = n ? child_options : NULL;
	li->LoadOptionsSize = n ? (UINT32)((n + 1) * sizeof(CHAR16)) : 0;
	Print(L"bochs-acpi: starting %a with options \"%a\"\n", path, options);
	st = uefi_call_wrapper(BS->StartImage, 3, child, NULL, NULL);
	Print(L"bochs-acpi: %a returned %r\n", path, st);
	return EFI_ERROR(st) ? st : EFI_ABORTED;
}
