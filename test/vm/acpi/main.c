// SPDX-License-Identifier: GPL-2.0-only
/*
 * bochs-acpi.efi: a test-only boot stage for Bochs + OVMF.
 *
 * OVMF gets its ACPI tables from QEMU's fw_cfg, which Bochs does not have, so
 * under Bochs the OS finds no MADT and starts one CPU. This stage sits in
 * front of the real boot chain and:
 *   1. reads its options (load options, else \EFI\test\acpi.conf);
 *   2. asks the firmware's MP services about the CPUs (and reports it);
 *   3. builds RSDP/XSDT/FADT/DSDT/FACS/MADT for the i440fx PC and publishes
 *      them, unless the firmware already publishes ACPI tables;
 *   4. chain-loads next= with the words after "--" as its options (the
 *      image is loaded before step 2, so a bad path changes nothing).
 * Any error stops before the chain-load and returns to the firmware.
 */
#include <efi.h>
#include <efilib.h>

#include "acpi_build.h"
#include "acpi_install.h"
#include "chainload.h"
#include "esp_file.h"
#include "mp_probe.h"
#include "options.h"
#include "piix4_pm.h"

#define CONF_PATH "\\EFI\\test\\acpi.conf"

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

static char text[OPTIONS_TEXT_MAX];

static EFI_STATUS parse(const char *source, BOOLEAN shell, struct options *o)
{
	struct options_error err;

	if (options_parse(text, OPTIONS_TEXT_MAX, shell, o, &err) == 0)
		return EFI_SUCCESS;
	Print(L"bochs-acpi: error in %a: %a", source, err.reason);
	Print(err.word[0] ? L" ('%a')\n" : L"\n", err.word);
	return EFI_INVALID_PARAMETER;
}

/* Load options win when they hold any option; else the config file. */
static EFI_STATUS get_options(EFI_LOADED_IMAGE *li, struct options *o)
{
	EFI_STATUS st;

	switch (load_options_narrow(li->LoadOptions, li->LoadOptionsSize, text)) {
	case LOAD_OPTIONS_TEXT:
		st = parse("load options", TRUE, o);
		if (EFI_ERROR(st) || o->words)
			return st;
		break;
	case LOAD_OPTIONS_BINARY:
		Print(L"bochs-acpi: load options are not text (%d bytes): ignored\n",
		      li->LoadOptionsSize);
		break;
	case LOAD_OPTIONS_TOO_LONG:
		Print(L"bochs-acpi: error: load options are too long\n");
		return EFI_INVALID_PARAMETER;
	}
	st = esp_read_text(li->DeviceHandle, CONF_PATH, text, OPTIONS_TEXT_MAX);
	if (EFI_ERROR(st)) {
		Print(L"bochs-acpi: error: no load options and cannot read %a: %r\n",
		      CONF_PATH, st);
		return st;
	}
	return parse(CONF_PATH, FALSE, o);
}

/* CPUs for the MADT: cpus= if given, else what the MP services found. */
static EFI_STATUS describe_cpus(const struct options *o, const struct mp_probe *mp,
				struct acpi_machine *m)
{
	BOOLEAN use_mp_ids;
	unsigned i, top = 0;

	if (o->cpus) {
		m->cpu_count = o->cpus;
		if (mp->present && mp->listed != o->cpus)
			Print(L"bochs-acpi: warning: cpus=%d but MP services list %d\n",
			      o->cpus, mp->listed);
	} else if (mp->present && mp->listed) {
		m->cpu_count = mp->listed;
	} else {
		Print(L"bochs-acpi: error: no MP services to count the CPUs: "
		      L"give cpus=N\n");
		return EFI_NOT_FOUND;
	}
	/* The firmware's APIC IDs when it listed exactly these CPUs, else the
	 * 0..N-1 that Bochs assigns. */
	use_mp_ids = mp->present && mp->listed == m->cpu_count;
	for (i = 0; i < m->cpu_count; i++) {
		m->apic_id[i] = use_mp_ids ? mp->apic_id[i] : (UINT8)i;
		if (m->apic_id[i] >= top)
			top = m->apic_id[i] + 1u;
	}
	/* Bochs gives its I/O APIC the ID after the CPUs'. */
	m->io_apic_id = (UINT8)top;
	return EFI_SUCCESS;
}

static EFI_STATUS describe_pm(struct acpi_machine *m)
{
	struct piix4_pm pm;
	const char *why = piix4_pm_find(&pm);

	if (why) {
		Print(L"bochs-acpi: error: %a\n", why);
		return EFI_UNSUPPORTED;
	}
	m->pm_io_base = pm.io_base;
	m->sci_irq = pm.sci_irq;
	return EFI_SUCCESS;
}

static void print_machine(const struct acpi_machine *m)
{
	unsigned i;

	Print(L"bochs-acpi: MADT: %d CPUs, APIC IDs", m->cpu_count);
	for (i = 0; i < m->cpu_count; i++)
		Print(L" %d", m->apic_id[i]);
	Print(L"; I/O APIC ID %d; PIIX4 PM at I/O 0x%x, SCI IRQ %d\n",
	      m->io_apic_id, m->pm_io_base, m->sci_irq);
}

static EFI_STATUS publish_tables(const struct options *o, const struct mp_probe *mp)
{
	struct acpi_machine m;
	VOID *rsdp = acpi_find_rsdp();
	EFI_STATUS st;

	if (rsdp) {
		Print(L"bochs-acpi: firmware already publishes ACPI tables (RSDP at "
		      L"0x%lx): adding none\n", (UINT64)(UINTN)rsdp);
		return EFI_SUCCESS;
	}
	st = describe_cpus(o, mp, &m);
	if (!EFI_ERROR(st))
		st = describe_pm(&m);
	if (EFI_ERROR(st))
		return st;
	print_machine(&m);
	return acpi_install(&m, o->install);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	static struct options opts;
	struct mp_probe mp;
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE child;
	EFI_STATUS st;

	InitializeLib(image, systab);
	Print(L"bochs-acpi: test-only ACPI tables for the Bochs i440fx PC\n");
	st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
			       (VOID **)&li);
	if (EFI_ERROR(st)) {
		Print(L"bochs-acpi: error: no loaded-image protocol: %r\n", st);
		return st;
	}
	st = get_options(li, &opts);
	if (!EFI_ERROR(st) && !opts.next[0]) {
		Print(L"bochs-acpi: error: no next= image to start\n");
		st = EFI_INVALID_PARAMETER;
	}
	if (EFI_ERROR(st))
		return st;

	/* Load first: a missing image must stop us before we change anything. */
	st = chain_load(image, li->DeviceHandle, opts.next, &child);
	if (EFI_ERROR(st))
		return st;
	mp_probe_run(&mp);
	st = publish_tables(&opts, &mp);
	if (EFI_ERROR(st)) {
		Print(L"bochs-acpi: error: tables not published (%r): not starting %a\n",
		      st, opts.next);
		chain_unload(child);
		return st;
	}
	return chain_start(child, opts.next, opts.pass);
}
