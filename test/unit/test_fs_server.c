// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the cappsule's file server (tools/fs_server.c), driven
 * through fs_server_handle with encoded requests over a temporary tree:
 *
 *   TMP/view     export 0, a VIEW with a policy (policy() below):
 *                pub/ readable (a.txt, run.sh without X, suid with X,
 *                w.txt with W, a symlink out, a FIFO, a hard link),
 *                hidden/ denied, anc/ an ancestor of anc/deep/ only;
 *   TMP/shared   export 1, SHARED;     TMP/upper   export 2, UPPER;
 *   /            export 3, a VIEW of the host root, the same policy (so
 *                TMP's ancestors are walkable and nothing else).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tools/fs9p_proto.h"
#include "tools/fs_server.h"

#define MSIZE 8192u
#define ROOT 0u                 /* the fid every test starts with */

static char tmp[256];           /* TMP */
static char view_dir[300];      /* TMP/view */
static char last_policy_path[FS_PATH_MAX];

/* --------------------------------------------------------- the tree -- */

static void write_file(const char *rel, const char *text, mode_t mode)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(p, mode), 0);
}

static void make_dir(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static int tree_setup(void **state)
{
	char p[512], q[512];

	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/fs-server-test-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(view_dir, sizeof(view_dir), "%s/view", tmp);
	make_dir("view");
	make_dir("view/pub");
	make_dir("view/hidden");
	make_dir("view/anc");
	make_dir("view/anc/deep");
	make_dir("view/anc/other");
	make_dir("view/mix");
	for (int i = 0; i < 40; i++) {	/* visible v.. and hidden h.. names */
		char rel[64];

		snprintf(rel, sizeof(rel), "view/mix/%c%02d", i % 3 ? 'h' : 'v', i);
		write_file(rel, "", 0644);
	}
	make_dir("shared");
	make_dir("shared/sub");
	make_dir("upper");
	write_file("view/pub/a.txt", "hello", 0644);
	write_file("view/pub/run.sh", "#!/bin/sh\n", 0755);
	write_file("view/pub/suid", "x", 04755);
	write_file("view/pub/w.txt", "w", 0644);
	write_file("view/hidden/secret", "secret", 0644);
	write_file("view/anc/deep/f", "deep", 0644);
	write_file("view/anc/file_anc", "no", 0644);
	write_file("shared/s.txt", "shared", 0644);
	snprintf(p, sizeof(p), "%s/view/pub/out", tmp);
	assert_int_equal(symlink("../hidden/secret", p), 0);
	snprintf(p, sizeof(p), "%s/view/pub/fifo", tmp);
	assert_int_equal(mkfifo(p, 0644), 0);
	snprintf(p, sizeof(p), "%s/view/pub/a.txt", tmp);
	snprintf(q, sizeof(q), "%s/view/pub/hl", tmp);
	assert_int_equal(link(p, q), 0);
	snprintf(p, sizeof(p), "%s/shared/link_out", tmp);
	assert_int_equal(symlink("../view/hidden", p), 0);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int tree_teardown(void **state)
{
	(void)state;
	return nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The policy, by the path below TMP/view; ancestors of TMP/view walkable. */
static unsigned view_policy(const char *rel)
{
	if (!rel[0])
		return FS_ACCESS_ANCESTOR;
	if (strcmp(rel, "/pub/suid") == 0)
		return FS_ACCESS_R | FS_ACCESS_X;
	if (strcmp(rel, "/pub/w.txt") == 0)
		return FS_ACCESS_R | FS_ACCESS_W;
	if (strncmp(rel, "/pub", 4) == 0 && (!rel[4] || rel[4] == '/'))
		return FS_ACCESS_R;
	if (strcmp(rel, "/mix") == 0 || strncmp(rel, "/mix/v", 6) == 0)
		return FS_ACCESS_R;
	if (strcmp(rel, "/anc") == 0 || strcmp(rel, "/anc/file_anc") == 0)
		return FS_ACCESS_ANCESTOR;
	if (strncmp(rel, "/anc/deep", 9) == 0 && (!rel[9] || rel[9] == '/'))
		return FS_ACCESS_R;
	return 0;
}

static unsigned policy(void *ctx, const char *abs)
{
	size_t n = strlen(view_dir);

	(void)ctx;
	snprintf(last_policy_path, sizeof(last_policy_path), "%s", abs);
	if (strncmp(abs, view_dir, n) == 0 && (!abs[n] || abs[n] == '/'))
		return view_policy(abs + n);
	/* "/", "/tmp", TMP: on the way to the view */
	if (strcmp(abs, "/") == 0 || (strncmp(view_dir, abs, strlen(abs)) == 0 &&
				      view_dir[strlen(abs)] == '/'))
		return FS_ACCESS_ANCESTOR;
	return 0;
}

/* ------------------------------------------------------- the client -- */

struct t {
	struct fs_server *s;
	uint8_t out[MSIZE + 64];
	long n;
	uint16_t tag;
};

static struct fs9p_str str_of(const char *s)
{
	return (struct fs9p_str){ s, (uint16_t)strlen(s) };
}

/* Sends r, keeps the reply in t->out; its errno (0 if not Rlerror). */
static int rpc(struct t *t, struct fs9p_req *r)
{
	static uint8_t req[MSIZE * 2];
	size_t len;

	r->tag = t->tag++;
	len = fs9p_encode_req(r, req, sizeof(req));
	assert_true(len > 0);
	t->n = fs_server_handle(t->s, req, len, t->out, sizeof(t->out));
	assert_true(t->n >= (long)FS9P_HDR);
	assert_int_equal(fs9p_get32(t->out), t->n);
	assert_int_equal(fs9p_get16(t->out + 5), r->tag);
	if (t->out[4] == FS9P_RLERROR)
		return (int)fs9p_get32(t->out + 7);
	assert_int_equal(t->out[4], r->type + 1);
	return 0;
}

static int version(struct t *t, uint32_t msize, const char *v)
{
	struct fs9p_req r = { .type = FS9P_TVERSION, .msize = msize, .str = { str_of(v) } };

	return rpc(t, &r);
}

static int attach(struct t *t, uint32_t fid)
{
	struct fs9p_req r = { .type = FS9P_TATTACH, .fid = fid, .fid2 = FS9P_NOFID,
			      .str = { str_of("user"), str_of("") }, .n_uname = 1000 };

	return rpc(t, &r);
}

/* Walks fid to newfid through path split at '/'; the errno, or -1 for a
 * short walk (Rwalk with fewer qids than names). */
static int walk(struct t *t, uint32_t fid, uint32_t newfid, const char *path)
{
	static char copy[8192];
	struct fs9p_req r = { .type = FS9P_TWALK, .fid = fid, .fid2 = newfid };
	int err;

	snprintf(copy, sizeof(copy), "%s", path);
	for (char *p = copy, *save = NULL, *tok; (tok = strtok_r(p, "/", &save)); p = NULL)
		r.wname[r.nwname++] = str_of(tok);
	err = rpc(t, &r);
	if (err)
		return err;
	return fs9p_get16(t->out + 7) == r.nwname ? 0 : -1;
}

/* The qid of the last Rwalk step. */
static struct fs9p_qid walk_qid(const struct t *t)
{
	uint16_t n = fs9p_get16(t->out + 7);
	const uint8_t *q = t->out + 9 + (size_t)(n - 1) * FS9P_QID_SIZE;

	return (struct fs9p_qid){ q[0], fs9p_get32(q + 1), fs9p_get64(q + 5) };
}

static int simple(struct t *t, uint8_t type, uint32_t fid)
{
	struct fs9p_req r = { .type = type, .fid = fid };

	return rpc(t, &r);
}

static int lopen(struct t *t, uint32_t fid, uint32_t flags)
{
	struct fs9p_req r = { .type = FS9P_TLOPEN, .fid = fid, .flags = flags };

	return rpc(t, &r);
}

/* Reads count bytes at offset into buf (NUL-terminated); the errno. */
static int read_at(struct t *t, uint32_t fid, uint64_t off, uint32_t count, char *buf, size_t cap)
{
	struct fs9p_req r = { .type = FS9P_TREAD, .fid = fid, .offset = off, .count = count };
	int err = rpc(t, &r);
	uint32_t n;

	if (err)
		return err;
	n = fs9p_get32(t->out + 7);
	assert_true(n + 11 == (uint32_t)t->n);
	if (buf) {
		assert_true(n < cap);
		memcpy(buf, t->out + 11, n);
		buf[n] = '\0';
	}
	return 0;
}

/* Walks path from ROOT to fid 99, opens it read-only and reads it all. */
static int cat(struct t *t, const char *path, char *buf, size_t cap)
{
	int err = walk(t, ROOT, 99, path);

	if (!err)
		err = lopen(t, 99, O_RDONLY);
	if (!err)
		err = read_at(t, 99, 0, 4096, buf, cap);
	simple(t, FS9P_TCLUNK, 99);
	return err;
}

/* Mode from Tgetattr of fid. */
static uint32_t getattr_mode(struct t *t, uint32_t fid)
{
	assert_int_equal(simple(t, FS9P_TGETATTR, fid), 0);
	return fs9p_get32(t->out + 7 + 8 + 13);
}

static uint64_t getattr_size(struct t *t, uint32_t fid)
{
	assert_int_equal(simple(t, FS9P_TGETATTR, fid), 0);
	return fs9p_get64(t->out + 7 + 8 + 13 + 12 + 16);
}

/* Lists directory path (walked to fid 98, opened) with Treaddir calls of
 * count bytes, names joined by ',' in out; the errno. */
static int list(struct t *t, const char *path, uint32_t count, char *out, size_t cap)
{
	uint64_t off = 0;
	int err = walk(t, ROOT, 98, path);

	out[0] = '\0';
	if (!err)
		err = lopen(t, 98, O_RDONLY | O_DIRECTORY);
	while (!err) {
		struct fs9p_req r = { .type = FS9P_TREADDIR, .fid = 98, .offset = off, .count = count };
		uint32_t n, pos = 11;

		err = rpc(t, &r);
		if (err)
			break;
		n = fs9p_get32(t->out + 7);
		assert_true(n <= count && n + 11 == (uint32_t)t->n);
		if (n == 0)
			break;
		while (pos < 11 + n) {
			uint16_t len = fs9p_get16(t->out + pos + 22);

			off = fs9p_get64(t->out + pos + 13);
			snprintf(out + strlen(out), cap - strlen(out), "%s%.*s", out[0] ? "," : "",
				 len, (const char *)t->out + pos + 24);
			pos += 24 + len;
		}
		assert_int_equal(pos, 11 + n);
	}
	simple(t, FS9P_TCLUNK, 98);
	return err;
}

/* Sorted, so listings compare whatever the host's order. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_list(char *s)
{
	char *parts[512], copy[8192], *save = NULL;
	size_t n = 0;

	snprintf(copy, sizeof(copy), "%s", s);
	for (char *p = copy, *tok; n < 512 && (tok = strtok_r(p, ",", &save)); p = NULL)
		parts[n++] = tok;
	qsort(parts, n, sizeof(parts[0]), cmp_str);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		sprintf(s + strlen(s), "%s%s", i ? "," : "", parts[i]);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		n++;
	closedir(d);
	return n;
}

static int start(void **state)
{
	static char tmp_shared[300], tmp_upper[300];
	static struct fs_export ex[4];
	struct fs_server_config c = { ex, 4, policy, NULL, MSIZE };
	struct t *t = calloc(1, sizeof(*t));
	char err[256];

	snprintf(tmp_shared, sizeof(tmp_shared), "%s/shared", tmp);
	snprintf(tmp_upper, sizeof(tmp_upper), "%s/upper", tmp);
	ex[0] = (struct fs_export){ FS_EXPORT_VIEW, view_dir };
	ex[1] = (struct fs_export){ FS_EXPORT_SHARED, tmp_shared };
	ex[2] = (struct fs_export){ FS_EXPORT_UPPER, tmp_upper };
	ex[3] = (struct fs_export){ FS_EXPORT_VIEW, "/" };
	t->s = fs_server_new(&c, err, sizeof(err));
	assert_non_null(t->s);
	assert_int_equal(version(t, 1u << 20, FS9P_VERSION), 0);
	assert_int_equal(attach(t, ROOT), 0);
	*state = t;
	return 0;
}

static int stop(void **state)
{
	struct t *t = *state;

	fs_server_free(t->s);
	free(t);
	return 0;
}

/* -------------------------------------------------------- session -- */

static void test_config_refused(void **state)
{
	struct fs_export rel = { FS_EXPORT_SHARED, "tmp" }, none = { FS_EXPORT_SHARED, "/nonexistent-x" };
	struct fs_server_config c = { &rel, 1, policy, NULL, MSIZE };
	char err[256];

	(void)state;
	assert_null(fs_server_new(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "absolute"));
	c.exports = &none;
	assert_null(fs_server_new(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "nonexistent"));
	c.max_msize = 100;
	assert_null(fs_server_new(&c, err, sizeof(err)));
	c.n_exports = 0;
	assert_null(fs_server_new(&c, err, sizeof(err)));
}

static void test_version(void **state)
{
	struct t *t = *state;

	/* Down to max_msize; the answer carries it. */
	assert_int_equal(version(t, 1u << 20, FS9P_VERSION), 0);
	assert_int_equal(fs9p_get32(t->out + 7), MSIZE);
	assert_int_equal(version(t, 5000, FS9P_VERSION), 0);
	assert_int_equal(fs9p_get32(t->out + 7), 5000);
	/* Too small: refused, the session stays. */
	assert_int_equal(attach(t, 1), 0);
	assert_int_equal(version(t, 100, FS9P_VERSION), EINVAL);
	assert_int_equal(simple(t, FS9P_TCLUNK, 1), 0);
	/* Another version: "unknown", and nothing else is served. */
	assert_int_equal(version(t, MSIZE, "9P2000.u"), 0);
	assert_memory_equal(t->out + 11, "\x07\x00unknown", 9);
	assert_int_equal(attach(t, 1), EPROTO);
	/* A new version resets the session: the old fids are gone. */
	assert_int_equal(version(t, MSIZE, FS9P_VERSION), 0);
	assert_int_equal(simple(t, FS9P_TGETATTR, ROOT), EBADF);
	assert_int_equal(attach(t, ROOT), 0);
	assert_int_equal(attach(t, ROOT), EBADF);	/* in use */
	assert_int_equal(attach(t, 5), 0);	/* several attaches are fine */
}

static void test_before_version(void **state)
{
	struct fs_export ex = { FS_EXPORT_SHARED, "/tmp" };
	struct fs_server_config c = { &ex, 1, policy, NULL, MSIZE };
	struct t t = { 0 };
	char err[256];

	(void)state;
	t.s = fs_server_new(&c, err, sizeof(err));
	assert_non_null(t.s);
	assert_int_equal(attach(&t, 0), EPROTO);
	assert_int_equal(version(&t, MSIZE, FS9P_VERSION), 0);
	assert_int_equal(attach(&t, 0), 0);
	fs_server_free(t.s);
}

static void test_framing(void **state)
{
	struct t *t = *state;
	uint8_t msg[MSIZE + 16] = { 0 };
	uint8_t out[64];

	/* size field != length, < 7, > msize: the session must end */
	msg[0] = 12;
	msg[4] = FS9P_TCLUNK;
	assert_int_equal(fs_server_handle(t->s, msg, 11, out, sizeof(out)), -1);
	msg[0] = 6;
	assert_int_equal(fs_server_handle(t->s, msg, 6, out, sizeof(out)), -1);
	msg[0] = (MSIZE + 1) & 0xff;
	msg[1] = (MSIZE + 1) >> 8;
	assert_int_equal(fs_server_handle(t->s, msg, MSIZE + 1, out, sizeof(out)), -1);
	/* A reply buffer too small for even an error. */
	memset(msg, 0, 16);
	msg[0] = 11;
	msg[4] = FS9P_TCLUNK;
	assert_int_equal(fs_server_handle(t->s, msg, 11, out, 8), -1);
	assert_int_equal(fs_server_handle(t->s, msg, 11, out, sizeof(out)), 7);
}

static void test_unknown_and_malformed(void **state)
{
	struct t *t = *state;
	uint8_t msg[32] = { 9, 0, 0, 0, 112, 1, 0, 0, 0 };	/* legacy Topen */
	uint8_t out[64];

	assert_int_equal(fs_server_handle(t->s, msg, 9, out, sizeof(out)), 11);
	assert_int_equal(out[4], FS9P_RLERROR);
	assert_int_equal(fs9p_get32(out + 7), EOPNOTSUPP);
	msg[4] = 200;
	assert_int_equal(fs_server_handle(t->s, msg, 9, out, sizeof(out)), 11);
	assert_int_equal(fs9p_get32(out + 7), EOPNOTSUPP);
	/* A Tclunk cut short, and one with a trailing byte. */
	msg[4] = FS9P_TCLUNK;
	assert_int_equal(fs_server_handle(t->s, msg, 9, out, sizeof(out)), 11);
	assert_int_equal(fs9p_get32(out + 7), EPROTO);
	msg[0] = 12;
	assert_int_equal(fs_server_handle(t->s, msg, 12, out, sizeof(out)), 11);
	assert_int_equal(fs9p_get32(out + 7), EPROTO);
	/* The session goes on. */
	assert_int_equal(simple(t, FS9P_TGETATTR, ROOT), 0);
}

static void test_auth_and_attach(void **state)
{
	struct t *t = *state;
	struct fs9p_req auth = { .type = FS9P_TAUTH, .fid2 = 7, .str = { str_of("u"), str_of("") } };
	struct fs9p_req att = { .type = FS9P_TATTACH, .fid = 7, .fid2 = 3,
				.str = { str_of("u"), str_of("") } };

	assert_int_equal(rpc(t, &auth), EOPNOTSUPP);
	assert_int_equal(rpc(t, &att), EINVAL);
	assert_int_equal(simple(t, FS9P_TGETATTR, 7), EBADF);
}

/* ------------------------------------------------- the synthetic root -- */

static void test_root(void **state)
{
	struct t *t = *state;
	char buf[4096], expect[1200];

	assert_int_equal(list(t, "", 4096, buf, sizeof(buf)), 0);
	assert_string_equal(buf, ".,..,0,1,2,3,mounts");
	assert_int_equal(list(t, "", 30, buf, sizeof(buf)), 0);	/* one entry a call */
	assert_string_equal(buf, ".,..,0,1,2,3,mounts");
	assert_int_equal(getattr_mode(t, ROOT), S_IFDIR | 0555);
	assert_int_equal(cat(t, "mounts", buf, sizeof(buf)), 0);
	snprintf(expect, sizeof(expect), "0 view %s\n1 shared %s/shared\n2 upper %s/upper\n3 view /\n",
		 view_dir, tmp, tmp);
	assert_string_equal(buf, expect);
	assert_int_equal(walk(t, ROOT, 1, "mounts"), 0);
	assert_int_equal(walk_qid(t).type, FS9P_QTFILE);
	assert_int_equal(getattr_mode(t, 1), S_IFREG | 0444);
	assert_int_equal(getattr_size(t, 1), strlen(expect));
	assert_int_equal(lopen(t, 1, O_RDWR), EROFS);
	assert_int_equal(lopen(t, 1, O_RDONLY | O_TRUNC), EROFS);
	assert_int_equal(walk(t, 1, 2, "x"), ENOTDIR);
	/* The root's qids are synthetic and stable. */
	assert_int_equal(walk(t, ROOT, 2, "."), 0);
	assert_true(walk_qid(t).path & (1ull << 63));
	assert_int_equal(walk(t, ROOT, 3, "0"), 0);
	assert_false(walk_qid(t).path & (1ull << 63));
	assert_int_equal(walk(t, ROOT, 4, "4"), ENOENT);
	assert_int_equal(walk(t, ROOT, 4, "01"), ENOENT);
	assert_int_equal(walk(t, ROOT, 4, "nothing"), ENOENT);
}

static void test_root_read_only(void **state)
{
	struct t *t = *state;
	struct fs9p_req mk = { .type = FS9P_TMKDIR, .fid = ROOT, .str = { str_of("d") }, .mode = 0755 };
	struct fs9p_req cr = { .type = FS9P_TLCREATE, .fid = ROOT, .str = { str_of("f") }, .mode = 0644 };
	struct fs9p_req un = { .type = FS9P_TUNLINKAT, .fid = ROOT, .str = { str_of("0") } };
	struct fs9p_req sa = { .type = FS9P_TSETATTR, .fid = ROOT, .valid = FS9P_SETATTR_MODE };

	assert_int_equal(rpc(t, &mk), EROFS);
	assert_int_equal(rpc(t, &cr), EROFS);
	assert_int_equal(rpc(t, &un), EROFS);
	assert_int_equal(rpc(t, &sa), EROFS);
	assert_int_equal(simple(t, FS9P_TREMOVE, ROOT), EROFS);
	assert_int_equal(attach(t, ROOT), 0);	/* Tremove clunked it */
	assert_int_equal(lopen(t, ROOT, O_WRONLY), EROFS);
}

/* ----------------------------------------------------------- the view -- */

static void test_view_read(void **state)
{
	struct t *t = *state;
	char buf[4096];

	assert_int_equal(cat(t, "0/pub/a.txt", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "hello");
	assert_int_equal(cat(t, "0/anc/deep/f", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "deep");
	/* The policy is asked with host-absolute paths. */
	assert_int_equal(walk(t, ROOT, 1, "0/pub/a.txt"), 0);
	snprintf(buf, sizeof(buf), "%s/pub/a.txt", view_dir);
	assert_string_equal(last_policy_path, buf);
	/* Read at an offset and past the end. */
	assert_int_equal(lopen(t, 1, O_RDONLY), 0);
	assert_int_equal(read_at(t, 1, 3, 100, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "lo");
	assert_int_equal(read_at(t, 1, 100, 100, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(lopen(t, 1, O_RDONLY), EBADF);	/* already open */
	assert_int_equal(walk(t, ROOT, 2, "1/s.txt"), 0);
	assert_int_equal(lopen(t, 2, 3), EINVAL);	/* Linux's "ioctl only" mode */
}

static void test_view_hidden(void **state)
{
	struct t *t = *state;
	char buf[4096];

	assert_int_equal(walk(t, ROOT, 1, "0/hidden"), -1);	/* short walk */
	assert_int_equal(fs9p_get16(t->out + 7), 1);
	assert_int_equal(simple(t, FS9P_TGETATTR, 1), EBADF);	/* no fid made */
	assert_int_equal(walk(t, ROOT, 1, "0"), 0);
	assert_int_equal(walk(t, 1, 2, "hidden"), ENOENT);
	assert_int_equal(walk(t, 1, 2, "hidden/secret"), ENOENT);
	assert_int_equal(walk(t, 1, 2, "anc/other"), -1);
	/* An ancestor-only file does not exist; its directory does. */
	assert_int_equal(walk(t, 1, 2, "anc/file_anc"), -1);
	assert_int_equal(walk(t, 1, 2, "anc"), 0);
	assert_int_equal(list(t, "0", 4096, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, ".,..,anc,mix,pub");
	assert_int_equal(list(t, "0/anc", 4096, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, ".,..,deep");
	assert_int_equal(list(t, "0/pub", 4096, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, ".,..,a.txt,fifo,hl,out,run.sh,suid,w.txt");
	/* Paged one or two entries at a time, hidden ones between pages. */
	assert_int_equal(list(t, "0/anc", 30, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, ".,..,deep");
	assert_int_equal(list(t, "0", 60, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, ".,..,anc,mix,pub");
}

/* Pages of a directory where the policy hides most names: every visible
 * name once, whatever the page size, and a new listing starts over. */
static void test_view_listing_pages(void **state)
{
	struct t *t = *state;
	char buf[4096], expect[4096] = ".,..";

	for (int i = 0; i < 40; i += 3)
		sprintf(expect + strlen(expect), ",v%02d", i);
	sort_list(expect);
	for (uint32_t count = 28; count < 200; count += 17) {
		assert_int_equal(list(t, "0/mix", count, buf, sizeof(buf)), 0);
		sort_list(buf);
		assert_string_equal(buf, expect);
	}
	/* One open directory read twice: the second pass rewinds. */
	assert_int_equal(walk(t, ROOT, 1, "0/mix"), 0);
	assert_int_equal(lopen(t, 1, O_RDONLY), 0);
	for (int pass = 0; pass < 2; pass++) {
		struct fs9p_req r = { .type = FS9P_TREADDIR, .fid = 1, .count = 4096 };

		assert_int_equal(rpc(t, &r), 0);
		assert_true(fs9p_get32(t->out + 7) > 0);
	}
}

static void test_view_modes(void **state)
{
	struct t *t = *state;

	assert_int_equal(walk(t, ROOT, 1, "0/pub/run.sh"), 0);
	assert_int_equal(getattr_mode(t, 1), S_IFREG | 0444);	/* no X, no W */
	assert_int_equal(walk(t, ROOT, 2, "0/pub/suid"), 0);
	assert_int_equal(getattr_mode(t, 2), S_IFREG | 0555);	/* no setuid */
	assert_int_equal(walk(t, ROOT, 3, "0/pub/w.txt"), 0);
	assert_int_equal(getattr_mode(t, 3), S_IFREG | 0644);
	assert_int_equal(lopen(t, 3, O_WRONLY), EROFS);	/* W or not, a view is read-only */
	assert_int_equal(lopen(t, 3, O_RDONLY | O_TRUNC), EROFS);
	assert_int_equal(walk(t, ROOT, 4, "0/pub"), 0);
	assert_int_equal(getattr_mode(t, 4), S_IFDIR | 0555);
}

static void test_view_read_only(void **state)
{
	struct t *t = *state;
	struct fs9p_req reqs[] = {
		{ .type = FS9P_TMKDIR, .fid = 1, .str = { str_of("d") }, .mode = 0755 },
		{ .type = FS9P_TLCREATE, .fid = 1, .str = { str_of("f") }, .mode = 0644 },
		{ .type = FS9P_TUNLINKAT, .fid = 1, .str = { str_of("a.txt") } },
		{ .type = FS9P_TSYMLINK, .fid = 1, .str = { str_of("l"), str_of("/etc") } },
		{ .type = FS9P_TMKNOD, .fid = 1, .str = { str_of("n") }, .mode = S_IFCHR },
		{ .type = FS9P_TRENAMEAT, .fid = 1, .str = { str_of("a.txt"), str_of("b") }, .fid2 = 1 },
		{ .type = FS9P_TLINK, .fid2 = 1, .fid = 2, .str = { str_of("b") } },
		{ .type = FS9P_TRENAME, .fid = 2, .fid2 = 1, .str = { str_of("b") } },
		{ .type = FS9P_TSETATTR, .fid = 2, .valid = FS9P_SETATTR_MODE, .mode = 0777 },
		{ .type = FS9P_TSETATTR, .fid = 2, .valid = FS9P_SETATTR_SIZE },
	};

	assert_int_equal(walk(t, ROOT, 1, "0/pub"), 0);
	assert_int_equal(walk(t, ROOT, 2, "0/pub/a.txt"), 0);
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++)
		assert_int_equal(rpc(t, &reqs[i]), EROFS);
	assert_int_equal(simple(t, FS9P_TREMOVE, 2), EROFS);
	assert_int_equal(simple(t, FS9P_TGETATTR, 2), EBADF);	/* clunked anyway */
	assert_int_equal(walk(t, ROOT, 2, "0/pub/a.txt"), 0);	/* still there */
}

static void test_view_of_host_root(void **state)
{
	struct t *t = *state;
	char path[600], buf[64];

	snprintf(path, sizeof(path), "3%s/pub/a.txt", view_dir);
	assert_int_equal(cat(t, path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "hello");
	assert_string_equal(last_policy_path + strlen(last_policy_path) - 10, "/pub/a.txt");
	assert_int_equal(walk(t, ROOT, 1, "3/etc"), -1);
	assert_int_equal(walk(t, ROOT, 1, "3"), 0);
	assert_int_equal(list(t, "3", 4096, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, ".,..,tmp");
}

/* --------------------------------------------------------- path safety -- */

static void test_symlinks(void **state)
{
	struct t *t = *state;

	assert_int_equal(walk(t, ROOT, 1, "0/pub/out"), 0);
	assert_int_equal(walk_qid(t).type, FS9P_QTSYMLINK);
	assert_int_equal(lopen(t, 1, O_RDONLY), ELOOP);
	assert_int_equal(simple(t, FS9P_TREADLINK, 1), 0);
	assert_memory_equal(t->out + 7, "\x10\x00../hidden/secret", 18);
	/* The walk does not go through it. */
	assert_int_equal(walk(t, ROOT, 2, "0/pub/out/x"), -1);
	assert_int_equal(walk(t, 1, 2, "x"), ENOTDIR);
	/* A symlink out of a shared export: never followed either. */
	assert_int_equal(walk(t, ROOT, 3, "1/link_out"), 0);
	assert_int_equal(walk(t, 3, 4, "secret"), ENOTDIR);
	assert_int_equal(lopen(t, 3, O_RDONLY | O_DIRECTORY), ELOOP);
	assert_int_equal(simple(t, FS9P_TREADLINK, ROOT), EINVAL);
}

static void test_swapped_for_symlink(void **state)
{
	struct t *t = *state;
	char p[512], q[512], buf[64], secret[512];

	write_file("shared/victim", "mine", 0644);
	assert_int_equal(walk(t, ROOT, 1, "1/victim"), 0);
	/* Between the walk and the open, the name becomes a symlink to a
	 * hidden file: the open still reaches the inode the walk pinned. */
	snprintf(p, sizeof(p), "%s/shared/victim", tmp);
	snprintf(q, sizeof(q), "%s/shared/victim.old", tmp);
	snprintf(secret, sizeof(secret), "%s/view/hidden/secret", tmp);
	assert_int_equal(rename(p, q), 0);
	assert_int_equal(symlink(secret, p), 0);
	assert_int_equal(lopen(t, 1, O_RDONLY), 0);
	assert_int_equal(read_at(t, 1, 0, 64, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "mine");
	unlink(p);
	unlink(q);
}

static void test_fifo_and_hard_link(void **state)
{
	struct t *t = *state;
	struct fs9p_qid a, hl;

	assert_int_equal(walk(t, ROOT, 1, "0/pub/fifo"), 0);
	assert_int_equal(getattr_mode(t, 1), S_IFIFO | 0444);
	assert_int_equal(lopen(t, 1, O_RDONLY), EACCES);	/* and does not block */
	assert_int_equal(walk(t, ROOT, 2, "0/pub/a.txt"), 0);
	a = walk_qid(t);
	assert_int_equal(walk(t, ROOT, 3, "0/pub/hl"), 0);
	hl = walk_qid(t);
	assert_int_equal(a.path, hl.path);
}

static void test_dotdot(void **state)
{
	struct t *t = *state;
	struct fs9p_qid root;

	assert_int_equal(walk(t, ROOT, 1, "."), 0);
	root = walk_qid(t);
	assert_int_equal(walk(t, ROOT, 2, ".."), 0);	/* ROOT/.. is ROOT */
	assert_int_equal(walk_qid(t).path, root.path);
	assert_int_equal(walk(t, ROOT, 3, "0/.."), 0);
	assert_int_equal(walk_qid(t).path, root.path);
	assert_int_equal(walk(t, ROOT, 6, "0/pub/../../../.."), 0);
	assert_int_equal(walk_qid(t).path, root.path);
	assert_int_equal(walk(t, ROOT, 7, "1/sub/../../2"), 0);
	assert_int_equal(walk(t, ROOT, 8, "0/anc/deep/../../pub/./a.txt"), 0);
	assert_int_equal(walk(t, ROOT, 9, "1/sub/.."), 0);
	/* From a fid inside an export, up and past its root. */
	assert_int_equal(walk(t, ROOT, 4, "1/sub"), 0);
	assert_int_equal(walk(t, 4, 5, "../../0/pub/a.txt"), 0);
	assert_int_equal(walk(t, 4, 10, "../../../.."), 0);
	assert_int_equal(walk_qid(t).path, root.path);
}

static void test_bad_walk_names(void **state)
{
	struct t *t = *state;
	struct fs9p_req r = { .type = FS9P_TWALK, .fid = ROOT, .fid2 = 1, .nwname = 2 };
	char long_name[300];

	r.wname[0] = str_of("1");
	r.wname[1] = str_of("sub/..");
	assert_int_equal(rpc(t, &r), EINVAL);
	r.wname[1] = str_of("");
	assert_int_equal(rpc(t, &r), EINVAL);
	r.wname[1] = (struct fs9p_str){ "s\0b", 3 };
	assert_int_equal(rpc(t, &r), EINVAL);
	memset(long_name, 'a', sizeof(long_name));
	r.wname[1] = (struct fs9p_str){ long_name, 256 };
	assert_int_equal(rpc(t, &r), ENAMETOOLONG);
	r.wname[1] = (struct fs9p_str){ long_name, 255 };	/* fine, absent */
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(fs9p_get16(t->out + 7), 1);
	r.nwname = 17;
	for (int i = 0; i < 17; i++)
		r.wname[i % 16] = str_of(".");
	assert_int_equal(rpc(t, &r), EINVAL);
	assert_int_equal(simple(t, FS9P_TGETATTR, 1), EBADF);
	/* fid problems */
	assert_int_equal(walk(t, 77, 1, "0"), EBADF);
	assert_int_equal(walk(t, ROOT, FS9P_NOFID, "0"), EBADF);
	assert_int_equal(attach(t, 1), 0);
	assert_int_equal(walk(t, ROOT, 1, "0"), EBADF);	/* newfid in use */
	assert_int_equal(walk(t, 1, 1, "0/pub"), 0);	/* fid walks itself */
	assert_int_equal(walk_qid(t).type, FS9P_QTDIR);
}

/* A deep tree built through the server: steps go on until the host path
 * would pass FS_PATH_MAX, then ENAMETOOLONG; ".." climbs back. */
static void test_long_path(void **state)
{
	struct t *t = *state;
	char name[201];
	size_t depth = 0, host_len = strlen(tmp) + strlen("/shared");
	int err;

	memset(name, 'd', 200);
	name[200] = '\0';
	assert_int_equal(walk(t, ROOT, 1, "1"), 0);
	for (;;) {
		struct fs9p_req mk = { .type = FS9P_TMKDIR, .fid = 1, .str = { str_of(name) }, .mode = 0755 };

		err = rpc(t, &mk);
		if (err)
			break;
		assert_int_equal(walk(t, 1, 1, name), 0);
		depth++;
	}
	assert_int_equal(err, ENAMETOOLONG);
	assert_true(host_len + (depth + 1) * 201 >= FS_PATH_MAX);
	assert_true(host_len + depth * 201 < FS_PATH_MAX);
	assert_true(depth >= 18);
	assert_int_equal(walk(t, 1, 1, name), ENAMETOOLONG);
	assert_int_equal(walk(t, 1, 2, ".."), 0);
	for (size_t i = 0; i < depth; i++)
		assert_int_equal(walk(t, 1, 1, ".."), 0);
	assert_int_equal(walk(t, 1, 1, "../1/s.txt"), 0);
	/* Clean up from the top. */
	{
		char p[FS_PATH_MAX * 2];

		snprintf(p, sizeof(p), "%s/shared/%s", tmp, name);
		nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	}
}

/* --------------------------------------------------- writable exports -- */

static int lcreate(struct t *t, uint32_t fid, const char *name, uint32_t flags, uint32_t mode)
{
	struct fs9p_req r = { .type = FS9P_TLCREATE, .fid = fid, .str = { str_of(name) },
			      .flags = flags, .mode = mode };

	return rpc(t, &r);
}

/* Tlcreate of a read-write 0644 file, through rpc only (no asserts). */
static int lcreate_raw(struct t *t, uint32_t fid, const char *name)
{
	struct fs9p_req r = { .type = FS9P_TLCREATE, .fid = fid, .str = { str_of(name) },
			      .flags = O_RDWR, .mode = 0644 };

	return rpc(t, &r);
}

static int write_at(struct t *t, uint32_t fid, uint64_t off, const char *text)
{
	struct fs9p_req r = { .type = FS9P_TWRITE, .fid = fid, .offset = off,
			      .count = (uint32_t)strlen(text), .data = (const uint8_t *)text };
	int err = rpc(t, &r);

	if (!err)
		assert_int_equal(fs9p_get32(t->out + 7), strlen(text));
	return err;
}

static mode_t host_mode(const char *rel)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	if (lstat(p, &st) < 0)
		return 0;
	return st.st_mode;
}

static void test_shared_files(void **state)
{
	struct t *t = *state;
	char buf[64];

	assert_int_equal(walk(t, ROOT, 1, "1"), 0);
	assert_int_equal(lcreate(t, 1, "new.txt", O_RDWR, 06755), 0);
	assert_int_equal(write_at(t, 1, 0, "hello there"), 0);
	assert_int_equal(read_at(t, 1, 6, 64, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "there");
	assert_int_equal(getattr_size(t, 1), 11);
	assert_int_equal(host_mode("shared/new.txt"), S_IFREG | 0755);	/* no setuid/setgid */
	assert_int_equal(simple(t, FS9P_TFSYNC, 1), 0);
	/* Creating over an existing name: never opens it. */
	assert_int_equal(walk(t, ROOT, 2, "1"), 0);
	assert_int_equal(lcreate(t, 2, "new.txt", O_RDWR, 0644), EEXIST);
	assert_int_equal(lcreate(t, 2, "link_out", O_RDWR, 0644), EEXIST);
	assert_int_equal(lcreate(t, 2, "..", O_RDWR, 0644), EINVAL);
	assert_int_equal(lcreate(t, 2, "a/b", O_RDWR, 0644), EINVAL);
	assert_int_equal(lcreate(t, 2, "mode3", 3, 0644), EINVAL);
	assert_int_equal(host_mode("shared/mode3"), 0);
	/* setattr: mode without setuid, size, times */
	{
		struct fs9p_req sa = { .type = FS9P_TSETATTR, .fid = 1,
				       .valid = FS9P_SETATTR_MODE | FS9P_SETATTR_SIZE |
						FS9P_SETATTR_MTIME | FS9P_SETATTR_MTIME_SET,
				       .mode = 04777, .size = 5, .mtime_sec = 1000 };
		char p[512];
		struct stat st;

		assert_int_equal(rpc(t, &sa), 0);
		snprintf(p, sizeof(p), "%s/shared/new.txt", tmp);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_mode, S_IFREG | 0777);
		assert_int_equal(st.st_size, 5);
		assert_int_equal(st.st_mtime, 1000);
		sa.valid = FS9P_SETATTR_MTIME | FS9P_SETATTR_MTIME_SET;
		sa.mtime_nsec = 1000000000;
		assert_int_equal(rpc(t, &sa), EINVAL);
		sa.valid = FS9P_SETATTR_SIZE;
		sa.fid = 2;
		assert_int_equal(rpc(t, &sa), EISDIR);
	}
	assert_int_equal(simple(t, FS9P_TREMOVE, 1), 0);
	assert_int_equal(host_mode("shared/new.txt"), 0);
}

static void test_shared_tree_ops(void **state)
{
	struct t *t = *state;
	struct fs9p_req r;
	char buf[4096];

	assert_int_equal(walk(t, ROOT, 1, "1"), 0);
	r = (struct fs9p_req){ .type = FS9P_TMKDIR, .fid = 1, .str = { str_of("d") }, .mode = 02775 };
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(host_mode("shared/d"), S_IFDIR | 0775);
	r = (struct fs9p_req){ .type = FS9P_TSYMLINK, .fid = 1, .str = { str_of("l"), str_of("/etc/passwd") } };
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(t->out[7], FS9P_QTSYMLINK);
	assert_int_equal(walk(t, ROOT, 2, "1/l"), 0);
	assert_int_equal(lopen(t, 2, O_RDONLY), ELOOP);
	/* renameat and rename inside the export */
	r = (struct fs9p_req){ .type = FS9P_TRENAMEAT, .fid = 1, .fid2 = 1,
			       .str = { str_of("l"), str_of("l2") } };
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(walk(t, ROOT, 3, "1/d"), 0);
	assert_int_equal(walk(t, ROOT, 4, "1/s.txt"), 0);
	r = (struct fs9p_req){ .type = FS9P_TLINK, .fid2 = 3, .fid = 4, .str = { str_of("hard") } };
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(cat(t, "1/d/hard", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "shared");
	r = (struct fs9p_req){ .type = FS9P_TRENAME, .fid = 4, .fid2 = 3, .str = { str_of("moved") } };
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(cat(t, "1/d/moved", buf, sizeof(buf)), 0);
	assert_int_equal(list(t, "1/d", 4096, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, ".,..,hard,moved");
	/* Moving it back finds it where the first move put it. */
	r = (struct fs9p_req){ .type = FS9P_TRENAME, .fid = 4, .fid2 = 1, .str = { str_of("s.txt") } };
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(host_mode("shared/s.txt"), S_IFREG | 0644);
	/* unlinkat, remove */
	r = (struct fs9p_req){ .type = FS9P_TUNLINKAT, .fid = 3, .str = { str_of("hard") } };
	assert_int_equal(rpc(t, &r), 0);
	r.flags = 0x1;
	assert_int_equal(rpc(t, &r), EINVAL);
	r = (struct fs9p_req){ .type = FS9P_TUNLINKAT, .fid = 1, .str = { str_of("l2") } };
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(simple(t, FS9P_TREMOVE, 3), 0);
	assert_int_equal(host_mode("shared/d"), 0);
	assert_int_equal(simple(t, FS9P_TREMOVE, 1), EBUSY);	/* an export's root */
	assert_int_equal(host_mode("shared"), S_IFDIR | 0755);
}

static void test_symlink_attrs(void **state)
{
	struct t *t = *state;
	struct fs9p_req r = { .type = FS9P_TSYMLINK, .fid = 1, .str = { str_of("sl"), str_of("s.txt") } };
	char p[512];
	struct stat st;

	assert_int_equal(walk(t, ROOT, 1, "1/sub"), 0);
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(walk(t, 1, 2, "sl"), 0);
	r = (struct fs9p_req){ .type = FS9P_TSETATTR, .fid = 2,
			       .valid = FS9P_SETATTR_MTIME | FS9P_SETATTR_MTIME_SET, .mtime_sec = 4242 };
	assert_int_equal(rpc(t, &r), 0);	/* through its parent */
	snprintf(p, sizeof(p), "%s/shared/sub/sl", tmp);
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mtime, 4242);
	r.valid = FS9P_SETATTR_MODE;
	assert_int_equal(rpc(t, &r), EOPNOTSUPP);
	r.valid = FS9P_SETATTR_SIZE;
	assert_int_equal(rpc(t, &r), EINVAL);
	/* Opening: a directory for writing, a file for the wrong way. */
	assert_int_equal(lopen(t, 1, O_WRONLY), EISDIR);
	assert_int_equal(walk(t, ROOT, 3, "1/s.txt"), 0);
	assert_int_equal(lopen(t, 3, O_RDONLY), 0);
	assert_int_equal(write_at(t, 3, 0, "x"), EBADF);
	assert_int_equal(walk(t, ROOT, 4, "0/pub/w.txt"), 0);
	assert_int_equal(lopen(t, 4, O_RDONLY), 0);
	assert_int_equal(write_at(t, 4, 0, "x"), EROFS);
	assert_int_equal(simple(t, FS9P_TREMOVE, 2), 0);
	assert_int_equal(lstat(p, &st), -1);
}

static void test_cross_export(void **state)
{
	struct t *t = *state;
	struct fs9p_req r;

	assert_int_equal(walk(t, ROOT, 1, "1"), 0);
	assert_int_equal(walk(t, ROOT, 2, "2"), 0);
	assert_int_equal(walk(t, ROOT, 3, "0/pub/a.txt"), 0);
	assert_int_equal(walk(t, ROOT, 4, "1/s.txt"), 0);
	r = (struct fs9p_req){ .type = FS9P_TLINK, .fid2 = 1, .fid = 3, .str = { str_of("stolen") } };
	assert_int_equal(rpc(t, &r), EXDEV);
	r = (struct fs9p_req){ .type = FS9P_TLINK, .fid2 = 2, .fid = 4, .str = { str_of("x") } };
	assert_int_equal(rpc(t, &r), EXDEV);
	r = (struct fs9p_req){ .type = FS9P_TRENAMEAT, .fid = 1, .fid2 = 2,
			       .str = { str_of("s.txt"), str_of("s.txt") } };
	assert_int_equal(rpc(t, &r), EXDEV);
	r = (struct fs9p_req){ .type = FS9P_TRENAME, .fid = 4, .fid2 = 2, .str = { str_of("x") } };
	assert_int_equal(rpc(t, &r), EXDEV);
	r = (struct fs9p_req){ .type = FS9P_TLINK, .fid2 = 1, .fid = 1, .str = { str_of("dirlink") } };
	assert_int_equal(rpc(t, &r), EPERM);	/* not a regular file */
	assert_int_equal(host_mode("shared/s.txt"), S_IFREG | 0644);
	assert_int_equal(host_mode("upper/x"), 0);
}

static void test_mknod(void **state)
{
	struct t *t = *state;
	struct fs9p_req r = { .type = FS9P_TMKNOD, .fid = 1, .str = { str_of("wh") },
			      .mode = S_IFCHR | 0644 };

	assert_int_equal(walk(t, ROOT, 1, "1"), 0);
	assert_int_equal(rpc(t, &r), EPERM);	/* SHARED: never */
	assert_int_equal(walk(t, 1, 1, "../2"), 0);
	r.major = 1;
	r.minor = 3;	/* /dev/null */
	assert_int_equal(rpc(t, &r), EPERM);
	r.major = r.minor = 0;
	r.mode = S_IFIFO | 0644;
	assert_int_equal(rpc(t, &r), EPERM);
	r.mode = S_IFCHR | 0644;
	assert_int_equal(rpc(t, &r), 0);	/* a whiteout */
	assert_int_equal(host_mode("upper/wh"), S_IFCHR | 0644);
	assert_int_equal(walk(t, ROOT, 2, "2/wh"), 0);
	assert_int_equal(lopen(t, 2, O_RDONLY), EACCES);
	assert_int_equal(simple(t, FS9P_TREMOVE, 2), 0);
}

/* create(2) without an open (the overlay's copies): Tmknod of a regular
 * file makes an empty one in a writable export, never in the view; in the
 * upper layer its owner keeps read and write whatever mode is asked. */
static void test_mknod_regular(void **state)
{
	struct t *t = *state;
	struct fs9p_req r = { .type = FS9P_TMKNOD, .fid = 1, .str = { str_of("empty") },
			      .mode = S_IFREG | 04755 };

	assert_int_equal(walk(t, ROOT, 1, "1"), 0);
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(host_mode("shared/empty"), S_IFREG | 0755);	/* no setuid */
	assert_int_equal(rpc(t, &r), EEXIST);
	assert_int_equal(walk(t, 1, 1, "../2"), 0);
	r.mode = S_IFREG | 0;
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(host_mode("upper/empty"), S_IFREG | 0600);
	assert_int_equal(walk(t, ROOT, 3, "0"), 0);
	r.fid = 3;
	assert_int_equal(rpc(t, &r), EROFS);
}

/* The overlay's work directory is mode 0: the server must still reach it. */
static void test_upper_keeps_owner_access(void **state)
{
	struct t *t = *state;
	struct fs9p_req mk = { .type = FS9P_TMKDIR, .fid = 1, .str = { str_of("work") },
			       .mode = 0 };
	struct fs9p_req ch = { .type = FS9P_TSETATTR, .fid = 2, .valid = FS9P_SETATTR_MODE,
			       .mode = 0 };

	assert_int_equal(walk(t, ROOT, 1, "2"), 0);
	assert_int_equal(rpc(t, &mk), 0);
	assert_int_equal(host_mode("upper/work"), S_IFDIR | 0700);
	assert_int_equal(walk(t, ROOT, 2, "2/work"), 0);
	assert_int_equal(rpc(t, &ch), 0);
	assert_int_equal(host_mode("upper/work"), S_IFDIR | 0700);
	assert_int_equal(walk(t, ROOT, 3, "1"), 0);
	mk.fid = 3;
	mk.str[0] = str_of("closed");
	assert_int_equal(rpc(t, &mk), 0);
	assert_int_equal(host_mode("shared/closed"), S_IFDIR | 0);	/* shared: as asked */
}

static void test_upper_chown(void **state)
{
	struct t *t = *state;
	struct fs9p_req r = { .type = FS9P_TSETATTR, .fid = 1,
			      .valid = FS9P_SETATTR_UID | FS9P_SETATTR_GID, .uid = getuid(), .gid = getgid() };

	assert_int_equal(walk(t, ROOT, 1, "2"), 0);
	assert_int_equal(lcreate(t, 1, "owned", O_WRONLY, 0644), 0);
	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(simple(t, FS9P_TREMOVE, 1), 0);
}

/*
 * What an unprivileged server meets: chown refused by the OS is ignored in
 * an UPPER export and reported in a SHARED one; whiteouts and hard links
 * (through /proc/self/fd) still work. Run as nobody when the tests run as
 * root. Checks are counted, not asserted: this may run in a child (only
 * rpc's framing asserts remain, and a broken frame fails it either way).
 */
static int unprivileged_checks(void)
{
	static char up[300], sh[300];
	static struct fs_export ex[2];
	struct fs_server_config c = { ex, 2, policy, NULL, MSIZE };
	struct fs9p_req own = { .type = FS9P_TSETATTR, .fid = 1, .valid = FS9P_SETATTR_UID, .uid = 0 };
	struct fs9p_req wh = { .type = FS9P_TMKNOD, .fid = 2, .str = { str_of("wh") }, .mode = S_IFCHR | 0600 };
	struct fs9p_req ln = { .type = FS9P_TLINK, .fid2 = 2, .fid = 1, .str = { str_of("hard") } };
	struct t t = { 0 };
	char err[256];
	int bad = 0;

	snprintf(up, sizeof(up), "%s/own-upper", tmp);
	snprintf(sh, sizeof(sh), "%s/own-shared", tmp);
	ex[0] = (struct fs_export){ FS_EXPORT_UPPER, up };
	ex[1] = (struct fs_export){ FS_EXPORT_SHARED, sh };
	t.s = fs_server_new(&c, err, sizeof(err));
	if (!t.s)
		return 1;
	bad |= version(&t, MSIZE, FS9P_VERSION) != 0 || attach(&t, 0) != 0;
	bad |= walk(&t, 0, 1, "0") != 0 || walk(&t, 0, 2, "0") != 0;
	bad |= lcreate_raw(&t, 1, "f") != 0;
	bad |= rpc(&t, &own) != 0;	/* ignored */
	bad |= rpc(&t, &wh) != 0;
	bad |= rpc(&t, &ln) != 0;
	bad |= walk(&t, 0, 3, "1") != 0 || walk(&t, 0, 4, "1") != 0;
	own.fid = 3;
	bad |= lcreate_raw(&t, 3, "f") != 0;
	bad |= rpc(&t, &own) != EPERM;	/* reported */
	wh.fid = 4;
	bad |= rpc(&t, &wh) != EPERM;
	fs_server_free(t.s);
	return bad;
}

static void test_unprivileged(void **state)
{
	char p[512];
	pid_t pid;
	int st;

	(void)state;
	make_dir("own-upper");
	make_dir("own-shared");
	if (getuid() != 0) {
		assert_int_equal(unprivileged_checks(), 0);
		return;
	}
	snprintf(p, sizeof(p), "%s/own-upper", tmp);
	assert_int_equal(chown(p, 65534, 65534), 0);
	snprintf(p, sizeof(p), "%s/own-shared", tmp);
	assert_int_equal(chown(p, 65534, 65534), 0);
	assert_int_equal(chmod(tmp, 0755), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(setgid(65534) || setuid(65534) ? 2 : unprivileged_checks());
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(chmod(tmp, 0700), 0);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(host_mode("own-upper/hard"), S_IFREG | 0644);
	assert_int_equal(host_mode("own-upper/wh"), S_IFCHR | 0600);
}

/* ---------------------------------------------------------- reading -- */

static void test_read_clamped(void **state)
{
	struct t *t = *state;
	static char big[3 * MSIZE];
	char p[512];
	int fd;

	memset(big, 'z', sizeof(big));
	snprintf(p, sizeof(p), "%s/shared/big", tmp);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_int_equal(write(fd, big, sizeof(big)), sizeof(big));
	close(fd);
	assert_int_equal(walk(t, ROOT, 1, "1/big"), 0);
	assert_int_equal(lopen(t, 1, O_RDONLY), 0);
	assert_int_equal(read_at(t, 1, 0, UINT32_MAX, NULL, 0), 0);
	assert_int_equal(t->n, MSIZE);
	/* A reply buffer smaller than msize bounds it too. */
	{
		struct fs9p_req r = { .type = FS9P_TREAD, .fid = 1, .count = UINT32_MAX, .tag = 9 };
		uint8_t req[64], out[100];
		size_t len = fs9p_encode_req(&r, req, sizeof(req));

		assert_int_equal(fs_server_handle(t->s, req, len, out, sizeof(out)), 100);
		assert_int_equal(fs9p_get32(out + 7), 89);
	}
	assert_int_equal(read_at(t, 1, (uint64_t)INT64_MAX + 1, 10, NULL, 0), EINVAL);
	unlink(p);
}

static void test_readdir_paging(void **state)
{
	struct t *t = *state;
	char buf[8192], expect[8192] = ".,..";

	make_dir("shared/many");
	for (int i = 0; i < 60; i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "shared/many/file-%02d", i);
		write_file(rel, "", 0644);
		sprintf(expect + strlen(expect), ",file-%02d", i);
	}
	sort_list(expect);
	assert_int_equal(list(t, "1/many", 100, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, expect);
	assert_int_equal(list(t, "1/many", 4096, buf, sizeof(buf)), 0);
	sort_list(buf);
	assert_string_equal(buf, expect);
	/* Not open, not a directory. */
	assert_int_equal(walk(t, ROOT, 1, "1/many"), 0);
	{
		struct fs9p_req r = { .type = FS9P_TREADDIR, .fid = 1, .count = 100 };

		assert_int_equal(rpc(t, &r), EBADF);
		assert_int_equal(walk(t, ROOT, 2, "1/s.txt"), 0);
		assert_int_equal(lopen(t, 2, O_RDONLY), 0);
		r.fid = 2;
		assert_int_equal(rpc(t, &r), ENOTDIR);
	}
	for (int i = 0; i < 60; i++) {
		char p[512];

		snprintf(p, sizeof(p), "%s/shared/many/file-%02d", tmp, i);
		unlink(p);
	}
	snprintf(buf, sizeof(buf), "%s/shared/many", tmp);
	rmdir(buf);
}

/* ------------------------------------------------------------ others -- */

static void test_xattrs(void **state)
{
	struct t *t = *state;
	struct fs9p_req r = { .type = FS9P_TXATTRWALK, .fid = ROOT, .fid2 = 1, .str = { str_of("") } };

	assert_int_equal(rpc(t, &r), 0);
	assert_int_equal(fs9p_get64(t->out + 7), 0);
	assert_int_equal(read_at(t, 1, 0, 100, NULL, 0), 0);
	assert_int_equal(fs9p_get32(t->out + 7), 0);
	assert_int_equal(simple(t, FS9P_TGETATTR, 1), EINVAL);
	assert_int_equal(lopen(t, 1, O_RDONLY), EINVAL);
	assert_int_equal(walk(t, 1, 2, "0"), EINVAL);
	assert_int_equal(simple(t, FS9P_TCLUNK, 1), 0);
	r.str[0] = str_of("user.x");
	assert_int_equal(rpc(t, &r), ENODATA);
	r.str[0] = str_of("security.selinux");
	assert_int_equal(rpc(t, &r), EOPNOTSUPP);
	r.str[0] = str_of("trusted.overlay.opaque");
	assert_int_equal(rpc(t, &r), EOPNOTSUPP);
	r = (struct fs9p_req){ .type = FS9P_TXATTRCREATE, .fid = ROOT, .str = { str_of("user.x") } };
	assert_int_equal(rpc(t, &r), EOPNOTSUPP);
}

static void test_misc(void **state)
{
	struct t *t = *state;
	struct fs9p_req lk = { .type = FS9P_TLOCK, .fid = ROOT, .str = { str_of("c") } };
	struct fs9p_req gl = { .type = FS9P_TGETLOCK, .fid = ROOT, .start = 5, .length = 7,
			       .str = { str_of("client") } };
	struct fs9p_req fl = { .type = FS9P_TFLUSH, .oldtag = 3 };

	assert_int_equal(simple(t, FS9P_TSTATFS, ROOT), 0);
	assert_int_equal(fs9p_get32(t->out + 7), 0x01021997);
	assert_int_equal(walk(t, ROOT, 1, "1"), 0);
	assert_int_equal(simple(t, FS9P_TSTATFS, 1), 0);
	assert_int_equal(t->n, 7 + 60);
	assert_int_equal(rpc(t, &lk), 0);
	assert_int_equal(t->out[7], FS9P_LOCK_SUCCESS);
	assert_int_equal(rpc(t, &gl), 0);
	assert_int_equal(t->out[7], FS9P_LOCK_UNLCK);
	assert_int_equal(fs9p_get64(t->out + 8), 5);
	assert_int_equal(rpc(t, &fl), 0);
	assert_int_equal(t->n, 7);
	assert_int_equal(simple(t, FS9P_TFSYNC, 1), EBADF);	/* not open */
	assert_int_equal(simple(t, FS9P_TCLUNK, 1), 0);
	assert_int_equal(simple(t, FS9P_TCLUNK, 1), EBADF);
}

static void test_fid_limit(void **state)
{
	struct t *t = *state;
	uint32_t n;

	for (n = 1; n < FS_MAX_FIDS; n++)
		assert_int_equal(attach(t, n), 0);
	assert_int_equal(attach(t, n), ENFILE);
	assert_int_equal(walk(t, ROOT, n, "0"), ENFILE);
	assert_int_equal(walk(t, 5, 5, "0"), 0);	/* no new fid needed */
	assert_int_equal(simple(t, FS9P_TCLUNK, 17), 0);
	assert_int_equal(walk(t, ROOT, n, "0/pub"), 0);
	assert_int_equal(attach(t, 17), ENFILE);
}

/* Many real fids, open files among them, all closed by Tversion and by
 * fs_server_free: no descriptor outlives the server. */
static void test_no_fd_leak(void **state)
{
	int before = count_fds();

	(void)state;
	for (int round = 0; round < 2; round++) {
		void *st;
		struct t *t;

		start(&st);
		t = st;
		for (uint32_t i = 1; i < 200; i++) {
			assert_int_equal(walk(t, ROOT, i, "1/s.txt"), 0);
			assert_int_equal(lopen(t, i, O_RDONLY), 0);
		}
		assert_int_equal(walk(t, ROOT, 500, "1"), 0);
		assert_int_equal(lopen(t, 500, O_RDONLY), 0);
		if (round == 0)
			assert_int_equal(version(t, MSIZE, FS9P_VERSION), 0);
		stop(&st);
		assert_int_equal(count_fds(), before);
	}
}

/* Qids of nodes on two filesystems differ in their device index even
 * where inode numbers could meet; the inode is in the low bits. */
static void test_qid_devices(void **state)
{
	static struct fs_export ex[2] = { { FS_EXPORT_SHARED, NULL }, { FS_EXPORT_SHARED, "/proc" } };
	struct fs_server_config c = { ex, 2, policy, NULL, MSIZE };
	struct stat a, b;
	struct t t = { 0 };
	struct fs9p_qid qa, qb;
	char err[256];

	(void)state;
	ex[0].host_path = tmp;
	t.s = fs_server_new(&c, err, sizeof(err));
	assert_non_null(t.s);
	assert_int_equal(version(&t, MSIZE, FS9P_VERSION), 0);
	assert_int_equal(attach(&t, 0), 0);
	assert_int_equal(walk(&t, 0, 1, "0"), 0);
	qa = walk_qid(&t);
	assert_int_equal(walk(&t, 0, 2, "1"), 0);
	qb = walk_qid(&t);
	assert_int_equal(stat(tmp, &a), 0);
	assert_int_equal(stat("/proc", &b), 0);
	assert_int_equal(qa.path & ((1ull << 55) - 1), a.st_ino & ((1ull << 55) - 1));
	assert_int_equal(qb.path & ((1ull << 55) - 1), b.st_ino & ((1ull << 55) - 1));
	assert_int_equal(qa.path >> 55, 0);	/* devices numbered as met */
	assert_int_equal(qb.path >> 55, a.st_dev == b.st_dev ? 0 : 1);
	fs_server_free(t.s);
}

/* ----------------------------------------------------------- stream -- */

/* Runs fs_server_serve_fd on one end of a socket pair in a child; the
 * other end is returned, the child's pid in *pid. */
static int serve_in_child(pid_t *pid)
{
	static struct fs_export ex = { FS_EXPORT_SHARED, NULL };
	struct fs_server_config c = { &ex, 1, policy, NULL, MSIZE };
	int sv[2];

	ex.host_path = tmp;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	*pid = fork();
	assert_true(*pid >= 0);
	if (*pid == 0) {
		char err[256];
		struct fs_server *s = fs_server_new(&c, err, sizeof(err));
		int rc;

		close(sv[0]);
		rc = s ? fs_server_serve_fd(s, sv[1]) : -1;
		fs_server_free(s);
		_exit(rc == 0 ? 0 : 1);
	}
	close(sv[1]);
	return sv[0];
}

static int child_status(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void read_full(int fd, uint8_t *buf, size_t len)
{
	for (size_t got = 0; got < len;) {
		ssize_t n = read(fd, buf + got, len - got);

		assert_true(n > 0);
		got += (size_t)n;
	}
}

/* One reply frame; its type. */
static uint8_t read_reply(int fd, uint8_t *buf)
{
	uint32_t size;

	read_full(fd, buf, 4);
	size = fs9p_get32(buf);
	assert_true(size >= 7 && size <= MSIZE);
	read_full(fd, buf + 4, size - 4);
	return buf[4];
}

static void test_serve_fd(void **state)
{
	struct fs9p_req v = { .type = FS9P_TVERSION, .msize = MSIZE, .str = { str_of(FS9P_VERSION) } };
	struct fs9p_req a = { .type = FS9P_TATTACH, .fid = 0, .fid2 = FS9P_NOFID,
			      .str = { str_of("u"), str_of("") } };
	struct fs9p_req w = { .type = FS9P_TWALK, .fid = 0, .fid2 = 1, .nwname = 2,
			      .wname = { str_of("0"), str_of("view") } };
	uint8_t msg[256], reply[MSIZE];
	size_t len, len2;
	pid_t pid;
	int fd = serve_in_child(&pid);

	(void)state;
	/* A request a byte at a time, then two in one write. */
	len = fs9p_encode_req(&v, msg, sizeof(msg));
	for (size_t i = 0; i < len; i++)
		assert_int_equal(write(fd, msg + i, 1), 1);
	assert_int_equal(read_reply(fd, reply), FS9P_RVERSION);
	len = fs9p_encode_req(&a, msg, sizeof(msg));
	len2 = fs9p_encode_req(&w, msg + len, sizeof(msg) - len);
	assert_int_equal(write(fd, msg, len + len2), (ssize_t)(len + len2));
	assert_int_equal(read_reply(fd, reply), FS9P_RATTACH);
	assert_int_equal(read_reply(fd, reply), FS9P_RWALK);
	assert_int_equal(fs9p_get16(reply + 7), 2);
	/* EOF between requests: a clean end. */
	shutdown(fd, SHUT_WR);
	assert_int_equal(child_status(pid), 0);
	close(fd);

	/* A frame under 7 bytes ends the session with an error. */
	fd = serve_in_child(&pid);
	assert_int_equal(write(fd, "\x03\x00\x00\x00", 4), 4);
	assert_int_equal(child_status(pid), 1);
	close(fd);
	/* So does EOF inside a frame. */
	fd = serve_in_child(&pid);
	len = fs9p_encode_req(&v, msg, sizeof(msg));
	assert_int_equal(write(fd, msg, len - 1), (ssize_t)len - 1);
	shutdown(fd, SHUT_WR);
	assert_int_equal(child_status(pid), 1);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_refused),
		cmocka_unit_test_setup_teardown(test_version, start, stop),
		cmocka_unit_test(test_before_version),
		cmocka_unit_test_setup_teardown(test_framing, start, stop),
		cmocka_unit_test_setup_teardown(test_unknown_and_malformed, start, stop),
		cmocka_unit_test_setup_teardown(test_auth_and_attach, start, stop),
		cmocka_unit_test_setup_teardown(test_root, start, stop),
		cmocka_unit_test_setup_teardown(test_root_read_only, start, stop),
		cmocka_unit_test_setup_teardown(test_view_read, start, stop),
		cmocka_unit_test_setup_teardown(test_view_hidden, start, stop),
		cmocka_unit_test_setup_teardown(test_view_listing_pages, start, stop),
		cmocka_unit_test_setup_teardown(test_view_modes, start, stop),
		cmocka_unit_test_setup_teardown(test_view_read_only, start, stop),
		cmocka_unit_test_setup_teardown(test_view_of_host_root, start, stop),
		cmocka_unit_test_setup_teardown(test_symlinks, start, stop),
		cmocka_unit_test_setup_teardown(test_swapped_for_symlink, start, stop),
		cmocka_unit_test_setup_teardown(test_fifo_and_hard_link, start, stop),
		cmocka_unit_test_setup_teardown(test_dotdot, start, stop),
		cmocka_unit_test_setup_teardown(test_bad_walk_names, start, stop),
		cmocka_unit_test_setup_teardown(test_long_path, start, stop),
		cmocka_unit_test_setup_teardown(test_shared_files, start, stop),
		cmocka_unit_test_setup_teardown(test_shared_tree_ops, start, stop),
		cmocka_unit_test_setup_teardown(test_symlink_attrs, start, stop),
		cmocka_unit_test_setup_teardown(test_cross_export, start, stop),
		cmocka_unit_test_setup_teardown(test_mknod, start, stop),
		cmocka_unit_test_setup_teardown(test_mknod_regular, start, stop),
		cmocka_unit_test_setup_teardown(test_upper_keeps_owner_access, start, stop),
		cmocka_unit_test_setup_teardown(test_upper_chown, start, stop),
		cmocka_unit_test(test_unprivileged),
		cmocka_unit_test_setup_teardown(test_read_clamped, start, stop),
		cmocka_unit_test_setup_teardown(test_readdir_paging, start, stop),
		cmocka_unit_test_setup_teardown(test_xattrs, start, stop),
		cmocka_unit_test_setup_teardown(test_misc, start, stop),
		cmocka_unit_test_setup_teardown(test_fid_limit, start, stop),
		cmocka_unit_test(test_no_fd_leak),
		cmocka_unit_test(test_qid_devices),
		cmocka_unit_test(test_serve_fd),
	};

	return cmocka_run_group_tests_name("fs_server", tests, tree_setup, tree_teardown);
}
