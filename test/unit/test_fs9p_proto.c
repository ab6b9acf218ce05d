// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the 9P2000.L codec (tools/fs9p_proto.c): every T-message
 * type both ways, every truncation and trailing byte, frames the session
 * cannot survive, the name and count limits, and the bounded writer.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test/unit/test_rng.h"
#include "tools/fs9p_proto.h"

#define MSIZE 8192u

static struct fs9p_str str_of(const char *s)
{
	return (struct fs9p_str){ s, (uint16_t)strlen(s) };
}

static const uint8_t payload[] = "some bytes\0with a NUL";

/* One request of each type the server serves, every field set. */
static struct fs9p_req sample(uint8_t type)
{
	struct fs9p_req r = {
		.type = type, .tag = 0x1234, .fid = 11, .fid2 = 22, .msize = MSIZE,
		.n_uname = 1000, .flags = 0x8002, .mode = 0100644, .uid = 5, .gid = 6,
		.major = 0, .minor = 0, .count = 100, .valid = 0x1ff, .proc_id = 77,
		.oldtag = 9, .lock_type = 1, .offset = 0x0102030405060708ull,
		.size = 4096, .mask = 0x7ff, .start = 1, .length = 2,
		.atime_sec = 3, .atime_nsec = 4, .mtime_sec = 5, .mtime_nsec = 6,
		.str = { str_of("name"), str_of("other") },
	};

	if (type == FS9P_TVERSION)
		r.str[0] = str_of(FS9P_VERSION);
	if (type == FS9P_TSYMLINK)
		r.str[1] = str_of("../some/where");
	if (type == FS9P_TXATTRWALK || type == FS9P_TXATTRCREATE)
		r.str[0] = str_of("user.x");
	if (type == FS9P_TWALK) {
		r.nwname = 3;
		r.wname[0] = str_of("a");
		r.wname[1] = str_of("..");
		r.wname[2] = str_of(".");
	}
	if (type == FS9P_TWRITE) {
		r.count = sizeof(payload);
		r.data = payload;
	}
	return r;
}

static const uint8_t all_types[] = {
	FS9P_TVERSION, FS9P_TAUTH, FS9P_TATTACH, FS9P_TFLUSH, FS9P_TWALK, FS9P_TLOPEN,
	FS9P_TLCREATE, FS9P_TSYMLINK, FS9P_TMKNOD, FS9P_TRENAME, FS9P_TREADLINK,
	FS9P_TSTATFS, FS9P_TCLUNK, FS9P_TREMOVE, FS9P_TGETATTR, FS9P_TSETATTR,
	FS9P_TXATTRWALK, FS9P_TXATTRCREATE, FS9P_TREAD, FS9P_TREADDIR, FS9P_TWRITE,
	FS9P_TFSYNC, FS9P_TLOCK, FS9P_TGETLOCK, FS9P_TLINK, FS9P_TMKDIR,
	FS9P_TRENAMEAT, FS9P_TUNLINKAT,
};
#define N_TYPES (sizeof(all_types) / sizeof(all_types[0]))

/* Sets the size field to len. */
static void resize(uint8_t *msg, size_t len)
{
	msg[0] = (uint8_t)len;
	msg[1] = (uint8_t)(len >> 8);
	msg[2] = (uint8_t)(len >> 16);
	msg[3] = (uint8_t)(len >> 24);
}

/* ----------------------------------------------------------- layouts -- */

static void test_layouts_by_hand(void **state)
{
	struct fs9p_req r = sample(FS9P_TWALK), d;
	uint8_t msg[128];
	static const uint8_t walk[] = {
		27, 0, 0, 0, FS9P_TWALK, 0x34, 0x12, 11, 0, 0, 0, 22, 0, 0, 0, 3, 0,
		1, 0, 'a', 2, 0, '.', '.', 1, 0, '.',
	};
	static const uint8_t version[] = {
		21, 0, 0, 0, FS9P_TVERSION, 0xff, 0xff, 0, 0x20, 0, 0,
		8, 0, '9', 'P', '2', '0', '0', '0', '.', 'L',
	};

	(void)state;
	assert_int_equal(fs9p_encode_req(&r, msg, sizeof(msg)), sizeof(walk));
	assert_memory_equal(msg, walk, sizeof(walk));
	assert_int_equal(fs9p_decode(version, sizeof(version), MSIZE, &d), FS9P_OK);
	assert_int_equal(d.type, FS9P_TVERSION);
	assert_int_equal(d.tag, FS9P_NOTAG);
	assert_int_equal(d.msize, 0x2000);
	assert_int_equal(d.str[0].len, 8);
	assert_memory_equal(d.str[0].s, "9P2000.L", 8);
	assert_ptr_equal(d.str[0].s, (const char *)version + 13);	/* points into the message */
}

static void test_round_trips(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_TYPES; i++) {
		struct fs9p_req r = sample(all_types[i]), d;
		uint8_t msg[256], again[256];
		size_t len = fs9p_encode_req(&r, msg, sizeof(msg));

		assert_true(len >= FS9P_HDR);
		assert_int_equal(fs9p_get32(msg), len);
		assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_OK);
		assert_int_equal(d.type, all_types[i]);
		assert_int_equal(d.tag, 0x1234);
		assert_int_equal(fs9p_encode_req(&d, again, sizeof(again)), len);
		assert_memory_equal(msg, again, len);
	}
}

static void test_decoded_fields(void **state)
{
	struct fs9p_req r = sample(FS9P_TSETATTR), d;
	uint8_t msg[256];
	size_t len;

	(void)state;
	len = fs9p_encode_req(&r, msg, sizeof(msg));
	assert_int_equal(len, FS9P_HDR + 4 * 5 + 8 * 5);
	assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_OK);
	assert_int_equal(d.fid, 11);
	assert_int_equal(d.valid, 0x1ff);
	assert_int_equal(d.mode, 0100644);
	assert_int_equal(d.size, 4096);
	assert_int_equal(d.mtime_nsec, 6);
	r = sample(FS9P_TWRITE);
	len = fs9p_encode_req(&r, msg, sizeof(msg));
	assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_OK);
	assert_int_equal(d.count, sizeof(payload));
	assert_memory_equal(d.data, payload, sizeof(payload));
	assert_int_equal(d.offset, 0x0102030405060708ull);
	r = sample(FS9P_TRENAMEAT);
	len = fs9p_encode_req(&r, msg, sizeof(msg));
	assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_OK);
	assert_int_equal(d.fid, 11);
	assert_int_equal(d.fid2, 22);
	assert_memory_equal(d.str[1].s, "other", 5);
}

/* Tfsync's datasync is optional: older clients send only the fid. */
static void test_fsync_optional(void **state)
{
	static const uint8_t old[] = { 11, 0, 0, 0, FS9P_TFSYNC, 1, 0, 5, 0, 0, 0 };
	static const uint8_t cut[] = { 13, 0, 0, 0, FS9P_TFSYNC, 1, 0, 5, 0, 0, 0, 1, 0 };
	struct fs9p_req d;

	(void)state;
	assert_int_equal(fs9p_decode(old, sizeof(old), MSIZE, &d), FS9P_OK);
	assert_int_equal(d.fid, 5);
	assert_int_equal(d.flags, 0);
	assert_int_equal(fs9p_decode(cut, sizeof(cut), MSIZE, &d), FS9P_SHORT);
}

/* --------------------------------------------------------- malformed -- */

/* Every shorter body, size field adjusted, is refused as short (or, for
 * Tfsync without its datasync, accepted), never read past. */
static void test_every_truncation(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_TYPES; i++) {
		struct fs9p_req r = sample(all_types[i]), d;
		uint8_t msg[256];
		size_t len = fs9p_encode_req(&r, msg, sizeof(msg));

		for (size_t cut = FS9P_HDR; cut < len; cut++) {
			uint8_t *copy = malloc(cut);
			enum fs9p_err err;

			memcpy(copy, msg, cut);
			resize(copy, cut);
			err = fs9p_decode(copy, cut, MSIZE, &d);
			if (all_types[i] == FS9P_TFSYNC && cut == FS9P_HDR + 4)
				assert_int_equal(err, FS9P_OK);
			else
				assert_int_equal(err, FS9P_SHORT);
			assert_int_equal(d.type, all_types[i]);	/* the tag for the error */
			assert_int_equal(d.tag, 0x1234);
			free(copy);
		}
	}
}

static void test_trailing_byte(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_TYPES; i++) {
		struct fs9p_req r = sample(all_types[i]), d;
		uint8_t msg[256];
		size_t len = fs9p_encode_req(&r, msg, sizeof(msg));

		msg[len] = 0;
		resize(msg, len + 1);
		assert_int_equal(fs9p_decode(msg, len + 1, MSIZE, &d), FS9P_TRAILING);
	}
}

static void test_frames(void **state)
{
	struct fs9p_req r = sample(FS9P_TCLUNK), d;
	uint8_t msg[MSIZE + 8] = { 0 };
	size_t len = fs9p_encode_req(&r, msg, sizeof(msg));
	uint32_t size;

	(void)state;
	assert_int_equal(fs9p_decode(msg, len - 1, MSIZE, &d), FS9P_FRAME);	/* size != len */
	assert_int_equal(fs9p_decode(msg, len, len - 1, &d), FS9P_FRAME);	/* over msize */
	assert_int_equal(fs9p_decode(msg, len, len, &d), FS9P_OK);
	resize(msg, 6);
	assert_int_equal(fs9p_decode(msg, 6, MSIZE, &d), FS9P_FRAME);
	assert_int_equal(fs9p_decode(msg, 3, MSIZE, &d), FS9P_FRAME);
	/* the stream reader's view */
	assert_int_equal(fs9p_frame_size(msg, 3, MSIZE, &size), FS9P_SHORT);
	assert_int_equal(fs9p_frame_size(msg, 4, MSIZE, &size), FS9P_FRAME);
	resize(msg, 7);
	assert_int_equal(fs9p_frame_size(msg, 4, MSIZE, &size), FS9P_OK);
	assert_int_equal(size, 7);
	resize(msg, MSIZE);
	assert_int_equal(fs9p_frame_size(msg, 4, MSIZE, &size), FS9P_OK);
	resize(msg, MSIZE + 1);
	assert_int_equal(fs9p_frame_size(msg, 4, MSIZE, &size), FS9P_FRAME);
	resize(msg, UINT32_MAX);
	assert_int_equal(fs9p_frame_size(msg, 4, MSIZE, &size), FS9P_FRAME);
}

static void test_unknown_types(void **state)
{
	static const uint8_t types[] = { 0, 6, 7, FS9P_RWALK, 112, 114, 124, 126, 255 };
	uint8_t msg[16] = { 7, 0, 0, 0, 0, 0x21, 0x43 };
	struct fs9p_req d;

	(void)state;
	for (size_t i = 0; i < sizeof(types); i++) {
		msg[4] = types[i];
		assert_int_equal(fs9p_decode(msg, 7, MSIZE, &d), FS9P_UNKNOWN);
		assert_int_equal(d.tag, 0x4321);
		assert_int_equal(fs9p_err_errno(FS9P_UNKNOWN), EOPNOTSUPP);
	}
}

/* Decodes r after encoding it; the decoder's answer. */
static enum fs9p_err code(const struct fs9p_req *r)
{
	static uint8_t msg[2 * MSIZE];
	struct fs9p_req d;
	size_t len = fs9p_encode_req(r, msg, sizeof(msg));

	assert_true(len > 0);
	return fs9p_decode(msg, len, sizeof(msg), &d);
}

static void test_walk_names(void **state)
{
	struct fs9p_req r = sample(FS9P_TWALK);
	char long_name[300];

	(void)state;
	memset(long_name, 'n', sizeof(long_name));
	r.wname[1] = str_of("");
	assert_int_equal(code(&r), FS9P_BAD_NAME);
	r.wname[1] = str_of("a/b");
	assert_int_equal(code(&r), FS9P_BAD_NAME);
	r.wname[1] = str_of("/");
	assert_int_equal(code(&r), FS9P_BAD_NAME);
	r.wname[1] = (struct fs9p_str){ "a\0b", 3 };
	assert_int_equal(code(&r), FS9P_BAD_NAME);
	r.wname[1] = (struct fs9p_str){ long_name, 256 };
	assert_int_equal(code(&r), FS9P_NAME_LONG);
	r.wname[1] = (struct fs9p_str){ long_name, 255 };
	assert_int_equal(code(&r), FS9P_OK);
	/* 16 names are fine, 17 are not; none is fine (a clone) */
	r.nwname = 16;
	for (int i = 0; i < 16; i++)
		r.wname[i] = str_of("x");
	assert_int_equal(code(&r), FS9P_OK);
	r.nwname = 0;
	assert_int_equal(code(&r), FS9P_OK);
	{
		uint8_t msg[64];
		struct fs9p_req d;
		size_t len;

		r.nwname = 1;
		len = fs9p_encode_req(&r, msg, sizeof(msg));
		msg[15] = 17;	/* nwname */
		assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_TOO_MANY);
		assert_int_equal(fs9p_err_errno(FS9P_TOO_MANY), EINVAL);
		msg[15] = 0xff;
		msg[16] = 0xff;
		assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_TOO_MANY);
	}
}

/* Names to create: no ".", "..", '/', NUL, empty, over 255 bytes. */
static void test_create_names(void **state)
{
	static const uint8_t creators[] = {
		FS9P_TLCREATE, FS9P_TSYMLINK, FS9P_TMKNOD, FS9P_TRENAME, FS9P_TLINK,
		FS9P_TMKDIR, FS9P_TRENAMEAT, FS9P_TUNLINKAT,
	};
	char long_name[300];

	(void)state;
	memset(long_name, 'n', sizeof(long_name));
	for (size_t i = 0; i < sizeof(creators); i++) {
		struct fs9p_req r = sample(creators[i]);

		r.str[0] = str_of(".");
		assert_int_equal(code(&r), FS9P_BAD_NAME);
		r.str[0] = str_of("..");
		assert_int_equal(code(&r), FS9P_BAD_NAME);
		r.str[0] = str_of("");
		assert_int_equal(code(&r), FS9P_BAD_NAME);
		r.str[0] = str_of("../etc");
		assert_int_equal(code(&r), FS9P_BAD_NAME);
		r.str[0] = (struct fs9p_str){ "x\0", 2 };
		assert_int_equal(code(&r), FS9P_BAD_NAME);
		r.str[0] = (struct fs9p_str){ long_name, 256 };
		assert_int_equal(code(&r), FS9P_NAME_LONG);
		r.str[0] = (struct fs9p_str){ long_name, 255 };
		assert_int_equal(code(&r), FS9P_OK);
		r.str[0] = str_of("...");
		assert_int_equal(code(&r), FS9P_OK);
	}
	{
		struct fs9p_req r = sample(FS9P_TRENAMEAT);	/* the new name too */

		r.str[1] = str_of("..");
		assert_int_equal(code(&r), FS9P_BAD_NAME);
	}
	assert_int_equal(fs9p_err_errno(FS9P_BAD_NAME), EINVAL);
	assert_int_equal(fs9p_err_errno(FS9P_NAME_LONG), ENAMETOOLONG);
}

static void test_other_strings(void **state)
{
	static char long_text[FS9P_PATH_MAX + 2];
	struct fs9p_req r = sample(FS9P_TSYMLINK);

	(void)state;
	memset(long_text, 't', sizeof(long_text));
	r.str[1] = (struct fs9p_str){ long_text, FS9P_PATH_MAX };
	assert_int_equal(code(&r), FS9P_OK);
	r.str[1] = (struct fs9p_str){ long_text, FS9P_PATH_MAX + 1 };
	assert_int_equal(code(&r), FS9P_NAME_LONG);
	r.str[1] = str_of("");
	assert_int_equal(code(&r), FS9P_BAD_NAME);
	r.str[1] = (struct fs9p_str){ "/a\0b", 4 };
	assert_int_equal(code(&r), FS9P_BAD_NAME);
	r.str[1] = str_of("/etc/passwd");	/* slashes are fine in a target */
	assert_int_equal(code(&r), FS9P_OK);
	/* xattr names: empty lists, long or NUL is refused */
	r = sample(FS9P_TXATTRWALK);
	r.str[0] = str_of("");
	assert_int_equal(code(&r), FS9P_OK);
	r.str[0] = (struct fs9p_str){ long_text, 256 };
	assert_int_equal(code(&r), FS9P_NAME_LONG);
	r.str[0] = (struct fs9p_str){ "user.\0", 6 };
	assert_int_equal(code(&r), FS9P_BAD_NAME);
	/* Strings that are not names are taken as they are. */
	r = sample(FS9P_TATTACH);
	r.str[0] = str_of("");
	r.str[1] = str_of("/any/aname");
	assert_int_equal(code(&r), FS9P_OK);
}

/* A string or data length pointing past the end. */
static void test_lengths_past_end(void **state)
{
	struct fs9p_req r = sample(FS9P_TWRITE), d;
	uint8_t msg[256];
	size_t len = fs9p_encode_req(&r, msg, sizeof(msg));

	(void)state;
	msg[FS9P_HDR + 12] = (uint8_t)(sizeof(payload) + 1);
	assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_SHORT);
	msg[FS9P_HDR + 12] = (uint8_t)(sizeof(payload) - 1);
	assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_TRAILING);
	memset(msg + FS9P_HDR + 12, 0xff, 4);
	assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_SHORT);
	r = sample(FS9P_TMKDIR);
	len = fs9p_encode_req(&r, msg, sizeof(msg));
	msg[FS9P_HDR + 4] = 0xff;	/* the name's length */
	assert_int_equal(fs9p_decode(msg, len, MSIZE, &d), FS9P_SHORT);
	assert_int_equal(fs9p_err_errno(FS9P_SHORT), EPROTO);
	assert_int_equal(fs9p_err_errno(FS9P_TRAILING), EPROTO);
}

/* Random bytes behind a consistent frame: whatever the answer, ASan sees
 * no read outside the exact-size copy, and accepted strings lie inside. */
static void test_random_bodies(void **state)
{
	uint64_t rng = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		size_t len = FS9P_HDR + test_rng_next(&rng) % 64;
		uint8_t *msg = malloc(len);
		struct fs9p_req d;

		for (size_t j = 0; j < len; j++)
			msg[j] = (uint8_t)test_rng_next(&rng);
		if (test_rng_next(&rng) & 1)
			msg[4] = all_types[test_rng_next(&rng) % N_TYPES];
		resize(msg, len);
		if (fs9p_decode(msg, len, MSIZE, &d) == FS9P_OK) {
			for (int k = 0; k < 2; k++)
				assert_true(d.str[k].len == 0 ||
					    ((const uint8_t *)d.str[k].s >= msg &&
					     (const uint8_t *)d.str[k].s + d.str[k].len <= msg + len));
		}
		free(msg);
	}
}

/* ------------------------------------------------------------ writer -- */

static void test_writer_bounds(void **state)
{
	uint8_t out[16];
	struct fs9p_buf b;
	struct fs9p_qid q = { FS9P_QTDIR, 1, 2 };

	(void)state;
	fs9p_begin(&b, out, sizeof(out), FS9P_RATTACH, 5);
	fs9p_put_qid(&b, &q);
	assert_true(b.overflow);	/* 7 + 13 > 16 */
	assert_int_equal(fs9p_end(&b), 0);
	fs9p_begin(&b, out, sizeof(out), FS9P_RCLUNK, 5);
	assert_int_equal(fs9p_end(&b), 7);
	assert_memory_equal(out, "\x07\x00\x00\x00\x79\x05\x00", 7);
	fs9p_begin(&b, out, sizeof(out), FS9P_RREAD, 5);
	fs9p_put_bytes(&b, "0123456789", 10);	/* 17 > 16: nothing written */
	assert_true(b.overflow);
	assert_int_equal(b.pos, 7);
	fs9p_put8(&b, 1);	/* stays overflowed */
	assert_int_equal(b.pos, 7);
	fs9p_begin(&b, out, sizeof(out), FS9P_RREADLINK, 5);
	fs9p_put_str(&b, "x", 70000);	/* longer than a string can say */
	assert_true(b.overflow);
	assert_int_equal(fs9p_rlerror(out, sizeof(out), 3, ENOENT), 11);
	assert_memory_equal(out, "\x0b\x00\x00\x00\x07\x03\x00\x02\x00\x00\x00", 11);
	assert_int_equal(fs9p_rlerror(out, 10, 3, ENOENT), 0);
	assert_int_equal(fs9p_dirent_size(3), 27);
}

static void test_encode_refusals(void **state)
{
	struct fs9p_req r = sample(FS9P_TWALK);
	uint8_t msg[256];

	(void)state;
	assert_int_equal(fs9p_encode_req(&r, msg, 20), 0);
	r.type = FS9P_RWALK;
	assert_int_equal(fs9p_encode_req(&r, msg, sizeof(msg)), 0);
}

static void test_str_copy(void **state)
{
	char out[4];

	(void)state;
	assert_true(fs9p_str_copy(str_of("abc"), out, sizeof(out)));
	assert_string_equal(out, "abc");
	assert_false(fs9p_str_copy(str_of("abcd"), out, sizeof(out)));
	assert_false(fs9p_str_copy((struct fs9p_str){ "a\0", 2 }, out, sizeof(out)));
	assert_true(fs9p_str_copy((struct fs9p_str){ NULL, 0 }, out, sizeof(out)));
	assert_string_equal(out, "");
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = FS9P_OK; e <= FS9P_TOO_MANY; e++) {
		assert_non_null(fs9p_strerror((enum fs9p_err)e));
		assert_null(strchr(fs9p_strerror((enum fs9p_err)e), '\n'));
	}
	assert_string_equal(fs9p_strerror((enum fs9p_err)99), "unknown error");
	assert_int_equal(fs9p_err_errno(FS9P_OK), 0);
	assert_int_equal(fs9p_err_errno(FS9P_FRAME), EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts_by_hand),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_decoded_fields),
		cmocka_unit_test(test_fsync_optional),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_trailing_byte),
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_unknown_types),
		cmocka_unit_test(test_walk_names),
		cmocka_unit_test(test_create_names),
		cmocka_unit_test(test_other_strings),
		cmocka_unit_test(test_lengths_past_end),
		cmocka_unit_test(test_random_bodies),
		cmocka_unit_test(test_writer_bounds),
		cmocka_unit_test(test_encode_refusals),
		cmocka_unit_test(test_str_copy),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("fs9p_proto", tests, NULL, NULL);
}
