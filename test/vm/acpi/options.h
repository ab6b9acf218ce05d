/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bochs-acpi.efi's options, from its load options or from \EFI\test\acpi.conf
 * (same syntax in both; '#' starts a comment that runs to the end of the line):
 *
 *     next=\EFI\cappsule\cappsule.efi   the image to chain-load (required)
 *     cpus=2                            CPU count when the firmware has no
 *                                       MP services, or to override them
 *     install=auto|protocol|config      how to publish the tables (default
 *                                       auto: the ACPI table protocol if the
 *                                       firmware has it, else the RSDP in the
 *                                       EFI configuration table)
 *     -- WORDS...                       everything after "--" is passed to
 *                                       the next stage as its load options
 *
 * Pure parsing code, shared by the EFI program and the host test.
 */
#ifndef BOCHS_ACPI_OPTIONS_H
#define BOCHS_ACPI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPTIONS_PATH_MAX 256     /* next= path, with its NUL */
#define OPTIONS_PASS_MAX 1024    /* next stage's options, with their NUL */
#define OPTIONS_TEXT_MAX 4096    /* longest option text or config file */

enum install_method {
	INSTALL_AUTO,
	INSTALL_PROTOCOL,        /* EFI_ACPI_TABLE_PROTOCOL.InstallAcpiTable */
	INSTALL_CONFIG_TABLE,    /* RSDP under the ACPI 2.0 table GUID */
};

struct options {
	unsigned words;                   /* option words seen; 0: input empty */
	char next[OPTIONS_PATH_MAX];      /* '\'-separated ESP path; "" if none */
	unsigned cpus;                    /* 0: not given */
	enum install_method install;
	char pass[OPTIONS_PASS_MAX];      /* words after "--", space-separated */
};

struct options_error {
	const char *reason;               /* static text */
	char word[40];                    /* offending word, truncated */
};

/*
 * Parses text[0..len) (ASCII; a NUL ends it early). With skip_program_name a
 * first word without '=' is dropped: the UEFI shell passes the program's own
 * name first. Returns 0, or -1 with *err filled.
 */
int options_parse(const char *text, size_t len, bool skip_program_name,
		  struct options *o, struct options_error *err);

enum load_options_kind {
	LOAD_OPTIONS_TEXT,       /* out holds the ASCII text */
	LOAD_OPTIONS_BINARY,     /* not text: a boot entry's private data */
	LOAD_OPTIONS_TOO_LONG,
};

/*
 * Narrows the firmware's UCS-2 load options (bytes long, maybe odd or not
 * NUL-terminated) into out[OPTIONS_TEXT_MAX].
 */
enum load_options_kind load_options_narrow(const uint16_t *opts, size_t bytes,
					   char *out);

#endif /* BOCHS_ACPI_OPTIONS_H */
