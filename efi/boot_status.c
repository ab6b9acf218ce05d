// SPDX-License-Identifier: GPL-2.0-only
/*
 * A volatile variable is enough: the record describes this boot only, and
 * nothing is written to the machine's NVRAM.
 */
#include <efi.h>
#include <efilib.h>

#include "efi/boot_status.h"
#include "vmx/hypercall_abi.h"

static EFI_GUID status_guid = CAPPSULE_STATUS_VAR_GUID_INIT;

/* Stores prefix + text + suffix, non-printable bytes as '?', truncated. */
static void record(const char *prefix, const char *text, const char *suffix)
{
	const char *parts[3] = { prefix, text, suffix };
	char value[CAPPSULE_STATUS_MAX];
	UINTN n = 0, i;
	EFI_STATUS st;

	for (i = 0; i < 3; i++)
		for (const char *p = parts[i]; *p && n < sizeof(value); p++)
			value[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	st = uefi_call_wrapper(RT->SetVariable, 5, L"" CAPPSULE_STATUS_VAR_NAME,
			       &status_guid,
			       EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS,
			       n, value);
	if (EFI_ERROR(st))
		Print(L"cappsule: cannot record the boot status for Linux: %r\n", st);
}

void boot_status_running(unsigned cpus)
{
	char text[48] = "monitor " CAPPSULE_VERSION " on ";
	char digits[4];
	UINTN n = 0, d = 0;

	while (text[n])
		n++;
	do {
		digits[d++] = (char)('0' + cpus % 10);
		cpus /= 10;
	} while (cpus && d < sizeof(digits));
	while (d)
		text[n++] = digits[--d];
	text[n] = '\0';
	record("running: ", text, " CPU(s)");
}

void boot_status_not_started(const char *reason)
{
	record("not started: ", reason, "");
}
