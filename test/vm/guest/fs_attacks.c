// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs inside a cappsule (virt exec --policy fsattack --shared SHARED
 * fs_attacks SHARED): tries to reach what the policy hides (/secret) or to
 * widen a shared folder, and checks that each attempt is refused with the
 * expected error. The scenario prepared on the host: /secret/key (hidden
 * by the policy), /srv/view (visible) holding "escape", a symlink to
 * /secret/key, and SHARED/file. It checks the host side afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cases.h"

static char path[8192];

/* The call's result must be -1 with errno want. */
static void expect_errno(const char *name, int ret, int want)
{
	if (ret == -1 && errno == want)
		case_pass(name);
	else if (ret == -1)
		case_fail(name, "errno %d (%s), want %d (%s)", errno, strerror(errno), want,
			  strerror(want));
	else
		case_fail(name, "succeeded, want %s", strerror(want));
}

static const char *in(const char *dir, const char *rest)
{
	snprintf(path, sizeof(path), "%s/%s", dir, rest);
	return path;
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : NULL;
	struct stat st;
	int fd;

	if (!shared) {
		fprintf(stderr, "usage: fs_attacks SHARED_DIR\n");
		return 2;
	}
	expect_errno("hidden-file", open("/secret/key", O_RDONLY), ENOENT);
	expect_errno("hidden-dir-listing", open("/secret", O_RDONLY | O_DIRECTORY), ENOENT);
	expect_errno("symlink-escape", open("/srv/view/escape", O_RDONLY), ENOENT);
	expect_errno("dotdot-escape", open("/srv/view/../../secret/key", O_RDONLY), ENOENT);
	expect_errno("dotdot-from-shared", open(in(shared, "../../../../secret/key"), O_RDONLY), ENOENT);
	expect_errno("hardlink-hidden", link("/secret/key", in(shared, "stolen")), ENOENT);
	expect_errno("rename-out-of-shared", rename(in(shared, "file"), "/tmp/moved"), EXDEV);
	expect_errno("hardlink-out-of-shared", link(in(shared, "file"), "/tmp/linked"), EXDEV);
	expect_errno("mknod-in-shared", mknod(in(shared, "null"), S_IFCHR | 0666, makedev(1, 3)), EPERM);
	/* A symlink planted in the shared folder leads nowhere inside. */
	if (symlink("/secret/key", in(shared, "planted")) != 0)
		case_fail("planted-symlink", "symlink: %s", strerror(errno));
	else
		expect_errno("planted-symlink", open(in(shared, "planted"), O_RDONLY), ENOENT);
	memset(path, 'a', 4200);
	path[0] = '/';
	path[4200] = '\0';
	expect_errno("path-4k", open(path, O_RDONLY), ENAMETOOLONG);
	/* setuid bits never reach the host (the scenario checks the mode there). */
	fd = open(in(shared, "suid"), O_CREAT | O_WRONLY, 0755);
	if (fd < 0 || fchmod(fd, 04755) != 0 || fstat(fd, &st) != 0)
		case_fail("setuid-stripped", "%s", strerror(errno));
	else if (st.st_mode & (S_ISUID | S_ISGID))
		case_fail("setuid-stripped", "mode %o", st.st_mode);
	else
		case_pass("setuid-stripped");
	if (stat(in(shared, "file"), &st) == 0)
		case_pass("shared-file-stays");
	else
		case_fail("shared-file-stays", "%s", strerror(errno));
	return case_failures ? 1 : 0;
}
