// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads the PIIX4 PM function's configuration through PCI configuration
 * mechanism #1 (ports 0xCF8/0xCFC). The firmware's PCI I/O protocols would do
 * too, but they need the device bound first; the i440fx host bridge always
 * decodes mechanism #1, and this runs single-threaded before the OS.
 */
#include "piix4_pm.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc
#define PCI_CONFIG_ENABLE  0x80000000u

#define PCI_VENDOR_DEVICE  0x00  /* vendor in the low 16 bits, device above */
#define PCI_INTERRUPT_LINE 0x3c  /* low byte: ISA IRQ the firmware routed */
#define PCI_IRQ_LINE_MAX   15    /* above: unknown / not connected */

#define PIIX4_PM_BUS      0
#define PIIX4_PM_DEV      1
#define PIIX4_PM_FN       3
#define PIIX4_PM_ID       0x71138086u  /* Intel 82371AB PIIX4 ACPI */
#define PIIX4_PMBA        0x40         /* PM base address register */
#define PIIX4_PMBA_MASK   0xffc0       /* 64-byte I/O block */
#define PIIX4_PMREGMISC   0x80
#define PIIX4_PMIOSE      0x01         /* PM I/O space enable */

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint32_t pci_read32(unsigned bus, unsigned dev, unsigned fn, unsigned reg)
{
	outl(PCI_CONFIG_ADDRESS, PCI_CONFIG_ENABLE | bus << 16 | dev << 11 |
				 fn << 8 | (reg & 0xfc));
	return inl(PCI_CONFIG_DATA);
}

static uint32_t pm_read32(unsigned reg)
{
	return pci_read32(PIIX4_PM_BUS, PIIX4_PM_DEV, PIIX4_PM_FN, reg);
}

const char *piix4_pm_find(struct piix4_pm *pm)
{
	uint32_t irq;

	if (pm_read32(PCI_VENDOR_DEVICE) != PIIX4_PM_ID)
		return "no PIIX4 PM function (8086:7113) at PCI 00:01.3";
	if (!(pm_read32(PIIX4_PMREGMISC) & PIIX4_PMIOSE))
		return "PIIX4 PM I/O space is not enabled (PMREGMISC.PMIOSE=0)";
	pm->io_base = (uint16_t)(pm_read32(PIIX4_PMBA) & PIIX4_PMBA_MASK);
	if (!pm->io_base)
		return "PIIX4 PM base address (PMBA) is not programmed";
	irq = pm_read32(PCI_INTERRUPT_LINE) & 0xff;
	if (irq == 0 || irq > PCI_IRQ_LINE_MAX)
		return "PIIX4 PM interrupt line (SCI) is not programmed";
	pm->sci_irq = (uint8_t)irq;
	return 0;
}
