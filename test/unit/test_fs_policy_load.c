// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for finding and reading policy files (tools/fs_policy_load.c),
 * in a user and a system folder made under a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tools/fs_policy_load.h"

static char root[64];
static char sys_dir[128];
static struct fs_policy_dirs dirs;

/* dirs.user as a plain string, for messages built with snprintf. */
static const char *user_dir(void)
{
	return dirs.user;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#define POLICY(programs, desc)                                                  \
	"{\"description\":\"" desc "\",\"programs\":[" programs "],\"rules\":[]}"

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/fs_policy_load.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	fs_policy_dirs_init(&dirs, root);
	snprintf(sys_dir, sizeof(sys_dir), "%s/etc", root);
	dirs.system = sys_dir;
	if (mkdir(sys_dir, 0755) != 0)
		return -1;
	{
		char d[256];

		snprintf(d, sizeof(d), "%s/.config", root);
		mkdir(d, 0755);
		snprintf(d, sizeof(d), "%s/.config/cappsule", root);
		mkdir(d, 0755);
		if (mkdir(dirs.user, 0755) != 0)
			return -1;
	}
	write_file(sys_dir, "default.json", POLICY("", "system default"));
	write_file(sys_dir, "browser.json", POLICY("\"firefox\"", "system browser"));
	write_file(sys_dir, "shell.json", POLICY("\"bash\",\"sh\"", "system shell"));
	write_file(dirs.user, "browser.json", POLICY("\"firefox\",\"links\"", "my browser"));
	write_file(dirs.user, "zz.json", POLICY("\"sh\"", "my shell"));
	/* Not policies: no .json, a bad name, a backup. */
	write_file(sys_dir, "README", "x");
	write_file(sys_dir, "a.b.json", "x");
	write_file(sys_dir, "shell.json.dpkg-old", "x");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_dirs(void **state)
{
	struct fs_policy_dirs d;
	char expect[128];

	(void)state;
	fs_policy_dirs_init(&d, "/home/u");
	assert_string_equal(d.user, "/home/u/.config/cappsule/policies");
	assert_string_equal(d.system, "/etc/cappsule/policies");
	fs_policy_dirs_init(&d, NULL);
	assert_string_equal(d.user, "");
	fs_policy_dirs_init(&d, "relative");
	assert_string_equal(d.user, "");
	snprintf(expect, sizeof(expect), "%s/.config/cappsule/policies", root);
	assert_string_equal(dirs.user, expect);
}

static void test_list(void **state)
{
	struct fs_policy_entry *list;
	char err[256];
	size_t n;

	(void)state;
	assert_true(fs_policy_list(&dirs, &list, &n, err, sizeof(err)));
	assert_int_equal(n, 5);
	/* The user's first, each folder by name. */
	assert_string_equal(list[0].name, "browser");
	assert_int_equal(list[0].where, FS_POLICY_USER);
	assert_string_equal(list[1].name, "zz");
	assert_string_equal(list[2].name, "browser");
	assert_int_equal(list[2].where, FS_POLICY_SYSTEM);
	assert_true(list[2].overridden);
	assert_false(list[0].overridden);
	assert_string_equal(list[3].name, "default");
	assert_false(list[3].overridden);
	assert_string_equal(list[4].name, "shell");
	free(list);

	/* Missing folders are empty ones. */
	{
		struct fs_policy_dirs none = { .user = "/nonexistent/u", .system = "/nonexistent/s" };

		assert_true(fs_policy_list(&none, &list, &n, err, sizeof(err)));
		assert_int_equal(n, 0);
		free(list);
	}
}

static void test_load_named(void **state)
{
	char err[256], file[FS_POLICY_FILE_NAME_MAX], expect[8192];
	struct fs_policy *p;

	(void)state;
	/* The user's wins. */
	p = fs_policy_load_named(&dirs, "browser", root, file, err, sizeof(err));
	assert_non_null(p);
	assert_string_equal(fs_policy_description(p), "my browser");
	snprintf(expect, sizeof(expect), "%s/browser.json", user_dir());
	assert_string_equal(file, expect);
	fs_policy_free(p);
	p = fs_policy_load_named(&dirs, "shell", root, NULL, err, sizeof(err));
	assert_non_null(p);
	assert_string_equal(fs_policy_description(p), "system shell");
	fs_policy_free(p);

	assert_null(fs_policy_load_named(&dirs, "nope", root, NULL, err, sizeof(err)));
	snprintf(expect, sizeof(expect), "no policy 'nope' in %s or %s", user_dir(), sys_dir);
	assert_string_equal(err, expect);
	assert_null(fs_policy_load_named(&dirs, "../etc/default", root, NULL, err, sizeof(err)));
	assert_string_equal(err, "bad policy name: 1 to 64 letters, digits, '_' or '-'");
}

static void test_load_file_errors(void **state)
{
	char err[256], expect[9000], path[8192];
	char *big;
	FILE *f;

	(void)state;
	write_file(dirs.user, "bad.json", "{\n\"rules\": [],\n\"extra\": 1\n}\n");
	snprintf(path, sizeof(path), "%s/bad.json", user_dir());
	assert_null(fs_policy_load_file(path, root, err, sizeof(err)));
	snprintf(expect, sizeof(expect), "%s: line 3: unknown key \"extra\"", path);
	assert_string_equal(err, expect);

	/* A broken user policy is an error, never skipped for the system's. */
	write_file(dirs.user, "default.json", "{}");
	assert_null(fs_policy_load_named(&dirs, "default", root, NULL, err, sizeof(err)));
	snprintf(expect, sizeof(expect), "%s/default.json: line 1: the policy has no \"rules\"",
		 user_dir());
	assert_string_equal(err, expect);
	assert_null(fs_policy_choose(&dirs, NULL, "cat", root, NULL, err, sizeof(err)));
	snprintf(path, sizeof(path), "%s/default.json", user_dir());
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/bad.json", user_dir());
	assert_int_equal(unlink(path), 0);

	/* Exactly 1 MiB is read; one byte more is refused. */
	snprintf(path, sizeof(path), "%s/big.json", root);
	big = malloc(FS_POLICY_FILE_MAX + 1);
	assert_non_null(big);
	memset(big, ' ', FS_POLICY_FILE_MAX + 1);
	memcpy(big, "{\"rules\":[]}", 12);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(big, 1, FS_POLICY_FILE_MAX, f), FS_POLICY_FILE_MAX);
	fclose(f);
	{
		struct fs_policy *p = fs_policy_load_file(path, root, err, sizeof(err));

		assert_non_null(p);
		fs_policy_free(p);
	}
	f = fopen(path, "a");
	fputc(' ', f);
	fclose(f);
	assert_null(fs_policy_load_file(path, root, err, sizeof(err)));
	snprintf(expect, sizeof(expect), "%s: bigger than 1 MiB, too big for a policy", path);
	assert_string_equal(err, expect);
	unlink(path);
	free(big);

	assert_null(fs_policy_load_file(root, root, err, sizeof(err)));
	snprintf(expect, sizeof(expect), "%s: not a regular file", root);
	assert_string_equal(err, expect);
	assert_null(fs_policy_load_file("/nonexistent.json", root, err, sizeof(err)));
	assert_string_equal(err, "/nonexistent.json: No such file or directory");
}

static void test_choose(void **state)
{
	char err[256], chosen[FS_POLICY_NAME_MAX + 1];
	struct fs_policy *p;

	(void)state;
	/* By program: the user's policies first, by name. */
	p = fs_policy_choose(&dirs, NULL, "/usr/bin/firefox", root, chosen, err, sizeof(err));
	assert_non_null(p);
	assert_string_equal(chosen, "browser");
	assert_string_equal(fs_policy_description(p), "my browser");
	fs_policy_free(p);
	p = fs_policy_choose(&dirs, NULL, "sh", root, chosen, err, sizeof(err));
	assert_non_null(p);
	assert_string_equal(chosen, "zz");
	fs_policy_free(p);
	p = fs_policy_choose(&dirs, NULL, "bash", root, chosen, err, sizeof(err));
	assert_non_null(p);
	assert_string_equal(chosen, "shell");
	fs_policy_free(p);
	/* Nobody's: default. */
	p = fs_policy_choose(&dirs, NULL, "cat", root, chosen, err, sizeof(err));
	assert_non_null(p);
	assert_string_equal(chosen, "default");
	assert_string_equal(fs_policy_description(p), "system default");
	fs_policy_free(p);
	/* Named: that one, whatever the program. */
	p = fs_policy_choose(&dirs, "shell", "firefox", root, chosen, err, sizeof(err));
	assert_non_null(p);
	assert_string_equal(chosen, "shell");
	fs_policy_free(p);
	assert_null(fs_policy_choose(&dirs, "nope", "firefox", root, chosen, err, sizeof(err)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_load_named),
		cmocka_unit_test(test_load_file_errors),
		cmocka_unit_test(test_choose),
	};

	return cmocka_run_group_tests_name("fs_policy_load", tests, setup, teardown);
}
