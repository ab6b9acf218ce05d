// SPDX-License-Identifier: GPL-2.0-only
/* virt exec's file view, host side (see virt_fs.h). */
#include "tools/virt_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hostshim/cappsule_ioctl.h"
#include "tools/cappsule_fsview.h"
#include "tools/exec_proto.h"
#include "tools/fs_policy.h"
#include "tools/fs_policy_load.h"
#include "tools/mkdir_p.h"

#define MSIZE_MAX (128u * 1024)

_Static_assert(sizeof(((struct virt_fs *)0)->policy_name) > FS_POLICY_NAME_MAX,
	       "room for a policy name");
_Static_assert(VIRT_FS_EXPORTS_MAX <= FS_MAX_EXPORTS && VIRT_FS_EXPORTS_MAX <= FSVIEW_EXPORTS_MAX,
	       "every export virt may make, the server and the cappsule take");

/* ---------------------------------------------------------- deciding -- */

static int load_policy(const struct virt_fs_request *rq, struct virt_fs *fs, const char *home)
{
	struct fs_policy_dirs dirs;
	char err[512];

	fs_policy_dirs_init(&dirs, home);
	fs->policy = fs_policy_choose(&dirs, rq->policy, rq->program, home, fs->policy_name,
				      err, sizeof(err));
	if (!fs->policy) {
		fprintf(stderr, "virt: policy: %s\n", err);
		return EXEC_EXIT_CAPPSULE;
	}
	return 0;
}

static bool add_export(struct virt_fs *fs, enum fs_export_kind kind, const char *path)
{
	size_t i;

	for (i = 1; i < fs->n_exports; i++)
		if (!strcmp(fs->paths[i], path) && fs->exports[i].kind == kind)
			return true; /* named twice: once is enough */
	if (fs->n_exports == VIRT_FS_EXPORTS_MAX) {
		fprintf(stderr, "virt: too many shared folders\n");
		return false;
	}
	snprintf(fs->paths[fs->n_exports], sizeof(fs->paths[0]), "%s", path);
	fs->exports[fs->n_exports] = (struct fs_export){ .kind = kind,
							 .host_path = fs->paths[fs->n_exports] };
	fs->n_exports++;
	return true;
}

/* A shared folder: an existing directory other than "/", by its real path
 * (the caller's own links are followed here, once, by the caller). */
static bool add_shared(struct virt_fs *fs, const char *dir)
{
	char real[PATH_MAX];
	struct stat st;

	if (dir[0] != '/' || !realpath(dir, real)) {
		fprintf(stderr, "virt: shared folder %s: %s\n", dir,
			dir[0] != '/' ? "not an absolute path" : strerror(errno));
		return false;
	}
	if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode) || !strcmp(real, "/")) {
		fprintf(stderr, "virt: shared folder %s: %s\n", dir,
			!strcmp(real, "/") ? "the whole file system cannot be shared" :
			"not a directory");
		return false;
	}
	return add_export(fs, FS_EXPORT_SHARED, real);
}

/* ~/.local/share/cappsule/POLICY: the upper layer that outlives the run. */
static bool add_persistent(struct virt_fs *fs, const char *home)
{
	char dir[PATH_MAX];

	if (fs->uid != getuid()) {
		fprintf(stderr, "virt: policy %s keeps a persistent layer, but the file server of "
			"root's cappsules runs as nobody: this run keeps its writes in memory\n",
			fs->policy_name);
		return true;
	}
	int n = snprintf(dir, sizeof(dir), "%s/.local/share/cappsule/%s", home, fs->policy_name);
	int e = n < 0 || n >= (int)sizeof(dir) ? ENAMETOOLONG : mkdir_p(dir, 1, 0700);

	if (e) {
		fprintf(stderr, "virt: persistent layer %s: %s\n", dir, strerror(e));
		return false;
	}
	return add_export(fs, FS_EXPORT_UPPER, dir);
}

int virt_fs_prepare(const struct virt_fs_request *rq, struct virt_fs *fs)
{
	const char *home;
	int status;

	memset(fs, 0, sizeof(*fs));
	fs->server = -1;
	fs->uid = getuid() ? getuid() : VIRT_FS_NOBODY;
	fs->gid = getuid() ? getgid() : VIRT_FS_NOBODY;
	fs->drop_groups = getuid() == 0;
	home = fs_policy_home();
	if (!home) {
		fprintf(stderr, "virt: no home directory for uid %u ($HOME, passwd)\n",
			(unsigned)getuid());
		return EXEC_EXIT_CAPPSULE;
	}
	status = load_policy(rq, fs, home);
	if (status)
		return status;
	add_export(fs, FS_EXPORT_VIEW, "/");
	if (fs_policy_persistent(fs->policy) && !add_persistent(fs, home))
		goto refused;
	for (size_t i = 0; i < fs_policy_shared_count(fs->policy); i++)
		if (!add_shared(fs, fs_policy_shared(fs->policy, i)))
			goto refused;
	for (size_t i = 0; i < rq->n_shared; i++)
		if (!add_shared(fs, rq->shared[i]))
			goto refused;
	return 0;
refused:
	fs_policy_free(fs->policy);
	fs->policy = NULL;
	return EXEC_EXIT_CAPPSULE;
}

/* ------------------------------------------------------------ serving -- */

static unsigned policy_access(void *ctx, const char *path)
{
	return fs_policy_access(ctx, path);
}

/* The caller's ids for good, or nobody's for root; then no way back up. */
static bool drop_privileges(const struct virt_fs *fs)
{
	if (fs->drop_groups && setgroups(0, NULL) != 0)
		return false;
	if (setresgid(fs->gid, fs->gid, fs->gid) != 0 || setresuid(fs->uid, fs->uid, fs->uid) != 0)
		return false;
	if (setuid(0) == 0 && fs->uid != 0)
		return false;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
}

static void serve(struct virt_fs *fs, int chan) __attribute__((noreturn));
static void serve(struct virt_fs *fs, int chan)
{
	struct fs_server_config c = {
		.exports = fs->exports, .n_exports = fs->n_exports,
		.access = policy_access, .access_ctx = fs->policy, .max_msize = MSIZE_MAX,
	};
	struct fs_server *s;
	char err[256];
	int null;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Out of the terminal's foreground group: Ctrl-C is the command's,
	 * which virt passes on; the server must outlive it. */
	setpgid(0, 0);
	signal(SIGTTOU, SIG_IGN);
	/* The channel as fd 3, stderr for its messages, nothing else. */
	if (dup2(chan, 3) < 0 || close_range(4, ~0u, 0) != 0)
		_exit(1);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
		_exit(1);
	if (!drop_privileges(fs)) {
		fprintf(stderr, "virt: file server: cannot drop privileges: %s\n", strerror(errno));
		_exit(1);
	}
	s = fs_server_new(&c, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "virt: file server: %s\n", err);
		_exit(1);
	}
	_exit(fs_server_serve_fd(s, 3) == 0 ? 0 : 1);
}

int virt_fs_start(struct virt_fs *fs, int dev)
{
	int chan = ioctl(dev, CAPPSULE_IOC_FS_CHANNEL);

	if (chan < 0) {
		fprintf(stderr, "virt: file channel: %s\n", strerror(errno));
		return EXEC_EXIT_CAPPSULE;
	}
	fs->server = fork();
	if (fs->server == 0)
		serve(fs, chan);
	close(chan);
	if (fs->server < 0) {
		fprintf(stderr, "virt: file server: fork: %s\n", strerror(errno));
		return EXEC_EXIT_CAPPSULE;
	}
	return 0;
}

void virt_fs_finish(struct virt_fs *fs)
{
	int st;

	if (fs->server > 0) {
		/* Its channel ends with the cappsule; a server still busy is
		 * of no use to anyone now. */
		kill(fs->server, SIGKILL);
		waitpid(fs->server, &st, 0);
		fs->server = -1;
	}
	fs_policy_free(fs->policy);
	fs->policy = NULL;
}
