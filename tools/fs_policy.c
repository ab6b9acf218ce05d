// SPDX-License-Identifier: GPL-2.0-only
// File-system policies: the JSON parser and the path matcher (see
// fs_policy.h). No I/O here.
//
// The parser knows the policy's shape and reads the text straight into it:
// there is no general JSON tree, so a value it does not expect is refused
// where it starts, before anything in it is read. That bounds the nesting
// by the shape itself (an object in an array in an object, no deeper) and
// leaves numbers unparsed, since a policy has none.
#include "tools/fs_policy.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Components a pattern can have: "/a/b/..." of FS_POLICY_PATH_MAX bytes. */
#define COMPS_MAX (FS_POLICY_PATH_MAX / 2 + 1)
/* Longest component of a path that fs_policy_access accepts. */
#define COMPONENT_MAX 4096
/* Names in "programs" are file names. */
#define PROGRAM_NAME_MAX 255
/* How much of a user's string an error message shows. */
#define SHOWN_MAX 64

struct fs_rule {
	char *buf;		/* the expanded pattern, each '/' a NUL */
	const char **comps;	/* its components, "**" included */
	size_t n_comps;
	unsigned access;	/* FS_ACCESS_R/W/X */
	bool hides;		/* access "": hides the path and what is below */
	size_t literal;		/* bytes other than '*' and '?' */
	size_t globstars;	/* "**" components */
	size_t index;		/* its place in the file */
};

struct fs_policy {
	char *description;
	char **programs;
	size_t n_programs;
	bool persistent;
	char **shared;
	size_t n_shared;
	struct fs_rule *rules;
	size_t n_rules;
};

/* ---------------------------------------------------------- the reader -- */

struct reader {
	const char *p, *end;
	unsigned line;
	const char *home;
	char *err;
	size_t errlen;
	/* The last string read, decoded. Policies never need a longer one. */
	char str[FS_POLICY_PATH_MAX + 1];
	size_t str_len;
	struct fs_policy *pol;
};

__attribute__((format(printf, 3, 4)))
static bool fail_at(struct reader *r, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->errlen == 0)
		return false;
	n = snprintf(r->err, r->errlen, "line %u: ", line);
	if (n < 0 || (size_t)n >= r->errlen)
		return false;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

/* s cut to SHOWN_MAX bytes for a message (it holds no control bytes: the
 * string reader refused them). */
static void shown(const char *s, char *out, size_t cap)
{
	size_t len = strlen(s);

	if (len > SHOWN_MAX)
		snprintf(out, cap, "%.*s...", SHOWN_MAX, s);
	else
		snprintf(out, cap, "%s", s);
}

static int peek(const struct reader *r)
{
	return r->p < r->end ? (unsigned char)*r->p : -1;
}

static void skip_space(struct reader *r)
{
	while (r->p < r->end) {
		char c = *r->p;

		if (c == '\n')
			r->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		r->p++;
	}
}

/* "expected X" at the current place, or the end of the text. */
static bool expected(struct reader *r, const char *what)
{
	if (r->p >= r->end)
		return fail_at(r, r->line, "the text ends where %s was expected", what);
	return fail_at(r, r->line, "expected %s", what);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits after "\u". */
static bool read_hex4(struct reader *r, unsigned *out)
{
	unsigned v = 0;

	if (r->end - r->p < 4)
		return fail_at(r, r->line, "\\u needs four hex digits");
	for (int i = 0; i < 4; i++) {
		int d = hex_digit(r->p[i]);

		if (d < 0)
			return fail_at(r, r->line, "\\u needs four hex digits");
		v = v << 4 | (unsigned)d;
	}
	r->p += 4;
	*out = v;
	return true;
}

static bool put_bytes(struct reader *r, const char *b, size_t n)
{
	if (r->str_len + n > FS_POLICY_PATH_MAX)
		return fail_at(r, r->line, "string longer than %d bytes", FS_POLICY_PATH_MAX);
	memcpy(r->str + r->str_len, b, n);
	r->str_len += n;
	return true;
}

/* Code point cp as UTF-8. */
static bool put_code_point(struct reader *r, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return put_bytes(r, b, n);
}

/* "\uXXXX", a surrogate pair joined; r->p is past the 'u'. */
static bool read_unicode_escape(struct reader *r)
{
	unsigned cp, low;

	if (!read_hex4(r, &cp))
		return false;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail_at(r, r->line, "\\u%04x is half of a surrogate pair", cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
			return fail_at(r, r->line, "\\u%04x is half of a surrogate pair", cp);
		r->p += 2;
		if (!read_hex4(r, &low))
			return false;
		if (low < 0xdc00 || low > 0xdfff)
			return fail_at(r, r->line, "\\u%04x is half of a surrogate pair", cp);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	}
	/* Control characters have no place in names, paths or a description
	 * printed on a terminal, escaped or not. */
	if (cp < 0x20 || cp == 0x7f)
		return fail_at(r, r->line, "control character in a string");
	return put_code_point(r, cp);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

static bool read_escape(struct reader *r)
{
	char c;

	if (r->p >= r->end)
		return fail_at(r, r->line, "the text ends inside a string");
	c = *r->p++;
	switch (c) {
	case '"': case '\\': case '/':
		return put_bytes(r, &c, 1);
	case 'u':
		return read_unicode_escape(r);
	case 'b': case 'f': case 'n': case 'r': case 't':
		return fail_at(r, r->line, "control character in a string");
	default:
		return fail_at(r, r->line, "unknown escape '\\%c' in a string",
			       c > 0x20 && c < 0x7f ? c : '?');
	}
}

/* A JSON string at r->p (its opening quote), decoded into r->str. */
static bool read_string(struct reader *r)
{
	r->str_len = 0;
	r->p++;
	for (;;) {
		unsigned char c;
		size_t n;

		if (r->p >= r->end)
			return fail_at(r, r->line, "the text ends inside a string");
		c = (unsigned char)*r->p;
		if (c == '"') {
			r->p++;
			break;
		}
		if (c == '\\') {
			r->p++;
			if (!read_escape(r))
				return false;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			return fail_at(r, r->line, "control character in a string");
		n = c < 0x80 ? 1 : utf8_sequence((const unsigned char *)r->p,
						 (size_t)(r->end - r->p));
		if (n == 0)
			return fail_at(r, r->line, "invalid UTF-8 in a string");
		if (!put_bytes(r, r->p, n))
			return false;
		r->p += n;
	}
	r->str[r->str_len] = '\0';
	return true;
}

/* true or false. */
static bool read_bool(struct reader *r, bool *out)
{
	size_t left = (size_t)(r->end - r->p);

	if (left >= 4 && memcmp(r->p, "true", 4) == 0) {
		r->p += 4;
		*out = true;
		return true;
	}
	if (left >= 5 && memcmp(r->p, "false", 5) == 0) {
		r->p += 5;
		*out = false;
		return true;
	}
	return false;
}

/*
 * One object: calls value() for each key of keys[] (r->p then at its
 * value), refusing keys not in keys[] and keys given twice. *seen gets a
 * bit per key found. r->p is at the '{'.
 */
typedef bool (*value_fn)(struct reader *r, size_t key, void *ctx);

static bool read_object(struct reader *r, const char *const keys[], size_t n_keys,
			value_fn value, void *ctx, unsigned *seen)
{
	*seen = 0;
	r->p++;
	skip_space(r);
	if (peek(r) == '}') {
		r->p++;
		return true;
	}
	for (;;) {
		unsigned line;
		size_t k;
		char q[SHOWN_MAX + 4];

		skip_space(r);
		if (peek(r) != '"')
			return expected(r, "a key in double quotes");
		line = r->line;
		if (!read_string(r))
			return false;
		for (k = 0; k < n_keys && strcmp(keys[k], r->str) != 0; k++)
			;
		shown(r->str, q, sizeof(q));
		if (k == n_keys)
			return fail_at(r, line, "unknown key \"%s\"", q);
		if (*seen & 1u << k)
			return fail_at(r, line, "key \"%s\" given twice", q);
		*seen |= 1u << k;
		skip_space(r);
		if (peek(r) != ':')
			return expected(r, "':' after a key");
		r->p++;
		skip_space(r);
		if (!value(r, k, ctx))
			return false;
		skip_space(r);
		if (peek(r) == '}') {
			r->p++;
			return true;
		}
		if (peek(r) != ',')
			return expected(r, "',' or '}'");
		r->p++;
	}
}

/* One array: calls elem() for each element (r->p at it). r->p is at '['. */
typedef bool (*elem_fn)(struct reader *r, void *ctx);

static bool read_array(struct reader *r, elem_fn elem, void *ctx)
{
	r->p++;
	skip_space(r);
	if (peek(r) == ']') {
		r->p++;
		return true;
	}
	for (;;) {
		skip_space(r);
		if (!elem(r, ctx))
			return false;
		skip_space(r);
		if (peek(r) == ']') {
			r->p++;
			return true;
		}
		if (peek(r) != ',')
			return expected(r, "',' or ']'");
		r->p++;
	}
}

/* ---------------------------------------------------------------- paths -- */

/* Why path is not one a policy may name, or NULL if it is. globs: '*' and
 * '?' allowed ("**" only as a whole component). */
static const char *path_problem(const char *path, bool globs)
{
	const char *c = path + 1;

	if (path[0] != '/')
		return "is not absolute";
	if (path[1] == '\0')
		return NULL;
	for (;;) {
		size_t len = strcspn(c, "/");

		if (len == 0)
			return c[0] ? "has an empty component" : "ends with '/'";
		if ((len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return "has a '.' or '..' component";
		for (size_t i = 0; i < len; i++) {
			if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
				return "has a control character";
			if (!globs && (c[i] == '*' || c[i] == '?'))
				return "has a wildcard ('*' or '?')";
			if (c[i] == '*' && i + 1 < len && c[i + 1] == '*' && len != 2)
				return "has '**' inside a component (it must be a whole one)";
		}
		if (c[len] == '\0')
			return NULL;
		c += len + 1;
	}
}

#define HOME_WORD "@HOME@"
#define HOME_WORD_LEN (sizeof(HOME_WORD) - 1)

/*
 * r->str as a policy path, @HOME@ replaced, into out (FS_POLICY_PATH_MAX
 * + 1 bytes). what names it in messages ("path", "shared folder").
 */
static bool expand_path(struct reader *r, unsigned line, const char *what, bool globs,
			char *out)
{
	const char *raw = r->str, *rest = raw, *home = "", *why;
	char q[SHOWN_MAX + 4];
	size_t home_len = 0, rest_len;

	shown(raw, q, sizeof(q));
	if (strncmp(raw, HOME_WORD, HOME_WORD_LEN) == 0) {
		rest = raw + HOME_WORD_LEN;
		if (rest[0] != '\0' && rest[0] != '/')
			return fail_at(r, line, "%s \"%s\": @HOME@ must be a whole component",
				       what, q);
		if (!r->home || path_problem(r->home, false))
			return fail_at(r, line, "%s \"%s\": no usable home directory for @HOME@",
				       what, q);
		home = r->home;
		home_len = strlen(home);
		/* "/" + "/x" would give "//x". */
		if (home_len == 1 && rest[0] == '/')
			home_len = 0;
	} else if (raw[0] != '/') {
		return fail_at(r, line, "%s \"%s\" is not absolute (start it with / or @HOME@)",
			       what, q);
	}
	if (strstr(rest, HOME_WORD))
		return fail_at(r, line, "%s \"%s\": @HOME@ may only start a path", what, q);
	rest_len = strlen(rest);
	if (home_len + rest_len > FS_POLICY_PATH_MAX)
		return fail_at(r, line, "%s \"%s\" is longer than %d bytes", what, q,
			       FS_POLICY_PATH_MAX);
	memcpy(out, home, home_len);
	memcpy(out + home_len, rest, rest_len + 1);
	why = path_problem(out, globs);
	if (why)
		return fail_at(r, line, "%s \"%s\" %s", what, q, why);
	return true;
}

/* ---------------------------------------------------------------- rules -- */

/* "r", "w", "x", each at most once, in any order; "" hides. */
static bool parse_access(const char *s, unsigned *out)
{
	unsigned mask = 0, bit;

	for (; *s; s++) {
		if (*s == 'r')
			bit = FS_ACCESS_R;
		else if (*s == 'w')
			bit = FS_ACCESS_W;
		else if (*s == 'x')
			bit = FS_ACCESS_X;
		else
			return false;
		if (mask & bit)
			return false;
		mask |= bit;
	}
	*out = mask;
	return true;
}

/* Splits the expanded pattern into rule's components and measures it. */
static bool compile_rule(struct fs_rule *rule, const char *pattern)
{
	size_t len = strlen(pattern), n = 0;

	rule->buf = malloc(len + 1);
	rule->comps = malloc(sizeof(*rule->comps) * (len / 2 + 1));
	if (!rule->buf || !rule->comps)
		return false;
	memcpy(rule->buf, pattern, len + 1);
	for (size_t i = 0; i < len; i++) {
		if (rule->buf[i] == '/') {
			rule->buf[i] = '\0';
			if (i + 1 < len)
				rule->comps[n++] = rule->buf + i + 1;
		} else if (rule->buf[i] != '*' && rule->buf[i] != '?') {
			rule->literal++;
		}
	}
	rule->literal += n ? n : 1;	/* the slashes */
	rule->n_comps = n;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rule->comps[i], "**") == 0)
			rule->globstars++;
	return true;
}

struct rule_ctx {
	unsigned line;		/* of the rule's '{' */
	char pattern[FS_POLICY_PATH_MAX + 1];
	unsigned access;
};

static bool rule_value(struct reader *r, size_t key, void *ctx)
{
	struct rule_ctx *rc = ctx;
	unsigned line = r->line;
	char q[SHOWN_MAX + 4];

	if (peek(r) != '"')
		return fail_at(r, line, "\"%s\" must be a string", key == 0 ? "path" : "access");
	if (!read_string(r))
		return false;
	if (key == 0) {
		return expand_path(r, line, "path", true, rc->pattern);
	}
	shown(r->str, q, sizeof(q));
	if (!parse_access(r->str, &rc->access))
		return fail_at(r, line, "access \"%s\": only 'r', 'w' and 'x', each at most "
			       "once (\"\" hides)", q);
	return true;
}

static bool rule_elem(struct reader *r, void *ctx)
{
	static const char *const keys[] = { "path", "access" };
	struct fs_policy *pol = r->pol;
	struct rule_ctx *rc = ctx;
	struct fs_rule *rule;
	unsigned seen;

	rc->line = r->line;
	if (peek(r) != '{')
		return fail_at(r, rc->line, "a rule must be an object: "
			       "{ \"path\": ..., \"access\": ... }");
	if (pol->n_rules >= FS_POLICY_RULES_MAX)
		return fail_at(r, rc->line, "more than %d rules", FS_POLICY_RULES_MAX);
	if (!read_object(r, keys, 2, rule_value, rc, &seen))
		return false;
	if (!(seen & 1u))
		return fail_at(r, rc->line, "the rule has no \"path\"");
	if (!(seen & 2u))
		return fail_at(r, rc->line, "the rule has no \"access\"");
	rule = &pol->rules[pol->n_rules];
	memset(rule, 0, sizeof(*rule));
	rule->index = pol->n_rules;
	rule->access = rc->access;
	rule->hides = rc->access == 0;
	pol->n_rules++;	/* counted first, so fs_policy_free frees a half-made one */
	if (!compile_rule(rule, rc->pattern))
		return fail_at(r, rc->line, "out of memory");
	return true;
}

/* ------------------------------------------------------- top-level keys -- */

static bool program_name_ok(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len <= PROGRAM_NAME_MAX && !strchr(s, '/') &&
	       strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static bool listed(char *const list[], size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Appends a copy of s to list (room for max entries). */
static bool append(struct reader *r, unsigned line, char **list, size_t *n, const char *s)
{
	list[*n] = strdup(s);
	if (!list[*n])
		return fail_at(r, line, "out of memory");
	(*n)++;
	return true;
}

static bool program_elem(struct reader *r, void *ctx)
{
	struct fs_policy *pol = r->pol;
	unsigned line = r->line;
	char q[SHOWN_MAX + 4];

	(void)ctx;
	if (peek(r) != '"')
		return fail_at(r, line, "\"programs\" must be an array of strings");
	if (!read_string(r))
		return false;
	shown(r->str, q, sizeof(q));
	if (!program_name_ok(r->str))
		return fail_at(r, line, "program \"%s\": a plain file name is needed "
			       "(no '/', at most %d bytes)", q, PROGRAM_NAME_MAX);
	if (listed(pol->programs, pol->n_programs, r->str))
		return fail_at(r, line, "program \"%s\" listed twice", q);
	if (pol->n_programs >= FS_POLICY_PROGRAMS_MAX)
		return fail_at(r, line, "more than %d programs", FS_POLICY_PROGRAMS_MAX);
	return append(r, line, pol->programs, &pol->n_programs, r->str);
}

static bool shared_elem(struct reader *r, void *ctx)
{
	struct fs_policy *pol = r->pol;
	unsigned line = r->line;
	char *path = ctx;
	char q[SHOWN_MAX + 4];

	if (peek(r) != '"')
		return fail_at(r, line, "\"shared\" must be an array of strings");
	if (!read_string(r))
		return false;
	if (!expand_path(r, line, "shared folder", false, path))
		return false;
	shown(path, q, sizeof(q));
	/* Writes there reach the host: all of it is never handed over. */
	if (strcmp(path, "/") == 0)
		return fail_at(r, line, "shared folder \"/\": the whole host cannot be shared");
	if (listed(pol->shared, pol->n_shared, path))
		return fail_at(r, line, "shared folder \"%s\" listed twice", q);
	if (pol->n_shared >= FS_POLICY_SHARED_MAX)
		return fail_at(r, line, "more than %d shared folders", FS_POLICY_SHARED_MAX);
	return append(r, line, pol->shared, &pol->n_shared, path);
}

enum { KEY_DESCRIPTION, KEY_PROGRAMS, KEY_PERSISTENT, KEY_SHARED, KEY_RULES };

static bool top_value(struct reader *r, size_t key, void *ctx)
{
	struct fs_policy *pol = r->pol;
	unsigned line = r->line;
	char path[FS_POLICY_PATH_MAX + 1];
	struct rule_ctx rc;

	(void)ctx;
	switch (key) {
	case KEY_DESCRIPTION:
		if (peek(r) != '"')
			return fail_at(r, line, "\"description\" must be a string");
		if (!read_string(r))
			return false;
		if (r->str_len > FS_POLICY_DESCRIPTION_MAX)
			return fail_at(r, line, "\"description\" is longer than %d bytes",
				       FS_POLICY_DESCRIPTION_MAX);
		pol->description = strdup(r->str);
		return pol->description ? true : fail_at(r, line, "out of memory");
	case KEY_PROGRAMS:
		if (peek(r) != '[')
			return fail_at(r, line, "\"programs\" must be an array of strings");
		return read_array(r, program_elem, NULL);
	case KEY_PERSISTENT:
		if (!read_bool(r, &pol->persistent))
			return fail_at(r, line, "\"persistent\" must be true or false");
		return true;
	case KEY_SHARED:
		if (peek(r) != '[')
			return fail_at(r, line, "\"shared\" must be an array of strings");
		return read_array(r, shared_elem, path);
	default:
		if (peek(r) != '[')
			return fail_at(r, line, "\"rules\" must be an array of objects");
		return read_array(r, rule_elem, &rc);
	}
}

static bool read_policy(struct reader *r)
{
	static const char *const keys[] = {
		[KEY_DESCRIPTION] = "description", [KEY_PROGRAMS] = "programs",
		[KEY_PERSISTENT] = "persistent", [KEY_SHARED] = "shared", [KEY_RULES] = "rules",
	};
	unsigned line, seen;

	skip_space(r);
	line = r->line;
	if (peek(r) != '{')
		return expected(r, "the policy, a JSON object starting with '{'");
	if (!read_object(r, keys, sizeof(keys) / sizeof(keys[0]), top_value, NULL, &seen))
		return false;
	if (!(seen & 1u << KEY_RULES))
		return fail_at(r, line, "the policy has no \"rules\"");
	skip_space(r);
	if (r->p < r->end)
		return fail_at(r, r->line, "unexpected text after the policy");
	return true;
}

struct fs_policy *fs_policy_parse(const char *text, size_t len, const char *home,
				  char *err, size_t errlen)
{
	struct reader *r = calloc(1, sizeof(*r));
	struct fs_policy *pol = calloc(1, sizeof(*pol));
	bool ok = false;

	if (errlen)
		err[0] = '\0';
	if (r && pol) {
		pol->programs = calloc(FS_POLICY_PROGRAMS_MAX, sizeof(*pol->programs));
		pol->shared = calloc(FS_POLICY_SHARED_MAX, sizeof(*pol->shared));
		pol->rules = calloc(FS_POLICY_RULES_MAX, sizeof(*pol->rules));
	}
	if (!r || !pol || !pol->programs || !pol->shared || !pol->rules) {
		if (errlen)
			snprintf(err, errlen, "line 1: out of memory");
	} else {
		*r = (struct reader){ .p = text, .end = text + len, .line = 1, .home = home,
				      .err = err, .errlen = errlen, .pol = pol };
		ok = read_policy(r);
	}
	free(r);
	if (!ok) {
		fs_policy_free(pol);
		return NULL;
	}
	if (errlen)
		err[0] = '\0';
	return pol;
}

void fs_policy_free(struct fs_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; p->programs && i < p->n_programs; i++)
		free(p->programs[i]);
	for (size_t i = 0; p->shared && i < p->n_shared; i++)
		free(p->shared[i]);
	for (size_t i = 0; p->rules && i < p->n_rules; i++) {
		free(p->rules[i].buf);
		free(p->rules[i].comps);
	}
	free(p->programs);
	free(p->shared);
	free(p->rules);
	free(p->description);
	free(p);
}

/* -------------------------------------------------------------- matching -- */

struct component {
	const char *s;
	size_t len;
};

/*
 * One component against one pattern component ('*' and '?'). Greedy, with
 * one retry point: the last '*' seen, moved one byte on at each failure.
 * That is enough because a '*' matches any run, so an earlier '*' never
 * needs to take back what a later one could take: at most len(pat) *
 * len(s) steps.
 */
static bool component_match(const char *pat, const char *s, size_t len)
{
	const char *star = NULL;
	size_t i = 0, star_i = 0;

	while (i < len) {
		if (*pat == '?' || (*pat && *pat != '*' && *pat == s[i])) {
			pat++;
			i++;
		} else if (*pat == '*') {
			star = ++pat;
			star_i = i;
		} else if (star) {
			pat = star;
			i = ++star_i;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

static bool is_globstar(const struct fs_rule *rule, size_t i)
{
	return i < rule->n_comps && strcmp(rule->comps[i], "**") == 0;
}

/* Adds the states reachable by letting "**" components match nothing. */
static void closure(const struct fs_rule *rule, uint8_t *state)
{
	for (size_t i = 0; i < rule->n_comps; i++)
		if (state[i] && is_globstar(rule, i))
			state[i + 1] = 1;
}

struct walk {
	bool match;	/* the rule matches the path */
	bool at_or_above; /* it matches the path or one of its ancestors */
	bool below;	/* it may match something below the path */
};

/*
 * Runs the rule's pattern over the path's components, all partial matches
 * at once: state[i] says the path so far matches the pattern's first i
 * components. "**" stays where it is on a component, anything else moves
 * on if the component matches. No backtracking: n components times the
 * pattern's, each a component_match.
 */
static struct walk walk_rule(const struct fs_rule *rule, const struct component *comps,
			     size_t n)
{
	uint8_t a[COMPS_MAX + 1], b[COMPS_MAX + 1], *cur = a, *next = b, *t;
	size_t last = rule->n_comps;
	struct walk w = { false, false, false };
	bool alive = true;

	memset(cur, 0, last + 1);
	cur[0] = 1;
	closure(rule, cur);
	w.at_or_above = cur[last];
	for (size_t c = 0; c < n && alive; c++) {
		memset(next, 0, last + 1);
		alive = false;
		for (size_t i = 0; i < last; i++) {
			if (!cur[i])
				continue;
			if (is_globstar(rule, i))
				next[i] = 1;
			else if (component_match(rule->comps[i], comps[c].s, comps[c].len))
				next[i + 1] = 1;
			else
				continue;
			alive = true;
		}
		closure(rule, next);
		t = cur;
		cur = next;
		next = t;
		if (cur[last])
			w.at_or_above = true;
	}
	if (!alive)
		return w;
	w.match = cur[last];
	/* A state short of the end can take one more component, and the rest
	 * of the pattern can always be met by some names. */
	for (size_t i = 0; i < last && !w.below; i++)
		w.below = cur[i];
	return w;
}

/* a wins over b: more literal bytes, then fewer "**", then later. */
static bool wins_over(const struct fs_rule *a, const struct fs_rule *b)
{
	if (a->literal != b->literal)
		return a->literal > b->literal;
	if (a->globstars != b->globstars)
		return a->globstars < b->globstars;
	return a->index > b->index;
}

/* Splits an absolute normalized path; false if it is not one. */
static bool split_path(const char *path, struct component *comps, size_t *n)
{
	const char *c = path + 1;
	size_t total = strlen(path);

	*n = 0;
	if (path[0] != '/' || total > FS_POLICY_PATH_MAX)
		return false;
	if (path[1] == '\0')
		return true;
	for (;;) {
		size_t len = strcspn(c, "/");

		if (len == 0 || len > COMPONENT_MAX)
			return false;
		if ((len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		comps[(*n)++] = (struct component){ c, len };
		if (c[len] == '\0')
			return true;
		c += len + 1;
	}
}

unsigned fs_policy_access(const struct fs_policy *p, const char *path)
{
	struct component comps[COMPS_MAX];
	bool below[FS_POLICY_RULES_MAX];
	const struct fs_rule *best = NULL;
	bool covers = false;	/* best matches everything below the path too */
	unsigned mask;
	size_t n;

	if (!p || !path || !split_path(path, comps, &n))
		return 0;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct fs_rule *rule = &p->rules[i];
		struct walk w = walk_rule(rule, comps, n);
		bool hit = rule->hides ? w.at_or_above : w.match;

		below[i] = w.below;
		if (hit && (!best || wins_over(rule, best))) {
			best = rule;
			/* A trailing "**" that matched the path takes any more. */
			covers = rule->hides || is_globstar(rule, rule->n_comps - 1);
		}
	}
	mask = best ? best->access : 0;
	if (mask & FS_ACCESS_R)
		return mask;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct fs_rule *rule = &p->rules[i];

		if (rule->access && below[i] && (!covers || wins_over(rule, best)))
			return mask | FS_ACCESS_ANCESTOR;
	}
	return mask;
}

/* ----------------------------------------------------------- accessors -- */

bool fs_policy_persistent(const struct fs_policy *p)
{
	return p->persistent;
}

size_t fs_policy_shared_count(const struct fs_policy *p)
{
	return p->n_shared;
}

const char *fs_policy_shared(const struct fs_policy *p, size_t i)
{
	return i < p->n_shared ? p->shared[i] : NULL;
}

bool fs_policy_for_program(const struct fs_policy *p, const char *prog)
{
	const char *slash = strrchr(prog, '/');

	return listed(p->programs, p->n_programs, slash ? slash + 1 : prog);
}

size_t fs_policy_program_count(const struct fs_policy *p)
{
	return p->n_programs;
}

const char *fs_policy_program(const struct fs_policy *p, size_t i)
{
	return i < p->n_programs ? p->programs[i] : NULL;
}

const char *fs_policy_description(const struct fs_policy *p)
{
	return p->description ? p->description : "";
}

bool fs_policy_name_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (i >= FS_POLICY_NAME_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return i > 0;
}
