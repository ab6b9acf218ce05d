// SPDX-License-Identifier: GPL-2.0-only
/* Runs the embedded monitor image's entry once, as a self-check. */
#include <efi.h>
#include <efilib.h>

#include "efi/monitor_image.h"
#include "efi/monitor_probe.h"

#define COM1_PORT 0x3f8 /* the UART OVMF and Linux's console=ttyS0 use */

extern const uint8_t monitor_blob_start[], monitor_blob_end[];

typedef uint64_t (*monitor_entry_fn)(struct monitor_boot_info *info);

static EFI_STATUS run_placed(const struct monitor_image_header *hdr,
			     EFI_PHYSICAL_ADDRESS base)
{
	struct monitor_boot_info info = {
		.boot_abi = MONITOR_BOOT_ABI,
		.cpu_index = 0,
		.image_base = base,
		.memory_size = hdr->memory_size,
		.serial_port = COM1_PORT,
	};
	monitor_entry_fn entry = (monitor_entry_fn)(UINTN)(base + hdr->entry_offset);
	uint64_t rc = entry(&info);

	if (rc != MONITOR_OK) {
		Print(L"cappsule: monitor entry returned error %ld\n", rc);
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

EFI_STATUS monitor_probe(void)
{
	UINTN len = (UINTN)(monitor_blob_end - monitor_blob_start);
	struct monitor_image_header hdr;
	enum monitor_image_status s;
	EFI_PHYSICAL_ADDRESS base;
	EFI_STATUS st;
	UINTN pages;

	s = monitor_image_check(monitor_blob_start, len, &hdr);
	if (s != IMAGE_OK) {
		Print(L"cappsule: monitor image refused: %a\n", monitor_image_status_text(s));
		return EFI_LOAD_ERROR;
	}
	Print(L"cappsule: monitor image %a: %ld bytes, %ld KiB in memory\n",
	      (const char *)monitor_blob_start + hdr.version_offset,
	      hdr.file_size, hdr.memory_size / 1024);
	pages = hdr.memory_size / EFI_PAGE_SIZE;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, pages, &base);
	if (EFI_ERROR(st)) {
		Print(L"cappsule: cannot allocate %ld pages for the monitor: %r\n",
		      pages, st);
		return st;
	}
	s = monitor_image_place(monitor_blob_start, &hdr, (void *)(UINTN)base, base);
	if (s == IMAGE_OK)
		st = run_placed(&hdr, base);
	else
		Print(L"cappsule: monitor image refused: %a\n", monitor_image_status_text(s));
	uefi_call_wrapper(BS->FreePages, 2, base, pages);
	if (s != IMAGE_OK)
		return EFI_LOAD_ERROR;
	if (!EFI_ERROR(st))
		Print(L"cappsule: monitor self-check passed (image placed at 0x%lx and run); "
		      "the monitor does not stay resident yet\n", base);
	return st;
}
