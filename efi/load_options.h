/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The loader's load options: the UCS-2 text the firmware passes with the
 * image (a boot entry's optional data, or the UEFI shell's command line).
 * One option is understood: config=\path\to\file.conf, which replaces the
 * default configuration file. Pure code, unit-tested on the host.
 */
#ifndef CAPPSULE_EFI_LOAD_OPTIONS_H
#define CAPPSULE_EFI_LOAD_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "efi/config.h"

enum load_options_result {
	LOAD_OPTIONS_NONE,     /* nothing usable given: use the defaults */
	LOAD_OPTIONS_CONFIG,   /* config_path holds the file to read */
	LOAD_OPTIONS_BINARY,   /* not text (a boot entry's binary data): ignored */
	LOAD_OPTIONS_ERROR,    /* text we do not accept; err says why */
};

/*
 * opts/bytes as the firmware gives them (bytes may be odd or zero, and the
 * text need not be NUL-terminated). The shell passes the program name as the
 * first word, so a first word without '=' is skipped.
 */
enum load_options_result load_options_parse(const uint16_t *opts, size_t bytes,
					    char config_path[CONFIG_PATH_MAX],
					    struct config_error *err);

#endif /* CAPPSULE_EFI_LOAD_OPTIONS_H */
