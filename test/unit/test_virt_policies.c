// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the `virt policies` listing (tools/virt_policies.c), on
 * made-up entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/virt_policies.h"

static struct fs_policy *parse(const char *text)
{
	char err[256];
	struct fs_policy *p = fs_policy_parse(text, strlen(text), "/home/u", err, sizeof(err));

	if (!p)
		fail_msg("%s", err);
	return p;
}

/* Prints rows into a string (free it). */
static char *print(const struct virt_policy_row *rows, size_t n, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	virt_policies_print(f, rows, n, json);
	fclose(f);
	return buf;
}

static const struct fs_policy_entry entries[] = {
	{ .name = "browser", .where = FS_POLICY_USER, .file = "/h/browser.json" },
	{ .name = "broken", .where = FS_POLICY_USER, .file = "/h/broken.json" },
	{ .name = "browser", .where = FS_POLICY_SYSTEM, .overridden = true,
	  .file = "/etc/browser.json" },
};

static void test_text(void **state)
{
	struct fs_policy *a = parse("{\"description\":\"mine\",\"programs\":[\"firefox\",\"links\"],"
				    "\"rules\":[]}");
	struct fs_policy *b = parse("{\"description\":\"theirs\",\"rules\":[]}");
	struct virt_policy_row rows[] = {
		{ &entries[0], a, "" },
		{ &entries[1], NULL, "/h/broken.json: line 2: unknown key \"x\"" },
		{ &entries[2], b, "" },
	};
	char *out;

	(void)state;
	out = print(rows, 3, false);
	assert_string_equal(out,
		"NAME           WHERE   PROGRAMS                     DESCRIPTION\n"
		"browser        user    firefox,links                mine\n"
		"broken         user    -                            INVALID: /h/broken.json: line 2: unknown key \"x\"\n"
		"browser        system  -                            (overridden by the user's) theirs\n");
	free(out);
	out = print(rows, 0, false);
	assert_string_equal(out, "no policies in /etc/cappsule/policies or "
				 "$HOME/.config/cappsule/policies\n");
	free(out);
	fs_policy_free(a);
	fs_policy_free(b);
}

static void test_json(void **state)
{
	struct fs_policy *a = parse("{\"description\":\"m\\u00e9\",\"programs\":[\"ff\"],"
				    "\"persistent\":true,\"shared\":[\"@HOME@/D\"],\"rules\":[]}");
	struct virt_policy_row rows[] = {
		{ &entries[0], a, "" },
		{ &entries[1], NULL, "/h/broken.json: line 1: expected \"x\"" },
	};
	char *out;

	(void)state;
	out = print(rows, 2, true);
	assert_string_equal(out,
		"[{\"name\":\"browser\",\"where\":\"user\",\"file\":\"/h/browser.json\","
		"\"overridden\":false,\"error\":null,\"description\":\"m\\u00c3\\u00a9\","
		"\"programs\":[\"ff\"],\"persistent\":true,\"shared\":[\"/home/u/D\"]},"
		"{\"name\":\"broken\",\"where\":\"user\",\"file\":\"/h/broken.json\","
		"\"overridden\":false,\"error\":\"/h/broken.json: line 1: expected \\\"x\\\"\","
		"\"description\":null,\"programs\":[],\"persistent\":false,\"shared\":[]}]\n");
	free(out);
	out = print(rows, 0, true);
	assert_string_equal(out, "[]\n");
	free(out);
	fs_policy_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests_name("virt_policies", tests, NULL, NULL);
}
