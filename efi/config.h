/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The loader's configuration file, \EFI\cappsule\cappsule.conf:
 *
 *     # comment
 *     next_stage = \EFI\debian\grubx64.efi
 *     cmdline    = initrd=\initrd.img console=ttyS0
 *     monitor    = on
 *     smp        = off
 *
 * Pure parsing code (no firmware calls): the loader hands it the file's bytes,
 * and the unit tests do the same.
 */
#ifndef CAPPSULE_EFI_CONFIG_H
#define CAPPSULE_EFI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_DEFAULT_PATH "\\EFI\\cappsule\\cappsule.conf"
#define CONFIG_FILE_MAX 16384     /* larger files are rejected unread */
#define CONFIG_PATH_MAX 256       /* ESP path, including the NUL */
#define CONFIG_CMDLINE_MAX 1024   /* next stage's load options, with NUL */

struct loader_config {
	bool monitor;                      /* start the VMX monitor */
	bool smp;                          /* also on the other CPUs (experimental) */
	bool has_next_stage;               /* false: return to the firmware */
	char next_stage[CONFIG_PATH_MAX];  /* absolute ESP path, '\' separated */
	char cmdline[CONFIG_CMDLINE_MAX];  /* ASCII; the loader widens it */
};

struct config_error {
	unsigned line;         /* 1-based; 0 when not tied to a line */
	const char *reason;    /* static text */
	char detail[48];       /* offending word, truncated, printable ASCII */
};

/* Built-in defaults, used when the file is missing or malformed. */
void config_defaults(struct loader_config *cfg);

/*
 * Parses buf[0..len). On success fills *cfg (starting from the defaults) and
 * returns 0. On failure returns -1, fills *err and leaves *cfg untouched.
 */
int config_parse(const char *buf, size_t len, struct loader_config *cfg,
		 struct config_error *err);

/*
 * Checks and normalises an ESP path in place ('/' becomes '\'). A valid path
 * is absolute, printable ASCII without spaces, has no empty, "." or ".."
 * component, and fits CONFIG_PATH_MAX. Returns NULL or the reason it is bad.
 */
const char *config_check_path(char *path);

#endif /* CAPPSULE_EFI_CONFIG_H */
