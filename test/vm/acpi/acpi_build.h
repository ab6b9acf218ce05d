/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Builds the ACPI tables of the Bochs i440fx PC: RSDP, XSDT, FADT, DSDT,
 * FACS and MADT, checksums included. Pure code (no firmware calls) so that a
 * host test can build and check the same bytes.
 */
#ifndef BOCHS_ACPI_BUILD_H
#define BOCHS_ACPI_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "acpi_tables.h"

/* xAPIC IDs are 8-bit and the I/O APIC takes the ID after the last CPU's;
 * far more than any Bochs test machine needs. */
#define ACPI_MAX_CPUS 64

struct acpi_machine {
	unsigned cpu_count;               /* 1..ACPI_MAX_CPUS */
	uint8_t apic_id[ACPI_MAX_CPUS];   /* local APIC ID of each CPU, BSP first */
	uint8_t io_apic_id;
	uint16_t pm_io_base;              /* PIIX4 PM I/O block (PMBA) */
	uint8_t sci_irq;                  /* ISA IRQ the SCI is wired to */
};

/* Where each table ended up. */
struct acpi_set {
	struct acpi_rsdp *rsdp;
	struct acpi_xsdt *xsdt;
	struct acpi_fadt *fadt;
	struct acpi_header *dsdt;
	struct acpi_madt *madt;
	struct acpi_facs *facs;
};

/* Bytes acpi_build() needs in buf for this many CPUs (everything but FACS). */
size_t acpi_build_size(unsigned cpu_count);

/*
 * Writes all tables but the FACS into buf, the FACS into *facs (which must be
 * ACPI_FACS_ALIGN aligned), links them by address and checksums them. The
 * tables point at each other by the buffers' addresses, which are physical
 * addresses under UEFI (identity-mapped).
 */
void acpi_build(const struct acpi_machine *m, void *buf, struct acpi_facs *facs,
		struct acpi_set *out);

/* The byte that makes p[0..n) sum to zero when stored in a zeroed slot. */
uint8_t acpi_checksum(const void *p, size_t n);

#endif /* BOCHS_ACPI_BUILD_H */
