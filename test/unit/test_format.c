// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the monitor's bounded formatter (vmx/format.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/format.h"

/* Calls format_v without the compiler's format check, for bad formats. */
static size_t unchecked(char *b, size_t cap, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_v(b, cap, fmt, ap);
	va_end(ap);
	return n;
}

static void test_conversions(void **state)
{
	char b[128];

	(void)state;
	assert_int_equal(format(b, sizeof(b), "cpu%u %s: %d", 3u, "info", -42), 14);
	assert_string_equal(b, "cpu3 info: -42");
	format(b, sizeof(b), "%x %08x %lx %llx", 0xbeefu, 0x1fu, 0xffffffffffUL,
	       0x8000000000000000ULL);
	assert_string_equal(b, "beef 0000001f ffffffffff 8000000000000000");
	format(b, sizeof(b), "%llu %lld %c%%", 18446744073709551615ULL,
	       (long long)INT64_MIN, 'z');
	assert_string_equal(b, "18446744073709551615 -9223372036854775808 z%");
	format(b, sizeof(b), "%p", (void *)0x1000);
	assert_string_equal(b, "0x0000000000001000");
	format(b, sizeof(b), "[%5u]", 7u);
	assert_string_equal(b, "[    7]");
	unchecked(b, sizeof(b), "%s", (char *)NULL);
	assert_string_equal(b, "(null)");
}

static void test_truncation_is_bounded(void **state)
{
	char b[8];

	(void)state;
	memset(b, 'X', sizeof(b));
	assert_int_equal(format(b, 6, "%s", "abcdefghij"), 5);
	assert_string_equal(b, "abcde");
	assert_int_equal(b[6], 'X'); /* nothing written past cap */
	assert_int_equal(format(b, 1, "abc"), 0);
	assert_string_equal(b, "");
	assert_int_equal(format(b, 0, "abc"), 0);
}

/* An unknown conversion is printed literally and consumes no argument. */
static void test_unknown_conversion(void **state)
{
	char b[64];

	(void)state;
	unchecked(b, sizeof(b), "%q %u", 5u);
	assert_string_equal(b, "%q 5");
	unchecked(b, sizeof(b), "end%");
	assert_string_equal(b, "end%");
}

static void test_huge_width_ignored(void **state)
{
	char b[32];

	(void)state;
	format(b, sizeof(b), "%99999u", 1u);
	assert_string_equal(b, "1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_truncation_is_bounded),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_huge_width_ignored),
	};

	return cmocka_run_group_tests_name("monitor format", tests, NULL, NULL);
}
