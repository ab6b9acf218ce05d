// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the loader's configuration parser on arbitrary bytes.
 * Beyond memory safety (ASan/UBSan), it checks the parser's promises: an
 * error leaves the output untouched and carries a reason; a success yields
 * only printable, terminated values and a valid next-stage path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_printable(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 && s[i] != '\t')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_config cfg, before;
	struct config_error err;

	memset(&cfg, 0x5a, sizeof(cfg));
	before = cfg;
	if (config_parse((const char *)data, size, &cfg, &err) != 0) {
		if (!err.reason || memcmp(&cfg, &before, sizeof(cfg)) != 0)
			abort();
		check_printable(err.detail, sizeof(err.detail));
		return 0;
	}
	check_printable(cfg.cmdline, sizeof(cfg.cmdline));
	check_printable(cfg.next_stage, sizeof(cfg.next_stage));
	if (cfg.has_next_stage) {
		char copy[CONFIG_PATH_MAX];

		memcpy(copy, cfg.next_stage, sizeof(copy));
		if (config_check_path(copy) != NULL)
			abort();
	}
	return 0;
}
