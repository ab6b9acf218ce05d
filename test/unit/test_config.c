// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the loader's configuration parser (efi/config.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "efi/config.h"

static int parse(const char *text, struct loader_config *cfg,
		 struct config_error *err)
{
	return config_parse(text, strlen(text), cfg, err);
}

static void test_defaults_from_empty_file(void **state)
{
	struct loader_config cfg;
	struct config_error err;

	(void)state;
	assert_int_equal(parse("", &cfg, &err), 0);
	assert_true(cfg.monitor);
	assert_true(cfg.smp);
	assert_false(cfg.has_next_stage);
	assert_string_equal(cfg.cmdline, "");
}

static void test_full_file(void **state)
{
	struct loader_config cfg;
	struct config_error err;
	const char *text =
		"# Cappsule loader\r\n"
		"\n"
		"  next_stage =  /EFI/debian/grubx64.efi  \r\n"
		"cmdline=initrd=\\initrd.img console=ttyS0 quiet\n"
		"monitor\t= off";

	(void)state;
	assert_int_equal(parse(text, &cfg, &err), 0);
	assert_true(cfg.has_next_stage);
	assert_string_equal(cfg.next_stage, "\\EFI\\debian\\grubx64.efi");
	assert_string_equal(cfg.cmdline, "initrd=\\initrd.img console=ttyS0 quiet");
	assert_false(cfg.monitor);
}

/* Every rejected file must leave the caller's configuration untouched. */
static void expect_error(const char *text, unsigned line, const char *reason,
			 const char *detail)
{
	struct loader_config cfg, before;
	struct config_error err = { 0 };

	config_defaults(&cfg);
	strcpy(cfg.cmdline, "sentinel");
	before = cfg;
	assert_int_equal(parse(text, &cfg, &err), -1);
	assert_int_equal(err.line, line);
	assert_string_equal(err.reason, reason);
	assert_string_equal(err.detail, detail);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_error("monitor = on\nkernel = \\vmlinuz\n", 2, "unknown key",
		     "kernel");
}

static void test_line_without_equals(void **state)
{
	(void)state;
	expect_error("next_stage \\EFI\\x.efi\n", 1, "expected 'key = value'",
		     "next_stage \\EFI\\x.efi");
}

static void test_repeated_key(void **state)
{
	(void)state;
	expect_error("monitor=on\nmonitor=off\n", 2, "key given twice", "monitor");
}

static void test_bad_monitor_value(void **state)
{
	(void)state;
	expect_error("monitor = yes\n", 1, "monitor must be on or off", "yes");
	expect_error("smp = 2\n", 1, "smp must be on or off", "2");
}

static void test_smp_switch(void **state)
{
	struct loader_config cfg;
	struct config_error err;

	(void)state;
	assert_int_equal(parse("smp = on\n", &cfg, &err), 0);
	assert_true(cfg.smp);
	assert_int_equal(parse("smp=off\n", &cfg, &err), 0);
	assert_false(cfg.smp);
}

static void test_non_ascii_rejected(void **state)
{
	(void)state;
	expect_error("monitor = on\ncmdline = caf\xc3\xa9\n", 2,
		     "not a printable ASCII text file", "");
}

/* Found by the fuzzer: a lone CR reached the next stage's command line. */
static void test_stray_carriage_return(void **state)
{
	(void)state;
	expect_error("next_stage = \\x.efi\r\ncmdline = a\rb\n", 2,
		     "carriage return inside a line", "");
}

static void test_nul_byte_rejected(void **state)
{
	struct loader_config cfg;
	struct config_error err;
	const char text[] = "monitor = on\n\0monitor = off\n";

	(void)state;
	assert_int_equal(config_parse(text, sizeof(text) - 1, &cfg, &err), -1);
	assert_int_equal(err.line, 2);
}

static void test_cmdline_needs_next_stage(void **state)
{
	(void)state;
	expect_error("cmdline = quiet\n", 0, "cmdline given without next_stage", "");
}

static void test_relative_and_dotdot_paths(void **state)
{
	(void)state;
	expect_error("next_stage = EFI\\x.efi\n", 1,
		     "path must be absolute (start with \\)", "EFI\\x.efi");
	expect_error("next_stage = \\EFI\\..\\x.efi\n", 1,
		     "path has a . or .. component", "\\EFI\\..\\x.efi");
	expect_error("next_stage = \\EFI\\\\x.efi\n", 1,
		     "path has an empty component", "\\EFI\\\\x.efi");
	expect_error("next_stage = \\EFI\\a b.efi\n", 1,
		     "path has a space, control or non-ASCII character",
		     "\\EFI\\a b.efi");
	expect_error("next_stage = fs0:\\x.efi\n", 1,
		     "path has a character FAT does not allow", "fs0:\\x.efi");
	expect_error("next_stage =\n", 1, "empty path", "");
}

static void test_overlong_values(void **state)
{
	static char text[CONFIG_CMDLINE_MAX + 64];
	struct loader_config cfg;
	struct config_error err;

	(void)state;
	strcpy(text, "next_stage = \\");
	memset(text + strlen(text), 'a', CONFIG_PATH_MAX);
	text[14 + CONFIG_PATH_MAX] = '\0';
	assert_int_equal(parse(text, &cfg, &err), -1);
	assert_string_equal(err.reason, "path too long");

	strcpy(text, "next_stage=\\x.efi\ncmdline = ");
	memset(text + strlen(text), 'c', CONFIG_CMDLINE_MAX);
	text[28 + CONFIG_CMDLINE_MAX] = '\0';
	assert_int_equal(parse(text, &cfg, &err), -1);
	assert_string_equal(err.reason, "cmdline too long");
	assert_int_equal(err.line, 2);
}

static void test_largest_values_fit(void **state)
{
	static char text[CONFIG_CMDLINE_MAX + 64];
	struct loader_config cfg;
	struct config_error err;
	size_t n;

	(void)state;
	strcpy(text, "next_stage=\\x.efi\ncmdline=");
	n = strlen(text);
	memset(text + n, 'c', CONFIG_CMDLINE_MAX - 1);
	text[n + CONFIG_CMDLINE_MAX - 1] = '\0';
	assert_int_equal(parse(text, &cfg, &err), 0);
	assert_int_equal(strlen(cfg.cmdline), CONFIG_CMDLINE_MAX - 1);
}

static void test_file_too_large(void **state)
{
	static char text[CONFIG_FILE_MAX + 2];
	struct loader_config cfg;
	struct config_error err;

	(void)state;
	memset(text, '#', sizeof(text) - 1);
	assert_int_equal(config_parse(text, sizeof(text) - 1, &cfg, &err), -1);
	assert_string_equal(err.reason, "file too large");
}

static void test_detail_is_truncated_and_printable(void **state)
{
	struct loader_config cfg;
	struct config_error err;
	const char *text = "a_very_long_unknown_key_that_goes_on_and_on_and_on_forever = 1\n";

	(void)state;
	assert_int_equal(parse(text, &cfg, &err), -1);
	assert_int_equal(strlen(err.detail), sizeof(err.detail) - 1);
	assert_memory_equal(err.detail, "a_very_long_unknown_key", 23);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_from_empty_file),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_line_without_equals),
		cmocka_unit_test(test_repeated_key),
		cmocka_unit_test(test_bad_monitor_value),
		cmocka_unit_test(test_smp_switch),
		cmocka_unit_test(test_non_ascii_rejected),
		cmocka_unit_test(test_stray_carriage_return),
		cmocka_unit_test(test_nul_byte_rejected),
		cmocka_unit_test(test_cmdline_needs_next_stage),
		cmocka_unit_test(test_relative_and_dotdot_paths),
		cmocka_unit_test(test_overlong_values),
		cmocka_unit_test(test_largest_values_fit),
		cmocka_unit_test(test_file_too_large),
		cmocka_unit_test(test_detail_is_truncated_and_printable),
	};

	return cmocka_run_group_tests_name("loader config", tests, NULL, NULL);
}
