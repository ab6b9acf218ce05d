/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command-line parsing for `virt`. Pure logic: no I/O, no exit(), no
 * allocation. virt_cli_parse() turns argv into a struct virt_invocation that
 * says what to do (run a command, print help or the version) or why the
 * command line is wrong; virt_main.c does the printing and picks the exit
 * status.
 *
 * Grammar:
 *   virt [-h | --help | --version]
 *   virt help [COMMAND]
 *   virt COMMAND [OPTION...] [--] [ARG...]
 *
 * Commands live in one table (virt_cli.c). A command lists the options it
 * accepts (a long name, maybe a short one, maybe a value of some kind: a
 * number in a range, a policy name, a path; maybe repeatable; maybe options
 * it excludes) and how many positional arguments it
 * takes, and of what kind; option parsing stops at "--" and, for exec, at
 * the first argument (so `virt exec -m 64 bash -i` hands "-i" to bash;
 * `virt info 3 --json` is fine). Values and cappsule ids are checked here, so a bad
 * one never reaches the device.
 */
#ifndef CAPPSULE_VIRT_CLI_H
#define CAPPSULE_VIRT_CLI_H

#include <stdbool.h>
#include <stddef.h>

enum virt_cmd {
	VIRT_CMD_STATUS,
	VIRT_CMD_LOG,
	VIRT_CMD_SNAPSHOT,
	VIRT_CMD_EXEC,
	VIRT_CMD_PS,
	VIRT_CMD_INFO,
	VIRT_CMD_KILL,
	VIRT_CMD_POLICIES,
};

/* Option flags, one bit each, collected in virt_invocation.flags. */
#define VIRT_OPT_JSON (1u << 0)
#define VIRT_OPT_REFRESH (1u << 1)
#define VIRT_OPT_DROP (1u << 2)
#define VIRT_OPT_MEM (1u << 3)		/* exec -m MB: value in inv->mem_mb */
#define VIRT_OPT_TTY (1u << 4)		/* exec -t */
#define VIRT_OPT_NO_TTY (1u << 5)	/* exec -T */
#define VIRT_OPT_STATS (1u << 6)	/* exec --stats */
#define VIRT_OPT_POLICY (1u << 7)	/* exec --policy NAME: inv->policy */
#define VIRT_OPT_SHARED (1u << 8)	/* exec --shared DIR: inv->shared[] */
#define VIRT_OPT_CHECK (1u << 9)	/* policies --check FILE: inv->check_file */

/* The kinds of option values, each checked here. */
enum virt_value_kind {
	VIRT_VALUE_NUMBER,	/* decimal, from min to max */
	VIRT_VALUE_POLICY,	/* a policy name, see fs_policy_name_valid */
	VIRT_VALUE_ABS_PATH,	/* an absolute path */
	VIRT_VALUE_FILE,	/* any non-empty path */
};

/* How many times --shared may be given. */
#define VIRT_SHARED_MAX 16

struct virt_option {
	const char *name;	/* "--json" */
	const char *short_name;	/* "-t", or NULL */
	unsigned int flag;	/* VIRT_OPT_* bit it sets */
	const char *help;
	/* Options with a value: its name in the help ("MB"), NULL if none,
	 * its kind, and for numbers the range it must be in. */
	const char *value_name;
	enum virt_value_kind value_kind;
	unsigned long min, max;
	/* More than 1: the option may be repeated that many times, each value
	 * kept; otherwise the last one given counts. */
	size_t max_count;
	unsigned int excludes;	/* VIRT_OPT_* bits it may not come with */
};

/* What a command's positional arguments are. */
enum virt_arg_kind {
	VIRT_ARGS_WORDS,	/* anything (exec: the command and its arguments) */
	VIRT_ARGS_ID,		/* a cappsule id, 1 .. CAPPSULE_MAX_CAPPSULES */
};

struct virt_command {
	const char *name;
	enum virt_cmd id;
	const char *summary;	/* one line for the command list */
	const char *synopsis;	/* arguments after the name, "" if none */
	const char *description;
	const struct virt_option *options;
	size_t n_options;
	size_t min_args;	/* positional arguments needed */
	size_t max_args;	/* positional arguments accepted (SIZE_MAX: any) */
	enum virt_arg_kind arg_kind;
	const char *arg_name;	/* "CMD", "ID": for "missing CMD" */
};

enum virt_action {
	VIRT_ACTION_ERROR,	/* bad command line: see error[] */
	VIRT_ACTION_HELP,	/* print help for command (or general if NULL) */
	VIRT_ACTION_VERSION,	/* print "virt <version>" */
	VIRT_ACTION_RUN,	/* run command */
};

#define VIRT_CLI_ERROR_MAX 320

struct virt_invocation {
	enum virt_action action;
	const struct virt_command *command;
	unsigned int flags;		/* VIRT_OPT_* */
	char *const *args;		/* positional arguments (points into argv) */
	size_t n_args;
	unsigned long mem_mb;		/* with VIRT_OPT_MEM */
	unsigned int id;		/* the cappsule id, for VIRT_ARGS_ID */
	/* String values point into argv. */
	const char *policy;		/* with VIRT_OPT_POLICY */
	const char *shared[VIRT_SHARED_MAX];	/* with VIRT_OPT_SHARED, in order */
	size_t n_shared;
	const char *check_file;		/* with VIRT_OPT_CHECK */
	/* For VIRT_ACTION_ERROR: show the full usage, not just a hint. */
	bool show_usage;
	/* For VIRT_ACTION_ERROR: one line, no trailing newline, no "virt: ". */
	char error[VIRT_CLI_ERROR_MAX];
};

/* Parses argv[0..argc-1] (argv[0] is the program name and is ignored).
 * Always fills *inv; returns true unless inv->action is VIRT_ACTION_ERROR. */
bool virt_cli_parse(int argc, char *const argv[], struct virt_invocation *inv);

/* The command table. */
const struct virt_command *virt_cli_commands(size_t *count);
const struct virt_command *virt_cli_find_command(const char *name);

/*
 * Writes help text into buf (always NUL-terminated when cap > 0): the general
 * usage and command list when cmd is NULL, else that command's help.
 * Returns the length the full text needs, like snprintf.
 */
size_t virt_cli_help(const struct virt_command *cmd, char *buf, size_t cap);

/* The hint printed after an error. */
#define VIRT_CLI_HINT "Run 'virt --help' for usage."

#endif /* CAPPSULE_VIRT_CLI_H */
