/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Layouts of the ACPI tables bochs-acpi.efi builds, field names as in the
 * ACPI 6.3 specification (chapter 5.2). Byte-packed because the tables are
 * byte-packed; the offset checks below catch any field typed with the wrong
 * size. Pure header (no firmware types) so host tests can use it.
 */
#ifndef BOCHS_ACPI_TABLES_H
#define BOCHS_ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_PACKED __attribute__((packed))

/* 5.2.5.3 Root System Description Pointer, ACPI 2.0+ form */
#define ACPI_RSDP_SIGNATURE "RSD PTR "
#define ACPI_RSDP_REVISION_2 2       /* has Length, XsdtAddress, Extended Checksum */
#define ACPI_RSDP_V1_LENGTH 20       /* bytes the first Checksum covers */
struct acpi_rsdp {
	char Signature[8];
	uint8_t Checksum;
	char OEMID[6];
	uint8_t Revision;
	uint32_t RsdtAddress;
	uint32_t Length;
	uint64_t XsdtAddress;
	uint8_t ExtendedChecksum;
	uint8_t Reserved[3];
} ACPI_PACKED;

/* 5.2.6 System Description Table Header */
struct acpi_header {
	char Signature[4];
	uint32_t Length;
	uint8_t Revision;
	uint8_t Checksum;
	char OEMID[6];
	char OEMTableID[8];
	uint32_t OEMRevision;
	char CreatorID[4];
	uint32_t CreatorRevision;
} ACPI_PACKED;

/* 5.2.8 Extended System Description Table */
#define ACPI_XSDT_SIGNATURE "XSDT"
#define ACPI_XSDT_REVISION 1
struct acpi_xsdt {
	struct acpi_header Header;
	uint64_t Entry[];
} ACPI_PACKED;

/* 5.2.3.2 Generic Address Structure */
#define ACPI_GAS_SYSTEM_IO 1
struct acpi_gas {
	uint8_t AddressSpaceID;
	uint8_t RegisterBitWidth;
	uint8_t RegisterBitOffset;
	uint8_t AccessSize;
	uint64_t Address;
} ACPI_PACKED;

/* 5.2.9 Fixed ACPI Description Table, revision 6 (ACPI 6.x) */
#define ACPI_FADT_SIGNATURE "FACP"
#define ACPI_FADT_REVISION 6
#define ACPI_FADT_MINOR_VERSION 3
/* Flags */
#define ACPI_FADT_WBINVD        (1u << 0)
#define ACPI_FADT_PROC_C1       (1u << 2)
#define ACPI_FADT_PWR_BUTTON    (1u << 4)  /* 1: no fixed-feature power button */
#define ACPI_FADT_SLP_BUTTON    (1u << 5)  /* 1: no fixed-feature sleep button */
#define ACPI_FADT_RESET_REG_SUP (1u << 10)
/* IAPC_BOOT_ARCH */
#define ACPI_IAPC_LEGACY_DEVICES (1u << 0)
#define ACPI_IAPC_8042           (1u << 1)
/* P_LVLx_LAT values above these limits mean "C2/C3 not supported" */
#define ACPI_P_LVL2_LAT_NONE 101
#define ACPI_P_LVL3_LAT_NONE 1001
struct acpi_fadt {
	struct acpi_header Header;
	uint32_t FIRMWARE_CTRL;
	uint32_t DSDT;
	uint8_t Reserved0;
	uint8_t Preferred_PM_Profile;
	uint16_t SCI_INT;
	uint32_t SMI_CMD;
	uint8_t ACPI_ENABLE;
	uint8_t ACPI_DISABLE;
	uint8_t S4BIOS_REQ;
	uint8_t PSTATE_CNT;
	uint32_t PM1a_EVT_BLK;
	uint32_t PM1b_EVT_BLK;
	uint32_t PM1a_CNT_BLK;
	uint32_t PM1b_CNT_BLK;
	uint32_t PM2_CNT_BLK;
	uint32_t PM_TMR_BLK;
	uint32_t GPE0_BLK;
	uint32_t GPE1_BLK;
	uint8_t PM1_EVT_LEN;
	uint8_t PM1_CNT_LEN;
	uint8_t PM2_CNT_LEN;
	uint8_t PM_TMR_LEN;
	uint8_t GPE0_BLK_LEN;
	uint8_t GPE1_BLK_LEN;
	uint8_t GPE1_BASE;
	uint8_t CST_CNT;
	uint16_t P_LVL2_LAT;
	uint16_t P_LVL3_LAT;
	uint16_t FLUSH_SIZE;
	uint16_t FLUSH_STRIDE;
	uint8_t DUTY_OFFSET;
	uint8_t DUTY_WIDTH;
	uint8_t DAY_ALRM;
	uint8_t MON_ALRM;
	uint8_t CENTURY;
	uint16_t IAPC_BOOT_ARCH;
	uint8_t Reserved1;
	uint32_t Flags;
	struct acpi_gas RESET_REG;
	uint8_t RESET_VALUE;
	uint16_t ARM_BOOT_ARCH;
	uint8_t FADT_Minor_Version;
	uint64_t X_FIRMWARE_CTRL;
	uint64_t X_DSDT;
	struct acpi_gas X_PM1a_EVT_BLK;
	struct acpi_gas X_PM1b_EVT_BLK;
	struct acpi_gas X_PM1a_CNT_BLK;
	struct acpi_gas X_PM1b_CNT_BLK;
	struct acpi_gas X_PM2_CNT_BLK;
	struct acpi_gas X_PM_TMR_BLK;
	struct acpi_gas X_GPE0_BLK;
	struct acpi_gas X_GPE1_BLK;
	struct acpi_gas SLEEP_CONTROL_REG;
	struct acpi_gas SLEEP_STATUS_REG;
	uint64_t Hypervisor_Vendor_Identity;
} ACPI_PACKED;

/* 5.2.10 Firmware ACPI Control Structure (no checksum, 64-byte aligned) */
#define ACPI_FACS_SIGNATURE "FACS"
#define ACPI_FACS_VERSION 2
#define ACPI_FACS_ALIGN 64
struct acpi_facs {
	char Signature[4];
	uint32_t Length;
	uint32_t Hardware_Signature;
	uint32_t Firmware_Waking_Vector;
	uint32_t Global_Lock;
	uint32_t Flags;
	uint64_t X_Firmware_Waking_Vector;
	uint8_t Version;
	uint8_t Reserved0[3];
	uint32_t OSPM_Flags;
	uint8_t Reserved1[24];
} ACPI_PACKED;

/* 5.2.11.1 Differentiated System Description Table: header + AML */
#define ACPI_DSDT_SIGNATURE "DSDT"
#define ACPI_DSDT_REVISION 2         /* 2: AML integers are 64-bit */

/* 5.2.12 Multiple APIC Description Table */
#define ACPI_MADT_SIGNATURE "APIC"
#define ACPI_MADT_REVISION 5
#define ACPI_MADT_PCAT_COMPAT (1u << 0)  /* dual 8259s present: mask them */
struct acpi_madt {
	struct acpi_header Header;
	uint32_t Local_Interrupt_Controller_Address;
	uint32_t Flags;
} ACPI_PACKED;

/* 5.2.12.2 Processor Local APIC Structure */
#define ACPI_MADT_TYPE_LOCAL_APIC 0
#define ACPI_LOCAL_APIC_ENABLED (1u << 0)
struct acpi_madt_local_apic {
	uint8_t Type;
	uint8_t Length;
	uint8_t ACPI_Processor_UID;
	uint8_t APIC_ID;
	uint32_t Flags;
} ACPI_PACKED;

/* 5.2.12.3 I/O APIC Structure */
#define ACPI_MADT_TYPE_IO_APIC 1
struct acpi_madt_io_apic {
	uint8_t Type;
	uint8_t Length;
	uint8_t IO_APIC_ID;
	uint8_t Reserved;
	uint32_t IO_APIC_Address;
	uint32_t Global_System_Interrupt_Base;
} ACPI_PACKED;

/* 5.2.12.5 Interrupt Source Override Structure */
#define ACPI_MADT_TYPE_INTERRUPT_SOURCE_OVERRIDE 2
#define ACPI_ISO_BUS_ISA 0
/* MPS INTI flags (Table 5-50) */
#define ACPI_MPS_INTI_CONFORMS       0x0
#define ACPI_MPS_INTI_POLARITY_HIGH  0x1
#define ACPI_MPS_INTI_TRIGGER_LEVEL  (0x3 << 2)
struct acpi_madt_interrupt_source_override {
	uint8_t Type;
	uint8_t Length;
	uint8_t Bus;
	uint8_t Source;
	uint32_t Global_System_Interrupt;
	uint16_t Flags;
} ACPI_PACKED;

/* Sizes and offsets from the specification's tables. */
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP");
_Static_assert(sizeof(struct acpi_header) == 36, "header");
_Static_assert(sizeof(struct acpi_gas) == 12, "GAS");
_Static_assert(offsetof(struct acpi_fadt, SCI_INT) == 46, "FADT SCI_INT");
_Static_assert(offsetof(struct acpi_fadt, PM_TMR_BLK) == 76, "FADT PM_TMR_BLK");
_Static_assert(offsetof(struct acpi_fadt, IAPC_BOOT_ARCH) == 109, "FADT IAPC_BOOT_ARCH");
_Static_assert(offsetof(struct acpi_fadt, Flags) == 112, "FADT Flags");
_Static_assert(offsetof(struct acpi_fadt, X_FIRMWARE_CTRL) == 132, "FADT X_FIRMWARE_CTRL");
_Static_assert(offsetof(struct acpi_fadt, X_PM_TMR_BLK) == 208, "FADT X_PM_TMR_BLK");
_Static_assert(sizeof(struct acpi_fadt) == 276, "FADT");
_Static_assert(sizeof(struct acpi_facs) == 64, "FACS");
_Static_assert(sizeof(struct acpi_madt) == 44, "MADT");
_Static_assert(sizeof(struct acpi_madt_local_apic) == 8, "MADT local APIC");
_Static_assert(sizeof(struct acpi_madt_io_apic) == 12, "MADT I/O APIC");
_Static_assert(sizeof(struct acpi_madt_interrupt_source_override) == 10, "MADT ISO");

#endif /* BOCHS_ACPI_TABLES_H */
