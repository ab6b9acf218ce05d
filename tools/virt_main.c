// SPDX-License-Identifier: GPL-2.0-only
/*
 * virt: the Cappsule command-line tool. Parsing is in virt_cli.c; this file
 * prints what the parser decided and dispatches commands.
 *
 * Exit status: 0 success, 1 the command failed (e.g. no monitor), 2 usage
 * error; `virt exec` returns its command's status (tools/exec_proto.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tools/virt_cli.h"
#include "tools/virt_exec.h"
#include "tools/virt_log.h"
#include "tools/virt_policies.h"
#include "tools/virt_ps.h"
#include "tools/virt_snapshot.h"
#include "tools/virt_status.h"
#include "vmx/hypercall_abi.h"

#define EXIT_USAGE 2

static void print_help(FILE *out, const struct virt_command *cmd)
{
	size_t len = virt_cli_help(cmd, NULL, 0);
	char *buf = malloc(len + 1);

	if (!buf) {
		fputs("virt: out of memory\n", stderr);
		return;
	}
	virt_cli_help(cmd, buf, len + 1);
	fputs(buf, out);
	free(buf);
}

static int run_exec(const struct virt_invocation *inv)
{
	struct virt_exec_opts o = {
		.tty = inv->flags & VIRT_OPT_TTY ? VIRT_EXEC_TTY_ON :
		       inv->flags & VIRT_OPT_NO_TTY ? VIRT_EXEC_TTY_OFF : VIRT_EXEC_TTY_AUTO,
		.mem_mb = inv->mem_mb, .stats = inv->flags & VIRT_OPT_STATS,
		.policy = inv->policy, .shared = inv->shared, .n_shared = inv->n_shared,
	};

	return virt_exec_run(inv->args, inv->n_args, &o);
}

static int run(const struct virt_invocation *inv)
{
	switch (inv->command->id) {
	case VIRT_CMD_STATUS:
		return virt_status_run(inv->flags & VIRT_OPT_JSON);
	case VIRT_CMD_LOG:
		return virt_log_run();
	case VIRT_CMD_SNAPSHOT:
		return virt_snapshot_run(inv->flags & VIRT_OPT_DROP);
	case VIRT_CMD_EXEC:
		return run_exec(inv);
	case VIRT_CMD_PS:
		return virt_ps_run(inv->flags & VIRT_OPT_JSON);
	case VIRT_CMD_INFO:
		return virt_info_run(inv->id, inv->flags & VIRT_OPT_JSON);
	case VIRT_CMD_KILL:
		return virt_kill_run(inv->id);
	case VIRT_CMD_POLICIES:
		return virt_policies_run(inv->check_file, inv->flags & VIRT_OPT_JSON);
	}
	fprintf(stderr, "virt: command '%s' has no implementation\n",
		inv->command->name);
	return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	struct virt_invocation inv;
	int status;

	if (!virt_cli_parse(argc, argv, &inv)) {
		fprintf(stderr, "virt: %s\n", inv.error);
		if (inv.show_usage)
			print_help(stderr, NULL);
		else if (inv.command)
			fprintf(stderr, "Run 'virt %s --help' for its usage.\n",
				inv.command->name);
		else
			fprintf(stderr, "%s\n", VIRT_CLI_HINT);
		return EXIT_USAGE;
	}

	switch (inv.action) {
	case VIRT_ACTION_HELP:
		print_help(stdout, inv.command);
		status = EXIT_SUCCESS;
		break;
	case VIRT_ACTION_VERSION:
		printf("virt %s\n", CAPPSULE_VERSION);
		status = EXIT_SUCCESS;
		break;
	case VIRT_ACTION_RUN:
		status = run(&inv);
		break;
	default:
		status = EXIT_USAGE;
		break;
	}

	/* A failed write (full disk, closed pipe) must not look like success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("virt: writing output");
		return EXIT_FAILURE;
	}
	return status;
}
