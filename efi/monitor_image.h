/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking and placing the monitor image (see vmx/monitor_image.h). Pure
 * code: the loader gives it the embedded bytes and the memory it allocated;
 * the unit tests give it synthetic images.
 */
#ifndef CAPPSULE_EFI_MONITOR_IMAGE_H
#define CAPPSULE_EFI_MONITOR_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "vmx/monitor_image.h"

#define MONITOR_IMAGE_MAX_MEMORY (64ull << 20)

enum monitor_image_status {
	IMAGE_OK,
	IMAGE_TOO_SMALL,
	IMAGE_BAD_MAGIC,
	IMAGE_BAD_HEADER_SIZE,
	IMAGE_BAD_BOOT_ABI,
	IMAGE_BAD_SIZES,
	IMAGE_BAD_ENTRY,
	IMAGE_BAD_RELA_TABLE,
	IMAGE_BAD_RELOCATION,
	IMAGE_BAD_VERSION,
	IMAGE_STATUS_COUNT,
};

/* Validates every header field against the file; copies the header out. */
enum monitor_image_status monitor_image_check(const void *file, size_t len,
					      struct monitor_image_header *hdr);

/*
 * Copies the checked image into mem (hdr->memory_size bytes, 4 KiB aligned),
 * zeroes the rest, and applies the relocations for load address `base`.
 * Every relocation is checked before any is applied.
 */
enum monitor_image_status monitor_image_place(const void *file,
					      const struct monitor_image_header *hdr,
					      void *mem, uint64_t base);

const char *monitor_image_status_text(enum monitor_image_status s);

#endif /* CAPPSULE_EFI_MONITOR_IMAGE_H */
