// SPDX-License-Identifier: GPL-2.0-only
/* Command-line parsing for `virt` (see virt_cli.h). No I/O here. */
#include "tools/virt_cli.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hostshim/cappsule_ioctl.h"
#include "tools/fs_policy.h"

/* ------------------------------------------------------------ the table -- */

static const struct virt_option status_options[] = {
	{ .name = "--json", .flag = VIRT_OPT_JSON, .help = "print one JSON object instead of text" },
};

static const struct virt_option snapshot_options[] = {
	{ .name = "--refresh", .flag = VIRT_OPT_REFRESH, .excludes = VIRT_OPT_DROP,
	  .help = "retake it (the default: the same as no option)" },
	{ .name = "--drop", .flag = VIRT_OPT_DROP, .excludes = VIRT_OPT_REFRESH,
	  .help = "drop it: host memory fully writable again, copies freed" },
};

#define STR_(x) #x
#define STR(x) STR_(x)

static const struct virt_option exec_options[] = {
	{ .name = "--mem", .short_name = "-m", .flag = VIRT_OPT_MEM, .value_name = "MB",
	  .min = 1, .max = CAPPSULE_EXEC_MEM_MAX_MB,
	  .help = "its private memory limit in MiB, 1 to " STR(CAPPSULE_EXEC_MEM_MAX_MB)
		  " (default " STR(CAPPSULE_EXEC_MEM_DEFAULT_MB) ")" },
	{ .name = "--tty", .short_name = "-t", .flag = VIRT_OPT_TTY, .excludes = VIRT_OPT_NO_TTY,
	  .help = "give it a terminal even if stdin or stdout is none" },
	{ .name = "--no-tty", .short_name = "-T", .flag = VIRT_OPT_NO_TTY, .excludes = VIRT_OPT_TTY,
	  .help = "no terminal, pipes only, even on a terminal" },
	{ .name = "--stats", .flag = VIRT_OPT_STATS,
	  .help = "at the end, print on stderr what the cappsule cost: time, pages, VM exits per reason" },
	{ .name = "--policy", .flag = VIRT_OPT_POLICY, .value_name = "NAME",
	  .value_kind = VIRT_VALUE_POLICY,
	  .help = "the file-system policy to run under (see 'virt policies')" },
	{ .name = "--shared", .flag = VIRT_OPT_SHARED, .value_name = "DIR",
	  .value_kind = VIRT_VALUE_ABS_PATH, .max_count = VIRT_SHARED_MAX,
	  .help = "share host folder DIR (absolute), writes included; up to "
		  STR(VIRT_SHARED_MAX) " times" },
};

static const struct virt_option policies_options[] = {
	{ .name = "--json", .flag = VIRT_OPT_JSON, .excludes = VIRT_OPT_CHECK,
	  .help = "print one JSON array instead of text" },
	{ .name = "--check", .flag = VIRT_OPT_CHECK, .value_name = "FILE",
	  .value_kind = VIRT_VALUE_FILE, .excludes = VIRT_OPT_JSON,
	  .help = "only check that FILE is a valid policy" },
};

#define N_OPTIONS(a) (sizeof(a) / sizeof((a)[0]))

/* Every command `virt` knows, dispatched by id in virt_main.c. */
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
		.n_options = N_OPTIONS(status_options),
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
			"costs one VM exit and one page copy. In every cappsule forked\n"
			"from it, this very process wakes up as the init that runs the\n"
			"command of 'virt exec'. Needs root.\n"
			"Exit status: 0 on success, 1 on failure, 2 on a usage error.",
		.options = snapshot_options,
		.n_options = N_OPTIONS(snapshot_options),
	},
	{
		.name = "exec",
		.id = VIRT_CMD_EXEC,
		.summary = "run a command in a new cappsule",
		.synopsis = "[--] CMD [ARG...]",
		.description =
			"Forks a new cappsule from the snapshot (see 'virt snapshot') and\n"
			"runs CMD in it, found through the PATH of your environment, with\n"
			"your user and groups, environment and working directory. Its\n"
			"file-system policy says which host files it sees, and how: the\n"
			"one --policy names, else the first whose programs list CMD's\n"
			"name, else 'default' (see 'virt policies'); writes never reach\n"
			"host files, except in the folders the policy or --shared shares.\n"
			"Its stdin, stdout and stderr are virt's. When stdin and stdout are\n"
			"both terminals (or with -t) it gets a terminal of its own and\n"
			"Ctrl-C goes to it; SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to\n"
			"virt are passed on to it.\n"
			"Exit status: the command's own; 128+N if signal N killed it; 125\n"
			"if the cappsule itself ended (virt says why) or virt failed; 126\n"
			"if CMD cannot run or the working directory cannot be entered; 127\n"
			"if CMD is not found; 137 if the cappsule was killed (virt kill);\n"
			"2 on a usage error.",
		.options = exec_options,
		.n_options = N_OPTIONS(exec_options),
		.min_args = 1,
		.max_args = SIZE_MAX,
		.arg_kind = VIRT_ARGS_WORDS,
		.arg_name = "CMD",
	},
	{
		.name = "ps",
		.id = VIRT_CMD_PS,
		.summary = "list the cappsules",
		.synopsis = "",
		.description =
			"Lists the cappsules alive now, and those that ended but whose\n"
			"output was not read yet: id, the user who started it, the host\n"
			"CPU that runs it, its state and uptime, its private memory and\n"
			"limit, and its command.\n"
			"Exit status: 0 on success, 1 if the list cannot be read.",
		.options = status_options,
		.n_options = N_OPTIONS(status_options),
	},
	{
		.name = "info",
		.id = VIRT_CMD_INFO,
		.summary = "show one cappsule's memory, VM exits and uptime",
		.synopsis = "ID",
		.description =
			"Shows cappsule ID (from 'virt ps'): who started it, its command,\n"
			"uptime, memory (private pages and limit, pages copied on write,\n"
			"snapshot pages mapped) and its VM exits per reason.\n"
			"Exit status: 0 on success, 1 if there is no such cappsule or it\n"
			"cannot be read, 2 on a usage error.",
		.options = status_options,
		.n_options = N_OPTIONS(status_options),
		.min_args = 1,
		.max_args = 1,
		.arg_kind = VIRT_ARGS_ID,
		.arg_name = "ID",
	},
	{
		.name = "kill",
		.id = VIRT_CMD_KILL,
		.summary = "end a cappsule now",
		.synopsis = "ID",
		.description =
			"Ends cappsule ID (from 'virt ps') at once: nothing in it runs\n"
			"any more, and its 'virt exec' returns 137. Only the user who\n"
			"started it, or root, may.\n"
			"Exit status: 0 on success, 1 if there is no such cappsule or it\n"
			"is not yours, 2 on a usage error.",
		.min_args = 1,
		.max_args = 1,
		.arg_kind = VIRT_ARGS_ID,
		.arg_name = "ID",
	},
	{
		.name = "policies",
		.id = VIRT_CMD_POLICIES,
		.summary = "list the file-system policies, or check one file",
		.synopsis = "",
		.description =
			"Lists the file-system policies 'virt exec' can use: yours, in\n"
			"~/.config/cappsule/policies, then the system's, in\n"
			"/etc/cappsule/policies (yours override the system's of the same\n"
			"name): name, where, the programs it is chosen for and what it\n"
			"is for. With --check FILE, checks that one file instead and\n"
			"prints 'FILE: ok' or what is wrong and on which line.\n"
			"Exit status: 0 if every policy is valid, 1 if one is not or a\n"
			"folder cannot be read, 2 on a usage error.",
		.options = policies_options,
		.n_options = N_OPTIONS(policies_options),
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

/* word names opt: its long or short name, alone or with a value attached
 * ("--mem=64", "-m64"; *value then points at it, else it is NULL). */
static bool names_option(const struct virt_option *opt, const char *word, const char **value)
{
	size_t len = strlen(opt->name);

	*value = NULL;
	if (strncmp(word, opt->name, len) == 0 && (word[len] == '\0' || word[len] == '=')) {
		if (word[len] == '=')
			*value = word + len + 1;
		return true;
	}
	if (!opt->short_name)
		return false;
	len = strlen(opt->short_name);
	if (strncmp(word, opt->short_name, len) != 0)
		return false;
	if (word[len] != '\0' && !opt->value_name)
		return false;
	if (word[len] != '\0')
		*value = word + len;
	return true;
}

/* The option of cmd that word names; see names_option for *value. */
static const struct virt_option *find_option(const struct virt_command *cmd,
					     const char *word, const char **value)
{
	for (size_t i = 0; i < cmd->n_options; i++)
		if (names_option(&cmd->options[i], word, value))
			return &cmd->options[i];
	return NULL;
}

/* The first command that accepts the option word, and that option, for a
 * hint. */
static const struct virt_command *command_with_option(const char *word,
						      const struct virt_option **opt)
{
	const char *value;

	for (size_t i = 0; i < N_COMMANDS; i++) {
		*opt = find_option(&commands[i], word, &value);
		if (*opt)
			return &commands[i];
	}
	return NULL;
}

/* How an option is shown in messages: its short name if it has one. */
static const char *shown_name(const struct virt_option *opt)
{
	return opt->short_name ? opt->short_name : opt->name;
}

/* A decimal number of at most 10 digits, nothing else: no sign, no
 * spaces, no hex. */
static bool parse_number(const char *word, unsigned long min, unsigned long max,
			 unsigned long *out)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; word[i]; i++) {
		if (word[i] < '0' || word[i] > '9' || i >= 10)
			return false;
		n = n * 10 + (unsigned long long)(word[i] - '0');
	}
	if (i == 0 || n < min || n > max)
		return false;
	*out = (unsigned long)n;
	return true;
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

/* A number for opt, stored where it goes. */
static bool take_number(const struct virt_option *opt, const char *value,
			struct virt_invocation *inv)
{
	char q[QUOTED_MAX];
	unsigned long n;

	if (!parse_number(value, opt->min, opt->max, &n)) {
		quote_word(value, q, sizeof(q));
		return fail(inv, "bad value %s for '%s': %s must be a whole number from %lu to %lu",
			    q, shown_name(opt), opt->value_name, opt->min, opt->max);
	}
	if (opt->flag == VIRT_OPT_MEM)
		inv->mem_mb = n;
	return true;
}

/* Why value is not one opt takes, or NULL. The paths are only checked for
 * form here; whether they exist is for the command to find out. */
static const char *value_problem(const struct virt_option *opt, const char *value)
{
	switch (opt->value_kind) {
	case VIRT_VALUE_POLICY:
		if (!fs_policy_name_valid(value))
			return "a policy name is 1 to " STR(FS_POLICY_NAME_MAX)
			       " letters, digits, '_' or '-'";
		return NULL;
	case VIRT_VALUE_ABS_PATH:
		if (value[0] != '/')
			return "it must be an absolute path";
		if (strlen(value) > FS_POLICY_PATH_MAX)
			return "it is longer than " STR(FS_POLICY_PATH_MAX) " bytes";
		return NULL;
	default:
		return value[0] ? NULL : "it must not be empty";
	}
}

/* A string for opt, stored where it goes. */
static bool take_string(const struct virt_option *opt, const char *value,
			struct virt_invocation *inv)
{
	char q[QUOTED_MAX];
	const char *why = value_problem(opt, value);

	if (why) {
		quote_word(value, q, sizeof(q));
		return fail(inv, "bad value %s for '%s': %s", q, shown_name(opt), why);
	}
	switch (opt->flag) {
	case VIRT_OPT_POLICY:
		inv->policy = value;
		break;
	case VIRT_OPT_SHARED:
		if (inv->n_shared >= VIRT_SHARED_MAX)
			return fail(inv, "too many '%s' options: at most %d", shown_name(opt),
				    VIRT_SHARED_MAX);
		inv->shared[inv->n_shared++] = value;
		break;
	case VIRT_OPT_CHECK:
		inv->check_file = value;
		break;
	}
	return true;
}

/* Stores the value of opt, from word (attached) or the next argv word. */
static bool take_value(const struct virt_option *opt, const char *attached, int argc, char *const argv[], int *i,
		       struct virt_invocation *inv)
{
	const char *value = attached;

	if (!value) {
		if (*i + 1 >= argc)
			return fail(inv, "option '%s' needs a value: %s", shown_name(opt),
				    opt->value_name);
		value = argv[++*i];
	}
	if (opt->value_kind == VIRT_VALUE_NUMBER)
		return take_number(opt, value, inv);
	return take_string(opt, value, inv);
}

/* The option that excludes opt and was given already, if any. */
static const struct virt_option *excluded_by(const struct virt_command *cmd,
					     const struct virt_option *opt, unsigned int flags)
{
	for (size_t k = 0; k < cmd->n_options; k++)
		if ((opt->excludes & cmd->options[k].flag) && (flags & cmd->options[k].flag))
			return &cmd->options[k];
	return NULL;
}

/* One option word of cmd (argv[*i]); may take the next word as its value. */
static bool parse_option(const struct virt_command *cmd, int argc, char *const argv[],
			 int *i, struct virt_invocation *inv)
{
	char q[QUOTED_MAX];
	const char *word = argv[*i], *value;
	const struct virt_option *opt = find_option(cmd, word, &value), *other;

	quote_word(word, q, sizeof(q));
	if (!opt)
		return fail(inv, "unknown option %s for 'virt %s'", q, cmd->name);
	if (value && !opt->value_name)
		return fail(inv, "option '%s' takes no value (got %s)", opt->name, q);
	other = excluded_by(cmd, opt, inv->flags);
	if (other)
		return fail(inv, "options '%s' and '%s' exclude each other", shown_name(other),
			    shown_name(opt));
	if (opt->value_name && !take_value(opt, value, argc, argv, i, inv))
		return false;
	inv->flags |= opt->flag;
	return true;
}

/* "-1" for a command that takes ids is a bad id, not an option. */
static bool looks_like_number(const struct virt_command *cmd, const char *word)
{
	return cmd->arg_kind == VIRT_ARGS_ID && word[0] == '-' &&
	       word[1] >= '0' && word[1] <= '9';
}

static bool too_many_args(const struct virt_command *cmd, const char *word,
			  struct virt_invocation *inv)
{
	char q[QUOTED_MAX];

	quote_word(word, q, sizeof(q));
	if (cmd->max_args == 0)
		return fail(inv, "unexpected argument %s: 'virt %s' takes no arguments",
			    q, cmd->name);
	if (cmd->max_args == 1)
		return fail(inv, "unexpected argument %s: 'virt %s' takes one %s",
			    q, cmd->name, cmd->arg_name);
	return fail(inv, "unexpected argument %s: 'virt %s' takes at most %zu arguments",
		    q, cmd->name, cmd->max_args);
}

/* A positional argument: counted, and checked for its kind. */
static bool take_arg(const struct virt_command *cmd, char *const argv[], int i,
		     struct virt_invocation *inv)
{
	char q[QUOTED_MAX];
	unsigned long id;

	if (inv->n_args >= cmd->max_args)
		return too_many_args(cmd, argv[i], inv);
	if (cmd->arg_kind == VIRT_ARGS_ID) {
		if (!parse_number(argv[i], 1, CAPPSULE_MAX_CAPPSULES, &id)) {
			quote_word(argv[i], q, sizeof(q));
			return fail(inv, "bad cappsule id %s: ids are 1 to %d (see 'virt ps')",
				    q, CAPPSULE_MAX_CAPPSULES);
		}
		inv->id = (unsigned int)id;
	}
	if (inv->n_args == 0)
		inv->args = &argv[i];
	inv->n_args++;
	return true;
}

static bool parse_command(const struct virt_command *cmd, int argc,
			  char *const argv[], int i, struct virt_invocation *inv)
{
	bool options_done = false;

	inv->command = cmd;
	for (; i < argc; i++) {
		const char *word = argv[i];

		if (!options_done && strcmp(word, "--") == 0) {
			options_done = true;
			continue;
		}
		if (!options_done && is_option(word) && !looks_like_number(cmd, word)) {
			if (is_help_option(word)) {
				/* Help for cmd, nothing else of what came before. */
				memset(inv, 0, sizeof(*inv));
				inv->command = cmd;
				inv->action = VIRT_ACTION_HELP;
				return true;
			}
			if (!parse_option(cmd, argc, argv, &i, inv))
				return false;
			continue;
		}
		if (!take_arg(cmd, argv, i, inv))
			return false;
		/* Everything after exec's first argument belongs to the command. */
		if (cmd->arg_kind == VIRT_ARGS_WORDS)
			options_done = true;
	}
	if (inv->n_args < cmd->min_args)
		return fail(inv, "missing %s after 'virt %s'", cmd->arg_name, cmd->name);
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
	char label[40];

	put(t, "usage: virt %s", cmd->name);
	for (size_t i = 0; i < cmd->n_options; i++) {
		const struct virt_option *o = &cmd->options[i];

		put(t, " [%s%s%s]%s", shown_name(o), o->value_name ? " " : "",
		    o->value_name ? o->value_name : "", o->max_count > 1 ? "..." : "");
	}
	put(t, "%s%s\n\n%s\n\nOptions:\n", cmd->synopsis[0] ? " " : "",
	    cmd->synopsis, cmd->description);
	for (size_t i = 0; i < cmd->n_options; i++) {
		const struct virt_option *o = &cmd->options[i];

		snprintf(label, sizeof(label), "%s%s%s%s%s", o->short_name ? o->short_name : "",
			 o->short_name ? ", " : "", o->name, o->value_name ? " " : "",
			 o->value_name ? o->value_name : "");
		put(t, "  %-12s %s\n", label, o->help);
	}
	put(t, "  %-12s %s\n", "-h, --help", "show this help");
}

static void general_help(struct text *t)
{
	put(t, "usage: virt [-h | --help | --version]\n"
	       "       virt help [COMMAND]\n"
	       "       virt COMMAND [OPTION...] [ARG...]\n"
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
	       "Exit status: 0 on success, 1 if the command failed, 2 on a usage error\n"
	       "(virt exec: the status of the command it ran, see 'virt help exec').\n",
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
