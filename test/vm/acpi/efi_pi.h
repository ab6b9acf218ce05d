/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two firmware protocols gnu-efi 3.0.15 does not declare, written from their
 * specifications:
 *   - EFI_ACPI_TABLE_PROTOCOL (UEFI 2.10, section 20.1), which installs ACPI
 *     tables and lets the firmware build the RSDP and XSDT around them;
 *   - EFI_MP_SERVICES_PROTOCOL (PI 1.8, volume 2, section 13.4), the
 *     firmware's view of the processors and a way to run code on an AP.
 */
#ifndef BOCHS_ACPI_EFI_PI_H
#define BOCHS_ACPI_EFI_PI_H

#include <efi.h>

/* ------------------------------------------------- ACPI table protocol -- */
#define EFI_ACPI_TABLE_PROTOCOL_GUID \
	{ 0xffe06bdd, 0x6107, 0x46a6, { 0x7b, 0xb2, 0x5a, 0x9c, 0x7e, 0xc5, 0x27, 0x5c } }

struct efi_acpi_table_protocol;

typedef EFI_STATUS (EFIAPI *EFI_ACPI_TABLE_INSTALL_ACPI_TABLE)(
	struct efi_acpi_table_protocol *This, VOID *AcpiTableBuffer,
	UINTN AcpiTableBufferSize, UINTN *TableKey);
typedef EFI_STATUS (EFIAPI *EFI_ACPI_TABLE_UNINSTALL_ACPI_TABLE)(
	struct efi_acpi_table_protocol *This, UINTN TableKey);

typedef struct efi_acpi_table_protocol {
	EFI_ACPI_TABLE_INSTALL_ACPI_TABLE InstallAcpiTable;
	EFI_ACPI_TABLE_UNINSTALL_ACPI_TABLE UninstallAcpiTable;
} EFI_ACPI_TABLE_PROTOCOL;

/* -------------------------------------------------- MP services protocol -- */
#define EFI_MP_SERVICES_PROTOCOL_GUID \
	{ 0x3fdda605, 0xa76e, 0x4f46, { 0xad, 0x29, 0x12, 0xf4, 0x53, 0x1b, 0x3d, 0x08 } }

/* EFI_PROCESSOR_INFORMATION.StatusFlag bits */
#define PROCESSOR_AS_BSP_BIT        0x00000001
#define PROCESSOR_ENABLED_BIT       0x00000002
#define PROCESSOR_HEALTH_STATUS_BIT 0x00000004

typedef struct {
	UINT32 Package;
	UINT32 Core;
	UINT32 Thread;
} EFI_CPU_PHYSICAL_LOCATION;

/* PI 1.7 added this union; it is only written when the caller sets
 * CPU_V2_EXTENDED_TOPOLOGY in ProcessorNumber, but a firmware built against
 * the newer headers may assume the buffer is that large, so it is declared. */
typedef struct {
	UINT32 Package;
	UINT32 Module;
	UINT32 Tile;
	UINT32 Die;
	UINT32 Core;
	UINT32 Thread;
} EFI_CPU_PHYSICAL_LOCATION2;

typedef struct {
	UINT64 ProcessorId;            /* the local APIC ID on x86 */
	UINT32 StatusFlag;
	EFI_CPU_PHYSICAL_LOCATION Location;
	union {
		EFI_CPU_PHYSICAL_LOCATION2 Location2;
	} ExtendedInformation;
} EFI_PROCESSOR_INFORMATION;

/* Runs on the AP: no boot services may be called from it. */
typedef VOID (EFIAPI *EFI_AP_PROCEDURE)(VOID *ProcedureArgument);

struct efi_mp_services_protocol;
typedef struct efi_mp_services_protocol EFI_MP_SERVICES_PROTOCOL;

typedef EFI_STATUS (EFIAPI *EFI_MP_SERVICES_GET_NUMBER_OF_PROCESSORS)(
	EFI_MP_SERVICES_PROTOCOL *This, UINTN *NumberOfProcessors,
	UINTN *NumberOfEnabledProcessors);
typedef EFI_STATUS (EFIAPI *EFI_MP_SERVICES_GET_PROCESSOR_INFO)(
	EFI_MP_SERVICES_PROTOCOL *This, UINTN ProcessorNumber,
	EFI_PROCESSOR_INFORMATION *ProcessorInfoBuffer);
typedef EFI_STATUS (EFIAPI *EFI_MP_SERVICES_STARTUP_ALL_APS)(
	EFI_MP_SERVICES_PROTOCOL *This, EFI_AP_PROCEDURE Procedure,
	BOOLEAN SingleThread, EFI_EVENT WaitEvent, UINTN TimeoutInMicroSeconds,
	VOID *ProcedureArgument, UINTN **FailedCpuList);
typedef EFI_STATUS (EFIAPI *EFI_MP_SERVICES_STARTUP_THIS_AP)(
	EFI_MP_SERVICES_PROTOCOL *This, EFI_AP_PROCEDURE Procedure,
	UINTN ProcessorNumber, EFI_EVENT WaitEvent, UINTN TimeoutInMicroseconds,
	VOID *ProcedureArgument, BOOLEAN *Finished);
typedef EFI_STATUS (EFIAPI *EFI_MP_SERVICES_SWITCH_BSP)(
	EFI_MP_SERVICES_PROTOCOL *This, UINTN ProcessorNumber, BOOLEAN EnableOldBSP);
typedef EFI_STATUS (EFIAPI *EFI_MP_SERVICES_ENABLEDISABLEAP)(
	EFI_MP_SERVICES_PROTOCOL *This, UINTN ProcessorNumber, BOOLEAN EnableAP,
	UINT32 *HealthFlag);
typedef EFI_STATUS (EFIAPI *EFI_MP_SERVICES_WHOAMI)(
	EFI_MP_SERVICES_PROTOCOL *This, UINTN *ProcessorNumber);

struct efi_mp_services_protocol {
	EFI_MP_SERVICES_GET_NUMBER_OF_PROCESSORS GetNumberOfProcessors;
	EFI_MP_SERVICES_GET_PROCESSOR_INFO GetProcessorInfo;
	EFI_MP_SERVICES_STARTUP_ALL_APS StartupAllAPs;
	EFI_MP_SERVICES_STARTUP_THIS_AP StartupThisAP;
	EFI_MP_SERVICES_SWITCH_BSP SwitchBSP;
	EFI_MP_SERVICES_ENABLEDISABLEAP EnableDisableAP;
	EFI_MP_SERVICES_WHOAMI WhoAmI;
};

#endif /* BOCHS_ACPI_EFI_PI_H */
