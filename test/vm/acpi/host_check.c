// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host test of bochs-acpi.efi's pure code: the table bytes (checksums,
 * links, MADT contents) and the option parser. Bochs runs take minutes;
 * this takes milliseconds and runs under ASan/UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi_build.h"
#include "options.h"
#include "piix4_pm.h"

static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
		failures++; \
	} \
} while (0)

static unsigned sum(const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned s = 0;

	while (n--)
		s += *b++;
	return s & 0xff;
}

static void check_madt(const struct acpi_madt *t, const struct acpi_machine *m)
{
	const unsigned char *p = (const unsigned char *)(t + 1);
	const unsigned char *end = (const unsigned char *)t + t->Header.Length;
	unsigned cpus = 0, ioapics = 0, overrides = 0;

	while (p < end) {
		CHECK(p[1] >= 2 && p + p[1] <= end);
		if (p[1] < 2)
			return;
		if (p[0] == ACPI_MADT_TYPE_LOCAL_APIC) {
			const struct acpi_madt_local_apic *l = (const void *)p;

			CHECK(l->APIC_ID == m->apic_id[cpus]);
			CHECK(l->Flags == ACPI_LOCAL_APIC_ENABLED);
			cpus++;
		} else if (p[0] == ACPI_MADT_TYPE_IO_APIC) {
			const struct acpi_madt_io_apic *io = (const void *)p;

			CHECK(io->IO_APIC_ID == m->io_apic_id);
			CHECK(io->IO_APIC_Address == 0xfec00000u);
			CHECK(io->Global_System_Interrupt_Base == 0);
			ioapics++;
		} else if (p[0] == ACPI_MADT_TYPE_INTERRUPT_SOURCE_OVERRIDE) {
			const struct acpi_madt_interrupt_source_override *o = (const void *)p;

			if (o->Source == 0)
				CHECK(o->Global_System_Interrupt == 2);
			else
				CHECK(o->Source == m->sci_irq &&
				      o->Global_System_Interrupt == m->sci_irq);
			overrides++;
		}
		p += p[1];
	}
	CHECK(cpus == m->cpu_count);
	CHECK(ioapics == 1);
	CHECK(overrides == 2);
}

static void check_tables(unsigned cpu_count)
{
	struct acpi_machine m = { .cpu_count = cpu_count, .io_apic_id = (uint8_t)cpu_count,
				  .pm_io_base = 0xb000, .sci_irq = 10 };
	size_t size = acpi_build_size(cpu_count);
	unsigned char *buf = malloc(size);
	struct acpi_facs *facs = aligned_alloc(ACPI_FACS_ALIGN, sizeof(*facs));
	struct acpi_set s;
	unsigned i;

	for (i = 0; i < cpu_count; i++)
		m.apic_id[i] = (uint8_t)i;
	acpi_build(&m, buf, facs, &s);

	CHECK(memcmp(s.rsdp->Signature, "RSD PTR ", 8) == 0);
	CHECK(sum(s.rsdp, ACPI_RSDP_V1_LENGTH) == 0);
	CHECK(sum(s.rsdp, s.rsdp->Length) == 0);
	CHECK(s.rsdp->XsdtAddress == (uintptr_t)s.xsdt);
	CHECK(sum(s.xsdt, s.xsdt->Header.Length) == 0);
	CHECK(s.xsdt->Entry[0] == (uintptr_t)s.fadt);
	CHECK(s.xsdt->Entry[1] == (uintptr_t)s.madt);
	CHECK(sum(s.fadt, s.fadt->Header.Length) == 0);
	CHECK(s.fadt->Header.Length == sizeof(struct acpi_fadt));
	CHECK(s.fadt->X_DSDT == (uintptr_t)s.dsdt);
	CHECK(s.fadt->X_FIRMWARE_CTRL == (uintptr_t)facs);
	CHECK(s.fadt->FIRMWARE_CTRL == 0 && s.fadt->DSDT == 0);
	CHECK(s.fadt->PM_TMR_BLK == 0xb000 + PIIX4_PMTMR);
	CHECK(s.fadt->PM1a_CNT_BLK == 0xb000 + PIIX4_PMCNTRL);
	CHECK(s.fadt->SCI_INT == 10);
	CHECK(sum(s.dsdt, s.dsdt->Length) == 0);
	CHECK(memcmp(facs->Signature, "FACS", 4) == 0 && facs->Length == 64);
	CHECK(sum(s.madt, s.madt->Header.Length) == 0);
	CHECK((unsigned char *)s.madt + s.madt->Header.Length == buf + size);
	check_madt(s.madt, &m);
	free(buf);
	free(facs);
}

static int parse(const char *text, bool shell, struct options *o)
{
	struct options_error err;

	return options_parse(text, strlen(text), shell, o, &err);
}

static void check_options(void)
{
	static const char *bad[] = {
		"nxt=\\a.efi", "cpus=0", "cpus=65", "cpus=2x", "cpus=", "cpus=0002",
		"next=EFI\\a.efi", "next=\\a\\..\\b.efi", "next=\\a\\\\b", "next=\\a\\",
		"next=", "install=foo", "next=\\a.efi\x01", "loose-word",
	};
	static const char conf[] =
		"# comment line\n"
		"next=/EFI/cappsule/cappsule.efi   # trailing comment\n"
		"cpus=2\r\n"
		"install=config\n"
		"-- initrd=\\x.img\n"
		"   console=ttyS0\n";
	struct options o;
	uint16_t wide[] = { 'a', ' ', 'c', 'p', 'u', 's', '=', '3', 0 };
	uint16_t guid[] = { 0x9d2d, 0xeb30, 0x2d88, 0x11d3 };
	char text[OPTIONS_TEXT_MAX];
	size_t i;

	CHECK(parse("fs0:\\bochs-acpi.efi next=\\EFI\\k.efi cpus=2 -- a b=1 c", true, &o) == 0);
	CHECK(strcmp(o.next, "\\EFI\\k.efi") == 0 && o.cpus == 2);
	CHECK(strcmp(o.pass, "a b=1 c") == 0 && o.install == INSTALL_AUTO);
	CHECK(parse(conf, false, &o) == 0);
	CHECK(strcmp(o.next, "\\EFI\\cappsule\\cappsule.efi") == 0);
	CHECK(o.cpus == 2 && o.install == INSTALL_CONFIG_TABLE);
	CHECK(strcmp(o.pass, "initrd=\\x.img console=ttyS0") == 0);
	CHECK(parse("  \n# nothing\n", false, &o) == 0 && o.words == 0);
	CHECK(parse("bochs-acpi.efi", true, &o) == 0 && o.words == 0);
	CHECK(parse("-- x", true, &o) == 0 && strcmp(o.pass, "x") == 0);
	CHECK(parse("cpus=64", false, &o) == 0 && o.cpus == 64);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], false, &o) == 0) {
			fprintf(stderr, "accepted bad option '%s'\n", bad[i]);
			failures++;
		}
	}
	CHECK(load_options_narrow(wide, sizeof(wide), text) == LOAD_OPTIONS_TEXT);
	CHECK(strcmp(text, "a cpus=3") == 0);
	CHECK(load_options_narrow(wide, 5, text) == LOAD_OPTIONS_TEXT);  /* odd size */
	CHECK(strcmp(text, "a ") == 0);
	CHECK(load_options_narrow(guid, sizeof(guid), text) == LOAD_OPTIONS_BINARY);
	CHECK(load_options_narrow(NULL, 0, text) == LOAD_OPTIONS_TEXT && !text[0]);
}

int main(void)
{
	check_tables(1);
	check_tables(2);
	check_tables(ACPI_MAX_CPUS);
	check_options();
	printf("bochs-acpi host check: %s\n", failures ? "FAILED" : "all passed");
	return failures != 0;
}
