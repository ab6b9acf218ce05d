// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for file-system policies (tools/fs_policy.c) and the shipped
 * policies (tools/policies/, read from POLICY_DIR). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/fs_policy.h"

#define R FS_ACCESS_R
#define W FS_ACCESS_W
#define X FS_ACCESS_X
#define ANC FS_ACCESS_ANCESTOR

#define HOME "/home/u"

static struct fs_policy *parse(const char *text)
{
	char err[256];
	struct fs_policy *p = fs_policy_parse(text, strlen(text), HOME, err, sizeof(err));

	if (!p)
		fail_msg("policy refused: %s\n%s", err, text);
	assert_string_equal(err, "");
	return p;
}

/* text is refused with exactly msg. */
static void refused(const char *text, const char *msg)
{
	char err[256];
	struct fs_policy *p;

	memset(err, 'X', sizeof(err));
	p = fs_policy_parse(text, strlen(text), HOME, err, sizeof(err));
	if (p)
		fail_msg("policy accepted, expected \"%s\":\n%s", msg, text);
	assert_string_equal(err, msg);
}

/* A policy with one rule per "PATTERN=ACCESS" word. */
static struct fs_policy *rules(const char *const *r, size_t n)
{
	char text[8192];
	size_t len = (size_t)snprintf(text, sizeof(text), "{\"rules\":[");
	struct fs_policy *p;

	for (size_t i = 0; i < n; i++) {
		const char *eq = strrchr(r[i], '=');

		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"%s{\"path\":\"%.*s\",\"access\":\"%s\"}", i ? "," : "",
					(int)(eq - r[i]), r[i], eq + 1);
	}
	snprintf(text + len, sizeof(text) - len, "]}");
	p = parse(text);
	return p;
}

#define RULES(...)                                                          \
	({                                                                  \
		static const char *const r_[] = { __VA_ARGS__ };            \
		rules(r_, sizeof(r_) / sizeof(r_[0]));                      \
	})

/* ------------------------------------------------------------- parsing -- */

static void test_full_example(void **state)
{
	struct fs_policy *p;

	(void)state;
	p = parse("{\n"
		  "  \"description\": \"Firefox: its profile persists, Downloads shared\",\n"
		  "  \"programs\": [\"firefox\", \"firefox-esr\"],\n"
		  "  \"persistent\": true,\n"
		  "  \"shared\": [\"@HOME@/Downloads\"],\n"
		  "  \"rules\": [\n"
		  "    { \"path\": \"/usr/**\", \"access\": \"rx\" },\n"
		  "    { \"path\": \"/etc/**\", \"access\": \"r\" },\n"
		  "    { \"path\": \"@HOME@/.mozilla/**\", \"access\": \"rw\" },\n"
		  "    { \"path\": \"/etc/shadow\", \"access\": \"\" }\n"
		  "  ]\n"
		  "}\n");
	assert_string_equal(fs_policy_description(p),
			    "Firefox: its profile persists, Downloads shared");
	assert_true(fs_policy_persistent(p));
	assert_int_equal(fs_policy_shared_count(p), 1);
	assert_string_equal(fs_policy_shared(p, 0), "/home/u/Downloads");
	assert_null(fs_policy_shared(p, 1));
	assert_int_equal(fs_policy_program_count(p), 2);
	assert_string_equal(fs_policy_program(p, 1), "firefox-esr");
	assert_null(fs_policy_program(p, 2));
	assert_true(fs_policy_for_program(p, "firefox"));
	assert_true(fs_policy_for_program(p, "/usr/bin/firefox-esr"));
	assert_false(fs_policy_for_program(p, "firefox-bin"));
	assert_false(fs_policy_for_program(p, "/usr/bin/"));
	assert_false(fs_policy_for_program(p, "fire"));

	assert_int_equal(fs_policy_access(p, "/usr/bin/ls"), R | X);
	assert_int_equal(fs_policy_access(p, "/usr"), R | X);
	assert_int_equal(fs_policy_access(p, "/etc/passwd"), R);
	assert_int_equal(fs_policy_access(p, "/etc/shadow"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.mozilla/x/prefs.js"), R | W);
	assert_int_equal(fs_policy_access(p, "/home/u"), ANC);
	assert_int_equal(fs_policy_access(p, "/home"), ANC);
	assert_int_equal(fs_policy_access(p, "/"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh"), 0);
	assert_int_equal(fs_policy_access(p, "/var"), 0);
	fs_policy_free(p);
}

static void test_defaults(void **state)
{
	struct fs_policy *p;

	(void)state;
	p = parse("{\"rules\":[]}");
	assert_false(fs_policy_persistent(p));
	assert_string_equal(fs_policy_description(p), "");
	assert_int_equal(fs_policy_shared_count(p), 0);
	assert_int_equal(fs_policy_program_count(p), 0);
	assert_false(fs_policy_for_program(p, "sh"));
	assert_int_equal(fs_policy_access(p, "/"), 0);
	assert_int_equal(fs_policy_access(p, "/usr"), 0);
	fs_policy_free(p);

	/* White space of every JSON kind, CRLF lines, escapes. */
	p = parse("\r\n\t { \"persistent\" : false , \"description\":\"a\\\"\\\\\\/\\u00e9\\ud83d\\ude00\","
		  "\"programs\":[],\"shared\":[],\"rules\" : [ ] } \r\n");
	assert_false(fs_policy_persistent(p));
	assert_string_equal(fs_policy_description(p), "a\"\\/\xc3\xa9\xf0\x9f\x98\x80");
	fs_policy_free(p);
	fs_policy_free(NULL);
}

static void test_json_errors(void **state)
{
	(void)state;
	refused("", "line 1: the text ends where the policy, a JSON object starting with '{' "
		    "was expected");
	refused("\n\n[]", "line 3: expected the policy, a JSON object starting with '{'");
	refused("{", "line 1: the text ends where a key in double quotes was expected");
	refused("{\"rules\":[]", "line 1: the text ends where ',' or '}' was expected");
	refused("{\"rules\":[]}\n\nx", "line 3: unexpected text after the policy");
	refused("{\"rules\":[]}{}", "line 1: unexpected text after the policy");
	refused("{\"rules\":[],}", "line 1: expected a key in double quotes");
	refused("{\"rules\":[] \"x\":1}", "line 1: expected ',' or '}'");
	refused("{\"rules\" []}", "line 1: expected ':' after a key");
	refused("{'rules':[]}", "line 1: expected a key in double quotes");
	refused("{\"rules\":[{\"path\":\"/\",\"access\":\"\"},]}",
		"line 1: a rule must be an object: { \"path\": ..., \"access\": ... }");
	refused("{\"rules\":[{\"path\":\"/\",\"access\":\"\"} {}]}",
		"line 1: expected ',' or ']'");
	refused("{\"rules\":[\n{\"path\":\"/\n\"}]}", "line 2: control character in a string");
	refused("{\"rules\":[{\"path\":\"/\\n\"}]}", "line 1: control character in a string");
	refused("{\"rules\":[{\"path\":\"/\\u0000\"}]}", "line 1: control character in a string");
	refused("{\"rules\":[{\"path\":\"/\\u007f\"}]}", "line 1: control character in a string");
	refused("{\"rules\":[{\"path\":\"/\x7f\"}]}", "line 1: control character in a string");
	refused("{\"rules\":[{\"path\":\"/\\x\"}]}", "line 1: unknown escape '\\x' in a string");
	refused("{\"rules\":[{\"path\":\"/\\u12\"}]}", "line 1: \\u needs four hex digits");
	refused("{\"rules\":[{\"path\":\"/\\ud800\"}]}",
		"line 1: \\ud800 is half of a surrogate pair");
	refused("{\"rules\":[{\"path\":\"/\\udc00\"}]}",
		"line 1: \\udc00 is half of a surrogate pair");
	refused("{\"rules\":[{\"path\":\"/\xc3\"}]}", "line 1: invalid UTF-8 in a string");
	refused("{\"rules\":[{\"path\":\"/\xc0\xaf\"}]}", "line 1: invalid UTF-8 in a string");
	refused("{\"rules\":[{\"path\":\"/\xed\xa0\x80\"}]}", "line 1: invalid UTF-8 in a string");
	refused("{\"rules\":[{\"path\":\"/abc", "line 1: the text ends inside a string");
	refused("\xef\xbb\xbf{\"rules\":[]}",
		"line 1: expected the policy, a JSON object starting with '{'");
	/* A NUL byte inside the given length is not the end. */
	{
		char err[128];
		static const char text[] = "{\"rules\":[]}\0";

		assert_null(fs_policy_parse(text, sizeof(text) - 1, HOME, err, sizeof(err)));
		assert_string_equal(err, "line 1: unexpected text after the policy");
		assert_null(fs_policy_parse(text, 5, HOME, err, sizeof(err)));
		assert_string_equal(err, "line 1: the text ends inside a string");
	}
}

static void test_schema_errors(void **state)
{
	(void)state;
	refused("{}", "line 1: the policy has no \"rules\"");
	refused("\n{\n\"persistent\": true\n}", "line 2: the policy has no \"rules\"");
	refused("{\"rules\":[],\n\"rule\":[]}", "line 2: unknown key \"rule\"");
	refused("{\"rules\":[],\"Rules\":[]}", "line 1: unknown key \"Rules\"");
	refused("{\"rules\":[],\n\n\"rules\":[]}", "line 3: key \"rules\" given twice");
	refused("{\"rules\":{}}", "line 1: \"rules\" must be an array of objects");
	refused("{\"rules\":null}", "line 1: \"rules\" must be an array of objects");
	refused("{\"rules\":[],\"persistent\":1}", "line 1: \"persistent\" must be true or false");
	refused("{\"rules\":[],\"persistent\":\"true\"}",
		"line 1: \"persistent\" must be true or false");
	refused("{\"rules\":[],\"persistent\":tru}", "line 1: \"persistent\" must be true or false");
	refused("{\"rules\":[],\"persistent\":truex}", "line 1: expected ',' or '}'");
	refused("{\"rules\":[],\"description\":[]}", "line 1: \"description\" must be a string");
	refused("{\"rules\":[],\"programs\":\"sh\"}",
		"line 1: \"programs\" must be an array of strings");
	refused("{\"rules\":[],\"programs\":[1]}", "line 1: \"programs\" must be an array of strings");
	refused("{\"rules\":[],\"shared\":[true]}", "line 1: \"shared\" must be an array of strings");
	refused("{\"rules\":[],\"shared\":\"/x\"}", "line 1: \"shared\" must be an array of strings");
	refused("{\"rules\":[\n\"/usr\"]}",
		"line 2: a rule must be an object: { \"path\": ..., \"access\": ... }");
	refused("{\"rules\":[\n{\"access\":\"r\"}]}", "line 2: the rule has no \"path\"");
	refused("{\"rules\":[\n{\"path\":\"/\"\n}]}", "line 2: the rule has no \"access\"");
	refused("{\"rules\":[{\"path\":\"/\",\n\"access\":\"r\",\n\"mode\":\"r\"}]}",
		"line 3: unknown key \"mode\"");
	refused("{\"rules\":[{\"path\":\"/\",\"path\":\"/\",\"access\":\"r\"}]}",
		"line 1: key \"path\" given twice");
	refused("{\"rules\":[{\"path\":1,\"access\":\"r\"}]}", "line 1: \"path\" must be a string");
	refused("{\"rules\":[{\"path\":\"/\",\"access\":null}]}",
		"line 1: \"access\" must be a string");
	/* Deep nesting is refused where it starts, never read. */
	{
		char text[9000];
		size_t n = (size_t)snprintf(text, sizeof(text), "{\"rules\":[],\"programs\":");

		memset(text + n, '[', 8000);
		text[n + 8000] = '\0';
		refused(text, "line 1: \"programs\" must be an array of strings");
	}
	refused("{\"rules\":[[[[]]]]}",
		"line 1: a rule must be an object: { \"path\": ..., \"access\": ... }");
	refused("{\"rules\":[],\"description\":\"x\",\n\"description\":\"y\"}",
		"line 2: key \"description\" given twice");
}

static void test_access_strings(void **state)
{
	static const char *const good[] = { "", "r", "w", "x", "rw", "wr", "rx", "xr", "rwx", "xwr" };
	static const unsigned masks[] = { 0, R, W, X, R | W, R | W, R | X, R | X, R | W | X, R | W | X };
	static const char *const bad[] = { "R", "rr", "rwxr", "a", " r", "r ", "-", "rw-", "read" };
	char text[128], msg[160];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct fs_policy *p;

		snprintf(text, sizeof(text), "{\"rules\":[{\"path\":\"/a\",\"access\":\"%s\"}]}", good[i]);
		p = parse(text);
		assert_int_equal(fs_policy_access(p, "/a"), masks[i]);
		fs_policy_free(p);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"rules\":[{\"path\":\"/a\",\n\"access\":\"%s\"}]}", bad[i]);
		snprintf(msg, sizeof(msg), "line 2: access \"%s\": only 'r', 'w' and 'x', each at "
			 "most once (\"\" hides)", bad[i]);
		refused(text, msg);
	}
}

static void test_bad_paths(void **state)
{
	static const struct {
		const char *path, *why;
	} bad[] = {
		{ "usr/**", "\"usr/**\" is not absolute (start it with / or @HOME@)" },
		{ "", "\"\" is not absolute (start it with / or @HOME@)" },
		{ "*/x", "\"*/x\" is not absolute (start it with / or @HOME@)" },
		{ "/usr/", "\"/usr/\" ends with '/'" },
		{ "/usr//lib", "\"/usr//lib\" has an empty component" },
		{ "//", "\"//\" has an empty component" },
		{ "/usr/./lib", "\"/usr/./lib\" has a '.' or '..' component" },
		{ "/usr/..", "\"/usr/..\" has a '.' or '..' component" },
		{ "/..", "\"/..\" has a '.' or '..' component" },
		{ "/usr/lib**", "\"/usr/lib**\" has '**' inside a component (it must be a whole one)" },
		{ "/***", "\"/***\" has '**' inside a component (it must be a whole one)" },
		{ "/a**b/c", "\"/a**b/c\" has '**' inside a component (it must be a whole one)" },
		{ "@HOME@x/y", "\"@HOME@x/y\": @HOME@ must be a whole component" },
		{ "/x/@HOME@", "\"/x/@HOME@\": @HOME@ may only start a path" },
		{ "@HOME@/@HOME@", "\"@HOME@/@HOME@\": @HOME@ may only start a path" },
		{ "/a@HOME@b", "\"/a@HOME@b\": @HOME@ may only start a path" },
		{ "@HOME@/", "\"@HOME@/\" ends with '/'" },
		{ "@HOME@/../etc", "\"@HOME@/../etc\" has a '.' or '..' component" },
	};
	char text[256], msg[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"rules\":[\n\n{\"path\":\"%s\",\"access\":\"r\"}]}",
			 bad[i].path);
		snprintf(msg, sizeof(msg), "line 3: path %s", bad[i].why);
		refused(text, msg);
	}
	/* "..." and ".x" are names like any other. */
	{
		struct fs_policy *p = RULES("/.../.x/..y=r");

		assert_int_equal(fs_policy_access(p, "/.../.x/..y"), R);
		fs_policy_free(p);
	}
}

static void test_long_paths(void **state)
{
	char *text = malloc(10000), *path = malloc(5000);
	struct fs_policy *p;

	(void)state;
	/* 4095 bytes is fine, 4096 is not. */
	memset(path, 'a', 4095);
	path[0] = '/';
	path[4095] = '\0';
	snprintf(text, 10000, "{\"rules\":[{\"path\":\"%s\",\"access\":\"r\"}]}", path);
	p = parse(text);
	assert_int_equal(fs_policy_access(p, path), R);
	fs_policy_free(p);
	snprintf(text, 10000, "{\"rules\":[{\"path\":\"%sa\",\"access\":\"r\"}]}", path);
	refused(text, "line 1: string longer than 4095 bytes");
	/* @HOME@ makes it longer than it looks. */
	snprintf(text, 10000, "{\"rules\":[{\"path\":\"@HOME@/%.4088s\",\"access\":\"r\"}]}", path + 1);
	refused(text, "line 1: path \"@HOME@/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" "
		      "is longer than 4095 bytes");
	/* Paths asked about that are too long, or not normalized, get 0. */
	p = RULES("/**=r");
	assert_int_equal(fs_policy_access(p, path), R);
	path[4095] = 'a';
	path[4096] = '\0';
	assert_int_equal(fs_policy_access(p, path), 0);
	assert_int_equal(fs_policy_access(p, ""), 0);
	assert_int_equal(fs_policy_access(p, "usr"), 0);
	assert_int_equal(fs_policy_access(p, "/usr/"), 0);
	assert_int_equal(fs_policy_access(p, "//usr"), 0);
	assert_int_equal(fs_policy_access(p, "/usr/./lib"), 0);
	assert_int_equal(fs_policy_access(p, "/usr/../etc"), 0);
	assert_int_equal(fs_policy_access(p, NULL), 0);
	assert_int_equal(fs_policy_access(NULL, "/"), 0);
	fs_policy_free(p);
	free(text);
	free(path);
}

static void test_rule_count(void **state)
{
	char *text = malloc(64 * 300);
	size_t len;

	(void)state;
	for (int n = 256; n <= 257; n++) {
		len = (size_t)sprintf(text, "{\"rules\":[");
		for (int i = 0; i < n; i++)
			len += (size_t)sprintf(text + len, "%s\n{\"path\":\"/r%d\",\"access\":\"r\"}",
					       i ? "," : "", i);
		sprintf(text + len, "]}");
		if (n == 256) {
			struct fs_policy *p = parse(text);

			assert_int_equal(fs_policy_access(p, "/r255"), R);
			assert_int_equal(fs_policy_access(p, "/"), ANC);
			fs_policy_free(p);
		} else {
			refused(text, "line 258: more than 256 rules");
		}
	}
	free(text);
}

static void test_programs(void **state)
{
	char text[512];

	(void)state;
	refused("{\"rules\":[],\"programs\":[\n\"/usr/bin/sh\"]}",
		"line 2: program \"/usr/bin/sh\": a plain file name is needed (no '/', at most 255 bytes)");
	refused("{\"rules\":[],\"programs\":[\"\"]}",
		"line 1: program \"\": a plain file name is needed (no '/', at most 255 bytes)");
	refused("{\"rules\":[],\"programs\":[\"..\"]}",
		"line 1: program \"..\": a plain file name is needed (no '/', at most 255 bytes)");
	refused("{\"rules\":[],\"programs\":[\"sh\",\n\"sh\"]}", "line 2: program \"sh\" listed twice");
	{
		size_t len = (size_t)snprintf(text, sizeof(text), "{\"rules\":[],\"programs\":[");

		for (int i = 0; i < 65; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s\"p%d\"", i ? "," : "", i);
		snprintf(text + len, sizeof(text) - len, "]}");
		refused(text, "line 1: more than 64 programs");
	}
}

static void test_shared(void **state)
{
	struct fs_policy *p;
	char text[1024];

	(void)state;
	p = parse("{\"rules\":[],\"shared\":[\"@HOME@\",\"/srv/data\",\"@HOME@/a b/ü\"]}");
	assert_int_equal(fs_policy_shared_count(p), 3);
	assert_string_equal(fs_policy_shared(p, 0), "/home/u");
	assert_string_equal(fs_policy_shared(p, 1), "/srv/data");
	assert_string_equal(fs_policy_shared(p, 2), "/home/u/a b/\xc3\xbc");
	fs_policy_free(p);

	refused("{\"rules\":[],\"shared\":[\n\"Downloads\"]}",
		"line 2: shared folder \"Downloads\" is not absolute (start it with / or @HOME@)");
	refused("{\"rules\":[],\"shared\":[\"@HOME@/*\"]}",
		"line 1: shared folder \"@HOME@/*\" has a wildcard ('*' or '?')");
	refused("{\"rules\":[],\"shared\":[\"/srv/**\"]}",
		"line 1: shared folder \"/srv/**\" has a wildcard ('*' or '?')");
	refused("{\"rules\":[],\"shared\":[\"/a?\"]}",
		"line 1: shared folder \"/a?\" has a wildcard ('*' or '?')");
	refused("{\"rules\":[],\"shared\":[\"/\"]}",
		"line 1: shared folder \"/\": the whole host cannot be shared");
	refused("{\"rules\":[],\"shared\":[\"/srv/\"]}", "line 1: shared folder \"/srv/\" ends with '/'");
	refused("{\"rules\":[],\"shared\":[\"/srv\",\"/srv\"]}",
		"line 1: shared folder \"/srv\" listed twice");
	refused("{\"rules\":[],\"shared\":[\"@HOME@/x\",\"/home/u/x\"]}",
		"line 1: shared folder \"/home/u/x\" listed twice");
	{
		size_t len = (size_t)snprintf(text, sizeof(text), "{\"rules\":[],\"shared\":[");

		for (int i = 0; i < 17; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s\"/s%d\"", i ? "," : "", i);
		snprintf(text + len, sizeof(text) - len, "]}");
		refused(text, "line 1: more than 16 shared folders");
	}
}

static void test_home(void **state)
{
	static const char text[] = "{\"rules\":[{\"path\":\"@HOME@/**\",\"access\":\"r\"}]}";
	static const char *const bad_homes[] = {
		NULL, "", "home/u", "/home/u/", "/home//u", "/home/./u", "/home/*", "/h?me", "/home/\n",
	};
	char err[200];
	struct fs_policy *p;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_homes) / sizeof(bad_homes[0]); i++) {
		assert_null(fs_policy_parse(text, sizeof(text) - 1, bad_homes[i], err, sizeof(err)));
		assert_string_equal(err, "line 1: path \"@HOME@/**\": no usable home directory for @HOME@");
	}
	/* No home is fine for a policy that does not need one. */
	p = fs_policy_parse("{\"rules\":[]}", 12, NULL, err, sizeof(err));
	assert_non_null(p);
	fs_policy_free(p);

	/* root's home may be "/". */
	p = fs_policy_parse(text, sizeof(text) - 1, "/", err, sizeof(err));
	assert_non_null(p);
	assert_int_equal(fs_policy_access(p, "/"), R);
	assert_int_equal(fs_policy_access(p, "/x/y"), R);
	fs_policy_free(p);
	{
		static const char home_only[] = "{\"rules\":[{\"path\":\"@HOME@\",\"access\":\"r\"}]}";

		p = fs_policy_parse(home_only, sizeof(home_only) - 1, "/root", err, sizeof(err));
	}
	assert_non_null(p);
	assert_int_equal(fs_policy_access(p, "/root"), R);
	assert_int_equal(fs_policy_access(p, "/root/x"), 0);
	assert_int_equal(fs_policy_access(p, "/"), ANC);
	fs_policy_free(p);
}

/* A short error buffer is cut, never overrun; no buffer is fine too. */
static void test_error_buffer(void **state)
{
	char err[8];

	(void)state;
	memset(err, 'X', sizeof(err));
	assert_null(fs_policy_parse("{}", 2, HOME, err, 5));
	assert_string_equal(err, "line");
	assert_int_equal(err[5], 'X');
	assert_null(fs_policy_parse("{}", 2, HOME, NULL, 0));
	assert_null(fs_policy_parse("{}", 2, HOME, err, 1));
	assert_string_equal(err, "");
}

/* --------------------------------------------------------------- globs -- */

static void test_star(void **state)
{
	struct fs_policy *p;

	(void)state;
	p = RULES("/usr/lib/*.so=r", "/lib*=x", "/a/*/c=w", "/s/*=r", "/m/a*b*c=r");
	assert_int_equal(fs_policy_access(p, "/usr/lib/libc.so"), R);
	assert_int_equal(fs_policy_access(p, "/usr/lib/.so"), R);
	assert_int_equal(fs_policy_access(p, "/usr/lib/libc.so.6"), 0);
	assert_int_equal(fs_policy_access(p, "/usr/lib/x/libc.so"), 0);
	assert_int_equal(fs_policy_access(p, "/lib"), X);
	assert_int_equal(fs_policy_access(p, "/lib64"), X);
	assert_int_equal(fs_policy_access(p, "/lib64/x"), 0);
	assert_int_equal(fs_policy_access(p, "/li"), 0);
	assert_int_equal(fs_policy_access(p, "/a/b/c"), W);
	assert_int_equal(fs_policy_access(p, "/a/b/b/c"), 0);
	assert_int_equal(fs_policy_access(p, "/a/c"), ANC);	/* /a/c/c may match */
	assert_int_equal(fs_policy_access(p, "/s"), ANC);
	assert_int_equal(fs_policy_access(p, "/s/x"), R);
	assert_int_equal(fs_policy_access(p, "/s/x/y"), 0);
	assert_int_equal(fs_policy_access(p, "/m/abc"), R);
	assert_int_equal(fs_policy_access(p, "/m/aXbYbZc"), R);
	assert_int_equal(fs_policy_access(p, "/m/abcb"), 0);
	fs_policy_free(p);
}

static void test_question_mark(void **state)
{
	struct fs_policy *p;

	(void)state;
	p = RULES("/tmp/?=r", "/v/a?c=r", "/w/??*=r");
	assert_int_equal(fs_policy_access(p, "/tmp/a"), R);
	assert_int_equal(fs_policy_access(p, "/tmp/ab"), 0);
	assert_int_equal(fs_policy_access(p, "/tmp"), ANC);
	assert_int_equal(fs_policy_access(p, "/v/abc"), R);
	assert_int_equal(fs_policy_access(p, "/v/ac"), 0);
	assert_int_equal(fs_policy_access(p, "/w/a"), 0);
	assert_int_equal(fs_policy_access(p, "/w/ab"), R);
	assert_int_equal(fs_policy_access(p, "/w/abcdef"), R);
	fs_policy_free(p);
}

static void test_globstar(void **state)
{
	struct fs_policy *p;

	(void)state;
	/* At the end: the folder itself and all below. */
	p = RULES("/usr/**=r");
	assert_int_equal(fs_policy_access(p, "/usr"), R);
	assert_int_equal(fs_policy_access(p, "/usr/a/b/c"), R);
	assert_int_equal(fs_policy_access(p, "/usrx"), 0);
	assert_int_equal(fs_policy_access(p, "/"), ANC);
	fs_policy_free(p);

	/* At the start: anywhere. */
	p = RULES("/**/.git=r", "/**=x");
	assert_int_equal(fs_policy_access(p, "/.git"), R);
	assert_int_equal(fs_policy_access(p, "/a/b/.git"), R);
	assert_int_equal(fs_policy_access(p, "/a/b/.git/x"), X | ANC);
	assert_int_equal(fs_policy_access(p, "/a/b"), X | ANC);
	fs_policy_free(p);

	/* In the middle: zero or more components between. */
	p = RULES("/src/**/test/*.c=r");
	assert_int_equal(fs_policy_access(p, "/src/test/a.c"), R);
	assert_int_equal(fs_policy_access(p, "/src/x/test/a.c"), R);
	assert_int_equal(fs_policy_access(p, "/src/x/y/z/test/a.c"), R);
	assert_int_equal(fs_policy_access(p, "/src/x/test"), ANC);
	/* Anything below /src may hold a "test/NAME.c" further down. */
	assert_int_equal(fs_policy_access(p, "/src/x/y/z/test/a.h"), ANC);
	assert_int_equal(fs_policy_access(p, "/src/test/a.c/b"), ANC);
	assert_int_equal(fs_policy_access(p, "/srcx"), 0);
	fs_policy_free(p);

	/* Two of them, and "/" itself. */
	p = RULES("/**/a/**=r", "/=x");
	assert_int_equal(fs_policy_access(p, "/a"), R);
	assert_int_equal(fs_policy_access(p, "/x/a/y"), R);
	assert_int_equal(fs_policy_access(p, "/x/y"), ANC);
	assert_int_equal(fs_policy_access(p, "/"), X | ANC);
	fs_policy_free(p);
	p = RULES("/**=r");
	assert_int_equal(fs_policy_access(p, "/"), R);
	fs_policy_free(p);
}

/* The matcher's cost stays polynomial on patterns and paths made to make a
 * backtracking one explode. */
static void test_no_blowup(void **state)
{
	char pat[4096], path[4096], text[9000];
	struct fs_policy *p;
	size_t n = 0;

	(void)state;
	// "/**/a" repeated, then "/b"; the path is all "/a": no match.
	while (n + 8 < 2000)
		n += (size_t)sprintf(pat + n, "/**/a");
	sprintf(pat + n, "/b");
	n = 0;
	while (n + 3 < sizeof(path))
		n += (size_t)sprintf(path + n, "/a");
	snprintf(text, sizeof(text), "{\"rules\":[{\"path\":\"%s\",\"access\":\"r\"}]}", pat);
	p = parse(text);
	assert_int_equal(fs_policy_access(p, path), ANC);
	fs_policy_free(p);

	/* "*a" repeated within one component, against "aaa...b". */
	n = (size_t)sprintf(pat, "/");
	while (n + 3 < 2000)
		n += (size_t)sprintf(pat + n, "*a");
	sprintf(pat + n, "*c");
	memset(path, 'a', 4000);
	path[0] = '/';
	path[3999] = 'b';
	path[4000] = '\0';
	snprintf(text, sizeof(text), "{\"rules\":[{\"path\":\"%s\",\"access\":\"r\"}]}", pat);
	p = parse(text);
	assert_int_equal(fs_policy_access(p, path), 0);
	fs_policy_free(p);
}

/* ---------------------------------------------------------- precedence -- */

static void test_specificity(void **state)
{
	struct fs_policy *p;

	(void)state;
	/* More literal bytes wins, whatever the order. */
	p = RULES("/etc/shadow=", "/etc/**=r");
	assert_int_equal(fs_policy_access(p, "/etc/shadow"), 0);
	assert_int_equal(fs_policy_access(p, "/etc/passwd"), R);
	fs_policy_free(p);
	p = RULES("/etc/**=r", "/etc/shadow=");
	assert_int_equal(fs_policy_access(p, "/etc/shadow"), 0);
	fs_policy_free(p);

	// "/usr/lib/*" (9 literal) beats "/usr/**" (5).
	p = RULES("/usr/lib/*=rw", "/usr/**=r");
	assert_int_equal(fs_policy_access(p, "/usr/lib/x"), R | W);
	assert_int_equal(fs_policy_access(p, "/usr/lib"), R);
	fs_policy_free(p);

	// Same literal count: fewer "**" wins ("/a/*" over "/a/**").
	p = RULES("/a/*=w", "/a/**=r");
	assert_int_equal(fs_policy_access(p, "/a/b"), W | ANC);
	assert_int_equal(fs_policy_access(p, "/a/b/c"), R);
	fs_policy_free(p);
	p = RULES("/a/**=r", "/a/*=w");
	assert_int_equal(fs_policy_access(p, "/a/b"), W | ANC);
	fs_policy_free(p);

	/* Full tie: the later rule wins. */
	p = RULES("/a/*=r", "/a/?=w");
	assert_int_equal(fs_policy_access(p, "/a/b"), W);
	assert_int_equal(fs_policy_access(p, "/a/bc"), R);
	fs_policy_free(p);
	p = RULES("/x=r", "/x=rx", "/x=");
	assert_int_equal(fs_policy_access(p, "/x"), 0);
	fs_policy_free(p);
	p = RULES("/x=", "/x=rx");
	assert_int_equal(fs_policy_access(p, "/x"), R | X);
	fs_policy_free(p);

	/* @HOME@ counts as its expansion. */
	p = RULES("/home/*/.mozilla/**=r", "@HOME@/**=");
	assert_int_equal(fs_policy_access(p, "/home/u/.mozilla/a"), R);
	fs_policy_free(p);
}

/* A hiding rule covers what is below the path it matches. */
static void test_hiding_covers_below(void **state)
{
	struct fs_policy *p;

	(void)state;
	p = RULES("/etc/**=r", "/etc/ssh=", "/etc/shadow=");
	assert_int_equal(fs_policy_access(p, "/etc/ssh"), 0);
	assert_int_equal(fs_policy_access(p, "/etc/ssh/sshd_config"), 0);
	assert_int_equal(fs_policy_access(p, "/etc/shadow"), 0);
	assert_int_equal(fs_policy_access(p, "/etc/sshx"), R);
	fs_policy_free(p);

	/* Unless a rule that wins over it grants something there. */
	p = RULES("/etc/**=r", "/etc/ssh=", "/etc/ssh/ssh_config=r");
	assert_int_equal(fs_policy_access(p, "/etc/ssh"), ANC);
	assert_int_equal(fs_policy_access(p, "/etc/ssh/ssh_config"), R);
	assert_int_equal(fs_policy_access(p, "/etc/ssh/sshd_config"), 0);
	fs_policy_free(p);
}

/* ------------------------------------------------------------ ancestors -- */

static void test_ancestors(void **state)
{
	struct fs_policy *p;

	(void)state;
	p = RULES("/usr/lib/**=r");
	assert_int_equal(fs_policy_access(p, "/"), ANC);
	assert_int_equal(fs_policy_access(p, "/usr"), ANC);
	assert_int_equal(fs_policy_access(p, "/usr/lib"), R);
	assert_int_equal(fs_policy_access(p, "/usr/bin"), 0);
	assert_int_equal(fs_policy_access(p, "/etc"), 0);
	fs_policy_free(p);

	p = RULES("/home/*/docs/**=r");
	assert_int_equal(fs_policy_access(p, "/home"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/alice"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/alice/docs/x"), R);
	assert_int_equal(fs_policy_access(p, "/home/alice/music"), 0);
	fs_policy_free(p);

	/* A granting rule below a hidden area that it wins over. */
	p = RULES("@HOME@/**=", "@HOME@/.mozilla/**=rw");
	assert_int_equal(fs_policy_access(p, "/home/u"), ANC);
	assert_int_equal(fs_policy_access(p, "/home"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh/id_rsa"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.mozilla"), R | W);
	fs_policy_free(p);

	/* ... but not one that loses to it. */
	p = RULES("/home/*/x=r", "/home/bob/**=");
	assert_int_equal(fs_policy_access(p, "/home/alice"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/bob"), 0);
	assert_int_equal(fs_policy_access(p, "/home/bob/x"), 0);
	fs_policy_free(p);

	/* A hiding rule alone shows nothing above it; rules granting only
	 * w or x still make ancestors. */
	p = RULES("/secret/**=");
	assert_int_equal(fs_policy_access(p, "/"), 0);
	fs_policy_free(p);
	p = RULES("/bin/**=x", "/bin/*=w");
	assert_int_equal(fs_policy_access(p, "/"), ANC);
	assert_int_equal(fs_policy_access(p, "/bin"), X | ANC);
	assert_int_equal(fs_policy_access(p, "/bin/sh"), W | ANC);
	fs_policy_free(p);
}

/* --------------------------------------------------- shipped policies -- */

static struct fs_policy *shipped(const char *name)
{
	char file[512], err[256];
	struct fs_policy *p;
	FILE *f;
	char *text = malloc(1 << 20);
	size_t len;

	snprintf(file, sizeof(file), "%s/%s.json", POLICY_DIR, name);
	f = fopen(file, "r");
	if (!f || !text)
		fail_msg("cannot read %s", file);
	len = fread(text, 1, 1 << 20, f);
	fclose(f);
	p = fs_policy_parse(text, len, "/home/u", err, sizeof(err));
	free(text);
	if (!p)
		fail_msg("%s: %s", file, err);
	return p;
}

/* What every policy but unrestricted shows of the system. */
static void assert_system(const struct fs_policy *p)
{
	assert_int_equal(fs_policy_access(p, "/usr/bin/ls"), R | X);
	assert_int_equal(fs_policy_access(p, "/usr/lib/x86_64-linux-gnu/libc.so.6"), R | X);
	assert_int_equal(fs_policy_access(p, "/bin"), R | X);
	assert_int_equal(fs_policy_access(p, "/lib64/ld-linux-x86-64.so.2"), R | X);
	assert_int_equal(fs_policy_access(p, "/etc/passwd"), R);
	assert_int_equal(fs_policy_access(p, "/etc/ssh/ssh_config"), R);
	assert_int_equal(fs_policy_access(p, "/"), ANC);
	assert_int_equal(fs_policy_access(p, "/var"), ANC);
	assert_int_equal(fs_policy_access(p, "/var/lib/dpkg/status"), R);
	static const char *const hidden[] = {
		"/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d",
		"/etc/sudoers.d/admins", "/etc/ssh/ssh_host_ed25519_key", "/etc/ssl/private",
		"/etc/ssl/private/x.pem", "/etc/NetworkManager/system-connections/wifi.nmconnection",
		"/var/lib/sudo", "/root", "/root/.bashrc", "/home/other/.bashrc", "/proc", "/tmp",
	};
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (fs_policy_access(p, hidden[i]) != 0)
			fail_msg("%s is not hidden: %u", hidden[i], fs_policy_access(p, hidden[i]));
}

static void test_shipped_unrestricted(void **state)
{
	struct fs_policy *p = shipped("unrestricted");

	(void)state;
	assert_int_equal(fs_policy_access(p, "/"), R | X);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh/id_rsa"), R | X);
	assert_int_equal(fs_policy_access(p, "/etc/shadow"), R | X);
	assert_false(fs_policy_persistent(p));
	assert_int_equal(fs_policy_shared_count(p), 0);
	assert_int_equal(fs_policy_program_count(p), 0);
	fs_policy_free(p);
}

static void test_shipped_default(void **state)
{
	struct fs_policy *p = shipped("default");

	(void)state;
	assert_system(p);
	assert_int_equal(fs_policy_access(p, "/home"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/Documents/a.pdf"), 0);
	assert_false(fs_policy_persistent(p));
	assert_int_equal(fs_policy_program_count(p), 0);
	assert_true(strlen(fs_policy_description(p)) > 0);
	fs_policy_free(p);
}

static void test_shipped_browser(void **state)
{
	struct fs_policy *p = shipped("browser");

	(void)state;
	assert_system(p);
	assert_true(fs_policy_for_program(p, "/usr/bin/firefox"));
	assert_true(fs_policy_for_program(p, "firefox-esr"));
	assert_true(fs_policy_for_program(p, "chromium"));
	assert_false(fs_policy_for_program(p, "bash"));
	assert_true(fs_policy_persistent(p));
	assert_int_equal(fs_policy_shared_count(p), 1);
	assert_string_equal(fs_policy_shared(p, 0), "/home/u/Downloads");
	assert_int_equal(fs_policy_access(p, "/home/u"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/u/.mozilla/firefox/profiles.ini"), R | W);
	assert_int_equal(fs_policy_access(p, "/home/u/.config"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/u/.config/chromium/Default"), R | W);
	assert_int_equal(fs_policy_access(p, "/home/u/Downloads/a.zip"), R | W);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/Documents"), 0);
	fs_policy_free(p);
}

static void test_shipped_pdf(void **state)
{
	struct fs_policy *p = shipped("pdf");

	(void)state;
	assert_system(p);
	assert_true(fs_policy_for_program(p, "evince"));
	assert_true(fs_policy_for_program(p, "/usr/bin/okular"));
	assert_false(fs_policy_persistent(p));
	assert_int_equal(fs_policy_access(p, "/home/u/Documents/a.pdf"), R);
	assert_int_equal(fs_policy_access(p, "/home/u"), R);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh/id_rsa"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.bash_history"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.config"), ANC);
	assert_int_equal(fs_policy_access(p, "/home/u/.config/fontconfig/fonts.conf"), R);
	fs_policy_free(p);
}

static void test_shipped_shell(void **state)
{
	struct fs_policy *p = shipped("shell");

	(void)state;
	assert_system(p);
	assert_true(fs_policy_for_program(p, "bash"));
	assert_true(fs_policy_for_program(p, "/bin/sh"));
	assert_true(fs_policy_for_program(p, "busybox"));
	assert_int_equal(fs_policy_access(p, "/home/u/.bashrc"), R | X);
	assert_int_equal(fs_policy_access(p, "/home/u/bin/script"), R | X);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.ssh/id_ed25519"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.gnupg/private-keys-v1.d"), 0);
	assert_int_equal(fs_policy_access(p, "/home/u/.bash_history"), 0);
	assert_int_equal(fs_policy_access(p, "/home"), ANC);
	fs_policy_free(p);
}

/* ---------------------------------------------------------------- names -- */

static void test_names(void **state)
{
	char long_name[80];

	(void)state;
	assert_true(fs_policy_name_valid("default"));
	assert_true(fs_policy_name_valid("my_policy-2"));
	assert_true(fs_policy_name_valid("A"));
	assert_false(fs_policy_name_valid(""));
	assert_false(fs_policy_name_valid("a.json"));
	assert_false(fs_policy_name_valid("../etc"));
	assert_false(fs_policy_name_valid("a/b"));
	assert_false(fs_policy_name_valid("a b"));
	assert_false(fs_policy_name_valid("\xc3\xa9"));
	memset(long_name, 'a', 64);
	long_name[64] = '\0';
	assert_true(fs_policy_name_valid(long_name));
	long_name[64] = 'a';
	long_name[65] = '\0';
	assert_false(fs_policy_name_valid(long_name));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_schema_errors),
		cmocka_unit_test(test_access_strings),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_long_paths),
		cmocka_unit_test(test_rule_count),
		cmocka_unit_test(test_programs),
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_home),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_question_mark),
		cmocka_unit_test(test_globstar),
		cmocka_unit_test(test_no_blowup),
		cmocka_unit_test(test_specificity),
		cmocka_unit_test(test_hiding_covers_below),
		cmocka_unit_test(test_ancestors),
		cmocka_unit_test(test_shipped_unrestricted),
		cmocka_unit_test(test_shipped_default),
		cmocka_unit_test(test_shipped_browser),
		cmocka_unit_test(test_shipped_pdf),
		cmocka_unit_test(test_shipped_shell),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("fs_policy", tests, NULL, NULL);
}
