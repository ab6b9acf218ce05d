// SPDX-License-Identifier: GPL-2.0-only
/* Placing and launching the embedded monitor (see monitor_start.h). */
#include <efi.h>
#include <efilib.h>

#include "efi/monitor_image.h"
#include "efi/monitor_start.h"
#include "efi/mp_services.h"
#include "efi/ram_collect.h"
#include "vmx/cpu_hw.h"
#include "vmx/hypercall_abi.h"
#include "vmx/msr.h"

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

#define AP_START_TIMEOUT_US 5000000

struct ap_job {
	uint64_t entry;
	struct monitor_boot_info info;
	uint64_t result;
};

/* Runs on the AP, in the firmware's MP services: becomes a guest here. */
static VOID EFIAPI ap_procedure(VOID *arg)
{
	struct ap_job *job = arg;

	job->result = monitor_launch(job->entry, &job->info);
}

/*
 * Starts the monitor on every other processor the firmware knows, one at a
 * time (they share the monitor's boot stack). Returns how many started.
 * Without MP services the machine is taken to have one CPU.
 */
static unsigned start_aps(uint64_t entry, const struct monitor_boot_info *bsp)
{
	static EFI_GUID mp_guid = EFI_MP_SERVICES_PROTOCOL_GUID;
	EFI_MP_SERVICES_PROTOCOL *mp;
	UINTN n = 1, enabled = 1, self = 0, i;
	unsigned started = 0;
	struct ap_job job;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->LocateProtocol, 3, &mp_guid, NULL, (VOID **)&mp);
	if (EFI_ERROR(st)) {
		Print(L"cappsule: no MP services protocol (%r): one CPU\n", st);
		return 0;
	}
	uefi_call_wrapper(mp->GetNumberOfProcessors, 3, mp, &n, &enabled);
	uefi_call_wrapper(mp->WhoAmI, 2, mp, &self);
	Print(L"cappsule: the firmware reports %ld processor(s), %ld enabled\n", n, enabled);
	for (i = 0; i < n; i++) {
		if (i == self)
			continue;
		job = (struct ap_job){ .entry = entry, .info = *bsp, .result = MONITOR_RESULT_COUNT };
		job.info.cpu_index = 1 + started;
		st = uefi_call_wrapper(mp->StartupThisAP, 7, mp, ap_procedure, i, NULL,
				       AP_START_TIMEOUT_US, &job, NULL);
		if (EFI_ERROR(st) || job.result != MONITOR_OK) {
			Print(L"cappsule: processor %ld: the monitor did not start: %a (%r)\n",
			      i, describe(job.result), st);
			continue;
		}
		started++;
	}
	return started;
}

bool monitor_already_running(void)
{
	struct cpuid_regs r;

	if (!(hw_cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR))
		return false;
	r = hw_cpuid(CAPPSULE_CPUID_LEAF_SIGNATURE, 0);
	return r.ebx == CAPPSULE_CPUID_SIGNATURE_EBX && r.ecx == CAPPSULE_CPUID_SIGNATURE_ECX &&
	       r.edx == CAPPSULE_CPUID_SIGNATURE_EDX;
}

EFI_STATUS monitor_start(bool smp, const char **why_not, uint64_t *mon_base,
			 uint64_t *mon_size, unsigned *cpus)
{
	struct monitor_image_header hdr;
	struct monitor_boot_info info;
	static struct ram_map ram; /* read by the monitor during its start */
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
	if (!EFI_ERROR(ram_collect(&ram))) {
		info.ram_ranges = (uint64_t)(UINTN)ram.range;
		info.ram_range_count = ram.count;
	}
	r = monitor_launch(base + hdr.entry_offset, &info);
	if (r != MONITOR_OK) {
		Print(L"cappsule: the monitor did not start: %a\n", describe(r));
		*why_not = describe(r);
		uefi_call_wrapper(BS->FreePages, 2, base, hdr.memory_size / EFI_PAGE_SIZE);
		return EFI_LOAD_ERROR;
	}
	Print(L"cappsule: monitor running; this CPU continues as its guest\n");
	*cpus = 1 + (smp ? start_aps(base + hdr.entry_offset, &info) : 0);
	Print(L"cappsule: monitor running on %d CPU(s)\n", *cpus);
	*mon_base = base;
	*mon_size = hdr.memory_size;
	return EFI_SUCCESS;
}
