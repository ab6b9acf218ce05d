// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tables describe only what Linux needs to find every CPU and its
 * interrupt and timer hardware: no PCI host bridge, no devices, no power
 * states beyond soft-off. Without a root bridge in the DSDT, Linux in ACPI
 * mode enumerates no PCI devices; the tests need none (the console is the
 * ISA UART, the root file system the initramfs).
 */
#include "acpi_build.h"
#include "piix4_pm.h"

#define TABLE_ALIGN 16   /* RSDP needs 16; the rest just look tidy in a dump */

#define OEM_ID          "CAPPSL"     /* 6 characters */
#define OEM_TABLE_ID    "BXI440FX"   /* 8 characters */
#define OEM_REVISION    1
#define CREATOR_ID      "CPSL"       /* 4 characters */
#define CREATOR_REVISION 1

/* Fixed addresses of the PC's interrupt controllers */
#define PC_LOCAL_APIC_ADDRESS 0xfee00000u
#define PC_IO_APIC_ADDRESS    0xfec00000u
#define PC_IO_APIC_GSI_BASE   0
/* The PIT raises ISA IRQ 0, which PC boards (Bochs too) wire to I/O APIC
 * pin 2; pin 0 carries the 8259's ExtINT. */
#define PC_PIT_ISA_IRQ        0
#define PC_PIT_GSI            2

#define XSDT_ENTRIES 2           /* FADT, MADT (the FADT links DSDT and FACS) */
#define MADT_OVERRIDES 2         /* PIT, SCI */

/*
 * DSDT body: Name (_S5, Package () { 0, 0 }). Soft-off is SLP_TYP 0 on the
 * PIIX4; with it Linux registers ACPI power-off, and `poweroff -f` reaches
 * the PM1 control register (Bochs treats that as power off).
 */
#define AML_NAME_OP    0x08
#define AML_PACKAGE_OP 0x12
#define AML_ZERO_OP    0x00
static const uint8_t dsdt_aml[] = {
	AML_NAME_OP, '_', 'S', '5', '_',
	AML_PACKAGE_OP,
	0x04,                       /* PkgLength: itself, NumElements, 2 elements */
	0x02,                       /* NumElements */
	AML_ZERO_OP,                /* PM1a_CNT.SLP_TYP */
	AML_ZERO_OP,                /* PM1b_CNT.SLP_TYP */
};

uint8_t acpi_checksum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (n--)
		sum = (uint8_t)(sum + *b++);
	return (uint8_t)(0 - sum);
}

static void put_chars(char *dst, const char *src, size_t n)
{
	while (n--)
		*dst++ = *src++;
}

static void zero(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = 0;
}

static size_t align_up(size_t v)
{
	return (v + TABLE_ALIGN - 1) & ~(size_t)(TABLE_ALIGN - 1);
}

static size_t madt_size(unsigned cpu_count)
{
	return sizeof(struct acpi_madt) +
	       cpu_count * sizeof(struct acpi_madt_local_apic) +
	       sizeof(struct acpi_madt_io_apic) +
	       MADT_OVERRIDES * sizeof(struct acpi_madt_interrupt_source_override);
}

/* Offsets of the tables inside the build buffer, in this order. */
struct layout {
	size_t rsdp, xsdt, fadt, dsdt, madt, end;
};

static struct layout lay_out(unsigned cpu_count)
{
	struct layout l;

	l.rsdp = 0;
	l.xsdt = align_up(l.rsdp + sizeof(struct acpi_rsdp));
	l.fadt = align_up(l.xsdt + sizeof(struct acpi_header) + XSDT_ENTRIES * sizeof(uint64_t));
	l.dsdt = align_up(l.fadt + sizeof(struct acpi_fadt));
	l.madt = align_up(l.dsdt + sizeof(struct acpi_header) + sizeof(dsdt_aml));
	l.end = l.madt + madt_size(cpu_count);
	return l;
}

size_t acpi_build_size(unsigned cpu_count)
{
	return lay_out(cpu_count).end;
}

static void fill_header(struct acpi_header *h, const char *sig, uint32_t len,
			uint8_t rev)
{
	put_chars(h->Signature, sig, sizeof(h->Signature));
	h->Length = len;
	h->Revision = rev;
	put_chars(h->OEMID, OEM_ID, sizeof(h->OEMID));
	put_chars(h->OEMTableID, OEM_TABLE_ID, sizeof(h->OEMTableID));
	h->OEMRevision = OEM_REVISION;
	put_chars(h->CreatorID, CREATOR_ID, sizeof(h->CreatorID));
	h->CreatorRevision = CREATOR_REVISION;
}

static void seal(struct acpi_header *h)
{
	h->Checksum = 0;
	h->Checksum = acpi_checksum(h, h->Length);
}

static void build_facs(struct acpi_facs *f)
{
	zero(f, sizeof(*f));
	put_chars(f->Signature, ACPI_FACS_SIGNATURE, sizeof(f->Signature));
	f->Length = sizeof(*f);
	f->Version = ACPI_FACS_VERSION;
}

static void build_dsdt(struct acpi_header *h)
{
	uint8_t *aml = (uint8_t *)(h + 1);
	size_t i;

	fill_header(h, ACPI_DSDT_SIGNATURE, sizeof(*h) + sizeof(dsdt_aml),
		    ACPI_DSDT_REVISION);
	for (i = 0; i < sizeof(dsdt_aml); i++)
		aml[i] = dsdt_aml[i];
	seal(h);
}

/*
 * The PIIX4's fixed hardware. SMI_CMD stays 0: that tells the OS the machine
 * is always in ACPI mode, so it never writes ACPI_ENABLE to port 0xB2, which
 * on Bochs would raise an SMI that OVMF (built without SMM) cannot handle.
 * Only the 32-bit block fields are set; the OS derives the X_ forms.
 */
static void build_fadt(struct acpi_fadt *f, const struct acpi_machine *m,
		       const struct acpi_header *dsdt, const struct acpi_facs *facs)
{
	fill_header(&f->Header, ACPI_FADT_SIGNATURE, sizeof(*f), ACPI_FADT_REVISION);
	f->FADT_Minor_Version = ACPI_FADT_MINOR_VERSION;
	/* The 64-bit pointers alone: the spec wants FIRMWARE_CTRL zero when
	 * X_FIRMWARE_CTRL is used, and X_DSDT overrides DSDT. */
	f->X_FIRMWARE_CTRL = (uint64_t)(uintptr_t)facs;
	f->X_DSDT = (uint64_t)(uintptr_t)dsdt;
	f->SCI_INT = m->sci_irq;
	f->PM1a_EVT_BLK = m->pm_io_base + PIIX4_PMSTS;
	f->PM1a_CNT_BLK = m->pm_io_base + PIIX4_PMCNTRL;
	f->PM_TMR_BLK = m->pm_io_base + PIIX4_PMTMR;
	f->PM1_EVT_LEN = PIIX4_PM1_EVT_LEN;
	f->PM1_CNT_LEN = PIIX4_PM1_CNT_LEN;
	f->PM_TMR_LEN = PIIX4_PM_TMR_LEN;
	f->P_LVL2_LAT = ACPI_P_LVL2_LAT_NONE;
	f->P_LVL3_LAT = ACPI_P_LVL3_LAT_NONE;
	f->IAPC_BOOT_ARCH = ACPI_IAPC_LEGACY_DEVICES | ACPI_IAPC_8042;
	f->Flags = ACPI_FADT_WBINVD | ACPI_FADT_PROC_C1 | ACPI_FADT_PWR_BUTTON |
		   ACPI_FADT_SLP_BUTTON;
	seal(&f->Header);
}

static uint8_t *put_override(uint8_t *p, uint8_t source, uint32_t gsi,
			     uint16_t flags)
{
	struct acpi_madt_interrupt_source_override *o = (void *)p;

	o->Type = ACPI_MADT_TYPE_INTERRUPT_SOURCE_OVERRIDE;
	o->Length = sizeof(*o);
	o->Bus = ACPI_ISO_BUS_ISA;
	o->Source = source;
	o->Global_System_Interrupt = gsi;
	o->Flags = flags;
	return p + sizeof(*o);
}

static void build_madt(struct acpi_madt *t, const struct acpi_machine *m)
{
	uint8_t *p = (uint8_t *)(t + 1);
	struct acpi_madt_io_apic *io;
	unsigned i;

	fill_header(&t->Header, ACPI_MADT_SIGNATURE, madt_size(m->cpu_count),
		    ACPI_MADT_REVISION);
	t->Local_Interrupt_Controller_Address = PC_LOCAL_APIC_ADDRESS;
	t->Flags = ACPI_MADT_PCAT_COMPAT;
	for (i = 0; i < m->cpu_count; i++) {
		struct acpi_madt_local_apic *l = (void *)p;

		l->Type = ACPI_MADT_TYPE_LOCAL_APIC;
		l->Length = sizeof(*l);
		l->ACPI_Processor_UID = (uint8_t)i;
		l->APIC_ID = m->apic_id[i];
		l->Flags = ACPI_LOCAL_APIC_ENABLED;
		p += sizeof(*l);
	}
	io = (void *)p;
	io->Type = ACPI_MADT_TYPE_IO_APIC;
	io->Length = sizeof(*io);
	io->IO_APIC_ID = m->io_apic_id;
	io->IO_APIC_Address = PC_IO_APIC_ADDRESS;
	io->Global_System_Interrupt_Base = PC_IO_APIC_GSI_BASE;
	p += sizeof(*io);
	p = put_override(p, PC_PIT_ISA_IRQ, PC_PIT_GSI, ACPI_MPS_INTI_CONFORMS);
	/* Bochs drives the SCI through the PIIX PCI interrupt router: level
	 * triggered, and its I/O APIC sees it active high (as QEMU's tables
	 * say too), unlike the active-low default for an SCI. */
	put_override(p, m->sci_irq, m->sci_irq,
		     ACPI_MPS_INTI_TRIGGER_LEVEL | ACPI_MPS_INTI_POLARITY_HIGH);
	seal(&t->Header);
}

static void build_xsdt(struct acpi_xsdt *x, const struct acpi_set *s)
{
	fill_header(&x->Header, ACPI_XSDT_SIGNATURE,
		    sizeof(x->Header) + XSDT_ENTRIES * sizeof(uint64_t),
		    ACPI_XSDT_REVISION);
	x->Entry[0] = (uint64_t)(uintptr_t)s->fadt;
	x->Entry[1] = (uint64_t)(uintptr_t)s->madt;
	seal(&x->Header);
}

/* No RSDT (RsdtAddress 0): every OS that reads revision 2 uses the XSDT. */
static void build_rsdp(struct acpi_rsdp *r, const struct acpi_xsdt *x)
{
	put_chars(r->Signature, ACPI_RSDP_SIGNATURE, sizeof(r->Signature));
	put_chars(r->OEMID, OEM_ID, sizeof(r->OEMID));
	r->Revision = ACPI_RSDP_REVISION_2;
	r->Length = sizeof(*r);
	r->XsdtAddress = (uint64_t)(uintptr_t)x;
	r->Checksum = acpi_checksum(r, ACPI_RSDP_V1_LENGTH);
	r->ExtendedChecksum = acpi_checksum(r, sizeof(*r));
}

void acpi_build(const struct acpi_machine *m, void *buf, struct acpi_facs *facs,
		struct acpi_set *out)
{
	struct layout l = lay_out(m->cpu_count);
	uint8_t *b = buf;

	zero(buf, l.end);
	out->rsdp = (void *)(b + l.rsdp);
	out->xsdt = (void *)(b + l.xsdt);
	out->fadt = (void *)(b + l.fadt);
	out->dsdt = (void *)(b + l.dsdt);
	out->madt = (void *)(b + l.madt);
	out->facs = facs;

	build_facs(facs);
	build_dsdt(out->dsdt);
	build_fadt(out->fadt, m, out->dsdt, facs);
	build_madt(out->madt, m);
	build_xsdt(out->xsdt, out);
	build_rsdp(out->rsdp, out->xsdt);
}
