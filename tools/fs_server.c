// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cappsule's 9P2000.L file server (see fs_server.h and
 * docs/filesystem.md). Safety rules this file keeps everywhere:
 *
 *   - a fid holds an O_PATH handle on its node, opened with O_NOFOLLOW
 *     from its parent's handle: no path is ever resolved by the kernel
 *     from a string the cappsule controls, and no symlink is followed;
 *   - opening a fid reopens its pinned inode through /proc/self/fd/N
 *     after checking its type on that same inode: a name swapped for a
 *     symlink or a FIFO between the walk and the open changes nothing;
 *   - ".." is logical: it drops the last component of the fid's path and
 *     walks again from the export's root, so it never leaves the export;
 *   - a refused request changes nothing and answers a Linux errno.
 */
#include "tools/fs_server.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tools/fs9p_proto.h"

#define QID_SYNTH 0x8000000000000000ull   /* real qids never have it */
#define QID_DEV_SHIFT 55                  /* real: device index, inode */
#define QID_INO_MASK ((1ull << QID_DEV_SHIFT) - 1)
#define QID_DEVS 255u
#define QID_ROOT (QID_SYNTH | 1)
#define QID_MOUNTS (QID_SYNTH | 2)
#define V9FS_MAGIC 0x01021997u
#define RREAD_HDR (FS9P_HDR + 4)          /* Rread, Rreaddir: count[4] */

enum node_kind { NODE_ROOT, NODE_MOUNTS, NODE_REAL, NODE_XATTR };

/* Where a fid is: its node, its handle, its path below the export. */
struct node {
	enum node_kind kind;
	unsigned exp;        /* NODE_REAL */
	int fd;              /* NODE_REAL: O_PATH, else -1 */
	mode_t mode;         /* NODE_REAL: st_mode at the walk */
	char path[FS_PATH_MAX];  /* below the export's root, "" at the root */
};

struct fs_fid {
	uint32_t num;
	size_t slot;         /* its index in fs_server.fids */
	struct node *node;   /* heap: a path is big */
	int ofd;             /* the open file, -1 when not open */
	DIR *dir;            /* an open directory (owns ofd) */
	uint64_t dir_pos;    /* host entries consumed from dir */
	uint64_t dir_last;   /* the offset the last Rreaddir ended at; the
			      * entries from there to dir_pos were hidden */
	bool open;
};

struct export {
	enum fs_export_kind kind;
	char *path;
	int fd;              /* O_PATH on its root */
};

/* Host devices in the order qids first met them: a view of "/" spans
 * several filesystems, whose inode numbers overlap (btrfs subvolumes all
 * start at 256), and the client takes qid.path for the inode's identity. */
struct qid_devs {
	dev_t dev[QID_DEVS];
	unsigned n;
};

struct fs_server {
	struct export exp[FS_MAX_EXPORTS];
	struct qid_devs *devs;   /* a cache: grows under const servers too */
	unsigned n_exp;
	unsigned (*access)(void *ctx, const char *abs_path);
	void *access_ctx;
	uint32_t max_msize;
	uint32_t msize;      /* negotiated; max_msize before Tversion */
	bool versioned;
	char *mounts;        /* the text of /mounts */
	size_t mounts_len;
	/* The live fids, packed: lookups scan only these (a session holds a
	 * few dozen), and a clunk moves the last one into the hole. */
	struct fs_fid *fids[FS_MAX_FIDS];
	size_t n_fids;
};

/* ------------------------------------------------------------- nodes -- */

static void node_free(struct node *n)
{
	if (!n)
		return;
	if (n->fd >= 0)
		close(n->fd);
	free(n);
}

static struct node *node_new(enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->fd = -1;
	}
	return n;
}

/* A copy with its own handle; *err on failure. */
static struct node *node_dup(const struct node *from, int *err)
{
	struct node *n = malloc(sizeof(*n));

	if (!n) {
		*err = ENOMEM;
		return NULL;
	}
	*n = *from;
	if (from->fd >= 0) {
		n->fd = fcntl(from->fd, F_DUPFD_CLOEXEC, 0);
		if (n->fd < 0) {
			*err = errno;
			free(n);
			return NULL;
		}
	}
	return n;
}

static bool is_writable(const struct fs_server *s, const struct node *n)
{
	return n->kind == NODE_REAL && s->exp[n->exp].kind != FS_EXPORT_VIEW;
}

/* The host path of path below export e: the policy's argument. */
static int host_path(const struct fs_server *s, unsigned e, const char *path, char *out)
{
	const char *root = s->exp[e].path;
	int n;

	if (!path[0])
		n = snprintf(out, FS_PATH_MAX, "%s", root);
	else if (strcmp(root, "/") == 0)
		n = snprintf(out, FS_PATH_MAX, "/%s", path);
	else
		n = snprintf(out, FS_PATH_MAX, "%s/%s", root, path);
	return n < 0 || (size_t)n >= FS_PATH_MAX ? ENAMETOOLONG : 0;
}

/* The policy's mask for a node: everything outside VIEW exports. */
static unsigned access_of(const struct fs_server *s, unsigned e, const char *path)
{
	char abs[FS_PATH_MAX];

	if (s->exp[e].kind != FS_EXPORT_VIEW)
		return FS_ACCESS_R | FS_ACCESS_W | FS_ACCESS_X;
	if (host_path(s, e, path, abs))
		return 0;
	return s->access(s->access_ctx, abs);
}

/* Visible in a view: granted R or X, or a directory on the way to one. */
static bool visible(unsigned mask, mode_t mode)
{
	if (mask & (FS_ACCESS_R | FS_ACCESS_X))
		return true;
	return (mask & FS_ACCESS_ANCESTOR) && S_ISDIR(mode);
}

/* path + "/" + name into out (FS_PATH_MAX), checking the host path fits. */
static int child_path(const struct fs_server *s, unsigned e, const char *path,
		      const char *name, char *out)
{
	char abs[FS_PATH_MAX];
	int n = snprintf(out, FS_PATH_MAX, "%s%s%s", path, path[0] ? "/" : "", name);

	if (n < 0 || (size_t)n >= FS_PATH_MAX)
		return ENAMETOOLONG;
	return host_path(s, e, out, abs);
}

/* A small number per device; devices past the table share the last. */
static uint64_t dev_index(struct qid_devs *d, dev_t dev)
{
	for (unsigned i = 0; i < d->n; i++)
		if (d->dev[i] == dev)
			return i;
	if (d->n == QID_DEVS)
		return QID_DEVS;
	d->dev[d->n] = dev;
	return d->n++;
}

/* A real node's qid: the device's index, then the inode number (its low
 * 55 bits); bit 63 stays clear for the synthetic nodes. */
static struct fs9p_qid qid_of(const struct fs_server *s, const struct stat *st)
{
	struct fs9p_qid q = { .type = FS9P_QTFILE };

	q.path = dev_index(s->devs, st->st_dev) << QID_DEV_SHIFT |
		 ((uint64_t)st->st_ino & QID_INO_MASK);
	if (S_ISDIR(st->st_mode))
		q.type = FS9P_QTDIR;
	else if (S_ISLNK(st->st_mode))
		q.type = FS9P_QTSYMLINK;
	return q;
}

static struct fs9p_qid node_qid(const struct fs_server *s, const struct node *n)
{
	struct fs9p_qid q = { .type = FS9P_QTDIR, .path = QID_ROOT };
	struct stat st;

	if (n->kind == NODE_MOUNTS) {
		q.type = FS9P_QTFILE;
		q.path = QID_MOUNTS;
	} else if (n->kind == NODE_REAL && fstat(n->fd, &st) == 0) {
		q = qid_of(s, &st);
	}
	return q;
}

/* "/proc/self/fd/N": reopens the inode an O_PATH handle pins. */
static void proc_path(int fd, char *out, size_t cap)
{
	snprintf(out, cap, "/proc/self/fd/%d", fd);
}

/* ------------------------------------------------------------- walks -- */

/* Opens path (below export e) again from the export's root, one component
 * at a time: how ".." and the parent of a node are found. */
static int rewalk(const struct fs_server *s, unsigned e, const char *path, size_t len, int *out)
{
	char comp[FS9P_NAME_MAX + 1];
	int fd = fcntl(s->exp[e].fd, F_DUPFD_CLOEXEC, 0);
	size_t i = 0;

	if (fd < 0)
		return errno;
	while (i < len) {
		size_t j = i;
		int next;

		while (j < len && path[j] != '/')
			j++;
		if (j - i > FS9P_NAME_MAX) {
			close(fd);
			return ENAMETOOLONG;
		}
		memcpy(comp, path + i, j - i);
		comp[j - i] = '\0';
		next = openat(fd, comp, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		if (next < 0)
			return errno;
		fd = next;
		i = j + 1;
	}
	*out = fd;
	return 0;
}

/* The length of the parent's part of path ("a/b" -> 1, "a" -> 0). */
static size_t parent_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

static const char *last_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int open_parent(const struct fs_server *s, const struct node *n, int *fd)
{
	return rewalk(s, n->exp, n->path, parent_len(n->path), fd);
}

/* Sets n to export e's root, if the policy lets it be seen. */
static int enter_export(const struct fs_server *s, struct node *n, unsigned e)
{
	struct stat st;
	int fd;

	if (fstat(s->exp[e].fd, &st) < 0)
		return errno;
	if (!visible(access_of(s, e, ""), st.st_mode))
		return ENOENT;
	fd = fcntl(s->exp[e].fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	n->kind = NODE_REAL;
	n->exp = e;
	n->fd = fd;
	n->mode = st.st_mode;
	n->path[0] = '\0';
	return 0;
}

/* An export's index as the root lists it: decimal, no leading zero. */
static bool export_index(const struct fs_server *s, const char *name, unsigned *e)
{
	unsigned v = 0;

	if (!name[0] || (name[0] == '0' && name[1]))
		return false;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9' || v >= FS_MAX_EXPORTS)
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	*e = v;
	return v < s->n_exp;
}

static int step_root(const struct fs_server *s, struct node *n, const char *name)
{
	unsigned e;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	if (strcmp(name, "mounts") == 0) {
		n->kind = NODE_MOUNTS;
		return 0;
	}
	if (!export_index(s, name, &e))
		return ENOENT;
	return enter_export(s, n, e);
}

static int step_dotdot(const struct fs_server *s, struct node *n)
{
	struct stat st;
	size_t len;
	int fd, err;

	if (!n->path[0]) {	/* the export's root: up to the synthetic root */
		close(n->fd);
		n->fd = -1;
		n->kind = NODE_ROOT;
		return 0;
	}
	len = parent_len(n->path);
	err = rewalk(s, n->exp, n->path, len, &fd);
	if (err)
		return err;
	if (fstat(fd, &st) < 0) {
		err = errno;
		close(fd);
		return err;
	}
	close(n->fd);
	n->fd = fd;
	n->mode = st.st_mode;
	n->path[len] = '\0';
	return 0;
}

static int step_real(const struct fs_server *s, struct node *n, const char *name)
{
	char path[FS_PATH_MAX];
	struct stat st;
	unsigned mask;
	int fd, err;

	if (!S_ISDIR(n->mode))
		return ENOTDIR;
	if (strcmp(name, ".") == 0)
		return 0;
	if (strcmp(name, "..") == 0)
		return step_dotdot(s, n);
	err = child_path(s, n->exp, n->path, name, path);
	if (err)
		return err;
	/* A name the policy grants nothing is not even looked up: no host
	 * error can tell whether it exists. */
	mask = access_of(s, n->exp, path);
	if (!(mask & (FS_ACCESS_R | FS_ACCESS_X | FS_ACCESS_ANCESTOR)))
		return ENOENT;
	fd = openat(n->fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) < 0 || !visible(mask, st.st_mode)) {
		close(fd);
		return ENOENT;	/* hidden names do not exist */
	}
	close(n->fd);
	n->fd = fd;
	n->mode = st.st_mode;
	memcpy(n->path, path, sizeof(path));
	return 0;
}

static int walk_step(const struct fs_server *s, struct node *n, const char *name)
{
	switch (n->kind) {
	case NODE_ROOT:
		return step_root(s, n, name);
	case NODE_REAL:
		return step_real(s, n, name);
	case NODE_MOUNTS:
	case NODE_XATTR:
		break;
	}
	return ENOTDIR;
}

/* -------------------------------------------------------------- fids -- */

static struct fs_fid *fid_find(struct fs_server *s, uint32_t num)
{
	for (size_t i = 0; i < s->n_fids; i++)
		if (s->fids[i]->num == num)
			return s->fids[i];
	return NULL;
}

static void fid_close(struct fs_fid *f)
{
	if (f->dir)
		closedir(f->dir);
	else if (f->ofd >= 0)
		close(f->ofd);
	f->dir = NULL;
	f->ofd = -1;
	f->open = false;
	f->dir_pos = 0;
	f->dir_last = 0;
}

static void fid_release(struct fs_server *s, struct fs_fid *f)
{
	size_t slot = f->slot;

	fid_close(f);
	node_free(f->node);
	free(f);
	s->fids[slot] = s->fids[--s->n_fids];	/* the last one fills the hole */
	if (slot < s->n_fids)
		s->fids[slot]->slot = slot;
}

/* A new fid num (not in use, not NOFID); takes node. */
static int fid_add(struct fs_server *s, uint32_t num, struct node *node)
{
	struct fs_fid *f;

	if (num == FS9P_NOFID || fid_find(s, num))
		return EBADF;
	if (s->n_fids >= FS_MAX_FIDS)
		return ENFILE;
	f = calloc(1, sizeof(*f));
	if (!f)
		return ENOMEM;
	*f = (struct fs_fid){ .num = num, .slot = s->n_fids, .node = node, .ofd = -1 };
	s->fids[s->n_fids++] = f;
	return 0;
}

static bool fids_full(const struct fs_server *s)
{
	return s->n_fids >= FS_MAX_FIDS;
}

static void fids_reset(struct fs_server *s)
{
	while (s->n_fids)
		fid_release(s, s->fids[s->n_fids - 1]);
}

/* The fid a request names, or NULL with *err = EBADF. */
static struct fs_fid *fid_get(struct fs_server *s, uint32_t num, int *err)
{
	struct fs_fid *f = fid_find(s, num);

	if (!f)
		*err = EBADF;
	return f;
}

/* A closed directory of a writable export, to create in. */
static int dir_to_modify(struct fs_server *s, uint32_t num, struct fs_fid **out)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, num, &err);

	if (!f)
		return err;
	if (f->node->kind == NODE_MOUNTS || f->node->kind == NODE_XATTR)
		return ENOTDIR;
	if (!is_writable(s, f->node))
		return EROFS;
	if (!S_ISDIR(f->node->mode))
		return ENOTDIR;
	*out = f;
	return 0;
}

/* -------------------------------------------------- session messages -- */

static int op_version(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	bool ours = r->str[0].len == strlen(FS9P_VERSION) &&
		    memcmp(r->str[0].s, FS9P_VERSION, r->str[0].len) == 0;
	uint32_t msize = r->msize < s->max_msize ? r->msize : s->max_msize;

	if (msize < FS_MIN_MSIZE)
		return EINVAL;
	fids_reset(s);	/* a new session: every fid goes */
	s->versioned = ours;
	s->msize = ours ? msize : s->max_msize;
	fs9p_put32(b, msize);
	if (ours)
		fs9p_put_str(b, FS9P_VERSION, strlen(FS9P_VERSION));
	else
		fs9p_put_str(b, "unknown", 7);
	return 0;
}

static int op_attach(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	struct node *n;
	struct fs9p_qid q;
	int err;

	if (r->fid2 != FS9P_NOFID)
		return EINVAL;	/* no authentication: afid must be NOFID */
	n = node_new(NODE_ROOT);
	if (!n)
		return ENOMEM;
	err = fid_add(s, r->fid, n);
	if (err) {
		node_free(n);
		return err;
	}
	q = node_qid(s, n);
	fs9p_put_qid(b, &q);
	return 0;
}

static int op_clunk(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);

	(void)b;
	if (f)
		fid_release(s, f);
	return err;
}

/* ---------------------------------------------------------------- walk -- */

static int walk_names(const struct fs_server *s, const struct fs9p_req *r, struct node *n,
		      struct fs9p_buf *b, uint16_t *done)
{
	char name[FS9P_NAME_MAX + 1];
	size_t count_at = b->pos;
	int err = 0;

	fs9p_put16(b, 0);
	for (*done = 0; *done < r->nwname; (*done)++) {
		struct fs9p_qid q;

		fs9p_str_copy(r->wname[*done], name, sizeof(name));
		err = walk_step(s, n, name);
		if (err)
			break;
		q = node_qid(s, n);
		fs9p_put_qid(b, &q);
	}
	if (!b->overflow) {
		b->p[count_at] = (uint8_t)*done;
		b->p[count_at + 1] = (uint8_t)(*done >> 8);
	}
	return err;
}

static int op_walk(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	struct node *n;
	uint16_t done;

	if (!f)
		return err;
	if (f->node->kind == NODE_XATTR)
		return EINVAL;
	if (r->fid2 == r->fid && f->open)
		return EBUSY;	/* an open fid keeps its node */
	if (r->fid2 != r->fid && (r->fid2 == FS9P_NOFID || fid_find(s, r->fid2)))
		return EBADF;
	if (r->fid2 != r->fid && fids_full(s))
		return ENFILE;
	n = node_dup(f->node, &err);
	if (!n)
		return err;
	err = walk_names(s, r, n, b, &done);
	if (err) {
		node_free(n);
		/* The first name failing is an error; a later one, a short walk
		 * that creates no fid. */
		return done == 0 ? err : 0;
	}
	if (r->fid2 == r->fid) {
		fid_close(f);
		node_free(f->node);
		f->node = n;
		return 0;
	}
	return fid_add(s, r->fid2, n);
}

/* -------------------------------------------------------------- attrs -- */

/* The mode a file gets on the host. In the upper layer, whatever mode the
 * overlay asks (its work directory is mode 0; copies of read-only files
 * are written after they are made), the owner keeps read and write (and
 * search on directories): the server is that owner, without the
 * cappsule's root privileges, and must still reach its own layer. */
static mode_t host_mode(const struct fs_server *s, unsigned exp, uint32_t mode, bool dir)
{
	mode_t m = mode & (dir ? 01777 : 0777);

	if (s->exp[exp].kind == FS_EXPORT_UPPER)
		m |= dir ? 0700 : 0600;
	return m;
}

/* The mode the cappsule sees: never setuid/setgid; in a view, no write
 * bits without W and no execute bits on a file without X. */
static uint32_t shown_mode(const struct fs_server *s, const struct node *n, mode_t mode)
{
	uint32_t m = mode & ~(mode_t)(S_ISUID | S_ISGID);
	unsigned mask;

	if (s->exp[n->exp].kind != FS_EXPORT_VIEW)
		return m;
	mask = access_of(s, n->exp, n->path);
	if (!(mask & FS_ACCESS_W))
		m &= ~0222u;
	if (S_ISREG(mode) && !(mask & FS_ACCESS_X))
		m &= ~0111u;
	return m;
}

static void put_time(struct fs9p_buf *b, const struct timespec *t)
{
	fs9p_put64(b, (uint64_t)t->tv_sec);
	fs9p_put64(b, (uint64_t)t->tv_nsec);
}

/* A stat for a synthetic node. */
static void synth_stat(const struct fs_server *s, const struct node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_blksize = 4096;
	if (n->kind == NODE_MOUNTS) {
		st->st_mode = S_IFREG | 0444;
		st->st_nlink = 1;
		st->st_size = (off_t)s->mounts_len;
	} else {
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2 + s->n_exp;
	}
}

static int op_getattr(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	struct fs9p_qid q;
	struct stat st;
	uint32_t mode;

	if (!f)
		return err;
	if (f->node->kind == NODE_XATTR)
		return EINVAL;
	if (f->node->kind != NODE_REAL) {
		synth_stat(s, f->node, &st);
		mode = st.st_mode;
		q = node_qid(s, f->node);
	} else {
		if (fstat(f->node->fd, &st) < 0)
			return errno;
		mode = shown_mode(s, f->node, st.st_mode);
		q = qid_of(s, &st);
	}
	fs9p_put64(b, FS9P_GETATTR_BASIC);
	fs9p_put_qid(b, &q);
	fs9p_put32(b, mode);
	fs9p_put32(b, st.st_uid);
	fs9p_put32(b, st.st_gid);
	fs9p_put64(b, st.st_nlink);
	fs9p_put64(b, st.st_rdev);
	fs9p_put64(b, (uint64_t)st.st_size);
	fs9p_put64(b, (uint64_t)st.st_blksize);
	fs9p_put64(b, (uint64_t)st.st_blocks);
	put_time(b, &st.st_atim);
	put_time(b, &st.st_mtim);
	put_time(b, &st.st_ctim);
	for (int i = 0; i < 4; i++)	/* btime sec/nsec, gen, data_version */
		fs9p_put64(b, 0);
	return 0;
}

static int op_statfs(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	struct statfs sf = { .f_bsize = 4096, .f_namelen = FS9P_NAME_MAX };
	uint64_t fsid;

	if (!f)
		return err;
	if (f->node->kind == NODE_REAL && fstatfs(f->node->fd, &sf) < 0)
		return errno;
	memcpy(&fsid, &sf.f_fsid, sizeof(fsid));
	fs9p_put32(b, V9FS_MAGIC);
	fs9p_put32(b, (uint32_t)sf.f_bsize);
	fs9p_put64(b, sf.f_blocks);
	fs9p_put64(b, sf.f_bfree);
	fs9p_put64(b, sf.f_bavail);
	fs9p_put64(b, sf.f_files);
	fs9p_put64(b, sf.f_ffree);
	fs9p_put64(b, fsid);
	fs9p_put32(b, (uint32_t)sf.f_namelen);
	return 0;
}

/* Validates a Tsetattr before anything changes. */
static int setattr_check(const struct fs9p_req *r, const struct node *n)
{
	if ((r->valid & FS9P_SETATTR_MODE) && S_ISLNK(n->mode))
		return EOPNOTSUPP;	/* Linux has no symlink modes */
	if (r->valid & FS9P_SETATTR_SIZE) {
		if (S_ISDIR(n->mode))
			return EISDIR;
		if (!S_ISREG(n->mode))
			return EINVAL;
		if (r->size > (uint64_t)INT64_MAX)
			return EFBIG;
	}
	if (((r->valid & FS9P_SETATTR_ATIME_SET) && r->atime_nsec >= 1000000000ull) ||
	    ((r->valid & FS9P_SETATTR_MTIME_SET) && r->mtime_nsec >= 1000000000ull))
		return EINVAL;
	return 0;
}

/*
 * Owner changes: in an UPPER export the cappsule's overlay copies files up
 * as its root and chowns them to their owners; an unprivileged server
 * cannot, and failing would fail the copy-up, so EPERM is ignored there
 * (the file keeps the server's owner). SHARED exports report it.
 */
static int setattr_owner(const struct fs_server *s, const struct fs9p_req *r, const struct node *n)
{
	uid_t uid = (r->valid & FS9P_SETATTR_UID) ? r->uid : (uid_t)-1;
	gid_t gid = (r->valid & FS9P_SETATTR_GID) ? r->gid : (gid_t)-1;

	if (!(r->valid & (FS9P_SETATTR_UID | FS9P_SETATTR_GID)))
		return 0;
	if (fchownat(n->fd, "", uid, gid, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno == EPERM && s->exp[n->exp].kind == FS_EXPORT_UPPER)
		return 0;
	return errno;
}

static struct timespec time_arg(const struct fs9p_req *r, uint32_t set, uint32_t given,
				uint64_t sec, uint64_t nsec)
{
	struct timespec t = { .tv_nsec = UTIME_OMIT };

	if (r->valid & set)
		t = (r->valid & given) ? (struct timespec){ (time_t)sec, (long)nsec }
				       : (struct timespec){ 0, UTIME_NOW };
	return t;
}

/* Times: a symlink's are set through its parent (no handle opens it). */
static int setattr_times(const struct fs_server *s, const struct fs9p_req *r, const struct node *n)
{
	struct timespec ts[2] = {
		time_arg(r, FS9P_SETATTR_ATIME, FS9P_SETATTR_ATIME_SET, r->atime_sec, r->atime_nsec),
		time_arg(r, FS9P_SETATTR_MTIME, FS9P_SETATTR_MTIME_SET, r->mtime_sec, r->mtime_nsec),
	};
	char proc[64];
	int pfd, err = 0;

	if (!(r->valid & (FS9P_SETATTR_ATIME | FS9P_SETATTR_MTIME)))
		return 0;
	if (!S_ISLNK(n->mode)) {
		proc_path(n->fd, proc, sizeof(proc));
		return utimensat(AT_FDCWD, proc, ts, 0) < 0 ? errno : 0;
	}
	err = open_parent(s, n, &pfd);
	if (err)
		return err;
	if (utimensat(pfd, last_name(n->path), ts, AT_SYMLINK_NOFOLLOW) < 0)
		err = errno;
	close(pfd);
	return err;
}

static int op_setattr(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	char proc[64];

	(void)b;
	if (!f)
		return err;
	if (!is_writable(s, f->node))
		return f->node->kind == NODE_XATTR ? EINVAL : EROFS;
	err = setattr_check(r, f->node);
	if (err)
		return err;
	proc_path(f->node->fd, proc, sizeof(proc));
	/* Never setuid or setgid: the cappsule must not mint host privileges. */
	if ((r->valid & FS9P_SETATTR_MODE) &&
	    chmod(proc, host_mode(s, f->node->exp, r->mode, S_ISDIR(f->node->mode))) < 0)
		return errno;
	err = setattr_owner(s, r, f->node);
	if (err)
		return err;
	if ((r->valid & FS9P_SETATTR_SIZE) && truncate(proc, (off_t)r->size) < 0)
		return errno;
	return setattr_times(s, r, f->node);
}

/* --------------------------------------------------------------- open -- */

/* The open flags the cappsule may choose: access mode, truncate, append;
 * the rest (O_CREAT, O_DIRECT, O_NOATIME, ...) is the server's to set.
 * -1 for access mode 3 (Linux's "ioctl only"), which has no use here. */
static int open_flags(uint32_t flags)
{
	static const int acc[] = { O_RDONLY, O_WRONLY, O_RDWR, -1 };
	int f = acc[flags & FS9P_DOTL_ACCMODE];

	if (f < 0)
		return -1;
	if (flags & FS9P_DOTL_TRUNC)
		f |= O_TRUNC;
	if (flags & FS9P_DOTL_APPEND)
		f |= O_APPEND;
	return f;
}

static bool wants_write(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

static int open_synth(struct fs_fid *f, int flags)
{
	if (wants_write(flags))
		return EROFS;
	f->open = true;
	return 0;
}

/* May the cappsule open this real node so? */
static int open_check(const struct fs_server *s, const struct node *n, int flags)
{
	unsigned mask = access_of(s, n->exp, n->path);

	if (S_ISLNK(n->mode))
		return ELOOP;
	if (!S_ISREG(n->mode) && !S_ISDIR(n->mode))
		return EACCES;	/* devices, FIFOs, sockets: stat only */
	if (wants_write(flags) && s->exp[n->exp].kind == FS_EXPORT_VIEW)
		return EROFS;
	if (S_ISDIR(n->mode))
		return wants_write(flags) ? EISDIR : 0;
	/* Running a file needs its bytes: R or X lets it be read. */
	return (mask & (FS_ACCESS_R | FS_ACCESS_X)) ? 0 : EACCES;
}

static int open_real(const struct fs_server *s, struct fs_fid *f, int flags)
{
	struct node *n = f->node;
	char proc[64];
	int err = open_check(s, n, flags), fd;

	if (err)
		return err;
	proc_path(n->fd, proc, sizeof(proc));
	if (S_ISDIR(n->mode))
		fd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else
		fd = open(proc, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	if (S_ISDIR(n->mode)) {
		f->dir = fdopendir(fd);
		if (!f->dir) {
			err = errno;
			close(fd);
			return err;
		}
	}
	f->ofd = fd;
	f->open = true;
	f->dir_pos = 0;
	f->dir_last = 0;
	return 0;
}

static int op_lopen(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	int flags = open_flags(r->flags);
	struct fs9p_qid q;

	if (!f)
		return err;
	if (f->open)
		return EBADF;
	if (f->node->kind == NODE_XATTR || flags < 0)
		return EINVAL;
	err = f->node->kind == NODE_REAL ? open_real(s, f, flags) : open_synth(f, flags);
	if (err)
		return err;
	q = node_qid(s, f->node);
	fs9p_put_qid(b, &q);
	fs9p_put32(b, 0);	/* iounit: the client uses msize */
	return 0;
}

/* Tlcreate always adds O_EXCL: an existing name (a FIFO, a device, a
 * symlink) is never opened by a create. */
static int op_lcreate(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char name[FS9P_NAME_MAX + 1], path[FS_PATH_MAX], proc[64];
	int flags = open_flags(r->flags), fd, pfd, err;
	struct fs_fid *f;
	struct fs9p_qid q;
	struct stat st;

	err = dir_to_modify(s, r->fid, &f);
	if (err)
		return err;
	if (f->open)
		return EBADF;
	if (flags < 0)
		return EINVAL;
	fs9p_str_copy(r->str[0], name, sizeof(name));
	err = child_path(s, f->node->exp, f->node->path, name, path);
	if (err)
		return err;
	fd = openat(f->node->fd, name, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
		    O_NOCTTY | O_NONBLOCK, host_mode(s, f->node->exp, r->mode, false));
	if (fd < 0)
		return errno;
	proc_path(fd, proc, sizeof(proc));
	pfd = open(proc, O_PATH | O_CLOEXEC);
	if (pfd < 0 || fstat(fd, &st) < 0) {
		err = errno;
		if (pfd >= 0)
			close(pfd);
		close(fd);
		unlinkat(f->node->fd, name, 0);
		return err;
	}
	close(f->node->fd);
	f->node->fd = pfd;
	f->node->mode = st.st_mode;
	memcpy(f->node->path, path, sizeof(path));
	f->ofd = fd;
	f->open = true;
	q = qid_of(s, &st);
	fs9p_put_qid(b, &q);
	fs9p_put32(b, 0);
	return 0;
}

/* ------------------------------------------------------- read, write -- */

static int op_read(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	size_t room = b->cap > b->pos + 4 ? b->cap - b->pos - 4 : 0;
	size_t count = r->count < room ? r->count : room;
	ssize_t got = 0;

	if (!f)
		return err;
	if (f->node->kind == NODE_XATTR)	/* no xattrs: an empty list */
		count = 0;
	else if (!f->open)
		return EBADF;
	else if (f->node->kind == NODE_ROOT || f->dir)
		return EISDIR;
	if (r->offset > (uint64_t)INT64_MAX)
		return EINVAL;
	if (f->node->kind == NODE_MOUNTS) {
		got = r->offset < s->mounts_len ? (ssize_t)(s->mounts_len - r->offset) : 0;
		got = (size_t)got < count ? got : (ssize_t)count;
		memcpy(b->p + b->pos + 4, s->mounts + (got ? r->offset : 0), (size_t)got);
	} else if (f->node->kind == NODE_REAL) {
		got = pread(f->ofd, b->p + b->pos + 4, count, (off_t)r->offset);
		if (got < 0)
			return errno;
	}
	fs9p_put32(b, (uint32_t)got);
	b->pos += (size_t)got;
	return 0;
}

static int op_write(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	ssize_t put;

	if (!f)
		return err;
	if (f->node->kind == NODE_XATTR)
		return EOPNOTSUPP;
	if (!is_writable(s, f->node))
		return EROFS;
	if (!f->open || f->dir)
		return EBADF;
	if (r->offset > (uint64_t)INT64_MAX)
		return EINVAL;
	put = pwrite(f->ofd, r->data, r->count, (off_t)r->offset);
	if (put < 0)
		return errno;
	fs9p_put32(b, (uint32_t)put);
	return 0;
}

static int op_fsync(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);

	(void)b;
	if (!f)
		return err;
	if (!f->open)
		return EBADF;
	if (f->ofd < 0)
		return 0;
	return (r->flags ? fdatasync(f->ofd) : fsync(f->ofd)) < 0 ? errno : 0;
}

/* ------------------------------------------------------------ readdir -- */

static bool put_dirent(struct fs9p_buf *b, size_t limit, const struct fs9p_qid *q,
		       uint64_t next, uint8_t type, const char *name)
{
	size_t len = strlen(name);

	if (b->pos + fs9p_dirent_size(len) > limit)
		return false;
	fs9p_put_qid(b, q);
	fs9p_put64(b, next);
	fs9p_put8(b, type);
	fs9p_put_str(b, name, len);
	return true;
}

/* The synthetic root: ".", "..", the exports, "mounts"; offsets index it. */
static void readdir_root(const struct fs_server *s, uint64_t off, struct fs9p_buf *b, size_t limit)
{
	struct fs9p_qid root = { FS9P_QTDIR, 0, QID_ROOT }, mounts = { FS9P_QTFILE, 0, QID_MOUNTS };
	char name[16];

	for (uint64_t i = off; i < 3 + (uint64_t)s->n_exp; i++) {
		struct fs9p_qid q = root;
		uint8_t type = DT_DIR;

		if (i < 2) {
			snprintf(name, sizeof(name), "%s", i ? ".." : ".");
		} else if (i < 2 + s->n_exp) {
			struct stat st;

			snprintf(name, sizeof(name), "%u", (unsigned)(i - 2));
			if (fstat(s->exp[i - 2].fd, &st) == 0)
				q = qid_of(s, &st);
		} else {
			snprintf(name, sizeof(name), "mounts");
			q = mounts;
			type = DT_REG;
		}
		if (!put_dirent(b, limit, &q, i + 1, type, name))
			return;
	}
}

/* Whether a host entry shows, and its qid and type. */
static bool entry_shown(const struct fs_server *s, const struct node *n, int dfd,
			const char *name, struct fs9p_qid *q, uint8_t *type)
{
	char path[FS_PATH_MAX];
	struct stat st;
	bool dotdot = strcmp(name, "..") == 0, dots = dotdot || strcmp(name, ".") == 0;
	unsigned mask = FS_ACCESS_R;

	if (dotdot && !n->path[0]) {	/* above the export: the synthetic root */
		*q = (struct fs9p_qid){ FS9P_QTDIR, 0, QID_ROOT };
		*type = DT_DIR;
		return true;
	}
	if (!dots) {
		if (child_path(s, n->exp, n->path, name, path))
			return false;	/* too deep to be walked anyway */
		mask = access_of(s, n->exp, path);
		if (!(mask & (FS_ACCESS_R | FS_ACCESS_X | FS_ACCESS_ANCESTOR)))
			return false;
	}
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return false;	/* gone since readdir saw it */
	*q = qid_of(s, &st);
	*type = (uint8_t)IFTODT(st.st_mode);
	return dots || visible(mask, st.st_mode);
}

/* Moves the directory stream to host entry off (own index: entries
 * consumed since the open, hidden ones included). */
static void dir_seek(struct fs_fid *f, uint64_t off)
{
	if (off == f->dir_pos || (off == f->dir_last && off <= f->dir_pos))
		return;	/* in order: no rescan of what the policy hid */
	rewinddir(f->dir);
	f->dir_pos = 0;
	while (f->dir_pos < off && readdir(f->dir))
		f->dir_pos++;
}

static void readdir_real(const struct fs_server *s, struct fs_fid *f, uint64_t off,
			 struct fs9p_buf *b, size_t limit)
{
	dir_seek(f, off);
	f->dir_last = off;
	for (;;) {
		long at = telldir(f->dir);
		struct dirent *d = readdir(f->dir);
		struct fs9p_qid q;
		uint8_t type;

		if (!d)
			return;
		if (entry_shown(s, f->node, f->ofd, d->d_name, &q, &type)) {
			if (!put_dirent(b, limit, &q, f->dir_pos + 1, type, d->d_name)) {
				seekdir(f->dir, at);	/* no room: the next call starts here */
				return;
			}
			f->dir_last = f->dir_pos + 1;
		}
		f->dir_pos++;
	}
}

static int op_readdir(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	size_t count_at = b->pos, limit;

	if (!f)
		return err;
	if (!f->open || (f->node->kind != NODE_ROOT && !f->dir))
		return f->open ? ENOTDIR : EBADF;
	fs9p_put32(b, 0);
	limit = b->pos + (r->count < b->cap - b->pos ? r->count : b->cap - b->pos);
	if (f->node->kind == NODE_ROOT)
		readdir_root(s, r->offset, b, limit);
	else
		readdir_real(s, f, r->offset, b, limit);
	if (!b->overflow) {
		uint32_t n = (uint32_t)(b->pos - count_at - 4);

		for (int i = 0; i < 4; i++)
			b->p[count_at + i] = (uint8_t)(n >> (8 * i));
	}
	return 0;
}

/* ------------------------------------------------------------- create -- */

static int reply_new_qid(const struct fs_server *s, int dfd, const char *name,
			 struct fs9p_buf *b)
{
	struct fs9p_qid q;
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno;
	q = qid_of(s, &st);
	fs9p_put_qid(b, &q);
	return 0;
}

/* The directory fid and the NUL-terminated name a create names. */
static int create_target(struct fs_server *s, uint32_t dfid, struct fs9p_str str,
			 struct fs_fid **f, char *name)
{
	char path[FS_PATH_MAX];
	int err = dir_to_modify(s, dfid, f);

	if (err)
		return err;
	fs9p_str_copy(str, name, FS9P_NAME_MAX + 1);
	return child_path(s, (*f)->node->exp, (*f)->node->path, name, path);
}

static int op_mkdir(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char name[FS9P_NAME_MAX + 1];
	struct fs_fid *f;
	int err = create_target(s, r->fid, r->str[0], &f, name);

	if (err)
		return err;
	if (mkdirat(f->node->fd, name, host_mode(s, f->node->exp, r->mode, true)) < 0)
		return errno;
	return reply_new_qid(s, f->node->fd, name, b);
}

static int op_symlink(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char name[FS9P_NAME_MAX + 1], target[FS9P_PATH_MAX + 1];
	struct fs_fid *f;
	int err = create_target(s, r->fid, r->str[0], &f, name);

	if (err)
		return err;
	/* The target is only text: the cappsule resolves it itself, through
	 * this server's checked walks. */
	fs9p_str_copy(r->str[1], target, sizeof(target));
	if (symlinkat(target, f->node->fd, name) < 0)
		return errno;
	return reply_new_qid(s, f->node->fd, name, b);
}

/* Only overlay whiteouts (character device 0/0) in an UPPER export. */
/* An empty regular file (the kernel's create(2) without an open: the
 * overlay makes its copies so), or an overlay whiteout (char 0/0) in the
 * upper layer. Device nodes, FIFOs and sockets never reach the host. */
static int make_node(struct fs_server *s, const struct fs_fid *f, const char *name,
		     const struct fs9p_req *r)
{
	int fd;

	if (S_ISREG(r->mode)) {
		fd = openat(f->node->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
			    O_NOCTTY | O_NONBLOCK, host_mode(s, f->node->exp, r->mode, false));
		if (fd < 0)
			return errno;
		close(fd);
		return 0;
	}
	if (s->exp[f->node->exp].kind != FS_EXPORT_UPPER || !S_ISCHR(r->mode) ||
	    r->major || r->minor)
		return EPERM;
	return mknodat(f->node->fd, name, S_IFCHR | (r->mode & 0777), makedev(0, 0)) < 0 ? errno : 0;
}

static int op_mknod(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char name[FS9P_NAME_MAX + 1];
	struct fs_fid *f;
	int err = create_target(s, r->fid, r->str[0], &f, name);

	if (!err)
		err = make_node(s, f, name, r);
	return err ? err : reply_new_qid(s, f->node->fd, name, b);
}

static int op_unlinkat(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char name[FS9P_NAME_MAX + 1];
	struct fs_fid *f;
	int err = create_target(s, r->fid, r->str[0], &f, name);

	(void)b;
	if (err)
		return err;
	if (r->flags & ~FS9P_AT_REMOVEDIR)
		return EINVAL;
	if (unlinkat(f->node->fd, name, r->flags ? AT_REMOVEDIR : 0) < 0)
		return errno;
	return 0;
}

/* Two directories of one writable export. */
static int same_export(struct fs_server *s, uint32_t a, uint32_t b, struct fs_fid **fa,
		       struct fs_fid **fb)
{
	int err = dir_to_modify(s, a, fa);

	if (!err)
		err = dir_to_modify(s, b, fb);
	if (!err && (*fa)->node->exp != (*fb)->node->exp)
		err = EXDEV;
	return err;
}

static int op_renameat(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char oldname[FS9P_NAME_MAX + 1], newname[FS9P_NAME_MAX + 1], path[FS_PATH_MAX];
	struct fs_fid *from, *to;
	int err = same_export(s, r->fid, r->fid2, &from, &to);

	(void)b;
	if (err)
		return err;
	fs9p_str_copy(r->str[0], oldname, sizeof(oldname));
	fs9p_str_copy(r->str[1], newname, sizeof(newname));
	err = child_path(s, to->node->exp, to->node->path, newname, path);
	if (err)
		return err;
	if (renameat(from->node->fd, oldname, to->node->fd, newname) < 0)
		return errno;
	return 0;
}

static int op_rename(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char name[FS9P_NAME_MAX + 1], path[FS_PATH_MAX];
	int err = 0, pfd;
	struct fs_fid *f = fid_get(s, r->fid, &err), *d;

	(void)b;
	if (!f)
		return err;
	if (!is_writable(s, f->node))
		return f->node->kind == NODE_XATTR ? EINVAL : EROFS;
	if (!f->node->path[0])
		return EBUSY;	/* an export's root stays */
	err = dir_to_modify(s, r->fid2, &d);
	if (!err && d->node->exp != f->node->exp)
		err = EXDEV;
	if (err)
		return err;
	fs9p_str_copy(r->str[0], name, sizeof(name));
	err = child_path(s, d->node->exp, d->node->path, name, path);
	if (!err)
		err = open_parent(s, f->node, &pfd);
	if (err)
		return err;
	if (renameat(pfd, last_name(f->node->path), d->node->fd, name) < 0)
		err = errno;
	close(pfd);
	if (!err)
		memcpy(f->node->path, path, sizeof(path));
	return err;
}

/*
 * Hard links: only regular files, only inside one writable export. The
 * source is named by its pinned inode (/proc/self/fd/N), which an
 * unprivileged process may link, unlike AT_EMPTY_PATH.
 */
static int op_link(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	char name[FS9P_NAME_MAX + 1], proc[64];
	struct fs_fid *d, *f;
	int err = create_target(s, r->fid2, r->str[0], &d, name);

	(void)b;
	if (err)
		return err;
	f = fid_get(s, r->fid, &err);
	if (!f)
		return err;
	if (f->node->kind != NODE_REAL || f->node->exp != d->node->exp)
		return EXDEV;
	if (!S_ISREG(f->node->mode))
		return EPERM;
	proc_path(f->node->fd, proc, sizeof(proc));
	if (linkat(AT_FDCWD, proc, d->node->fd, name, AT_SYMLINK_FOLLOW) < 0)
		return errno;
	return 0;
}

/* Tremove clunks the fid whatever happens. */
static int op_remove(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0, pfd;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	struct node *n;

	(void)b;
	if (!f)
		return err;
	n = f->node;
	if (!is_writable(s, n))
		err = n->kind == NODE_XATTR ? EINVAL : EROFS;
	else if (!n->path[0])
		err = EBUSY;
	else
		err = open_parent(s, n, &pfd);
	if (!err) {
		if (unlinkat(pfd, last_name(n->path), S_ISDIR(n->mode) ? AT_REMOVEDIR : 0) < 0)
			err = errno;
		close(pfd);
	}
	fid_release(s, f);
	return err;
}

/* ------------------------------------------------------------- others -- */

static int op_readlink(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	char target[FS9P_PATH_MAX + 1];
	ssize_t n;

	if (!f)
		return err;
	if (f->node->kind != NODE_REAL || !S_ISLNK(f->node->mode))
		return EINVAL;
	n = readlinkat(f->node->fd, "", target, sizeof(target));
	if (n < 0)
		return errno;
	if ((size_t)n > FS9P_PATH_MAX)
		return ENAMETOOLONG;
	fs9p_put_str(b, target, (size_t)n);
	return 0;
}

/* No xattrs are served: an empty list, no values. */
static int op_xattrwalk(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;
	struct fs_fid *f = fid_get(s, r->fid, &err);
	struct node *n;
	const char *name = r->str[0].s;
	size_t len = r->str[0].len;

	if (!f)
		return err;
	if (len) {
		if ((len >= 8 && memcmp(name, "trusted.", 8) == 0) ||
		    (len >= 9 && memcmp(name, "security.", 9) == 0))
			return EOPNOTSUPP;
		return ENODATA;
	}
	if (r->fid2 == FS9P_NOFID || (r->fid2 != r->fid && fid_find(s, r->fid2)))
		return EBADF;
	n = node_new(NODE_XATTR);
	if (!n)
		return ENOMEM;
	if (r->fid2 == r->fid) {
		fid_close(f);
		node_free(f->node);
		f->node = n;
	} else if ((err = fid_add(s, r->fid2, n)) != 0) {
		node_free(n);
		return err;
	}
	fs9p_put64(b, 0);
	return 0;
}

/* Locks are not taken on the host: one client per server, and its kernel
 * arbitrates between its own processes. */
static int op_lock(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	int err = 0;

	if (!fid_get(s, r->fid, &err))
		return err;
	if (r->type == FS9P_TLOCK) {
		fs9p_put8(b, FS9P_LOCK_SUCCESS);
		return 0;
	}
	fs9p_put8(b, FS9P_LOCK_UNLCK);
	fs9p_put64(b, r->start);
	fs9p_put64(b, r->length);
	fs9p_put32(b, r->proc_id);
	fs9p_put_str(b, r->str[0].s, r->str[0].len);
	return 0;
}

static int op_refuse(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	(void)s;
	(void)r;
	(void)b;
	return EOPNOTSUPP;	/* no authentication, no xattrs to set */
}

static int op_flush(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b)
{
	(void)s;
	(void)r;
	(void)b;
	return 0;	/* requests are answered in order: nothing is pending */
}

typedef int (*op_fn)(struct fs_server *s, const struct fs9p_req *r, struct fs9p_buf *b);

static op_fn op_for(uint8_t type)
{
	switch (type) {
	case FS9P_TVERSION: return op_version;
	case FS9P_TAUTH: return op_refuse;
	case FS9P_TXATTRCREATE: return op_refuse;
	case FS9P_TATTACH: return op_attach;
	case FS9P_TFLUSH: return op_flush;
	case FS9P_TWALK: return op_walk;
	case FS9P_TLOPEN: return op_lopen;
	case FS9P_TLCREATE: return op_lcreate;
	case FS9P_TREAD: return op_read;
	case FS9P_TWRITE: return op_write;
	case FS9P_TCLUNK: return op_clunk;
	case FS9P_TREMOVE: return op_remove;
	case FS9P_TGETATTR: return op_getattr;
	case FS9P_TSETATTR: return op_setattr;
	case FS9P_TREADDIR: return op_readdir;
	case FS9P_TSTATFS: return op_statfs;
	case FS9P_TMKDIR: return op_mkdir;
	case FS9P_TUNLINKAT: return op_unlinkat;
	case FS9P_TRENAMEAT: return op_renameat;
	case FS9P_TRENAME: return op_rename;
	case FS9P_TSYMLINK: return op_symlink;
	case FS9P_TREADLINK: return op_readlink;
	case FS9P_TMKNOD: return op_mknod;
	case FS9P_TLINK: return op_link;
	case FS9P_TFSYNC: return op_fsync;
	case FS9P_TXATTRWALK: return op_xattrwalk;
	case FS9P_TLOCK: return op_lock;
	case FS9P_TGETLOCK: return op_lock;
	}
	return NULL;
}

long fs_server_handle(struct fs_server *s, const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	size_t limit = cap < s->msize ? cap : s->msize, n;
	enum fs9p_err derr;
	struct fs9p_req r;
	struct fs9p_buf b;
	op_fn op;
	int err;

	if (limit < FS9P_HDR + 4)
		return -1;
	derr = fs9p_decode(req, len, s->msize, &r);
	if (derr == FS9P_FRAME)
		return -1;
	op = op_for(r.type);
	if (derr)
		err = fs9p_err_errno(derr);
	else if (!op)
		err = EOPNOTSUPP;
	else if (!s->versioned && r.type != FS9P_TVERSION)
		err = EPROTO;	/* nothing before the version is agreed */
	else {
		fs9p_begin(&b, out, limit, (uint8_t)(r.type + 1), r.tag);
		err = op(s, &r, &b);
		n = err ? 0 : fs9p_end(&b);
		if (n)
			return (long)n;
		if (!err)
			err = EMSGSIZE;
	}
	return (long)fs9p_rlerror(out, limit, r.tag, (uint32_t)err);
}

/* ------------------------------------------------------------- set up -- */

static const char *kind_name(enum fs_export_kind k)
{
	return k == FS_EXPORT_VIEW ? "view" : k == FS_EXPORT_UPPER ? "upper" : "shared";
}

static int build_mounts(struct fs_server *s)
{
	size_t cap = 1, at = 0;

	for (unsigned i = 0; i < s->n_exp; i++)
		cap += 24 + strlen(s->exp[i].path);
	s->mounts = malloc(cap);
	if (!s->mounts)
		return -1;
	s->mounts[0] = '\0';
	for (unsigned i = 0; i < s->n_exp; i++)
		at += (size_t)snprintf(s->mounts + at, cap - at, "%u %s %s\n", i,
				       kind_name(s->exp[i].kind), s->exp[i].path);
	s->mounts_len = at;
	return 0;
}

static bool config_ok(const struct fs_server_config *c, char *err, size_t errlen)
{
	if (!c->exports || c->n_exports == 0 || c->n_exports > FS_MAX_EXPORTS) {
		snprintf(err, errlen, "between 1 and %u exports are needed", FS_MAX_EXPORTS);
		return false;
	}
	if (!c->access) {
		snprintf(err, errlen, "no access policy given");
		return false;
	}
	if (c->max_msize < FS_MIN_MSIZE) {
		snprintf(err, errlen, "max_msize %u is under %u", c->max_msize, FS_MIN_MSIZE);
		return false;
	}
	for (size_t i = 0; i < c->n_exports; i++) {
		const char *p = c->exports[i].host_path;

		if (!p || p[0] != '/' || strlen(p) >= FS_PATH_MAX || strchr(p, '\n') ||
		    c->exports[i].kind > FS_EXPORT_SHARED) {
			snprintf(err, errlen, "export %zu: not an absolute path or an unknown kind", i);
			return false;
		}
	}
	return true;
}

/* Every fid may hold two descriptors: ask for the hard limit. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static bool open_exports(struct fs_server *s, const struct fs_server_config *c,
			 char *err, size_t errlen)
{
	for (size_t i = 0; i < c->n_exports; i++) {
		struct export *e = &s->exp[i];

		e->kind = c->exports[i].kind;
		e->fd = -1;
		s->n_exp = (unsigned)i + 1;
		e->path = strdup(c->exports[i].host_path);
		if (!e->path) {
			snprintf(err, errlen, "out of memory");
			return false;
		}
		/* Keep "/" as is, drop a trailing '/' elsewhere. */
		if (strlen(e->path) > 1 && e->path[strlen(e->path) - 1] == '/')
			e->path[strlen(e->path) - 1] = '\0';
		e->fd = open(e->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (e->fd < 0) {
			snprintf(err, errlen, "export %zu: %s: %s", i, e->path, strerror(errno));
			return false;
		}
	}
	return true;
}

struct fs_server *fs_server_new(const struct fs_server_config *c, char *err, size_t errlen)
{
	struct fs_server *s;

	if (!config_ok(c, err, errlen))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->devs = calloc(1, sizeof(*s->devs));
	if (!s->devs) {
		snprintf(err, errlen, "out of memory");
		free(s);
		return NULL;
	}
	s->access = c->access;
	s->access_ctx = c->access_ctx;
	s->max_msize = s->msize = c->max_msize;
	if (!open_exports(s, c, err, errlen)) {
		fs_server_free(s);
		return NULL;
	}
	if (build_mounts(s) < 0) {
		snprintf(err, errlen, "out of memory");
		fs_server_free(s);
		return NULL;
	}
	raise_fd_limit();
	/* The cappsule's kernel applied its own umask to every mode it sends:
	 * a second one here would change what it asked for. */
	umask(0);
	return s;
}

void fs_server_free(struct fs_server *s)
{
	if (!s)
		return;
	fids_reset(s);
	for (unsigned i = 0; i < s->n_exp; i++) {
		if (s->exp[i].fd >= 0)
			close(s->exp[i].fd);
		free(s->exp[i].path);
	}
	free(s->mounts);
	free(s->devs);
	free(s);
}

/* ------------------------------------------------------------- stream -- */

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == ENOTSOCK)
			n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads until have >= want; 1 at EOF, -1 on error. */
static int read_upto(int fd, uint8_t *buf, size_t *have, size_t want)
{
	while (*have < want) {
		ssize_t n = read(fd, buf + *have, want - *have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 1;
		*have += (size_t)n;
	}
	return 0;
}

/* One request: its size first, then the rest of it (never more, so no
 * bytes of the next request are ever buffered). */
static int serve_one(struct fs_server *s, int fd, uint8_t *in, uint8_t *out)
{
	size_t have = 0;
	uint32_t size;
	long n;
	int rc = read_upto(fd, in, &have, 4);

	if (rc)
		return rc > 0 && have == 0 ? 1 : -1;
	if (fs9p_frame_size(in, have, s->msize, &size) != FS9P_OK)
		return -1;
	rc = read_upto(fd, in, &have, size);
	if (rc)
		return -1;
	n = fs_server_handle(s, in, size, out, s->max_msize);
	if (n < 0 || write_all(fd, out, (size_t)n) < 0)
		return -1;
	return 0;
}

int fs_server_serve_fd(struct fs_server *s, int fd)
{
	uint8_t *in = malloc(s->max_msize), *out = malloc(s->max_msize);
	int rc = in && out ? 0 : -1;

	while (rc == 0)
		rc = serve_one(s, fd, in, out);
	free(in);
	free(out);
	return rc > 0 ? 0 : -1;
}
