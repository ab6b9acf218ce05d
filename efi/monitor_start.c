// SPDX-License-Identifier: GPL-2.0-only
/* Placing and launching the embedded monitor (see monitor_start.h). */
#include <efi.h>
#include <efilib.h>

#include "efi/monitor_image.h"
#include "efi/monitor_start.h"

#define COM1_PORT 0x3f8 /* the UART OVMF and Linux's console=ttyS0 use */

extern const uint8_t monitor_blob_start[], monitor_blob_end[];
uint64_t monitor_launch(uint64_t entry, struct monitor_boot_info *info);

static const char *const result_text[MONITOR_RESULT_COUNT] = {
	[MONITOR_OK] = "running",
	[MONITOR_BAD_ABI] = "boot ABI mismatch between loader and monitor",
	[MONITOR_VMX_UNUSABLE] = "VMX not usable on this CPU",
	[MONITOR_CONTROLS_UNSUPPORTED] = "required VMX controls not supported",
	[MONITOR_EPT_FAILED] = "host EPT could not be built",
	[MONITOR_VMXON_FAILED] = "VMXON failed",
	[MONITOR_VMCS_FAILED] = "VMCS set-up failed",
	[MONITOR_VMLAUNCH_FAILED] = "VMLAUNCH failed",
	[MONITOR_TOO_MANY_CPUS] = "more CPUs than the monitor supports",
};

static const char *describe(uint64_t r)
{
	return r < MONITOR_RESULT_COUNT ? result_text[r] : "unknown error";
}

static EFI_STATUS place(struct monitor_image_header *hdr, EFI_PHYSICAL_ADDRESS *base,
			const char **why_not)
{
	UINTN len = (UINTN)(monitor_blob_end - monitor_blob_start);
	enum monitor_image_status s;
	EFI_STATUS st;

	s = monitor_image_check(monitor_blob_start, len, hdr);
	if (s != IMAGE_OK) {
		Print(L"cappsule: monitor image refused: %a\n", monitor_image_status_text(s));
		*why_not = monitor_image_status_text(s);
		return EFI_LOAD_ERROR;
	}
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiReservedMemoryType, hdr->memory_size / EFI_PAGE_SIZE, base);
	if (EFI_ERROR(st)) {
		Print(L"cappsule: cannot reserve %ld KiB for the monitor: %r\n",
		      hdr->memory_size / 1024, st);
		*why_not = "cannot reserve memory for the monitor";
		return st;
	}
	s = monitor_image_place(monitor_blob_start, hdr, (void *)(UINTN)*base, *base);
	if (s != IMAGE_OK) {
		Print(L"cappsule: monitor image refused: %a\n", monitor_image_status_text(s));
		*why_not = monitor_image_status_text(s);
		uefi_call_wrapper(BS->FreePages, 2, *base, hdr->memory_size / EFI_PAGE_SIZE);
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

EFI_STATUS monitor_start(const char **why_not, uint64_t *mon_base, uint64_t *mon_size)
{
	struct monitor_image_header hdr;
	struct monitor_boot_info info;
	EFI_PHYSICAL_ADDRESS base;
	EFI_STATUS st;
	uint64_t r;

	st = place(&hdr, &base, why_not);
	if (EFI_ERROR(st))
		return st;
	Print(L"cappsule: monitor image %a: %ld KiB reserved at 0x%lx\n",
	      (const char *)(UINTN)base + hdr.version_offset, hdr.memory_size / 1024, base);
	info = (struct monitor_boot_info){
		.boot_abi = MONITOR_BOOT_ABI,
		.cpu_index = 0,
		.image_base = base,
		.memory_size = hdr.memory_size,
		.serial_port = COM1_PORT,
	};
	r = monitor_launch(base + hdr.entry_offset, &info);
	if (r != MONITOR_OK) {
		Print(L"cappsule: the monitor did not start: %a\n", describe(r));
		*why_not = describe(r);
		uefi_call_wrapper(BS->FreePages, 2, base, hdr.memory_size / EFI_PAGE_SIZE);
		return EFI_LOAD_ERROR;
	}
	Print(L"cappsule: monitor running; this CPU continues as its guest\n");
	*mon_base = base;
	*mon_size = hdr.memory_size;
	return EFI_SUCCESS;
}
