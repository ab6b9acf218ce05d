/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 9P2000.L messages the cappsule's v9fs client and the host's file
 * server (fs_server.h) exchange. Pure logic: no system calls, no
 * allocation.
 *
 *   decoding      a whole T-message (size[4] type[1] tag[2] body) into
 *                 struct fs9p_req, with every field checked against the
 *                 message's bounds; strings point into the message;
 *   encoding      R-messages through a bounded writer (struct fs9p_buf)
 *                 that never writes past its capacity; T-messages too, for
 *                 the tests and the fuzzer's seeds.
 *
 * Everything is little-endian. The message comes from a kernel the
 * attacker owns: a frame whose size field disagrees with its length, is
 * under 7 or over the negotiated msize breaks the stream (FS9P_FRAME, the
 * session ends); any other defect is answered with Rlerror and the
 * session goes on.
 */
#ifndef CAPPSULE_TOOLS_FS9P_PROTO_H
#define CAPPSULE_TOOLS_FS9P_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FS9P_HDR 7u              /* size[4] type[1] tag[2] */
#define FS9P_MAXWELEM 16u        /* names in one Twalk */
#define FS9P_NAME_MAX 255u       /* bytes in one file name */
#define FS9P_PATH_MAX 4095u      /* bytes in a symlink target */
#define FS9P_XATTR_NAME_MAX 255u
#define FS9P_NOTAG 0xffffu
#define FS9P_NOFID 0xffffffffu
#define FS9P_QID_SIZE 13u
#define FS9P_IOHDR 24u           /* room a Rread/Rreaddir header may need */
#define FS9P_VERSION "9P2000.L"

enum fs9p_type {
	FS9P_RLERROR = 7,
	FS9P_TSTATFS = 8, FS9P_RSTATFS,
	FS9P_TLOPEN = 12, FS9P_RLOPEN,
	FS9P_TLCREATE = 14, FS9P_RLCREATE,
	FS9P_TSYMLINK = 16, FS9P_RSYMLINK,
	FS9P_TMKNOD = 18, FS9P_RMKNOD,
	FS9P_TRENAME = 20, FS9P_RRENAME,
	FS9P_TREADLINK = 22, FS9P_RREADLINK,
	FS9P_TGETATTR = 24, FS9P_RGETATTR,
	FS9P_TSETATTR = 26, FS9P_RSETATTR,
	FS9P_TXATTRWALK = 30, FS9P_RXATTRWALK,
	FS9P_TXATTRCREATE = 32, FS9P_RXATTRCREATE,
	FS9P_TREADDIR = 40, FS9P_RREADDIR,
	FS9P_TFSYNC = 50, FS9P_RFSYNC,
	FS9P_TLOCK = 52, FS9P_RLOCK,
	FS9P_TGETLOCK = 54, FS9P_RGETLOCK,
	FS9P_TLINK = 70, FS9P_RLINK,
	FS9P_TMKDIR = 72, FS9P_RMKDIR,
	FS9P_TRENAMEAT = 74, FS9P_RRENAMEAT,
	FS9P_TUNLINKAT = 76, FS9P_RUNLINKAT,
	FS9P_TVERSION = 100, FS9P_RVERSION,
	FS9P_TAUTH = 102, FS9P_RAUTH,
	FS9P_TATTACH = 104, FS9P_RATTACH,
	FS9P_TFLUSH = 108, FS9P_RFLUSH,
	FS9P_TWALK = 110, FS9P_RWALK,
	FS9P_TREAD = 116, FS9P_RREAD,
	FS9P_TWRITE = 118, FS9P_RWRITE,
	FS9P_TCLUNK = 120, FS9P_RCLUNK,
	FS9P_TREMOVE = 122, FS9P_RREMOVE,
};

/* qid.type bits */
#define FS9P_QTDIR 0x80u
#define FS9P_QTSYMLINK 0x02u
#define FS9P_QTFILE 0x00u

/* Tsetattr valid bits */
#define FS9P_SETATTR_MODE 0x001u
#define FS9P_SETATTR_UID 0x002u
#define FS9P_SETATTR_GID 0x004u
#define FS9P_SETATTR_SIZE 0x008u
#define FS9P_SETATTR_ATIME 0x010u
#define FS9P_SETATTR_MTIME 0x020u
#define FS9P_SETATTR_CTIME 0x040u
#define FS9P_SETATTR_ATIME_SET 0x080u
#define FS9P_SETATTR_MTIME_SET 0x100u

/* Tlopen/Tlcreate flags: the client's own, in the protocol's numbering
 * (the same as x86 Linux's O_*, but not every architecture's). */
#define FS9P_DOTL_ACCMODE 0x3u
#define FS9P_DOTL_TRUNC 01000u
#define FS9P_DOTL_APPEND 02000u

#define FS9P_GETATTR_BASIC 0x7ffull     /* mode .. blocks */
#define FS9P_AT_REMOVEDIR 0x200u        /* Tunlinkat flags */
#define FS9P_LOCK_SUCCESS 0u
#define FS9P_LOCK_UNLCK 2u

enum fs9p_err {
	FS9P_OK,
	FS9P_FRAME,       /* size field wrong, < 7 or > msize: fatal */
	FS9P_UNKNOWN,     /* a type this server does not serve */
	FS9P_SHORT,       /* a field runs past the end of the message */
	FS9P_TRAILING,    /* bytes after the last field */
	FS9P_BAD_NAME,    /* empty, ".", "..", with '/' or NUL (where a name is created) */
	FS9P_NAME_LONG,   /* a name over FS9P_NAME_MAX, a target over FS9P_PATH_MAX */
	FS9P_TOO_MANY,    /* nwname > FS9P_MAXWELEM */
};

/* One line, no newline. */
const char *fs9p_strerror(enum fs9p_err err);
/* The Linux errno an Rlerror carries for a non-fatal decoding error. */
int fs9p_err_errno(enum fs9p_err err);

struct fs9p_str {
	const char *s;   /* inside the message, not NUL-terminated */
	uint16_t len;
};

struct fs9p_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

/*
 * A decoded T-message. Field use per type (names as in the 9P2000.L
 * documents):
 *   Tversion   msize, str[0] version
 *   Tauth      fid2 afid, str[0] uname, str[1] aname, n_uname
 *   Tattach    fid, fid2 afid, str[0] uname, str[1] aname, n_uname
 *   Tflush     oldtag
 *   Twalk      fid, fid2 newfid, nwname, wname[]
 *   Tlopen     fid, flags
 *   Tlcreate   fid, str[0] name, flags, mode, gid
 *   Tsymlink   fid dfid, str[0] name, str[1] target, gid
 *   Tmknod     fid dfid, str[0] name, mode, major, minor, gid
 *   Trename    fid, fid2 dfid, str[0] name
 *   Treadlink, Tstatfs, Tclunk, Tremove   fid
 *   Tgetattr   fid, mask
 *   Tsetattr   fid, valid, mode, uid, gid, size, atime/mtime sec/nsec
 *   Txattrwalk fid, fid2 newfid, str[0] name
 *   Txattrcreate fid, str[0] name, size, flags
 *   Tread, Treaddir   fid, offset, count
 *   Twrite     fid, offset, count, data
 *   Tfsync     fid, flags datasync (0 if absent)
 *   Tlock      fid, lock_type, flags, start, length, proc_id, str[0] client_id
 *   Tgetlock   fid, lock_type, start, length, proc_id, str[0] client_id
 *   Tlink      fid2 dfid, fid, str[0] name
 *   Tmkdir     fid dfid, str[0] name, mode, gid
 *   Trenameat  fid olddfid, str[0] oldname, fid2 newdfid, str[1] newname
 *   Tunlinkat  fid dfid, str[0] name, flags
 */
struct fs9p_req {
	uint8_t type;
	uint16_t tag;
	uint32_t fid, fid2;
	uint32_t msize, n_uname, flags, mode, uid, gid, major, minor, count, valid, proc_id;
	uint16_t oldtag, nwname;
	uint8_t lock_type;
	uint64_t offset, size, mask, start, length;
	uint64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec;
	struct fs9p_str str[2];
	struct fs9p_str wname[FS9P_MAXWELEM];
	const uint8_t *data;
};

/*
 * The size of the frame at the start of buf[0..len-1], for a reader that
 * accumulates a stream: FS9P_OK with *size when the first 4 bytes are
 * there (the frame may not be complete yet), FS9P_SHORT when fewer than 4
 * are, FS9P_FRAME when the size is < 7 or > msize.
 */
enum fs9p_err fs9p_frame_size(const uint8_t *buf, size_t len, uint32_t msize, uint32_t *size);

/*
 * Decodes the whole message msg[0..len-1]. FS9P_FRAME: the frame itself is
 * bad (its size field is not len, len < 7 or > msize), nothing is
 * decoded. Otherwise type and tag are always filled (an error reply needs
 * the tag), and any other answer than FS9P_OK says why the body is
 * refused.
 */
enum fs9p_err fs9p_decode(const uint8_t *msg, size_t len, uint32_t msize, struct fs9p_req *req);

/* A valid name for a file to create, rename to or link: 1..255 bytes, no
 * '/', no NUL, not "." or "..". */
enum fs9p_err fs9p_check_name(struct fs9p_str name);

/* Copies a string the decoder accepted into out[0..cap-1] with a NUL;
 * false if it does not fit or holds a NUL. */
bool fs9p_str_copy(struct fs9p_str s, char *out, size_t cap);

/* ------------------------------------------------------- encoding -- */

/* A bounded writer: once something does not fit, overflow stays set and
 * nothing more is written. */
struct fs9p_buf {
	uint8_t *p;
	size_t cap;
	size_t pos;
	bool overflow;
};

void fs9p_put8(struct fs9p_buf *b, uint8_t v);
void fs9p_put16(struct fs9p_buf *b, uint16_t v);
void fs9p_put32(struct fs9p_buf *b, uint32_t v);
void fs9p_put64(struct fs9p_buf *b, uint64_t v);
void fs9p_put_bytes(struct fs9p_buf *b, const void *data, size_t len);
void fs9p_put_str(struct fs9p_buf *b, const char *s, size_t len);
void fs9p_put_qid(struct fs9p_buf *b, const struct fs9p_qid *q);

/* Starts a message (size left for fs9p_end) in out[0..cap-1]. */
void fs9p_begin(struct fs9p_buf *b, uint8_t *out, size_t cap, uint8_t type, uint16_t tag);
/* Writes the size field; the message's length, or 0 if it overflowed. */
size_t fs9p_end(struct fs9p_buf *b);

/* Rlerror(ecode) for tag; its length (11) or 0 if cap is too small. */
size_t fs9p_rlerror(uint8_t *out, size_t cap, uint16_t tag, uint32_t ecode);

/* Bytes one Rreaddir entry with a name of name_len bytes takes. */
static inline size_t fs9p_dirent_size(size_t name_len)
{
	return FS9P_QID_SIZE + 8 + 1 + 2 + name_len;
}

/* Encodes req (any type fs9p_decode accepts) as a T-message; its length,
 * or 0 if it does not fit or the type is unknown. */
size_t fs9p_encode_req(const struct fs9p_req *req, uint8_t *out, size_t cap);

/* Little-endian reads, for whoever parses replies (the tests). */
static inline uint16_t fs9p_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t fs9p_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t fs9p_get64(const uint8_t *p)
{
	return fs9p_get32(p) | (uint64_t)fs9p_get32(p + 4) << 32;
}

#endif /* CAPPSULE_TOOLS_FS9P_PROTO_H */
