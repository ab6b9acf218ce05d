// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: virt's parser of the loader's efivarfs record. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/loader_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_status s;

	loader_status_parse(data, size, &s);
	if (s.state == LOADER_STATUS_RECORDED) {
		size_t n = strnlen(s.text, sizeof(s.text));

		if (n == sizeof(s.text) || n + 4 != size)
			abort();
	} else if (s.text[0]) {
		abort();
	}
	return 0;
}
