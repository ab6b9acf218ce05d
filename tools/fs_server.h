/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host-side 9P2000.L file server of one cappsule (docs/filesystem.md).
 * It runs as an unprivileged user process; its peer is the cappsule's
 * kernel, which the attacker may own. The tree it serves:
 *
 *   /          synthetic, read-only: one directory per export, named by
 *              its index ("0", "1", ...), and the file "mounts";
 *   /mounts    "INDEX KIND HOSTPATH\n" per export;
 *   /N/...     export N: a VIEW (read-only, filtered by the policy's
 *              access callback) or an UPPER or SHARED directory
 *              (read-write, confined to its root, no policy).
 *
 * Every path is resolved by the server itself, one component at a time
 * from the fid's own O_PATH handle, never following a symlink.
 */
#ifndef CAPPSULE_TOOLS_FS_SERVER_H
#define CAPPSULE_TOOLS_FS_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "tools/fs_access.h"

enum fs_export_kind { FS_EXPORT_VIEW, FS_EXPORT_UPPER, FS_EXPORT_SHARED };

struct fs_export {
	enum fs_export_kind kind;
	const char *host_path;   /* absolute */
};

struct fs_server_config {
	const struct fs_export *exports;  /* export 0 is the VIEW of the host's "/" */
	size_t n_exports;
	/* Policy for VIEW exports: the access mask (FS_ACCESS_*) of an
	 * absolute host path. */
	unsigned (*access)(void *ctx, const char *abs_path);
	void *access_ctx;
	uint32_t max_msize;               /* e.g. 128 KiB; at least FS_MIN_MSIZE */
};

#define FS_MAX_FIDS 4096u        /* live fids per session; ENFILE past it */
#define FS_MIN_MSIZE 4096u       /* smallest msize the server negotiates */
#define FS_MAX_EXPORTS 64u
#define FS_PATH_MAX 4096u        /* a node's host path, NUL included */

struct fs_server;

/* Checks the configuration and opens the exports' root directories; NULL
 * with a message in err on failure. */
struct fs_server *fs_server_new(const struct fs_server_config *c, char *err, size_t errlen);
void fs_server_free(struct fs_server *s);

/*
 * One complete request (size[4] included) in req[0..len-1], the reply out
 * in out[0..cap-1]; returns the reply's length, or -1 if the peer broke the
 * framing (drop the session) or cap cannot hold even an error reply.
 */
long fs_server_handle(struct fs_server *s, const uint8_t *req, size_t len, uint8_t *out, size_t cap);

/*
 * Serves a byte stream on fd (a socket) until EOF or a fatal protocol
 * error; returns 0 on EOF between messages, -1 otherwise. Handles partial
 * reads and writes and frames of any size up to msize. fd is blocking:
 * requests are answered one at a time, in order.
 */
int fs_server_serve_fd(struct fs_server *s, int fd);

#endif /* CAPPSULE_TOOLS_FS_SERVER_H */
