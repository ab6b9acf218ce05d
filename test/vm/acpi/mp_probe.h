/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Asks the firmware's MP services how many CPUs it found and what their APIC
 * IDs are, and checks that it can run a function on an AP (the way
 * cappsule.efi would start the monitor on every CPU). Reports on the console.
 */
#ifndef BOCHS_ACPI_MP_PROBE_H
#define BOCHS_ACPI_MP_PROBE_H

#include <efi.h>

#include "acpi_build.h"

struct mp_probe {
	BOOLEAN present;            /* EFI_MP_SERVICES_PROTOCOL located */
	UINTN total, enabled;       /* GetNumberOfProcessors */
	unsigned listed;            /* enabled CPUs whose APIC ID is below */
	UINT8 apic_id[ACPI_MAX_CPUS];   /* BSP first */
};

void mp_probe_run(struct mp_probe *mp);

#endif /* BOCHS_ACPI_MP_PROBE_H */
