// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the `virt` command-line parser (tools/virt_cli.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tools/virt_cli.h"

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

	assert_false(PARSE(&inv, "--help", "exec"));
	assert_error(&inv, "unknown command 'exec'");
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
		"exec", "ps", "kill", "info", "policies",
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
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(virt_cli_find_command(cmds[i].name), &cmds[i]);
		assert_true(strlen(cmds[i].summary) > 0);
		assert_true(strlen(cmds[i].description) > 0);
		for (size_t j = 0; j < cmds[i].n_options; j++) {
			assert_true(strncmp(cmds[i].options[j].name, "--", 2) == 0);
			assert_int_not_equal(cmds[i].options[j].flag, 0);
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
