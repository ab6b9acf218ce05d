// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulator scenario helper: executes VMREAD in a child process and reports
 * how it ended. Under the monitor the instruction exits to it and it injects
 * #UD (SIGILL here); the monitor's exit counters show the VMREAD exit.
 * Prints "vmread: SIGILL" and exits 0 on the expected outcome.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 2;
	if (pid == 0) {
		unsigned long v = 0, field = 0x4402; /* VM_EXIT_REASON */

		__asm__ volatile("vmread %1, %0" : "=r"(v) : "r"(field));
		printf("vmread: returned 0x%lx (no fault)\n", v);
		_exit(1);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	if (WIFSIGNALED(status)) {
		printf("vmread: %s\n", WTERMSIG(status) == SIGILL ? "SIGILL" :
		       strsignal(WTERMSIG(status)));
		return WTERMSIG(status) == SIGILL ? 0 : 1;
	}
	return 1;
}
