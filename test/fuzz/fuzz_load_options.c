// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: the loader's load-option parser (UCS-2 from NVRAM). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/load_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t *opts = malloc(size ? size : 1);
	char path[CONFIG_PATH_MAX];
	struct config_error err;
	enum load_options_result r;

	memcpy(opts, data, size);
	memset(path, 0x5a, sizeof(path));
	r = load_options_parse(opts, size, path, &err);
	if (r == LOAD_OPTIONS_CONFIG) {
		char copy[CONFIG_PATH_MAX];

		if (strnlen(path, sizeof(path)) == sizeof(path))
			abort();
		memcpy(copy, path, sizeof(copy));
		if (config_check_path(copy) != NULL)
			abort();
	} else if (path[0] != 0x5a) {
		abort(); /* only a found config= may write the path */
	}
	free(opts);
	return 0;
}
