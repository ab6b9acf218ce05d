// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for checking and placing the monitor image (efi/monitor_image.c):
 * synthetic images for every refusal, and the real build/monitor.bin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "efi/monitor_image.h"

#define FILE_SIZE 0x200
#define MEM_SIZE 0x2000

struct rela {
	uint64_t offset, info;
	int64_t addend;
};

static uint8_t image[FILE_SIZE];

/* A minimal valid image: header, version at 0x80, two relocations at 0x100
 * patching the words at 0x40 and 0x48. */
static struct monitor_image_header *make_image(void)
{
	struct monitor_image_header *h = (void *)image;
	struct rela r[2] = { { 0x40, 8, 0x180 }, { 0x48, 8, 0x1000 } };

	memset(image, 0, sizeof(image));
	h->magic = MONITOR_IMAGE_MAGIC;
	h->header_size = sizeof(*h);
	h->boot_abi = MONITOR_BOOT_ABI;
	h->file_size = FILE_SIZE;
	h->memory_size = MEM_SIZE;
	h->entry_offset = 0x60;
	h->rela_offset = 0x100;
	h->rela_size = sizeof(r);
	h->version_offset = 0x80;
	memcpy(image + 0x80, "0.1.0", 6);
	memcpy(image + 0x100, r, sizeof(r));
	return h;
}

static enum monitor_image_status check(void)
{
	struct monitor_image_header out;

	return monitor_image_check(image, sizeof(image), &out);
}

static void test_valid_image_placed_and_relocated(void **state)
{
	struct monitor_image_header hdr;
	uint8_t *mem = malloc(MEM_SIZE);
	uint64_t w;

	(void)state;
	make_image();
	memset(mem, 0xcc, MEM_SIZE);
	assert_int_equal(monitor_image_check(image, sizeof(image), &hdr), IMAGE_OK);
	assert_int_equal(monitor_image_place(image, &hdr, mem, 0x7f000000), IMAGE_OK);
	memcpy(&w, mem + 0x40, 8);
	assert_int_equal(w, 0x7f000180);
	memcpy(&w, mem + 0x48, 8);
	assert_int_equal(w, 0x7f001000);
	assert_memory_equal(mem + 0x80, "0.1.0", 6);
	assert_int_equal(mem[FILE_SIZE], 0);          /* .bss zeroed */
	assert_int_equal(mem[MEM_SIZE - 1], 0);
	free(mem);
}

static void test_header_refusals(void **state)
{
	struct monitor_image_header *h;
	struct monitor_image_header out;

	(void)state;
	make_image();
	assert_int_equal(monitor_image_check(image, 10, &out), IMAGE_TOO_SMALL);
	h = make_image(); h->magic ^= 1;
	assert_int_equal(check(), IMAGE_BAD_MAGIC);
	h = make_image(); h->header_size = 72;
	assert_int_equal(check(), IMAGE_BAD_HEADER_SIZE);
	h = make_image(); h->boot_abi = MONITOR_BOOT_ABI + 1;
	assert_int_equal(check(), IMAGE_BAD_BOOT_ABI);
	h = make_image(); h->file_size = FILE_SIZE + 1;
	assert_int_equal(check(), IMAGE_BAD_SIZES);
	h = make_image(); h->memory_size = FILE_SIZE - 8;
	assert_int_equal(check(), IMAGE_BAD_SIZES);
	h = make_image(); h->memory_size = MEM_SIZE + 1;
	assert_int_equal(check(), IMAGE_BAD_SIZES);
	h = make_image(); h->memory_size = MONITOR_IMAGE_MAX_MEMORY + 4096;
	assert_int_equal(check(), IMAGE_BAD_SIZES);
	h = make_image(); h->entry_offset = FILE_SIZE;
	assert_int_equal(check(), IMAGE_BAD_ENTRY);
	h = make_image(); h->entry_offset = 8;
	assert_int_equal(check(), IMAGE_BAD_ENTRY);
	h = make_image(); h->rela_size = 0xffffffffffffff00ull;
	assert_int_equal(check(), IMAGE_BAD_RELA_TABLE);
	h = make_image(); h->rela_size = 20;
	assert_int_equal(check(), IMAGE_BAD_RELA_TABLE);
	h = make_image(); h->version_offset = FILE_SIZE;
	assert_int_equal(check(), IMAGE_BAD_VERSION);
	h = make_image(); image[0x82] = 0x01;
	assert_int_equal(check(), IMAGE_BAD_VERSION);
	h = make_image(); memset(image + 0x80, 'v', 0x80);
	assert_int_equal(check(), IMAGE_BAD_VERSION); /* not terminated in 32 */
	(void)h;
}

/* A bad relocation anywhere in the table means nothing is written. */
static void test_bad_relocations_change_nothing(void **state)
{
	static const struct rela bad[] = {
		{ 0x40, 1, 0x180 },               /* R_X86_64_64: needs a symbol */
		{ 0x40, (1ull << 32) | 8, 0x180 }, /* RELATIVE with a symbol */
		{ 0x41, 8, 0x180 },               /* misaligned target */
		{ FILE_SIZE - 4, 8, 0x180 },      /* target runs off the file */
		{ 0x40, 8, MEM_SIZE },            /* points past the image */
		{ 0x40, 8, -8 },                  /* negative addend */
	};
	struct monitor_image_header hdr;
	uint8_t mem[MEM_SIZE];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_image();
		memcpy(image + 0x100 + sizeof(struct rela), &bad[i], sizeof(bad[i]));
		assert_int_equal(monitor_image_check(image, sizeof(image), &hdr), IMAGE_OK);
		memset(mem, 0xcc, sizeof(mem));
		assert_int_equal(monitor_image_place(image, &hdr, mem, 0x1000),
				 IMAGE_BAD_RELOCATION);
		assert_int_equal(mem[0], 0xcc);
		assert_int_equal(mem[0x40], 0xcc);
	}
}

/* The image this tree builds must pass the loader's checks. */
static void test_real_monitor_image(void **state)
{
	struct monitor_image_header hdr;
	static uint8_t buf[1 << 20];
	uint8_t *mem;
	size_t n;
	FILE *f = fopen(MONITOR_BIN_PATH, "rb");

	(void)state;
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(monitor_image_check(buf, n, &hdr), IMAGE_OK);
	assert_true(hdr.rela_size > 0);
	mem = aligned_alloc(4096, hdr.memory_size);
	assert_non_null(mem);
	assert_int_equal(monitor_image_place(buf, &hdr, mem, (uintptr_t)mem), IMAGE_OK);
	assert_string_equal((char *)mem + hdr.version_offset, "0.1.0");
	free(mem);
}

static void test_status_text(void **state)
{
	(void)state;
	assert_string_equal(monitor_image_status_text(IMAGE_OK), "ok");
	assert_string_equal(monitor_image_status_text(IMAGE_STATUS_COUNT), "unknown status");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_image_placed_and_relocated),
		cmocka_unit_test(test_header_refusals),
		cmocka_unit_test(test_bad_relocations_change_nothing),
		cmocka_unit_test(test_real_monitor_image),
		cmocka_unit_test(test_status_text),
	};

	return cmocka_run_group_tests_name("monitor image", tests, NULL, NULL);
}
