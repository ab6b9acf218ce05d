// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two ways to publish, both from the UEFI specification:
 *   protocol: InstallAcpiTable() copies each table into firmware-owned ACPI
 *             memory and maintains the RSDP/XSDT (and the FADT's DSDT and
 *             FACS links) itself; our RSDP and XSDT are not used.
 *   config:   our own tables, in ACPI reclaim memory (FACS in ACPI NVS, as
 *             the spec asks), found through our RSDP in the configuration
 *             table. Needs nothing from the firmware but boot services.
 */
#include <efi.h>
#include <efilib.h>

#include "acpi_install.h"
#include "efi_pi.h"

static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;
static EFI_GUID acpi_table_protocol_guid = EFI_ACPI_TABLE_PROTOCOL_GUID;

VOID *acpi_find_rsdp(void)
{
	UINTN i;

	for (i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];

		if (!CompareGuid(&t->VendorGuid, &acpi20_guid) ||
		    !CompareGuid(&t->VendorGuid, &acpi10_guid))
			return t->VendorTable;
	}
	return NULL;
}

static EFI_STATUS install_one(EFI_ACPI_TABLE_PROTOCOL *proto, VOID *table,
			      UINT32 len, const char *name)
{
	EFI_STATUS st;
	UINTN key;

	st = uefi_call_wrapper(proto->InstallAcpiTable, 4, proto, table,
			       (UINTN)len, &key);
	if (EFI_ERROR(st))
		Print(L"bochs-acpi: InstallAcpiTable(%a): %r\n", name, st);
	return st;
}

static EFI_STATUS by_protocol(EFI_ACPI_TABLE_PROTOCOL *proto,
			      const struct acpi_machine *m)
{
	UINTN size = acpi_build_size(m->cpu_count);
	struct acpi_set s;
	EFI_STATUS st;
	UINT8 *buf;

	/* Scratch copies: the protocol copies what it installs. */
	st = uefi_call_wrapper(BS->AllocatePool, 3, EfiBootServicesData,
			       size + sizeof(*s.facs) + ACPI_FACS_ALIGN, (VOID **)&buf);
	if (EFI_ERROR(st))
		return st;
	s.facs = (VOID *)(((UINTN)buf + size + ACPI_FACS_ALIGN - 1) &
			  ~(UINTN)(ACPI_FACS_ALIGN - 1));
	acpi_build(m, buf, s.facs, &s);
	/* FACS and DSDT first: installing the FADT links whatever is there. */
	st = install_one(proto, s.facs, s.facs->Length, "FACS");
	if (!EFI_ERROR(st))
		st = install_one(proto, s.dsdt, s.dsdt->Length, "DSDT");
	if (!EFI_ERROR(st))
		st = install_one(proto, s.fadt, s.fadt->Header.Length, "FADT");
	if (!EFI_ERROR(st))
		st = install_one(proto, s.madt, s.madt->Header.Length, "MADT");
	FreePool(buf);
	return st;
}

static EFI_STATUS by_config_table(const struct acpi_machine *m)
{
	UINTN pages = EFI_SIZE_TO_PAGES(acpi_build_size(m->cpu_count));
	EFI_PHYSICAL_ADDRESS tables, facs;
	struct acpi_set s;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiACPIReclaimMemory, pages, &tables);
	if (EFI_ERROR(st))
		return st;
	/* A page is aligned well beyond the FACS's 64 bytes. */
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiACPIMemoryNVS, (UINTN)1, &facs);
	if (EFI_ERROR(st)) {
		uefi_call_wrapper(BS->FreePages, 2, tables, pages);
		return st;
	}
	acpi_build(m, (VOID *)(UINTN)tables, (VOID *)(UINTN)facs, &s);
	st = uefi_call_wrapper(BS->InstallConfigurationTable, 2, &acpi20_guid,
			       (VOID *)s.rsdp);
	if (EFI_ERROR(st)) {
		Print(L"bochs-acpi: InstallConfigurationTable(ACPI 2.0): %r\n", st);
		uefi_call_wrapper(BS->FreePages, 2, facs, (UINTN)1);
		uefi_call_wrapper(BS->FreePages, 2, tables, pages);
	}
	return st;
}

EFI_STATUS acpi_install(const struct acpi_machine *m, enum install_method how)
{
	EFI_ACPI_TABLE_PROTOCOL *proto = NULL;
	EFI_STATUS st;

	if (how != INSTALL_CONFIG_TABLE) {
		st = LibLocateProtocol(&acpi_table_protocol_guid, (VOID **)&proto);
		Print(L"bochs-acpi: EFI_ACPI_TABLE_PROTOCOL: %r\n", st);
		if (EFI_ERROR(st) && how == INSTALL_PROTOCOL)
			return st;
		if (EFI_ERROR(st))
			proto = NULL;
	}
	if (proto) {
		Print(L"bochs-acpi: installing tables with InstallAcpiTable\n");
		st = by_protocol(proto, m);
	} else {
		Print(L"bochs-acpi: installing our RSDP in the configuration table\n");
		st = by_config_table(m);
	}
	if (!EFI_ERROR(st))
		Print(L"bochs-acpi: ACPI tables published, RSDP at 0x%lx\n",
		      (UINT64)(UINTN)acpi_find_rsdp());
	return st;
}
