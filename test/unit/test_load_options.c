// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the loader's load-option parsing (efi/load_options.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "efi/load_options.h"

/* Widens ASCII to the firmware's UCS-2; returns the size in bytes. */
static size_t widen(const char *s, uint16_t *out, int with_nul)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)s[i];
	if (with_nul)
		out[n++] = 0;
	return n * 2;
}

static enum load_options_result run(const char *s, char *path,
				    struct config_error *err)
{
	static uint16_t buf[2048];

	return load_options_parse(buf, widen(s, buf, 1), path, err);
}

static void test_none(void **state)
{
	char path[CONFIG_PATH_MAX] = "untouched";
	struct config_error err;

	(void)state;
	assert_int_equal(load_options_parse(NULL, 0, path, &err), LOAD_OPTIONS_NONE);
	assert_int_equal(run("", path, &err), LOAD_OPTIONS_NONE);
	assert_int_equal(run("   ", path, &err), LOAD_OPTIONS_NONE);
	/* The shell passes the program name alone when there are no options. */
	assert_int_equal(run("fs0:\\EFI\\BOOT\\BOOTX64.EFI", path, &err),
			 LOAD_OPTIONS_NONE);
	assert_string_equal(path, "untouched");
}

static void test_config_from_shell(void **state)
{
	char path[CONFIG_PATH_MAX];
	struct config_error err;

	(void)state;
	assert_int_equal(run("fs0:\\EFI\\BOOT\\BOOTX64.EFI config=/EFI/cappsule/good.conf",
			     path, &err), LOAD_OPTIONS_CONFIG);
	assert_string_equal(path, "\\EFI\\cappsule\\good.conf");
}

static void test_config_from_boot_entry(void **state)
{
	static uint16_t buf[64];
	char path[CONFIG_PATH_MAX];
	struct config_error err;

	(void)state;
	/* A boot entry's optional data need not carry a terminating NUL. */
	assert_int_equal(load_options_parse(buf, widen("config=\\a.conf", buf, 0),
					    path, &err), LOAD_OPTIONS_CONFIG);
	assert_string_equal(path, "\\a.conf");
}

static void test_binary_data_ignored(void **state)
{
	static const uint16_t blob[] = { 0x0001, 0xfffe, 0x4142 };
	char path[CONFIG_PATH_MAX];
	struct config_error err;

	(void)state;
	assert_int_equal(load_options_parse(blob, sizeof(blob), path, &err),
			 LOAD_OPTIONS_BINARY);
	assert_int_equal(load_options_parse(blob, 3, path, &err),
			 LOAD_OPTIONS_BINARY);
}

static void test_errors(void **state)
{
	char path[CONFIG_PATH_MAX] = "untouched";
	struct config_error err;

	(void)state;
	assert_int_equal(run("x.efi verbose=1", path, &err), LOAD_OPTIONS_ERROR);
	assert_string_equal(err.reason, "unknown load option");
	assert_string_equal(err.detail, "verbose=1");

	assert_int_equal(run("x.efi config=\\a.conf config=\\b.conf", path, &err),
			 LOAD_OPTIONS_ERROR);
	assert_string_equal(err.reason, "config= given twice");

	assert_int_equal(run("x.efi config=a.conf", path, &err), LOAD_OPTIONS_ERROR);
	assert_string_equal(err.reason, "path must be absolute (start with \\)");

	assert_int_equal(run("x.efi config=", path, &err), LOAD_OPTIONS_ERROR);
	assert_string_equal(err.reason, "unknown load option");

	assert_int_equal(run("x.efi config=\\..\\a.conf", path, &err),
			 LOAD_OPTIONS_ERROR);
	assert_string_equal(err.reason, "path has a . or .. component");
	/* A word after the first that lacks '=' is not a program name. */
	assert_int_equal(run("x.efi stray", path, &err), LOAD_OPTIONS_ERROR);
	assert_string_equal(path, "untouched");
}

static void test_too_long(void **state)
{
	static char s[1200];
	char path[CONFIG_PATH_MAX] = "untouched";
	struct config_error err;

	(void)state;
	strcpy(s, "x.efi config=\\");
	memset(s + strlen(s), 'p', 300);
	assert_int_equal(run(s, path, &err), LOAD_OPTIONS_ERROR);
	assert_string_equal(err.reason, "path too long");
	memset(s, 'a', 1100);
	assert_int_equal(run(s, path, &err), LOAD_OPTIONS_ERROR);
	assert_string_equal(err.reason, "load options too long");
	assert_string_equal(path, "untouched");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_config_from_shell),
		cmocka_unit_test(test_config_from_boot_entry),
		cmocka_unit_test(test_binary_data_ignored),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests_name("loader load options", tests, NULL, NULL);
}
