// SPDX-License-Identifier: GPL-2.0-only
/*
 * cappsule.efi: the first stage of a Cappsule boot.
 *
 *   1. find the configuration (load options, or the default path) and read it;
 *   2. report the CPU's VMX support;
 *   3. check and run the embedded monitor image (self-check for now);
 *   4. chain-load the next stage named in the configuration.
 *
 * No step may leave the machine unbootable: a missing or malformed
 * configuration falls back to the built-in defaults, and with no next stage
 * the loader returns an error to the firmware, whose boot manager then boots
 * the next entry of BootOrder (the OS loader Cappsule was installed ahead of).
 */
#include <efi.h>
#include <efilib.h>

#include "efi/boot_status.h"
#include "efi/chainload.h"
#include "efi/config.h"
#include "efi/esp_file.h"
#include "efi/load_options.h"
#include "efi/monitor_start.h"
#include "efi/vmx_report.h"
#include "vmx/hypercall_abi.h"

#define ERROR_PAUSE_US 2000000 /* time to read an error on a real screen */

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

static char config_text[CONFIG_FILE_MAX];

static void print_config_error(const char *path, const struct config_error *err)
{
	if (err->line)
		Print(L"cappsule: config error: %a line %d: %a", path, err->line, err->reason);
	else
		Print(L"cappsule: config error: %a: %a", path, err->reason);
	if (err->detail[0])
		Print(L" ('%a')", err->detail);
	Print(L"\n");
}

/* Picks the configuration file: config= in the load options, or the default. */
static void choose_config_path(EFI_LOADED_IMAGE *li, char *path)
{
	struct config_error err;
	const char *def = CONFIG_DEFAULT_PATH;
	unsigned i;

	switch (load_options_parse(li->LoadOptions, li->LoadOptionsSize, path, &err)) {
	case LOAD_OPTIONS_CONFIG:
		return;
	case LOAD_OPTIONS_ERROR:
		Print(L"cappsule: load options ignored: %a ('%a')\n", err.reason, err.detail);
		break;
	case LOAD_OPTIONS_BINARY:
	case LOAD_OPTIONS_NONE:
		break;
	}
	for (i = 0; def[i]; i++)
		path[i] = def[i];
	path[i] = '\0';
}

/* Reads and parses the configuration; on any failure keeps the defaults. */
static bool load_config(EFI_LOADED_IMAGE *li, struct loader_config *cfg)
{
	char path[CONFIG_PATH_MAX];
	struct config_error err;
	EFI_STATUS st;
	UINTN len = 0;

	config_defaults(cfg);
	choose_config_path(li, path);
	st = esp_read_file(li->DeviceHandle, path, config_text, sizeof(config_text), &len);
	if (st == EFI_BUFFER_TOO_SMALL) {
		Print(L"cappsule: config error: %a: larger than %d bytes\n", path, CONFIG_FILE_MAX);
		return false;
	}
	if (EFI_ERROR(st)) {
		Print(L"cappsule: config error: %a: cannot read: %r\n", path, st);
		return false;
	}
	if (config_parse(config_text, len, cfg, &err)) {
		print_config_error(path, &err);
		return false;
	}
	Print(L"cappsule: config %a: next stage %a, monitor %a\n", path,
	      cfg->has_next_stage ? cfg->next_stage : "(none)",
	      cfg->monitor ? "on" : "off");
	return true;
}

/* Starts the monitor if the configuration and the CPU allow, and records
 * the outcome for Linux either way. */
static void start_monitor(const struct loader_config *cfg, enum vmx_verdict verdict)
{
	const char *why_not = NULL;
	uint64_t base = 0, size = 0;
	unsigned cpus = 0;

	if (!cfg->monitor) {
		Print(L"cappsule: monitor off in the configuration\n");
		why_not = "monitor off in the configuration";
	} else if (verdict != VMX_USABLE) {
		why_not = vmx_verdict_text(verdict);
	} else if (EFI_ERROR(monitor_start(cfg->smp, &why_not, &base, &size, &cpus))) {
		why_not = why_not ? why_not : "unknown error";
	}
	if (why_not)
		boot_status_not_started(why_not);
	else
		boot_status_running(cpus, base, size);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	struct loader_config cfg;
	EFI_LOADED_IMAGE *li;
	enum vmx_verdict verdict;
	EFI_STATUS st;

	InitializeLib(image, systab);
	Print(L"\nCappsule loader %a\n", CAPPSULE_VERSION);
	st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
			       (void **)&li);
	if (EFI_ERROR(st)) {
		Print(L"cappsule: no loaded-image protocol (%r): returning to the firmware\n", st);
		return st;
	}
	if (!load_config(li, &cfg))
		Print(L"cappsule: using built-in defaults: monitor on, no next stage "
		      "(control returns to the firmware's boot order)\n");

	if (monitor_already_running()) {
		/* Started by an earlier run of this loader in this boot: VMX is
		 * hidden now, and the record that run left stands. */
		Print(L"cappsule: the Cappsule monitor is already running (started earlier in this boot)\n");
	} else {
		verdict = vmx_report();
		start_monitor(&cfg, verdict);
	}

	if (!cfg.has_next_stage) {
		Print(L"cappsule: no next stage: returning to the firmware, "
		      "which boots the next entry of BootOrder\n");
		uefi_call_wrapper(BS->Stall, 1, ERROR_PAUSE_US);
		return EFI_NOT_FOUND;
	}
	st = chainload(image, li->DeviceHandle, &cfg);
	uefi_call_wrapper(BS->Stall, 1, ERROR_PAUSE_US);
	return st;
}
