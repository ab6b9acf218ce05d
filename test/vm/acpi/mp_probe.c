// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every line starts with "bochs-acpi: mp:" so a test can grep the serial log
 * for what the firmware said.
 */
#include <efi.h>
#include <efilib.h>

#include "efi_pi.h"
#include "mp_probe.h"

#define AP_PROBE_TIMEOUT_US 2000000  /* firmware time; the AP needs far less */
#define CPUID_LEAF_FEATURES 1
#define CPUID_EBX_APIC_ID_SHIFT 24   /* initial APIC ID in EBX[31:24] */
#define XAPIC_ID_MAX 0xfe            /* 0xff is broadcast; above needs x2APIC */

static EFI_GUID mp_services_guid = EFI_MP_SERVICES_PROTOCOL_GUID;

/* Written by the AP, read by the BSP after StartupThisAP returns. */
struct ap_result {
	volatile UINT32 ran;
	volatile UINT32 apic_id;
};

static UINT32 this_apic_id(void)
{
	UINT32 a = CPUID_LEAF_FEATURES, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return b >> CPUID_EBX_APIC_ID_SHIFT;
}

/* Runs on the AP: touches nothing but its argument (no boot services). */
static VOID EFIAPI ap_probe(VOID *arg)
{
	struct ap_result *r = arg;

	r->apic_id = this_apic_id();
	r->ran = 1;
}

static void list_processors(EFI_MP_SERVICES_PROTOCOL *mps, struct mp_probe *mp,
			    UINTN *first_ap)
{
	EFI_PROCESSOR_INFORMATION info;
	EFI_STATUS st;
	UINTN i;

	*first_ap = mp->total;
	for (i = 0; i < mp->total; i++) {
		BOOLEAN bsp, enabled;

		st = uefi_call_wrapper(mps->GetProcessorInfo, 3, mps, i, &info);
		if (EFI_ERROR(st)) {
			Print(L"bochs-acpi: mp: GetProcessorInfo(%d): %r\n", (UINT32)i, st);
			continue;
		}
		bsp = (info.StatusFlag & PROCESSOR_AS_BSP_BIT) != 0;
		enabled = (info.StatusFlag & PROCESSOR_ENABLED_BIT) != 0;
		Print(L"bochs-acpi: mp: processor %d: APIC ID %d, %a%a%a\n", (UINT32)i,
		      (UINT32)info.ProcessorId, bsp ? "BSP" : "AP",
		      enabled ? ", enabled" : ", disabled",
		      info.StatusFlag & PROCESSOR_HEALTH_STATUS_BIT ? ", healthy" : "");
		if (!enabled || mp->listed >= ACPI_MAX_CPUS)
			continue;
		if (info.ProcessorId > XAPIC_ID_MAX) {
			Print(L"bochs-acpi: mp: APIC ID %d needs x2APIC, not listed\n",
			      (UINT32)info.ProcessorId);
			continue;
		}
		if (!bsp && *first_ap == mp->total)
			*first_ap = i;
		/* The BSP goes first in the MADT, as firmware tables do. */
		if (bsp && mp->listed) {
			mp->apic_id[mp->listed++] = mp->apic_id[0];
			mp->apic_id[0] = (UINT8)info.ProcessorId;
		} else {
			mp->apic_id[mp->listed++] = (UINT8)info.ProcessorId;
		}
	}
}

static void try_ap(EFI_MP_SERVICES_PROTOCOL *mps, UINTN ap)
{
	/* Static, not on our stack: after a timeout the AP might still write. */
	static struct ap_result r;
	EFI_STATUS st;

	/* Blocking mode (no WaitEvent): returns when the AP is done. */
	r.ran = 0;
	r.apic_id = 0;
	st = uefi_call_wrapper(mps->StartupThisAP, 7, mps, ap_probe, ap, NULL,
			       (UINTN)AP_PROBE_TIMEOUT_US, &r, NULL);
	Print(L"bochs-acpi: mp: StartupThisAP(processor %d): %r, ran=%d, "
	      L"APIC ID seen on the AP=%d\n", (UINT32)ap, st, r.ran, r.apic_id);
}

void mp_probe_run(struct mp_probe *mp)
{
	EFI_MP_SERVICES_PROTOCOL *mps;
	EFI_STATUS st;
	UINTN me = 0, first_ap;

	mp->present = FALSE;
	mp->total = mp->enabled = 0;
	mp->listed = 0;
	st = LibLocateProtocol(&mp_services_guid, (VOID **)&mps);
	if (EFI_ERROR(st)) {
		Print(L"bochs-acpi: mp: no EFI_MP_SERVICES_PROTOCOL: %r\n", st);
		return;
	}
	st = uefi_call_wrapper(mps->GetNumberOfProcessors, 3, mps, &mp->total,
			       &mp->enabled);
	if (EFI_ERROR(st)) {
		Print(L"bochs-acpi: mp: GetNumberOfProcessors: %r\n", st);
		return;
	}
	mp->present = TRUE;
	st = uefi_call_wrapper(mps->WhoAmI, 2, mps, &me);
	Print(L"bochs-acpi: mp: GetNumberOfProcessors: %d total, %d enabled; "
	      L"WhoAmI: %r, processor %d (BSP APIC ID %d)\n", (UINT32)mp->total,
	      (UINT32)mp->enabled, st, (UINT32)me, this_apic_id());
	list_processors(mps, mp, &first_ap);
	if (first_ap < mp->total)
		try_ap(mps, first_ap);
	else
		Print(L"bochs-acpi: mp: no enabled AP to run a function on\n");
}
