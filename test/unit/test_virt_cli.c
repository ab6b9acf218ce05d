// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the `virt` command-line parser (tools/virt_cli.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hostshim/cappsule_ioctl.h"
#include "tools/virt_cli.h"

#define STR_(x) #x
#define STR(x) STR_(x)
/* The largest -m, as text, and one more (the shim's limit may change). */
#define MEM_MAX STR(CAPPSULE_EXEC_MEM_MAX_MB)
static char mem_max_plus_1[16];
#define MEM_MAX_PLUS_1 mem_max_plus_1

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Parses {"virt", words...}; the words stay alive in the caller's array. */
#define PARSE(inv, ...)                                                    \
	({                                                                 \
		static char *argv_[] = { "virt", __VA_ARGS__ };            \
		virt_cli_parse(ARGC(argv_), argv_, (inv));                 \
	})

static void assert_error(const struct virt_invocation *inv, const char *msg)
{
	assert_int_equal(inv->action, VIRT_ACTION_ERROR);
	assert_string_equal(inv->error, msg);
}

static void assert_status_run(const struct virt_invocation *inv, unsigned int flags)
{
	assert_int_equal(inv->action, VIRT_ACTION_RUN);
	assert_non_null(inv->command);
	assert_int_equal(inv->command->id, VIRT_CMD_STATUS);
	assert_string_equal(inv->command->name, "status");
	assert_int_equal(inv->flags, flags);
	assert_int_equal(inv->n_args, 0);
	assert_null(inv->args);
}

/* ------------------------------------------------------------ no words -- */

static void test_no_arguments_is_usage_error(void **state)
{
	char *argv[] = { "virt" };
	struct virt_invocation inv;

	(void)state;
	assert_false(virt_cli_parse(1, argv, &inv));
	assert_error(&inv, "no command given");
	assert_true(inv.show_usage);
	assert_null(inv.command);
}

/* execve() with an empty argv gives argc == 0. */
static void test_argc_zero(void **state)
{
	char *argv[] = { NULL };
	struct virt_invocation inv;

	(void)state;
	assert_false(virt_cli_parse(0, argv, &inv));
	assert_error(&inv, "no command given");
	assert_true(inv.show_usage);
}

/* ---------------------------------------------------------------- help -- */

static void test_general_help(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "--help"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_null(inv.command);

	assert_true(PARSE(&inv, "-h"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_null(inv.command);

	assert_true(PARSE(&inv, "help"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_null(inv.command);

	assert_true(PARSE(&inv, "help", "--help"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_null(inv.command);
}

static void test_command_help(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "help", "status"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_non_null(inv.command);
	assert_string_equal(inv.command->name, "status");

	assert_true(PARSE(&inv, "status", "--help"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_string_equal(inv.command->name, "status");

	assert_true(PARSE(&inv, "status", "--json", "-h"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_string_equal(inv.command->name, "status");
	assert_int_equal(inv.flags, 0);

	assert_true(PARSE(&inv, "--help", "status"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_string_equal(inv.command->name, "status");
}

static void test_help_errors(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "help", "frob"));
	assert_error(&inv, "unknown command 'frob'");
	assert_false(inv.show_usage);

	assert_false(PARSE(&inv, "help", "status", "extra"));
	assert_error(&inv, "unexpected argument 'extra': 'virt help' takes one command name");

	assert_false(PARSE(&inv, "help", "--json"));
	assert_error(&inv, "unknown option '--json' for 'virt help'");

	assert_false(PARSE(&inv, "--help", "policy"));
	assert_error(&inv, "unknown command 'policy'");
}

/* ------------------------------------------------------------- version -- */

static void test_version(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "--version"));
	assert_int_equal(inv.action, VIRT_ACTION_VERSION);

	assert_false(PARSE(&inv, "--version", "status"));
	assert_error(&inv, "unexpected argument 'status' after '--version'");

	/* -v is not an alias. */
	assert_false(PARSE(&inv, "-v"));
	assert_error(&inv, "unknown option '-v'");
}

/* -------------------------------------------------------------- status -- */

static void test_status(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "status"));
	assert_status_run(&inv, 0);
	assert_string_equal(inv.error, "");
}

static void test_status_json(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "status", "--json"));
	assert_status_run(&inv, VIRT_OPT_JSON);

	/* A repeated flag is harmless. */
	assert_true(PARSE(&inv, "status", "--json", "--json"));
	assert_status_run(&inv, VIRT_OPT_JSON);
}

static void test_status_json_with_value(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "status", "--json=yes"));
	assert_error(&inv, "option '--json' takes no value (got '--json=yes')");
	assert_false(PARSE(&inv, "status", "--json="));
	assert_error(&inv, "option '--json' takes no value (got '--json=')");
}

static void test_status_extra_arguments(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "status", "extra"));
	assert_error(&inv, "unexpected argument 'extra': 'virt status' takes no arguments");
	assert_false(inv.show_usage);
	assert_non_null(inv.command);
	assert_string_equal(inv.command->name, "status");

	assert_false(PARSE(&inv, "status", "--json", "now"));
	assert_error(&inv, "unexpected argument 'now': 'virt status' takes no arguments");

	/* A lone "-" is an argument, not an option. */
	assert_false(PARSE(&inv, "status", "-"));
	assert_error(&inv, "unexpected argument '-': 'virt status' takes no arguments");
}

static void test_status_unknown_option(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "status", "--frob"));
	assert_error(&inv, "unknown option '--frob' for 'virt status'");

	assert_false(PARSE(&inv, "status", "-j"));
	assert_error(&inv, "unknown option '-j' for 'virt status'");

	/* Global options are not command options. */
	assert_false(PARSE(&inv, "status", "--version"));
	assert_error(&inv, "unknown option '--version' for 'virt status'");

	/* Prefixes are not abbreviations. */
	assert_false(PARSE(&inv, "status", "--js"));
	assert_error(&inv, "unknown option '--js' for 'virt status'");
	assert_false(PARSE(&inv, "status", "--jsonx"));
	assert_error(&inv, "unknown option '--jsonx' for 'virt status'");

	/* Parsing is left to right: the first bad word is reported. */
	assert_false(PARSE(&inv, "status", "--frob", "--help"));
	assert_error(&inv, "unknown option '--frob' for 'virt status'");
}


/* ---------------------------------------------------------------- exec -- */

static void assert_exec_run(const struct virt_invocation *inv, unsigned int flags,
			    unsigned long mem_mb, size_t n_args, const char *first)
{
	assert_int_equal(inv->action, VIRT_ACTION_RUN);
	assert_int_equal(inv->command->id, VIRT_CMD_EXEC);
	assert_int_equal(inv->flags, flags);
	assert_int_equal(inv->mem_mb, mem_mb);
	assert_int_equal(inv->n_args, n_args);
	assert_string_equal(inv->args[0], first);
}

static void test_exec(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "exec", "ls"));
	assert_exec_run(&inv, 0, 0, 1, "ls");

	/* Words after CMD belong to it, options or not. */
	assert_true(PARSE(&inv, "exec", "ls", "-l", "--", "-t", "--help", "-m", "9"));
	assert_exec_run(&inv, 0, 0, 7, "ls");
	assert_string_equal(inv.args[1], "-l");
	assert_string_equal(inv.args[6], "9");

	assert_true(PARSE(&inv, "exec", "--", "-t"));
	assert_exec_run(&inv, 0, 0, 1, "-t");
	assert_true(PARSE(&inv, "exec", "-t", "--", "bash", "-i"));
	assert_exec_run(&inv, VIRT_OPT_TTY, 0, 2, "bash");
	assert_true(PARSE(&inv, "exec", "-T", "cat"));
	assert_exec_run(&inv, VIRT_OPT_NO_TTY, 0, 1, "cat");
	assert_true(PARSE(&inv, "exec", "--tty", "--tty", "cat"));
	assert_exec_run(&inv, VIRT_OPT_TTY, 0, 1, "cat");
	assert_true(PARSE(&inv, "exec", "--no-tty", "cat"));
	assert_exec_run(&inv, VIRT_OPT_NO_TTY, 0, 1, "cat");
}

static void test_exec_mem(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "exec", "-m", "64", "ls"));
	assert_exec_run(&inv, VIRT_OPT_MEM, 64, 1, "ls");
	assert_true(PARSE(&inv, "exec", "-m128", "ls"));
	assert_exec_run(&inv, VIRT_OPT_MEM, 128, 1, "ls");
	assert_true(PARSE(&inv, "exec", "--mem=1", "ls"));
	assert_exec_run(&inv, VIRT_OPT_MEM, 1, 1, "ls");
	assert_true(PARSE(&inv, "exec", "--mem", MEM_MAX, "-t", "ls"));
	assert_exec_run(&inv, VIRT_OPT_MEM | VIRT_OPT_TTY, CAPPSULE_EXEC_MEM_MAX_MB, 1, "ls");
	/* The last one counts. */
	assert_true(PARSE(&inv, "exec", "-m", "8", "-m", "16", "ls"));
	assert_exec_run(&inv, VIRT_OPT_MEM, 16, 1, "ls");
	/* A value that looks like an option is still the value. */
	assert_false(PARSE(&inv, "exec", "-m", "-t", "ls"));
	assert_error(&inv, "bad value '-t' for '-m': MB must be a whole number from 1 to " MEM_MAX);
}

static void test_exec_bad_mem(void **state)
{
	static const char *const bad[] = {
		"0", MEM_MAX_PLUS_1, "-1", "", "abc", "64x", " 64", "+64", "0x40", "1e3",
		"99999999999", "18446744073709551617",
	};
	struct virt_invocation inv;
	char expect[160];

	(void)state;
	snprintf(mem_max_plus_1, sizeof(mem_max_plus_1), "%u", CAPPSULE_EXEC_MEM_MAX_MB + 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv1[] = { "virt", "exec", "-m", (char *)bad[i], "ls" };
		char mem[64];
		char *argv2[] = { "virt", "exec", mem, "ls" };

		assert_false(virt_cli_parse(5, argv1, &inv));
		snprintf(expect, sizeof(expect),
			 "bad value '%s' for '-m': MB must be a whole number from 1 to %u", bad[i],
			 CAPPSULE_EXEC_MEM_MAX_MB);
		assert_error(&inv, expect);
		snprintf(mem, sizeof(mem), "--mem=%s", bad[i]);
		assert_false(virt_cli_parse(4, argv2, &inv));
		assert_error(&inv, expect);
	}
	assert_false(PARSE(&inv, "exec", "-m"));
	assert_error(&inv, "option '-m' needs a value: MB");
	assert_false(PARSE(&inv, "exec", "--mem"));
	assert_error(&inv, "option '-m' needs a value: MB");
}

static void test_exec_errors(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "exec"));
	assert_error(&inv, "missing CMD after 'virt exec'");
	assert_false(inv.show_usage);
	assert_string_equal(inv.command->name, "exec");
	assert_false(PARSE(&inv, "exec", "--"));
	assert_error(&inv, "missing CMD after 'virt exec'");
	assert_false(PARSE(&inv, "exec", "-t", "-m", "64"));
	assert_error(&inv, "missing CMD after 'virt exec'");

	assert_false(PARSE(&inv, "exec", "-t", "-T", "ls"));
	assert_error(&inv, "options '-t' and '-T' exclude each other");
	assert_false(PARSE(&inv, "exec", "--no-tty", "--tty", "ls"));
	assert_error(&inv, "options '-T' and '-t' exclude each other");

	assert_false(PARSE(&inv, "exec", "-x", "ls"));
	assert_error(&inv, "unknown option '-x' for 'virt exec'");
	assert_false(PARSE(&inv, "exec", "-tT", "ls"));
	assert_error(&inv, "unknown option '-tT' for 'virt exec'");
	assert_false(PARSE(&inv, "exec", "--tty=yes", "ls"));
	assert_error(&inv, "option '--tty' takes no value (got '--tty=yes')");
	assert_false(PARSE(&inv, "exec", "--me=64", "ls"));
	assert_error(&inv, "unknown option '--me=64' for 'virt exec'");

	/* exec's options belong after "exec". */
	assert_false(PARSE(&inv, "-t", "exec", "ls"));
	assert_error(&inv, "unknown option '-t': options go after the command, "
			   "as in 'virt exec --tty'");

	assert_true(PARSE(&inv, "exec", "-h"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_string_equal(inv.command->name, "exec");
	assert_int_equal(inv.mem_mb, 0);
	assert_true(PARSE(&inv, "exec", "-m", "5", "--help", "ls"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_int_equal(inv.flags, 0);
}

/* ------------------------------------------------ exec --policy, --shared -- */

static void test_exec_policy(void **state)
{
	struct virt_invocation inv;
	char name64[65], name65[66], expect[200];

	(void)state;
	assert_true(PARSE(&inv, "exec", "--policy", "browser", "firefox"));
	assert_exec_run(&inv, VIRT_OPT_POLICY, 0, 1, "firefox");
	assert_string_equal(inv.policy, "browser");
	assert_int_equal(inv.n_shared, 0);
	assert_true(PARSE(&inv, "exec", "--policy=my_pol-2", "-t", "sh"));
	assert_exec_run(&inv, VIRT_OPT_POLICY | VIRT_OPT_TTY, 0, 1, "sh");
	assert_string_equal(inv.policy, "my_pol-2");
	/* The last one counts, like -m. */
	assert_true(PARSE(&inv, "exec", "--policy", "a", "--policy", "b", "sh"));
	assert_string_equal(inv.policy, "b");
	/* After CMD it is CMD's. */
	assert_true(PARSE(&inv, "exec", "sh", "--policy", "x"));
	assert_exec_run(&inv, 0, 0, 3, "sh");
	assert_null(inv.policy);

	memset(name64, 'p', 64);
	name64[64] = '\0';
	{
		char *argv[] = { "virt", "exec", "--policy", name64, "sh" };

		assert_true(virt_cli_parse(5, argv, &inv));
		assert_string_equal(inv.policy, name64);
	}
	memset(name65, 'p', 65);
	name65[65] = '\0';
	{
		static const char *const bad[] = { "", "a.json", "../x", "a/b", "a b", "\xc3\xa9", NULL };
		char *argv[] = { "virt", "exec", "--policy", NULL, "sh" };

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			argv[3] = (char *)(bad[i] ? bad[i] : name65);
			assert_false(virt_cli_parse(5, argv, &inv));
			assert_null(inv.policy);
		}
		argv[3] = "a.json";
		assert_false(virt_cli_parse(5, argv, &inv));
		assert_error(&inv, "bad value 'a.json' for '--policy': a policy name is 1 to 64 "
				   "letters, digits, '_' or '-'");
		argv[3] = "\xc3\xa9";
		assert_false(virt_cli_parse(5, argv, &inv));
		assert_error(&inv, "bad value '\\xc3\\xa9' for '--policy': a policy name is 1 to 64 "
				   "letters, digits, '_' or '-'");
	}
	assert_false(PARSE(&inv, "exec", "--policy"));
	assert_error(&inv, "option '--policy' needs a value: NAME");
	/* A value that looks like an option is still the value ("-t" is a
	 * name like any other). */
	assert_true(PARSE(&inv, "exec", "--policy", "-t", "sh"));
	assert_exec_run(&inv, VIRT_OPT_POLICY, 0, 1, "sh");
	assert_string_equal(inv.policy, "-t");
	assert_false(PARSE(&inv, "exec", "--policy", "--tty=yes", "sh"));
	snprintf(expect, sizeof(expect), "bad value '--tty=yes' for '--policy': a policy name is 1 to 64 "
		 "letters, digits, '_' or '-'");
	assert_error(&inv, expect);
}

static void test_exec_shared(void **state)
{
	struct virt_invocation inv;
	char *argv[2 + 2 * (VIRT_SHARED_MAX + 1) + 1];
	char dirs[VIRT_SHARED_MAX + 1][16];
	int argc = 0;

	(void)state;
	assert_true(PARSE(&inv, "exec", "--shared", "/home/u/Downloads", "--shared=/srv", "ls"));
	assert_exec_run(&inv, VIRT_OPT_SHARED, 0, 1, "ls");
	assert_int_equal(inv.n_shared, 2);
	assert_string_equal(inv.shared[0], "/home/u/Downloads");
	assert_string_equal(inv.shared[1], "/srv");
	assert_null(inv.policy);

	assert_true(PARSE(&inv, "exec", "--policy", "browser", "--shared", "/a", "-m", "8", "ff"));
	assert_exec_run(&inv, VIRT_OPT_POLICY | VIRT_OPT_SHARED | VIRT_OPT_MEM, 8, 1, "ff");
	assert_string_equal(inv.policy, "browser");
	assert_int_equal(inv.n_shared, 1);

	assert_false(PARSE(&inv, "exec", "--shared", "Downloads", "ls"));
	assert_error(&inv, "bad value 'Downloads' for '--shared': it must be an absolute path");
	assert_false(PARSE(&inv, "exec", "--shared", "", "ls"));
	assert_error(&inv, "bad value '' for '--shared': it must be an absolute path");
	assert_false(PARSE(&inv, "exec", "--shared"));
	assert_error(&inv, "option '--shared' needs a value: DIR");

	/* Up to 16, kept in order; the 17th is refused. */
	argv[argc++] = "virt";
	argv[argc++] = "exec";
	for (int i = 0; i <= VIRT_SHARED_MAX; i++) {
		snprintf(dirs[i], sizeof(dirs[i]), "/d%d", i);
		argv[argc++] = "--shared";
		argv[argc++] = dirs[i];
		if (i == VIRT_SHARED_MAX - 1) {
			argv[argc] = "ls";
			assert_true(virt_cli_parse(argc + 1, argv, &inv));
			assert_int_equal(inv.n_shared, VIRT_SHARED_MAX);
			assert_string_equal(inv.shared[15], "/d15");
		}
	}
	argv[argc++] = "ls";
	assert_false(virt_cli_parse(argc, argv, &inv));
	assert_error(&inv, "too many '--shared' options: at most 16");

	/* -h drops what came before it. */
	assert_true(PARSE(&inv, "exec", "--shared", "/a", "--policy", "p", "-h"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_string_equal(inv.command->name, "exec");
	assert_int_equal(inv.n_shared, 0);
	assert_null(inv.policy);
}

/* ------------------------------------------------------------ policies -- */

static void test_policies(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "policies"));
	assert_int_equal(inv.action, VIRT_ACTION_RUN);
	assert_int_equal(inv.command->id, VIRT_CMD_POLICIES);
	assert_int_equal(inv.flags, 0);
	assert_null(inv.check_file);
	assert_true(PARSE(&inv, "policies", "--json"));
	assert_int_equal(inv.flags, VIRT_OPT_JSON);
	assert_true(PARSE(&inv, "policies", "--check", "my.json"));
	assert_int_equal(inv.flags, VIRT_OPT_CHECK);
	assert_string_equal(inv.check_file, "my.json");
	assert_true(PARSE(&inv, "policies", "--check=/etc/cappsule/policies/default.json"));
	assert_string_equal(inv.check_file, "/etc/cappsule/policies/default.json");

	assert_false(PARSE(&inv, "policies", "--check"));
	assert_error(&inv, "option '--check' needs a value: FILE");
	assert_false(PARSE(&inv, "policies", "--check", ""));
	assert_error(&inv, "bad value '' for '--check': it must not be empty");
	assert_false(PARSE(&inv, "policies", "--check", "a", "--json"));
	assert_error(&inv, "options '--check' and '--json' exclude each other");
	assert_false(PARSE(&inv, "policies", "default"));
	assert_error(&inv, "unexpected argument 'default': 'virt policies' takes no arguments");
	assert_false(PARSE(&inv, "policies", "--policy", "x"));
	assert_error(&inv, "unknown option '--policy' for 'virt policies'");
	/* --shared is exec's. */
	assert_false(PARSE(&inv, "--shared", "/a", "exec", "ls"));
	assert_error(&inv, "unknown option '--shared': options go after the command, "
			   "as in 'virt exec --shared'");
	assert_true(PARSE(&inv, "help", "policies"));
	assert_int_equal(inv.action, VIRT_ACTION_HELP);
	assert_string_equal(inv.command->name, "policies");
}

/* ---------------------------------------------------- ps, info, kill -- */

static void test_ps(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "ps"));
	assert_int_equal(inv.action, VIRT_ACTION_RUN);
	assert_int_equal(inv.command->id, VIRT_CMD_PS);
	assert_int_equal(inv.flags, 0);
	assert_true(PARSE(&inv, "ps", "--json"));
	assert_int_equal(inv.flags, VIRT_OPT_JSON);
	assert_false(PARSE(&inv, "ps", "1"));
	assert_error(&inv, "unexpected argument '1': 'virt ps' takes no arguments");
	assert_false(PARSE(&inv, "ps", "-a"));
	assert_error(&inv, "unknown option '-a' for 'virt ps'");
}

static void test_info_and_kill(void **state)
{
	static const char *const cmds[] = { "info", "kill" };
	struct virt_invocation inv;

	(void)state;
	for (int c = 0; c < 2; c++) {
		char *name = (char *)cmds[c];

		for (unsigned id = 1; id <= 8; id++) {
			char word[4];
			char *argv[] = { "virt", name, word };

			snprintf(word, sizeof(word), "%u", id);
			assert_true(virt_cli_parse(3, argv, &inv));
			assert_int_equal(inv.action, VIRT_ACTION_RUN);
			assert_int_equal(inv.command->id, c ? VIRT_CMD_KILL : VIRT_CMD_INFO);
			assert_int_equal(inv.id, id);
			assert_int_equal(inv.n_args, 1);
		}
		{
			char *argv[] = { "virt", name, "--", "08" };

			assert_true(virt_cli_parse(4, argv, &inv));
			assert_int_equal(inv.id, 8);
		}
	}
	assert_true(PARSE(&inv, "info", "--json", "3"));
	assert_int_equal(inv.flags, VIRT_OPT_JSON);
	assert_int_equal(inv.id, 3);
	assert_true(PARSE(&inv, "info", "3", "--json"));
	assert_int_equal(inv.flags, VIRT_OPT_JSON);
	assert_int_equal(inv.id, 3);
	assert_false(PARSE(&inv, "kill", "--json", "3"));
	assert_error(&inv, "unknown option '--json' for 'virt kill'");
}

static void test_bad_ids(void **state)
{
	static const char *const bad[] = {
		"abc", "0", "9", "-1", "-0", "+1", "", " 1", "1 ", "0x1", "1.0",
		"4294967297", "99999999999999999999",
	};
	static const char *const cmds[] = { "info", "kill" };
	struct virt_invocation inv;
	char expect[160];

	(void)state;
	for (int c = 0; c < 2; c++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char *argv[] = { "virt", (char *)cmds[c], (char *)bad[i] };

			assert_false(virt_cli_parse(3, argv, &inv));
			snprintf(expect, sizeof(expect),
				 "bad cappsule id '%s': ids are 1 to 8 (see 'virt ps')", bad[i]);
			assert_error(&inv, expect);
		}
		{
			char *argv[] = { "virt", (char *)cmds[c] };

			assert_false(virt_cli_parse(2, argv, &inv));
			snprintf(expect, sizeof(expect), "missing ID after 'virt %s'", cmds[c]);
			assert_error(&inv, expect);
		}
		{
			char *argv[] = { "virt", (char *)cmds[c], "1", "2" };

			assert_false(virt_cli_parse(4, argv, &inv));
			snprintf(expect, sizeof(expect),
				 "unexpected argument '2': 'virt %s' takes one ID", cmds[c]);
			assert_error(&inv, expect);
		}
		{
			char *argv[] = { "virt", (char *)cmds[c], "1", "-1" };

			assert_false(virt_cli_parse(4, argv, &inv));
			snprintf(expect, sizeof(expect),
				 "unexpected argument '-1': 'virt %s' takes one ID", cmds[c]);
			assert_error(&inv, expect);
		}
	}
	/* A word that is neither an option nor a number stays an option. */
	assert_false(PARSE(&inv, "kill", "-s", "1"));
	assert_error(&inv, "unknown option '-s' for 'virt kill'");
}

/* ------------------------------------------------------------ snapshot -- */

static void test_snapshot_options(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "snapshot", "--drop"));
	assert_int_equal(inv.flags, VIRT_OPT_DROP);
	assert_false(PARSE(&inv, "snapshot", "--drop", "--refresh"));
	assert_error(&inv, "options '--drop' and '--refresh' exclude each other");
	assert_false(PARSE(&inv, "snapshot", "--refresh", "--drop"));
	assert_error(&inv, "options '--refresh' and '--drop' exclude each other");
}

/* ---------------------------------------------------------------- "--" -- */

static void test_double_dash(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_true(PARSE(&inv, "status", "--"));
	assert_status_run(&inv, 0);

	assert_true(PARSE(&inv, "status", "--json", "--"));
	assert_status_run(&inv, VIRT_OPT_JSON);

	/* After "--" an option-looking word is an argument. */
	assert_false(PARSE(&inv, "status", "--", "--json"));
	assert_error(&inv, "unexpected argument '--json': 'virt status' takes no arguments");
	assert_int_equal(inv.flags, 0);

	assert_false(PARSE(&inv, "status", "--", "--"));
	assert_error(&inv, "unexpected argument '--': 'virt status' takes no arguments");

	/* Before the command, "--" ends the global options. */
	assert_true(PARSE(&inv, "--", "status"));
	assert_status_run(&inv, 0);

	assert_false(PARSE(&inv, "--"));
	assert_error(&inv, "no command given");
	assert_true(inv.show_usage);

	assert_false(PARSE(&inv, "--", "--help"));
	assert_error(&inv, "unknown command '--help'");
}

/* ------------------------------------------------------ unknown words -- */

static void test_unknown_command(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "frob"));
	assert_error(&inv, "unknown command 'frob'");
	assert_false(inv.show_usage);
	assert_null(inv.command);

	assert_false(PARSE(&inv, "frob", "status"));
	assert_error(&inv, "unknown command 'frob'");

	assert_false(PARSE(&inv, "Status"));
	assert_error(&inv, "unknown command 'Status'");

	assert_false(PARSE(&inv, ""));
	assert_error(&inv, "unknown command ''");

	assert_false(PARSE(&inv, "-"));
	assert_error(&inv, "unknown command '-'");
}

/* Commands of later stages are not known until they are implemented. */
static void test_future_commands_are_unknown(void **state)
{
	static const char *const future[] = {
		"policy", "Exec", "execute",
	};
	struct virt_invocation inv;
	char expect[64];

	(void)state;
	for (size_t i = 0; i < sizeof(future) / sizeof(future[0]); i++) {
		char *argv[] = { "virt", (char *)future[i] };

		assert_false(virt_cli_parse(2, argv, &inv));
		snprintf(expect, sizeof(expect), "unknown command '%s'", future[i]);
		assert_error(&inv, expect);
		assert_null(virt_cli_find_command(future[i]));
	}
}

static void test_unknown_global_option(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "--frob"));
	assert_error(&inv, "unknown option '--frob'");
	assert_false(inv.show_usage);

	assert_false(PARSE(&inv, "--frob", "status"));
	assert_error(&inv, "unknown option '--frob'");

	/* A command's option before the command gets a hint. */
	assert_false(PARSE(&inv, "--json", "status"));
	assert_error(&inv, "unknown option '--json': options go after the command, "
			   "as in 'virt status --json'");
}

/* The user's words are quoted back safely: no control characters reach the
 * terminal, and a huge word is cut. */
static void test_bad_words_are_escaped(void **state)
{
	struct virt_invocation inv;
	char long_word[300];

	(void)state;
	assert_false(PARSE(&inv, "fr\x1b[2Job"));
	assert_error(&inv, "unknown command 'fr\\x1b[2Job'");

	assert_false(PARSE(&inv, "it's\\"));
	assert_error(&inv, "unknown command 'it\\'s\\\\'");

	assert_false(PARSE(&inv, "status", "\xff\n"));
	assert_error(&inv, "unexpected argument '\\xff\\x0a': 'virt status' takes no arguments");

	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	{
		char *argv[] = { "virt", long_word };
		char expect[128];

		assert_false(virt_cli_parse(2, argv, &inv));
		/* 48 characters shown, then "..." */
		snprintf(expect, sizeof(expect), "unknown command '%.48s'...", long_word);
		assert_error(&inv, expect);
	}
	{
		char *argv[] = { "virt", "status", long_word };

		assert_false(virt_cli_parse(3, argv, &inv));
		assert_true(strlen(inv.error) < VIRT_CLI_ERROR_MAX);
		assert_non_null(strstr(inv.error, "'..."));
	}
	/* 48 bytes of \xNN escapes still fit the message. */
	memset(long_word, '\x01', sizeof(long_word) - 1);
	{
		char *argv[] = { "virt", "status", "--", long_word };

		assert_false(virt_cli_parse(4, argv, &inv));
		assert_true(strlen(inv.error) < VIRT_CLI_ERROR_MAX);
		assert_non_null(strstr(inv.error, "\\x01'...: 'virt status' takes no arguments"));
	}
}

/* A failed parse leaves no stale state from an earlier one. */
static void test_parse_resets_state(void **state)
{
	struct virt_invocation inv;

	(void)state;
	assert_false(PARSE(&inv, "frob"));
	assert_true(PARSE(&inv, "status"));
	assert_status_run(&inv, 0);
	assert_string_equal(inv.error, "");
	assert_false(inv.show_usage);
}

/* --------------------------------------------------------------- table -- */

static void test_command_table(void **state)
{
	const struct virt_command *cmds, *status;
	size_t n;

	(void)state;
	cmds = virt_cli_commands(&n);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(virt_cli_find_command(cmds[i].name), &cmds[i]);
		assert_true(strlen(cmds[i].summary) > 0);
		assert_true(strlen(cmds[i].description) > 0);
		assert_true(cmds[i].min_args <= cmds[i].max_args);
		if (cmds[i].max_args)
			assert_non_null(cmds[i].arg_name);
		for (size_t j = 0; j < cmds[i].n_options; j++) {
			const struct virt_option *o = &cmds[i].options[j];

			assert_true(strncmp(o->name, "--", 2) == 0);
			assert_int_not_equal(o->flag, 0);
			/* One bit each, and never excluding itself. */
			assert_int_equal(o->flag & (o->flag - 1), 0);
			assert_int_equal(o->excludes & o->flag, 0);
			if (o->short_name)
				assert_int_equal(strlen(o->short_name), 2);
			if (o->value_name)
				assert_true(o->min <= o->max);
		}
	}
	status = virt_cli_find_command("status");
	assert_non_null(status);
	assert_int_equal(status->id, VIRT_CMD_STATUS);
	assert_int_equal(status->max_args, 0);
	assert_null(virt_cli_find_command("help")); /* handled by the parser */
	assert_null(virt_cli_find_command(""));
	assert_null(virt_cli_find_command("statu"));
}

/* ---------------------------------------------------------- help text -- */

static void test_general_help_text(void **state)
{
	char buf[4096];
	size_t n;

	(void)state;
	n = virt_cli_help(NULL, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_true(strncmp(buf, "usage: virt ", 12) == 0);
	assert_non_null(strstr(buf, "\n  status     report whether the Cappsule monitor"));
	assert_non_null(strstr(buf, "\n  help       "));
	assert_non_null(strstr(buf, "--version"));
	assert_non_null(strstr(buf, "2 on a usage error"));
	assert_int_equal(buf[n - 1], '\n');
}

static void test_command_help_text(void **state)
{
	char buf[4096];
	size_t n;

	(void)state;
	n = virt_cli_help(virt_cli_find_command("status"), buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_true(strncmp(buf, "usage: virt status [--json]\n", 28) == 0);
	assert_non_null(strstr(buf, "\n  --json       print one JSON object"));
	assert_non_null(strstr(buf, "\n  -h, --help   show this help\n"));

	n = virt_cli_help(virt_cli_find_command("exec"), buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_true(strncmp(buf, "usage: virt exec [-m MB] [-t] [-T] [--stats] [--policy NAME] "
			    "[--shared DIR]... [--] CMD [ARG...]\n", 96) == 0);
	assert_non_null(strstr(buf, "\n  --policy NAME the file-system policy"));
	assert_non_null(strstr(buf, "\n  --shared DIR share host folder DIR"));
	assert_non_null(strstr(buf, "\n  --stats"));
	assert_non_null(strstr(buf, "\n  -m, --mem MB its private memory limit"));
	assert_non_null(strstr(buf, "\n  -t, --tty    give it a terminal"));
	assert_non_null(strstr(buf, "\n  -T, --no-tty no terminal"));
	assert_non_null(strstr(buf, "127"));

	n = virt_cli_help(virt_cli_find_command("policies"), buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_true(strncmp(buf, "usage: virt policies [--json] [--check FILE]\n", 45) == 0);
	assert_non_null(strstr(buf, "\n  --check FILE only check"));

	virt_cli_help(virt_cli_find_command("kill"), buf, sizeof(buf));
	assert_true(strncmp(buf, "usage: virt kill ID\n", 20) == 0);
	virt_cli_help(virt_cli_find_command("info"), buf, sizeof(buf));
	assert_true(strncmp(buf, "usage: virt info [--json] ID\n", 29) == 0);
}

/* The help writer never overruns its buffer and reports the full length. */
static void test_help_text_truncation(void **state)
{
	char full[4096], small[40];
	size_t n;

	(void)state;
	n = virt_cli_help(NULL, full, sizeof(full));
	assert_true(n > sizeof(small));
	assert_int_equal(virt_cli_help(NULL, NULL, 0), n);

	memset(small, 'X', sizeof(small));
	assert_int_equal(virt_cli_help(NULL, small, 20), n);
	assert_int_equal(strlen(small), 19);
	assert_memory_equal(small, full, 19);
	assert_int_equal(small[20], 'X');

	/* Every cut point, including the joints between pieces. */
	for (size_t cap = 1; cap <= n + 1; cap++) {
		char cut[4096];

		memset(cut, 'X', sizeof(cut));
		assert_int_equal(virt_cli_help(NULL, cut, cap), n);
		assert_int_equal(strlen(cut), cap - 1 < n ? cap - 1 : n);
		assert_memory_equal(cut, full, strlen(cut));
		assert_int_equal(cut[cap], 'X');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_arguments_is_usage_error),
		cmocka_unit_test(test_argc_zero),
		cmocka_unit_test(test_general_help),
		cmocka_unit_test(test_command_help),
		cmocka_unit_test(test_help_errors),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_status_json),
		cmocka_unit_test(test_status_json_with_value),
		cmocka_unit_test(test_status_extra_arguments),
		cmocka_unit_test(test_status_unknown_option),
		cmocka_unit_test(test_exec),
		cmocka_unit_test(test_exec_mem),
		cmocka_unit_test(test_exec_bad_mem),
		cmocka_unit_test(test_exec_errors),
		cmocka_unit_test(test_exec_policy),
		cmocka_unit_test(test_exec_shared),
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_ps),
		cmocka_unit_test(test_info_and_kill),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_snapshot_options),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_future_commands_are_unknown),
		cmocka_unit_test(test_unknown_global_option),
		cmocka_unit_test(test_bad_words_are_escaped),
		cmocka_unit_test(test_parse_resets_state),
		cmocka_unit_test(test_command_table),
		cmocka_unit_test(test_general_help_text),
		cmocka_unit_test(test_command_help_text),
		cmocka_unit_test(test_help_text_truncation),
	};

	return cmocka_run_group_tests_name("virt_cli", tests, NULL, NULL);
}
