// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the loader's monitor-image checks. Whatever passes the
 * check must place without touching memory outside memory_size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/monitor_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct monitor_image_header hdr;
	uint8_t *mem;

	if (monitor_image_check(data, size, &hdr) != IMAGE_OK)
		return 0;
	if (hdr.memory_size > (16u << 20))
		return 0; /* valid, but too big to allocate in the fuzzer */
	mem = malloc(hdr.memory_size);
	if (!mem)
		return 0;
	monitor_image_place(data, &hdr, mem, 0x100000);
	free(mem);
	return 0;
}
