// SPDX-License-Identifier: GPL-2.0-only
/* Command-line parsing for `virt` (see virt_cli.h). No I/O here. */
#include "tools/virt_cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ the table -- */

static const struct virt_option status_options[] = {
	{ "--json", VIRT_OPT_JSON, "print one JSON object instead of text" },
};

static const struct virt_option snapshot_options[] = {
	{ "--refresh", VIRT_OPT_REFRESH, "retake it (the default: the same as no option)" },
	{ "--drop", VIRT_OPT_DROP, "drop it: host memory fully writable again, copies freed" },
};

/*
 * Every command `virt` knows. Later commands (exec, ps, kill, info,
 * policies, snapshot) are added here with their options and argument
 * count, and dispatched by id in virt_main.c.
 */
static const struct virt_command commands[] = {
	{
		.name = "status",
		.id = VIRT_CMD_STATUS,
		.summary = "report whether the Cappsule monitor and host shim are running",
		.synopsis = "",
		.description =
			"Checks CPUID for the Cappsule monitor, what the loader recorded\n"
			"on this boot, whether the host shim module is loaded, and asks\n"
			"the monitor through /dev/cappsule for its version, CPUs,\n"
			"features, memory and VM exits per reason on each CPU.\n"
			"Exit status: 0 if the monitor is running, 1 if not.",
		.options = status_options,
		.n_options = sizeof(status_options) / sizeof(status_options[0]),
		.max_args = 0,
	},
	{
		.name = "log",
		.id = VIRT_CMD_LOG,
		.summary = "print the monitor's log (its in-memory ring)",
		.synopsis = "",
		.description =
			"Prints the monitor's log lines that its ring still holds, read\n"
			"through /dev/cappsule (needs the host shim): the same lines the\n"
			"monitor writes to the serial port.\n"
			"Exit status: 0 on success, 1 if the log cannot be read.",
		.options = NULL,
		.n_options = 0,
		.max_args = 0,
	},
	{
		.name = "snapshot",
		.id = VIRT_CMD_SNAPSHOT,
		.summary = "take, retake or drop the snapshot cappsules fork from",
		.synopsis = "",
		.description =
			"Takes a snapshot of the running kernel (all CPUs stopped for\n"
			"the moment it takes), or retakes it, e.g. after loading a\n"
			"module. Until it is dropped, the first host write to each page\n"
			"costs one VM exit and one page copy. Needs root.\n"
			"Exit status: 0 on success, 1 on failure, 2 on a usage error.",
		.options = snapshot_options,
		.n_options = sizeof(snapshot_options) / sizeof(snapshot_options[0]),
		.max_args = 0,
	},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct virt_command *virt_cli_commands(size_t *count)
{
	*count = N_COMMANDS;
	return commands;
}

const struct virt_command *virt_cli_find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* -------------------------------------------------------------- errors -- */

/* Longest part of a user's word quoted back in an error message. */
#define WORD_SHOWN_MAX 48
/* Its quoted form at worst: 2 quotes, 4 per byte, "...", NUL. */
#define QUOTED_MAX (2 + 4 * WORD_SHOWN_MAX + 3 + 1)

/*
 * Writes word, quoted, into out: printable ASCII as is, quote and backslash
 * escaped, every other byte as \xNN, cut after WORD_SHOWN_MAX bytes. The
 * word comes from the user's command line and is printed on a terminal, so
 * it must not carry control characters through.
 */
static void quote_word(const char *word, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0, i;

	if (cap < QUOTED_MAX) {
		if (cap)
			out[0] = '\0';
		return;
	}
	out[n++] = '\'';
	for (i = 0; word[i] && i < WORD_SHOWN_MAX; i++) {
		unsigned char c = (unsigned char)word[i];

		if (c == '\'' || c == '\\') {
			out[n++] = '\\';
			out[n++] = (char)c;
		} else if (c >= 0x20 && c <= 0x7e) {
			out[n++] = (char)c;
		} else {
			out[n++] = '\\';
			out[n++] = 'x';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 0xf];
		}
	}
	out[n++] = '\'';
	if (word[i]) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

__attribute__((format(printf, 2, 3)))
static bool fail(struct virt_invocation *inv, const char *fmt, ...)
{
	va_list ap;

	inv->action = VIRT_ACTION_ERROR;
	va_start(ap, fmt);
	vsnprintf(inv->error, sizeof(inv->error), fmt, ap);
	va_end(ap);
	return false;
}

/* ------------------------------------------------------------- parsing -- */

static bool is_option(const char *word)
{
	return word[0] == '-' && word[1] != '\0';
}

static bool is_help_option(const char *word)
{
	return strcmp(word, "-h") == 0 || strcmp(word, "--help") == 0;
}

/* The option of cmd whose name is word, or whose name is word's part
 * before '=' (*with_value is then set). */
static const struct virt_option *find_option(const struct virt_command *cmd,
					     const char *word, bool *with_value)
{
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);

	*with_value = eq != NULL;
	for (size_t i = 0; i < cmd->n_options; i++) {
		const char *name = cmd->options[i].name;

		if (strlen(name) == len && strncmp(name, word, len) == 0)
			return &cmd->options[i];
	}
	return NULL;
}

/* The first command that accepts the option word, and that option, for a
 * hint. */
static const struct virt_command *command_with_option(const char *word,
						      const struct virt_option **opt)
{
	bool with_value;

	for (size_t i = 0; i < N_COMMANDS; i++) {
		*opt = find_option(&commands[i], word, &with_value);
		if (*opt)
			return &commands[i];
	}
	return NULL;
}

static bool parse_help(int argc, char *const argv[], int i,
		       struct virt_invocation *inv)
{
	char q[QUOTED_MAX];

	inv->action = VIRT_ACTION_HELP;
	if (i >= argc || (i + 1 == argc && is_help_option(argv[i])))
		return true;
	inv->command = virt_cli_find_command(argv[i]);
	if (!inv->command) {
		quote_word(argv[i], q, sizeof(q));
		if (is_option(argv[i]))
			return fail(inv, "unknown option %s for 'virt help'", q);
		return fail(inv, "unknown command %s", q);
	}
	if (i + 1 < argc) {
		quote_word(argv[i + 1], q, sizeof(q));
		return fail(inv, "unexpected argument %s: 'virt help' takes one command name", q);
	}
	return true;
}

static bool parse_command(const struct virt_command *cmd, int argc,
			  char *const argv[], int i, struct virt_invocation *inv)
{
	char q[QUOTED_MAX];
	bool options_done = false;

	inv->command = cmd;
	for (; i < argc; i++) {
		const char *word = argv[i];
		const struct virt_option *opt;
		bool with_value;

		if (!options_done && strcmp(word, "--") == 0) {
			options_done = true;
			continue;
		}
		if (!options_done && is_option(word)) {
			if (is_help_option(word)) {
				inv->action = VIRT_ACTION_HELP;
				inv->flags = 0;
				return true;
			}
			opt = find_option(cmd, word, &with_value);
			quote_word(word, q, sizeof(q));
			if (!opt)
				return fail(inv, "unknown option %s for 'virt %s'", q, cmd->name);
			if (with_value)
				return fail(inv, "option '%s' takes no value (got %s)", opt->name, q);
			inv->flags |= opt->flag;
			continue;
		}
		/* A positional argument: an error beyond cmd->max_args. */
		if (inv->n_args >= cmd->max_args) {
			quote_word(word, q, sizeof(q));
			if (cmd->max_args == 0)
				return fail(inv, "unexpected argument %s: 'virt %s' takes no arguments",
					    q, cmd->name);
			return fail(inv, "unexpected argument %s: 'virt %s' takes at most %zu arguments",
				    q, cmd->name, cmd->max_args);
		}
		if (inv->n_args == 0)
			inv->args = &argv[i];
		inv->n_args++;
		/* Everything after the first argument belongs to it (exec). */
		options_done = true;
	}
	inv->action = VIRT_ACTION_RUN;
	return true;
}

bool virt_cli_parse(int argc, char *const argv[], struct virt_invocation *inv)
{
	char q[QUOTED_MAX];
	const struct virt_command *cmd;
	const struct virt_option *opt;
	int i = 1;

	memset(inv, 0, sizeof(*inv));
	/* Global options, then the command name. */
	for (; i < argc && is_option(argv[i]); i++) {
		const char *word = argv[i];

		if (strcmp(word, "--") == 0) {
			i++;
			break;
		}
		if (is_help_option(word))
			return parse_help(argc, argv, i + 1, inv);
		if (strcmp(word, "--version") == 0) {
			if (i + 1 < argc) {
				quote_word(argv[i + 1], q, sizeof(q));
				return fail(inv, "unexpected argument %s after '--version'", q);
			}
			inv->action = VIRT_ACTION_VERSION;
			return true;
		}
		quote_word(word, q, sizeof(q));
		cmd = command_with_option(word, &opt);
		if (cmd)
			return fail(inv, "unknown option %s: options go after the command, as in 'virt %s %s'",
				    q, cmd->name, opt->name);
		return fail(inv, "unknown option %s", q);
	}
	if (i >= argc) {
		inv->show_usage = true;
		return fail(inv, "no command given");
	}
	if (strcmp(argv[i], "help") == 0)
		return parse_help(argc, argv, i + 1, inv);
	cmd = virt_cli_find_command(argv[i]);
	if (!cmd) {
		quote_word(argv[i], q, sizeof(q));
		return fail(inv, "unknown command %s", q);
	}
	return parse_command(cmd, argc, argv, i + 1, inv);
}

/* ---------------------------------------------------------------- help -- */

struct text {
	char *buf;
	size_t cap;
	size_t len;	/* length needed so far, may exceed cap */
};

__attribute__((format(printf, 2, 3)))
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->len < t->cap ? t->buf + t->len : NULL,
		      t->len < t->cap ? t->cap - t->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}

static void command_help(struct text *t, const struct virt_command *cmd)
{
	put(t, "usage: virt %s", cmd->name);
	for (size_t i = 0; i < cmd->n_options; i++)
		put(t, " [%s]", cmd->options[i].name);
	put(t, "%s%s\n\n%s\n\nOptions:\n", cmd->synopsis[0] ? " " : "",
	    cmd->synopsis, cmd->description);
	for (size_t i = 0; i < cmd->n_options; i++)
		put(t, "  %-12s %s\n", cmd->options[i].name, cmd->options[i].help);
	put(t, "  %-12s %s\n", "-h, --help", "show this help");
}

static void general_help(struct text *t)
{
	put(t, "usage: virt [-h | --help | --version]\n"
	       "       virt help [COMMAND]\n"
	       "       virt COMMAND [OPTION...]\n"
	       "\n"
	       "Runs programs in cappsules, lightweight hardware virtual machines\n"
	       "under the Cappsule monitor.\n"
	       "\n"
	       "Commands:\n");
	put(t, "  %-10s %s\n", "help", "show this help, or a command's help");
	for (size_t i = 0; i < N_COMMANDS; i++)
		put(t, "  %-10s %s\n", commands[i].name, commands[i].summary);
	put(t, "\n"
	       "Options:\n"
	       "  %-12s %s\n"
	       "  %-12s %s\n"
	       "\n"
	       "Exit status: 0 on success, 1 if the command failed, 2 on a usage error.\n",
	    "-h, --help", "show this help", "--version", "print the version");
}

size_t virt_cli_help(const struct virt_command *cmd, char *buf, size_t cap)
{
	struct text t = { buf, cap, 0 };

	if (cap)
		buf[0] = '\0';
	if (cmd)
		command_help(&t, cmd);
	else
		general_help(&t);
	return t.len;
}
