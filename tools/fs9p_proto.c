// SPDX-License-Identifier: GPL-2.0-only
/* 9P2000.L messages (see fs9p_proto.h). No system calls here. */
#include "tools/fs9p_proto.h"

#include <errno.h>
#include <string.h>

const char *fs9p_strerror(enum fs9p_err err)
{
	switch (err) {
	case FS9P_OK:
		return "no error";
	case FS9P_FRAME:
		return "the message's size is inconsistent or out of range";
	case FS9P_UNKNOWN:
		return "the message type is not served";
	case FS9P_SHORT:
		return "a field runs past the end of the message";
	case FS9P_TRAILING:
		return "the message has bytes after its last field";
	case FS9P_BAD_NAME:
		return "a file name is empty, \".\", \"..\" or holds '/' or NUL";
	case FS9P_NAME_LONG:
		return "a file name or symlink target is too long";
	case FS9P_TOO_MANY:
		return "a walk names more than 16 components";
	}
	return "unknown error";
}

int fs9p_err_errno(enum fs9p_err err)
{
	switch (err) {
	case FS9P_OK:
		return 0;
	case FS9P_UNKNOWN:
		return EOPNOTSUPP;
	case FS9P_BAD_NAME:
	case FS9P_TOO_MANY:
		return EINVAL;
	case FS9P_NAME_LONG:
		return ENAMETOOLONG;
	case FS9P_FRAME:
	case FS9P_SHORT:
	case FS9P_TRAILING:
		break;
	}
	return EPROTO;
}

/*
 * Each type's body as a string of field codes, read left to right by the
 * decoder and written by the encoder, so both agree by construction:
 *   u32  f fid, F fid2, m msize, U n_uname, l flags, o mode, u uid,
 *        g gid, j major, i minor, c count, v valid, p proc_id
 *   u16  t oldtag       u8  y lock_type
 *   u64  O offset, z size, k mask, S start, L length,
 *        a/A atime sec/nsec, e/E mtime sec/nsec
 *   str  s str[0], r str[1] (any bytes); N str[0], R str[1] (a name to
 *        create); T str[1] (a symlink target); X str[0] (an xattr name)
 *   W    nwname[2] and the walk names     D count[4] and the data
 *   ?    the rest is optional (absent fields stay 0)
 */
struct fs9p_layout {
	uint8_t type;
	const char *fields;
};

static const struct fs9p_layout layouts[] = {
	{ FS9P_TVERSION, "ms" },
	{ FS9P_TAUTH, "FsrU" },
	{ FS9P_TATTACH, "fFsrU" },
	{ FS9P_TFLUSH, "t" },
	{ FS9P_TWALK, "fFW" },
	{ FS9P_TLOPEN, "fl" },
	{ FS9P_TLCREATE, "fNlog" },
	{ FS9P_TSYMLINK, "fNTg" },
	{ FS9P_TMKNOD, "fNojig" },
	{ FS9P_TRENAME, "fFN" },
	{ FS9P_TREADLINK, "f" },
	{ FS9P_TSTATFS, "f" },
	{ FS9P_TCLUNK, "f" },
	{ FS9P_TREMOVE, "f" },
	{ FS9P_TGETATTR, "fk" },
	{ FS9P_TSETATTR, "fvougzaAeE" },
	{ FS9P_TXATTRWALK, "fFX" },
	{ FS9P_TXATTRCREATE, "fXzl" },
	{ FS9P_TREAD, "fOc" },
	{ FS9P_TREADDIR, "fOc" },
	{ FS9P_TWRITE, "fOD" },
	{ FS9P_TFSYNC, "f?l" },
	{ FS9P_TLOCK, "fylSLps" },
	{ FS9P_TGETLOCK, "fySLps" },
	{ FS9P_TLINK, "FfN" },
	{ FS9P_TMKDIR, "fNog" },
	{ FS9P_TRENAMEAT, "fNFR" },
	{ FS9P_TUNLINKAT, "fNl" },
};

static const char *layout_of(uint8_t type)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].type == type)
			return layouts[i].fields;
	return NULL;
}

static uint32_t *u32_field(struct fs9p_req *r, char code)
{
	switch (code) {
	case 'f': return &r->fid;
	case 'F': return &r->fid2;
	case 'm': return &r->msize;
	case 'U': return &r->n_uname;
	case 'l': return &r->flags;
	case 'o': return &r->mode;
	case 'u': return &r->uid;
	case 'g': return &r->gid;
	case 'j': return &r->major;
	case 'i': return &r->minor;
	case 'c': return &r->count;
	case 'v': return &r->valid;
	case 'p': return &r->proc_id;
	}
	return NULL;
}

static uint64_t *u64_field(struct fs9p_req *r, char code)
{
	switch (code) {
	case 'O': return &r->offset;
	case 'z': return &r->size;
	case 'k': return &r->mask;
	case 'S': return &r->start;
	case 'L': return &r->length;
	case 'a': return &r->atime_sec;
	case 'A': return &r->atime_nsec;
	case 'e': return &r->mtime_sec;
	case 'E': return &r->mtime_nsec;
	}
	return NULL;
}

static struct fs9p_str *str_field(struct fs9p_req *r, char code)
{
	switch (code) {
	case 's': case 'N': case 'X': return &r->str[0];
	case 'r': case 'R': case 'T': return &r->str[1];
	}
	return NULL;
}

/* ------------------------------------------------------- decoding -- */

struct reader {
	const uint8_t *p;
	size_t len;
	size_t pos;
};

static bool take(struct reader *rd, size_t n, const uint8_t **at)
{
	if (rd->len - rd->pos < n)
		return false;
	*at = rd->p + rd->pos;
	rd->pos += n;
	return true;
}

static enum fs9p_err take_str(struct reader *rd, struct fs9p_str *s)
{
	const uint8_t *at;
	uint16_t n;

	if (!take(rd, 2, &at))
		return FS9P_SHORT;
	n = fs9p_get16(at);
	if (!take(rd, n, &at))
		return FS9P_SHORT;
	s->s = (const char *)at;
	s->len = n;
	return FS9P_OK;
}

/* A walk name: "." and ".." are fine (the server resolves them
 * logically), nothing that could name more than one component is. */
static enum fs9p_err check_component(struct fs9p_str s)
{
	if (s.len == 0 || memchr(s.s, '/', s.len) || memchr(s.s, '\0', s.len))
		return FS9P_BAD_NAME;
	return s.len > FS9P_NAME_MAX ? FS9P_NAME_LONG : FS9P_OK;
}

enum fs9p_err fs9p_check_name(struct fs9p_str name)
{
	enum fs9p_err err = check_component(name);

	if (err)
		return err;
	if ((name.len == 1 && name.s[0] == '.') ||
	    (name.len == 2 && name.s[0] == '.' && name.s[1] == '.'))
		return FS9P_BAD_NAME;
	return FS9P_OK;
}

static enum fs9p_err check_target(struct fs9p_str s)
{
	if (s.len == 0 || memchr(s.s, '\0', s.len))
		return FS9P_BAD_NAME;
	return s.len > FS9P_PATH_MAX ? FS9P_NAME_LONG : FS9P_OK;
}

/* An xattr name may be empty (Txattrwalk: list them all). */
static enum fs9p_err check_xattr_name(struct fs9p_str s)
{
	if (memchr(s.s, '\0', s.len))
		return FS9P_BAD_NAME;
	return s.len > FS9P_XATTR_NAME_MAX ? FS9P_NAME_LONG : FS9P_OK;
}

static enum fs9p_err check_str(char code, struct fs9p_str s)
{
	switch (code) {
	case 'N': case 'R':
		return fs9p_check_name(s);
	case 'T':
		return check_target(s);
	case 'X':
		return check_xattr_name(s);
	}
	return FS9P_OK;
}

static enum fs9p_err take_walk(struct reader *rd, struct fs9p_req *r)
{
	const uint8_t *at;
	enum fs9p_err err;

	if (!take(rd, 2, &at))
		return FS9P_SHORT;
	r->nwname = fs9p_get16(at);
	if (r->nwname > FS9P_MAXWELEM)
		return FS9P_TOO_MANY;
	for (uint16_t i = 0; i < r->nwname; i++) {
		err = take_str(rd, &r->wname[i]);
		if (!err)
			err = check_component(r->wname[i]);
		if (err)
			return err;
	}
	return FS9P_OK;
}

static enum fs9p_err take_data(struct reader *rd, struct fs9p_req *r)
{
	const uint8_t *at;

	if (!take(rd, 4, &at))
		return FS9P_SHORT;
	r->count = fs9p_get32(at);
	if (!take(rd, r->count, &at))
		return FS9P_SHORT;
	r->data = at;
	return FS9P_OK;
}

static enum fs9p_err take_field(struct reader *rd, char code, struct fs9p_req *r)
{
	const uint8_t *at;
	enum fs9p_err err;

	if (code == 'W')
		return take_walk(rd, r);
	if (code == 'D')
		return take_data(rd, r);
	if (str_field(r, code)) {
		err = take_str(rd, str_field(r, code));
		return err ? err : check_str(code, *str_field(r, code));
	}
	if (u32_field(r, code)) {
		if (!take(rd, 4, &at))
			return FS9P_SHORT;
		*u32_field(r, code) = fs9p_get32(at);
	} else if (u64_field(r, code)) {
		if (!take(rd, 8, &at))
			return FS9P_SHORT;
		*u64_field(r, code) = fs9p_get64(at);
	} else if (code == 't') {
		if (!take(rd, 2, &at))
			return FS9P_SHORT;
		r->oldtag = fs9p_get16(at);
	} else {	/* 'y' */
		if (!take(rd, 1, &at))
			return FS9P_SHORT;
		r->lock_type = at[0];
	}
	return FS9P_OK;
}

enum fs9p_err fs9p_frame_size(const uint8_t *buf, size_t len, uint32_t msize, uint32_t *size)
{
	if (len < 4)
		return FS9P_SHORT;
	*size = fs9p_get32(buf);
	if (*size < FS9P_HDR || *size > msize)
		return FS9P_FRAME;
	return FS9P_OK;
}

enum fs9p_err fs9p_decode(const uint8_t *msg, size_t len, uint32_t msize, struct fs9p_req *req)
{
	struct reader rd = { msg, len, FS9P_HDR };
	const char *fields;
	enum fs9p_err err;
	bool optional = false;

	memset(req, 0, sizeof(*req));
	if (len < FS9P_HDR || len > msize || fs9p_get32(msg) != len)
		return FS9P_FRAME;
	req->type = msg[4];
	req->tag = fs9p_get16(msg + 5);
	fields = layout_of(req->type);
	if (!fields)
		return FS9P_UNKNOWN;
	for (; *fields; fields++) {
		if (*fields == '?') {
			optional = true;
			continue;
		}
		if (optional && rd.pos == rd.len)
			break;
		err = take_field(&rd, *fields, req);
		if (err)
			return err;
	}
	return rd.pos == rd.len ? FS9P_OK : FS9P_TRAILING;
}

bool fs9p_str_copy(struct fs9p_str s, char *out, size_t cap)
{
	if ((size_t)s.len >= cap || (s.len && memchr(s.s, '\0', s.len)))
		return false;
	if (s.len)
		memcpy(out, s.s, s.len);
	out[s.len] = '\0';
	return true;
}

/* ------------------------------------------------------- encoding -- */

static uint8_t *room(struct fs9p_buf *b, size_t n)
{
	uint8_t *at;

	if (b->overflow || b->cap - b->pos < n) {
		b->overflow = true;
		return NULL;
	}
	at = b->p + b->pos;
	b->pos += n;
	return at;
}

void fs9p_put8(struct fs9p_buf *b, uint8_t v)
{
	uint8_t *at = room(b, 1);

	if (at)
		at[0] = v;
}

void fs9p_put16(struct fs9p_buf *b, uint16_t v)
{
	uint8_t *at = room(b, 2);

	if (at) {
		at[0] = (uint8_t)v;
		at[1] = (uint8_t)(v >> 8);
	}
}

void fs9p_put32(struct fs9p_buf *b, uint32_t v)
{
	uint8_t *at = room(b, 4);

	for (int i = 0; at && i < 4; i++)
		at[i] = (uint8_t)(v >> (8 * i));
}

void fs9p_put64(struct fs9p_buf *b, uint64_t v)
{
	fs9p_put32(b, (uint32_t)v);
	fs9p_put32(b, (uint32_t)(v >> 32));
}

void fs9p_put_bytes(struct fs9p_buf *b, const void *data, size_t len)
{
	uint8_t *at = room(b, len);

	if (at && len)
		memcpy(at, data, len);
}

void fs9p_put_str(struct fs9p_buf *b, const char *s, size_t len)
{
	if (len > UINT16_MAX) {
		b->overflow = true;
		return;
	}
	fs9p_put16(b, (uint16_t)len);
	fs9p_put_bytes(b, s, len);
}

void fs9p_put_qid(struct fs9p_buf *b, const struct fs9p_qid *q)
{
	fs9p_put8(b, q->type);
	fs9p_put32(b, q->version);
	fs9p_put64(b, q->path);
}

void fs9p_begin(struct fs9p_buf *b, uint8_t *out, size_t cap, uint8_t type, uint16_t tag)
{
	*b = (struct fs9p_buf){ .p = out, .cap = cap };
	fs9p_put32(b, 0);
	fs9p_put8(b, type);
	fs9p_put16(b, tag);
}

size_t fs9p_end(struct fs9p_buf *b)
{
	if (b->overflow || b->pos > UINT32_MAX)
		return 0;
	for (int i = 0; i < 4; i++)
		b->p[i] = (uint8_t)(b->pos >> (8 * i));
	return b->pos;
}

size_t fs9p_rlerror(uint8_t *out, size_t cap, uint16_t tag, uint32_t ecode)
{
	struct fs9p_buf b;

	fs9p_begin(&b, out, cap, FS9P_RLERROR, tag);
	fs9p_put32(&b, ecode);
	return fs9p_end(&b);
}

static void put_field(struct fs9p_buf *b, char code, const struct fs9p_req *r)
{
	struct fs9p_req *w = (struct fs9p_req *)r;	/* the lookups only read */

	if (code == 'W') {
		fs9p_put16(b, r->nwname);
		for (uint16_t i = 0; i < r->nwname && i < FS9P_MAXWELEM; i++)
			fs9p_put_str(b, r->wname[i].s, r->wname[i].len);
	} else if (code == 'D') {
		fs9p_put32(b, r->count);
		fs9p_put_bytes(b, r->data, r->count);
	} else if (str_field(w, code)) {
		fs9p_put_str(b, str_field(w, code)->s, str_field(w, code)->len);
	} else if (u32_field(w, code)) {
		fs9p_put32(b, *u32_field(w, code));
	} else if (u64_field(w, code)) {
		fs9p_put64(b, *u64_field(w, code));
	} else if (code == 't') {
		fs9p_put16(b, r->oldtag);
	} else if (code == 'y') {
		fs9p_put8(b, r->lock_type);
	}
}

size_t fs9p_encode_req(const struct fs9p_req *req, uint8_t *out, size_t cap)
{
	const char *fields = layout_of(req->type);
	struct fs9p_buf b;

	if (!fields)
		return 0;
	fs9p_begin(&b, out, cap, req->type, req->tag);
	for (; *fields; fields++)
		put_field(&b, *fields, req);
	return fs9p_end(&b);
}
