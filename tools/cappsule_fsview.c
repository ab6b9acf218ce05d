// SPDX-License-Identifier: GPL-2.0-only
/* The file view inside a cappsule (see cappsule_fsview.h). */
#include "tools/cappsule_fsview.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tools/mkdir_p.h"

/* Where the pieces are put together: over the snapshot's /proc, which every
 * root has and which the new root gets afresh; gone with the old root. */
#define STAGE "/proc"
#define STAGE_FS STAGE "/fs"       /* the 9P mount: the server's tree */
#define STAGE_MEM STAGE "/mem"     /* the in-memory upper layer */
#define STAGE_ROOT STAGE "/root"   /* the overlay: the new root */
#define NINEP_OPTS "trans=fd,rfdno=%d,wfdno=%d,version=9p2000.L,msize=65536,cache=none"
#define MOUNTS_MAX (FSVIEW_EXPORTS_MAX * (FSVIEW_PATH_MAX + 16))

/* ------------------------------------------------------------ parsing -- */

__attribute__((format(printf, 3, 4)))
static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

static bool clean_absolute(const char *p)
{
	const char *c = p;

	if (p[0] != '/')
		return false;
	if (p[1] == '\0')
		return true;
	while (*c == '/') {
		const char *end = strchr(c + 1, '/');
		size_t n = end ? (size_t)(end - c - 1) : strlen(c + 1);

		if (n == 0 || (n == 1 && c[1] == '.') || (n == 2 && c[1] == '.' && c[2] == '.'))
			return false;
		c += n + 1;
	}
	return *c == '\0';
}

static bool parse_kind(const char *s, size_t n, enum fsview_kind *k)
{
	static const char *const names[] = { "view", "upper", "shared" };

	for (size_t i = 0; i < 3; i++)
		if (strlen(names[i]) == n && memcmp(s, names[i], n) == 0) {
			*k = (enum fsview_kind)i;
			return true;
		}
	return false;
}

/* "INDEX KIND PATH": one line without its newline. */
static bool parse_line(const char *l, size_t len, struct fsview_export *e, char *err,
		       size_t errlen, size_t lineno)
{
	const char *sp1 = memchr(l, ' ', len), *sp2;
	char *end;

	if (!sp1 || sp1 == l)
		return fail(err, errlen, "mounts line %zu: no index", lineno);
	if (memchr(l, '\0', len))
		return fail(err, errlen, "mounts line %zu: a NUL byte", lineno);
	errno = 0;
	e->index = (unsigned int)strtoul(l, &end, 10);
	if (end != sp1 || l[0] < '0' || l[0] > '9' || errno)
		return fail(err, errlen, "mounts line %zu: bad index", lineno);
	sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - l));
	if (!sp2 || !parse_kind(sp1 + 1, (size_t)(sp2 - sp1 - 1), &e->kind))
		return fail(err, errlen, "mounts line %zu: bad kind", lineno);
	len -= (size_t)(sp2 + 1 - l);
	if (len == 0 || len >= FSVIEW_PATH_MAX)
		return fail(err, errlen, "mounts line %zu: bad path length", lineno);
	memcpy(e->path, sp2 + 1, len);
	e->path[len] = '\0';
	if (!clean_absolute(e->path))
		return fail(err, errlen, "mounts line %zu: path not absolute and clean", lineno);
	return true;
}

static bool plan_consistent(const struct fsview_plan *plan, char *err, size_t errlen)
{
	size_t uppers = 0;

	if (plan->n == 0 || plan->exp[0].kind != FSVIEW_VIEW || strcmp(plan->exp[0].path, "/"))
		return fail(err, errlen, "mounts: export 0 is not the view of /");
	for (size_t i = 0; i < plan->n; i++) {
		if (plan->exp[i].index != i)
			return fail(err, errlen, "mounts: export %zu out of order", i);
		if (i && plan->exp[i].kind == FSVIEW_VIEW)
			return fail(err, errlen, "mounts: a second view");
		uppers += plan->exp[i].kind == FSVIEW_UPPER;
		if (plan->exp[i].kind == FSVIEW_SHARED && !strcmp(plan->exp[i].path, "/"))
			return fail(err, errlen, "mounts: / cannot be shared");
	}
	return uppers <= 1 ? true : fail(err, errlen, "mounts: more than one upper layer");
}

bool fsview_parse_mounts(const char *text, size_t len, struct fsview_plan *plan,
			 char *err, size_t errlen)
{
	size_t off = 0;

	plan->n = 0;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);

		if (!nl)
			return fail(err, errlen, "mounts: last line not terminated");
		if (plan->n == FSVIEW_EXPORTS_MAX)
			return fail(err, errlen, "mounts: more than %d exports", FSVIEW_EXPORTS_MAX);
		if (!parse_line(text + off, (size_t)(nl - text - off), &plan->exp[plan->n], err,
				errlen, plan->n + 1))
			return false;
		plan->n++;
		off = (size_t)(nl - text) + 1;
	}
	return plan_consistent(plan, err, errlen);
}

#ifndef CAPPSULE_UNIT_TEST
/* ----------------------------------------------------------- mounting -- */

/* mkdir -p below the new root; dirs the view lacks go to the upper layer. */
static bool make_dirs(const char *path, char *err, size_t errlen)
{
	char p[FSVIEW_PATH_MAX + sizeof(STAGE_ROOT)];
	int n = snprintf(p, sizeof(p), "%s%s", STAGE_ROOT, path), e;

	if (n < 0 || (size_t)n >= sizeof(p))
		return fail(err, errlen, "path too long: %s", path);
	e = mkdir_p(p, strlen(STAGE_ROOT) + 1, 0755);
	return e ? fail(err, errlen, "mkdir %s: %s", p + strlen(STAGE_ROOT), strerror(e)) : true;
}

static bool read_plan(struct fsview_plan *plan, char *err, size_t errlen)
{
	static char text[MOUNTS_MAX];
	int fd = open(STAGE_FS "/mounts", O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n = 1;

	if (fd < 0)
		return fail(err, errlen, "the file server's mounts: %s", strerror(errno));
	while (len < sizeof(text) && (n = read(fd, text + len, sizeof(text) - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0)
		return fail(err, errlen, "reading the file server's mounts: %s", strerror(errno));
	return fsview_parse_mounts(text, len, plan, err, errlen);
}

static bool mount_server(int chan, char *err, size_t errlen)
{
	char opts[160];

	snprintf(opts, sizeof(opts), NINEP_OPTS, chan, chan);
	if (mount("tmpfs", STAGE, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") != 0)
		return fail(err, errlen, "mount tmpfs on " STAGE ": %s", strerror(errno));
	if (mkdir(STAGE_FS, 0700) || mkdir(STAGE_MEM, 0700) || mkdir(STAGE_MEM "/upper", 0755) ||
	    mkdir(STAGE_MEM "/work", 0700) || mkdir(STAGE_ROOT, 0755))
		return fail(err, errlen, "mkdir in " STAGE ": %s", strerror(errno));
	if (mount("cappsule", STAGE_FS, "9p", MS_NOSUID | MS_NODEV, opts) != 0)
		return fail(err, errlen, "mount the host's files (9p): %s", strerror(errno));
	return true;
}

/* The overlay: the view below, the upper layer on top. */
static bool mount_overlay(const struct fsview_plan *plan, char *err, size_t errlen)
{
	char opts[256], upper[64] = STAGE_MEM "/upper", work[64] = STAGE_MEM "/work";

	for (size_t i = 0; i < plan->n; i++)
		if (plan->exp[i].kind == FSVIEW_UPPER) {
			snprintf(upper, sizeof(upper), STAGE_FS "/%zu/upper", i);
			snprintf(work, sizeof(work), STAGE_FS "/%zu/work", i);
			/* Made here, in the persistent directory, on first use. */
			if ((mkdir(upper, 0755) && errno != EEXIST) ||
			    (mkdir(work, 0700) && errno != EEXIST))
				return fail(err, errlen, "the persistent layer in %s: %s",
					    plan->exp[i].path, strerror(errno));
		}
	snprintf(opts, sizeof(opts), "lowerdir=" STAGE_FS "/0,upperdir=%s,workdir=%s", upper, work);
	if (mount("overlay", STAGE_ROOT, "overlay", MS_NOSUID, opts) != 0)
		return fail(err, errlen, "mount the overlay (%s): %s", opts, strerror(errno));
	return true;
}

static bool bind_at(const char *src, const char *path, unsigned long flags, char *err,
		    size_t errlen)
{
	char dst[FSVIEW_PATH_MAX + sizeof(STAGE_ROOT)];

	if (!make_dirs(path, err, errlen))
		return false;
	snprintf(dst, sizeof(dst), "%s%s", STAGE_ROOT, path);
	if (mount(src, dst, NULL, MS_BIND | flags, NULL) != 0)
		return fail(err, errlen, "bind %s: %s", path, strerror(errno));
	return true;
}

/* Shared folders at their host paths; /dev (with its pts) from the
 * snapshot's memory-only devtmpfs; a /proc of this PID namespace. */
static bool add_mounts(const struct fsview_plan *plan, char *err, size_t errlen)
{
	char src[64];

	for (size_t i = 1; i < plan->n; i++) {
		if (plan->exp[i].kind != FSVIEW_SHARED)
			continue;
		snprintf(src, sizeof(src), STAGE_FS "/%zu", i);
		if (!bind_at(src, plan->exp[i].path, 0, err, errlen))
			return false;
	}
	if (!bind_at("/dev", "/dev", MS_REC, err, errlen) || !make_dirs("/proc", err, errlen))
		return false;
	/* Programs need a /tmp: a policy that hides the host's gets an empty
	 * one of the cappsule's own (in the upper layer). */
	if (access(STAGE_ROOT "/tmp", F_OK) != 0 &&
	    (!make_dirs("/tmp", err, errlen) || chmod(STAGE_ROOT "/tmp", 01777) != 0))
		return fail(err, errlen, "a /tmp: %s", strerror(errno));
	if (mount("proc", STAGE_ROOT "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return fail(err, errlen, "mount /proc: %s", strerror(errno));
	return true;
}

/* The overlay becomes "/" and the snapshot's root goes away entirely. A
 * root that is the initial rootfs (a host running from its initramfs)
 * cannot be pivoted away: the overlay is moved over it and chrooted into,
 * and the old root stays below, out of reach of unprivileged processes. */
static bool switch_root(char *err, size_t errlen)
{
	if (chdir(STAGE_ROOT) != 0)
		return fail(err, errlen, "enter the new root: %s", strerror(errno));
	if (syscall(SYS_pivot_root, ".", ".") == 0) {
		if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
			return fail(err, errlen, "detach the old root: %s", strerror(errno));
		return true;
	}
	if (errno != EINVAL)
		return fail(err, errlen, "pivot_root: %s", strerror(errno));
	if (mount(".", "/", NULL, MS_MOVE, NULL) != 0 || chroot(".") != 0 || chdir("/") != 0)
		return fail(err, errlen, "move the new root over the old: %s", strerror(errno));
	return true;
}

bool fsview_enter(int chan, char *err, size_t errlen)
{
	static struct fsview_plan plan;
	bool ok;

	if (unshare(CLONE_NEWNS) != 0)
		return fail(err, errlen, "unshare(CLONE_NEWNS): %s", strerror(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return fail(err, errlen, "make / private: %s", strerror(errno));
	ok = mount_server(chan, err, errlen);
	close(chan);  /* the 9P client holds its own reference */
	ok = ok && read_plan(&plan, err, errlen);
	ok = ok && mount_overlay(&plan, err, errlen);
	ok = ok && add_mounts(&plan, err, errlen);
	return ok && switch_root(err, errlen);
}
#endif
