// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the cappsule's file server (tools/fs_server.c) fed the
 * input as a stream of 9P frames, each taken as its own size field says,
 * through a fresh server over a small temporary tree:
 *
 *   TMP/view    export 0, a VIEW: pub/ readable (a file, a symlink out,
 *               a FIFO), hidden/ denied;
 *   TMP/shared  export 1, SHARED;  TMP/upper  export 2, UPPER (both
 *               rebuilt before every input, the fuzzer writes there).
 *
 * Every reply must be a well-formed frame that fits msize and carries the
 * request's tag; after each input, no descriptor on the tree may be left
 * open and the view must be unchanged.
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/fs9p_proto.h"
#include "tools/fs_server.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(cond) do { if (!(cond)) abort(); } while (0)
#define MSIZE 8192u

static char tmp[64], view[96], shared[96], upper[96];
/* Descriptors on anything under TMP: the server's, if it leaked them.
 * (Counting all would trip on libFuzzer's own, e.g. its symbolizer's
 * pipes.) */
static int open_in_tree(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	require(d);
	while ((e = readdir(d))) {
		char link[64], target[512];
		ssize_t len;

		snprintf(link, sizeof(link), "/proc/self/fd/%s", e->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (strncmp(target, tmp, strlen(tmp)) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static void put(const char *dir, const char *rel, const char *text)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	require(fd >= 0);
	require(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

static void sub(const char *dir, const char *rel, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", dir, rel);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* A writable export as every input finds it. */
static void rebuild(const char *dir)
{
	char p[256];

	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	require(mkdir(dir, 0755) == 0);
	put(dir, "f", "data");
	sub(dir, "d", p, sizeof(p));
	require(mkdir(p, 0755) == 0);
	sub(dir, "out", p, sizeof(p));
	require(symlink("../view/hidden", p) == 0);
}

static unsigned policy(void *ctx, const char *abs)
{
	size_t n = strlen(view);

	(void)ctx;
	if (strncmp(abs, view, n) != 0)
		return 0;
	if (!abs[n])
		return FS_ACCESS_ANCESTOR;
	if (strncmp(abs + n, "/pub", 4) == 0 && (!abs[n + 4] || abs[n + 4] == '/'))
		return FS_ACCESS_R | FS_ACCESS_X;
	return 0;
}

static void remove_tree(void)
{
	nftw(tmp, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char p[256];

	(void)argc;
	(void)argv;
	/* tmpfs when there is one: the tree is rebuilt for every input */
	snprintf(tmp, sizeof(tmp), "%s/fuzz-fs-server-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	require(mkdtemp(tmp));
	atexit(remove_tree);
	snprintf(view, sizeof(view), "%s/view", tmp);
	snprintf(shared, sizeof(shared), "%s/shared", tmp);
	snprintf(upper, sizeof(upper), "%s/upper", tmp);
	require(mkdir(view, 0755) == 0);
	sub(view, "pub", p, sizeof(p));
	require(mkdir(p, 0755) == 0);
	sub(view, "hidden", p, sizeof(p));
	require(mkdir(p, 0755) == 0);
	put(view, "pub/a.txt", "hello");
	put(view, "hidden/secret", "secret");
	sub(view, "pub/out", p, sizeof(p));
	require(symlink("../hidden/secret", p) == 0);
	sub(view, "pub/fifo", p, sizeof(p));
	require(mkfifo(p, 0644) == 0);
	return 0;
}

/* The view is read-only whatever the input did. */
static void check_view(void)
{
	char p[256];
	struct stat st;

	sub(view, "hidden/secret", p, sizeof(p));
	require(stat(p, &st) == 0 && st.st_size == 6);
	sub(view, "pub/a.txt", p, sizeof(p));
	require(stat(p, &st) == 0 && st.st_size == 5 && st.st_mode == (S_IFREG | 0644));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fs_export ex[] = {
		{ FS_EXPORT_VIEW, NULL }, { FS_EXPORT_SHARED, NULL }, { FS_EXPORT_UPPER, NULL },
	};
	static uint8_t out[MSIZE];
	struct fs_export exports[3] = { ex[0], ex[1], ex[2] };
	struct fs_server_config c = { exports, 3, policy, NULL, MSIZE };
	struct fs_server *s;
	char err[256];
	size_t pos = 0;

	exports[0].host_path = view;
	exports[1].host_path = shared;
	exports[2].host_path = upper;
	rebuild(shared);
	rebuild(upper);
	s = fs_server_new(&c, err, sizeof(err));
	require(s);
	while (size - pos >= 4) {
		uint32_t len = fs9p_get32(data + pos);
		uint8_t *msg;
		long n;

		if (len > size - pos)
			len = (uint32_t)(size - pos);	/* the server sees the mismatch */
		msg = malloc(len ? len : 1);	/* exact size: ASan sees over-reads */
		require(msg);
		memcpy(msg, data + pos, len);
		n = fs_server_handle(s, msg, len, out, sizeof(out));
		if (n >= 0) {
			require(n >= 7 && (size_t)n <= sizeof(out));
			require(fs9p_get32(out) == (uint32_t)n);
			require(fs9p_get16(out + 5) == fs9p_get16(msg + 5));
		}
		free(msg);
		if (n < 0 || len < 7)
			break;	/* the session is over */
		pos += len;
	}
	fs_server_free(s);
	require(open_in_tree() == 0);
	check_view();
	return 0;
}
