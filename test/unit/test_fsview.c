// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the cappsule's reading of the file server's export list
 * (tools/cappsule_fsview.c, fsview_parse_mounts): what it accepts, and
 * every malformed or inconsistent list it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/cappsule_fsview.h"

static struct fsview_plan plan;
static char err[256];

static bool parse(const char *text)
{
	err[0] = '\0';
	return fsview_parse_mounts(text, strlen(text), &plan, err, sizeof(err));
}

static void test_view_only(void **state)
{
	(void)state;
	assert_true(parse("0 view /\n"));
	assert_int_equal(plan.n, 1);
	assert_int_equal(plan.exp[0].kind, FSVIEW_VIEW);
	assert_string_equal(plan.exp[0].path, "/");
}

static void test_upper_and_shared(void **state)
{
	(void)state;
	assert_true(parse("0 view /\n1 upper /home/u/.local/share/cappsule/browser\n"
			  "2 shared /home/u/Downloads\n3 shared /srv/a b\n"));
	assert_int_equal(plan.n, 4);
	assert_int_equal(plan.exp[1].kind, FSVIEW_UPPER);
	assert_string_equal(plan.exp[1].path, "/home/u/.local/share/cappsule/browser");
	assert_int_equal(plan.exp[2].kind, FSVIEW_SHARED);
	assert_string_equal(plan.exp[3].path, "/srv/a b"); /* spaces belong to the path */
}

static void expect_refused(const char *text, const char *why)
{
	assert_false(parse(text));
	if (!strstr(err, why))
		fail_msg("'%s': error '%s' lacks '%s'", text, err, why);
}

static void test_refused(void **state)
{
	(void)state;
	expect_refused("", "export 0 is not the view");
	expect_refused("0 view /", "not terminated");
	expect_refused("0 shared /\n", "export 0 is not the view");
	expect_refused("0 view /etc\n", "export 0 is not the view");
	expect_refused("1 view /\n", "out of order");
	expect_refused("0 view /\n2 shared /x\n", "out of order");
	expect_refused("0 view /\n1 view /\n", "a second view");
	expect_refused("0 view /\n1 upper /a\n2 upper /b\n", "more than one upper");
	expect_refused("0 view /\n1 shared /\n", "cannot be shared");
	expect_refused("0 view /\n1 shared relative\n", "not absolute");
	expect_refused("0 view /\n1 shared /a/../etc\n", "not absolute and clean");
	expect_refused("0 view /\n1 shared /a/./b\n", "clean");
	expect_refused("0 view /\n1 shared /a//b\n", "clean");
	expect_refused("0 view /\n1 shared /a/\n", "clean");
	expect_refused("0 view /\n1 disk /a\n", "bad kind");
	expect_refused("0 view /\n1 shared\n", "bad kind");
	expect_refused("0 view /\n1 shared \n", "bad path length");
	expect_refused("x view /\n", "bad index");
	expect_refused("-0 view /\n", "bad index");
	expect_refused(" view /\n", "no index");
	expect_refused("99999999999999999999 view /\n", "bad index");
}

static void test_nul_and_limits(void **state)
{
	static char big[FSVIEW_EXPORTS_MAX * 16 + 64];
	static char longpath[FSVIEW_PATH_MAX + 32];
	size_t n = 0;

	(void)state;
	assert_false(fsview_parse_mounts("0 view /\n1 shared /a\0b\n", 24, &plan, err, sizeof(err)));
	assert_non_null(strstr(err, "NUL"));
	for (int i = 0; i <= FSVIEW_EXPORTS_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, i ? "%d shared /d%d\n" : "%d view /\n", i, i);
	assert_false(parse(big));
	assert_non_null(strstr(err, "more than"));
	n = (size_t)snprintf(longpath, sizeof(longpath), "0 view /\n1 shared /");
	memset(longpath + n, 'a', FSVIEW_PATH_MAX);
	longpath[n + FSVIEW_PATH_MAX] = '\n';
	assert_false(parse(longpath));
	assert_non_null(strstr(err, "path length"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_only),
		cmocka_unit_test(test_upper_and_shared),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_nul_and_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
