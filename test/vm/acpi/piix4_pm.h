/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The power-management function of the PIIX4 south bridge (PCI 00:01.3) that
 * Bochs emulates on its i440fx board. Its I/O block holds the ACPI fixed
 * hardware (PM1 event and control registers, PM timer) the FADT points at.
 * The firmware chooses the block's address (OVMF programs PMBA and uses the
 * PM timer itself), so it is read back from the device, not assumed.
 */
#ifndef BOCHS_ACPI_PIIX4_PM_H
#define BOCHS_ACPI_PIIX4_PM_H

#include <stdbool.h>
#include <stdint.h>

/* Registers in the PM I/O block, offsets from PMBA (PIIX4 datasheet 7.2) */
#define PIIX4_PMSTS   0x00  /* PM1 status + enable: the PM1a event block */
#define PIIX4_PMCNTRL 0x04  /* PM1 control: the PM1a control block */
#define PIIX4_PMTMR   0x08  /* 24-bit, 3.579545 MHz PM timer */
#define PIIX4_PM1_EVT_LEN 4 /* PMSTS (2 bytes) + PMEN (2 bytes) */
#define PIIX4_PM1_CNT_LEN 2
#define PIIX4_PM_TMR_LEN  4

struct piix4_pm {
	uint16_t io_base;     /* PMBA */
	uint8_t sci_irq;      /* ISA IRQ of the SCI (the function's interrupt line) */
};

/* Fills *pm and returns NULL, or returns why the PM function is unusable. */
const char *piix4_pm_find(struct piix4_pm *pm);

#endif /* BOCHS_ACPI_PIIX4_PM_H */
