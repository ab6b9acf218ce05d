/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Publishes the tables for the OS: through the firmware's ACPI table
 * protocol, or by putting our own RSDP in the EFI configuration table (where
 * Linux's EFI stub looks for it).
 */
#ifndef BOCHS_ACPI_INSTALL_H
#define BOCHS_ACPI_INSTALL_H

#include <efi.h>

#include "acpi_build.h"
#include "options.h"

/* An RSDP the firmware already publishes, or NULL. */
VOID *acpi_find_rsdp(void);

/* Builds the tables for m and publishes them the way how says. */
EFI_STATUS acpi_install(const struct acpi_machine *m, enum install_method how);

#endif /* BOCHS_ACPI_INSTALL_H */
