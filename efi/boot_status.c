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

/* Appends v in the given base (10 or 16) at text[*n]. */
static void append_number(char *text, UINTN *n, uint64_t v, unsigned base)
{
	char digits[20];
	UINTN d = 0;

	do {
		digits[d++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (d)
		text[(*n)++] = digits[--d];
	text[*n] = '\0';
}

static void append_text(char *text, UINTN *n, const char *s)
{
	while (*s)
		text[(*n)++] = *s++;
	text[*n] = '\0';
}

void boot_status_running(unsigned cpus, uint64_t base, uint64_t size)
{
	char text[CAPPSULE_STATUS_MAX];
	UINTN n = 0;

	append_text(text, &n, "monitor " CAPPSULE_VERSION " on ");
	append_number(text, &n, cpus, 10);
	append_text(text, &n, " CPU(s) at 0x");
	append_number(text, &n, base, 16);
	append_text(text, &n, ", ");
	append_number(text, &n, size / 1024, 10);
	append_text(text, &n, " KiB");
	record("running: ", text, "");
}

void boot_status_not_started(const char *reason)
{
	record("not started: ", reason, "");
}
