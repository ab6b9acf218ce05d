// SPDX-License-Identifier: GPL-2.0-only
/*
 * The loader trusts its own embedded monitor image no more than it must:
 * a corrupted or mismatched image is refused before a single byte of it runs.
 */
#include <stdbool.h>

#include "efi/monitor_image.h"

#define R_X86_64_RELATIVE 8
#define PAGE_SIZE 4096ull

struct elf64_rela {
	uint64_t offset;
	uint64_t info;   /* symbol << 32 | type */
	int64_t addend;
};

static void copy_bytes(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

static bool inside(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

static bool version_ok(const uint8_t *file, const struct monitor_image_header *h)
{
	uint64_t i;

	for (i = h->version_offset; i < h->file_size && i < h->version_offset + 32; i++) {
		if (file[i] == 0)
			return i > h->version_offset;
		if (file[i] < 0x20 || file[i] >= 0x7f)
			return false;
	}
	return false;
}

enum monitor_image_status monitor_image_check(const void *file, size_t len,
					      struct monitor_image_header *hdr)
{
	struct monitor_image_header h;

	if (len < sizeof(h))
		return IMAGE_TOO_SMALL;
	copy_bytes(&h, file, sizeof(h));
	if (h.magic != MONITOR_IMAGE_MAGIC)
		return IMAGE_BAD_MAGIC;
	if (h.header_size != sizeof(h))
		return IMAGE_BAD_HEADER_SIZE;
	if (h.boot_abi != MONITOR_BOOT_ABI)
		return IMAGE_BAD_BOOT_ABI;
	if (h.file_size != len || h.memory_size < h.file_size ||
	    h.memory_size > MONITOR_IMAGE_MAX_MEMORY || h.memory_size % PAGE_SIZE)
		return IMAGE_BAD_SIZES;
	if (h.entry_offset < sizeof(h) || h.entry_offset >= h.file_size)
		return IMAGE_BAD_ENTRY;
	if (!inside(h.rela_offset, h.rela_size, h.file_size) ||
	    h.rela_offset % 8 || h.rela_size % sizeof(struct elf64_rela))
		return IMAGE_BAD_RELA_TABLE;
	if (!inside(h.version_offset, 1, h.file_size) || !version_ok(file, &h))
		return IMAGE_BAD_VERSION;
	*hdr = h;
	return IMAGE_OK;
}

static bool relocation_ok(const struct elf64_rela *r,
			  const struct monitor_image_header *h)
{
	return r->info == R_X86_64_RELATIVE && /* symbol 0, type RELATIVE */
	       r->offset % 8 == 0 && inside(r->offset, 8, h->file_size) &&
	       r->addend >= 0 && (uint64_t)r->addend < h->memory_size;
}

enum monitor_image_status monitor_image_place(const void *file,
					      const struct monitor_image_header *h,
					      void *mem, uint64_t base)
{
	const uint8_t *rela = (const uint8_t *)file + h->rela_offset;
	uint64_t i, n = h->rela_size / sizeof(struct elf64_rela);
	uint8_t *m = mem;
	struct elf64_rela r;

	for (i = 0; i < n; i++) {
		copy_bytes(&r, rela + i * sizeof(r), sizeof(r));
		if (!relocation_ok(&r, h))
			return IMAGE_BAD_RELOCATION;
	}
	copy_bytes(m, file, h->file_size);
	for (i = h->file_size; i < h->memory_size; i++)
		m[i] = 0;
	for (i = 0; i < n; i++) {
		uint64_t value;

		copy_bytes(&r, rela + i * sizeof(r), sizeof(r));
		value = base + (uint64_t)r.addend;
		copy_bytes(m + r.offset, &value, sizeof(value));
	}
	return IMAGE_OK;
}

static const char *const status_text[IMAGE_STATUS_COUNT] = {
	[IMAGE_OK] = "ok",
	[IMAGE_TOO_SMALL] = "image smaller than its header",
	[IMAGE_BAD_MAGIC] = "bad magic (not a Cappsule monitor image)",
	[IMAGE_BAD_HEADER_SIZE] = "header size does not match this loader",
	[IMAGE_BAD_BOOT_ABI] = "boot ABI does not match this loader",
	[IMAGE_BAD_SIZES] = "file or memory size inconsistent",
	[IMAGE_BAD_ENTRY] = "entry point outside the image",
	[IMAGE_BAD_RELA_TABLE] = "relocation table outside the image or misaligned",
	[IMAGE_BAD_RELOCATION] = "relocation of an unsupported type or out of range",
	[IMAGE_BAD_VERSION] = "version string missing or not printable",
};

const char *monitor_image_status_text(enum monitor_image_status s)
{
	if ((unsigned)s >= IMAGE_STATUS_COUNT)
		return "unknown status";
	return status_text[s];
}
