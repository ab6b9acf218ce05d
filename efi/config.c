// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parser for the loader's configuration file. It runs in the firmware before
 * anything else of ours, on a file any ESP writer can change, so it is strict:
 * unknown keys, repeated keys, non-ASCII bytes and over-long values are all
 * errors, reported with the line number, and an error changes nothing.
 */
#include "efi/config.h"

struct cursor {
	const char *p;
	const char *end;
	unsigned line;
};

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool span_equals(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (word[i] != s[i])
			return false;
	return word[n] == '\0';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void set_error(struct config_error *err, unsigned line,
		      const char *reason, const char *word, size_t n)
{
	size_t i, max = sizeof(err->detail) - 1;

	err->line = line;
	err->reason = reason;
	if (n > max)
		n = max;
	for (i = 0; i < n; i++) {
		char c = word ? word[i] : '\0';

		err->detail[i] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	err->detail[i] = '\0';
}

void config_defaults(struct loader_config *cfg)
{
	cfg->monitor = true;
	cfg->smp = true; /* every CPU under the monitor (docs/monitor.md) */
	cfg->has_next_stage = false;
	cfg->next_stage[0] = '\0';
	cfg->cmdline[0] = '\0';
}

/* Component-wise check of an absolute path, e.g. \EFI\debian\grubx64.efi. */
const char *config_check_path(char *path)
{
	size_t i, comp_start, n = str_len(path);

	if (n == 0)
		return "empty path";
	if (n >= CONFIG_PATH_MAX)
		return "path too long";
	for (i = 0; i < n; i++) {
		if (path[i] == '/')
			path[i] = '\\';
		if (path[i] <= 0x20 || path[i] >= 0x7f)
			return "path has a space, control or non-ASCII character";
		if (path[i] == ':' || path[i] == '*' || path[i] == '?' ||
		    path[i] == '"' || path[i] == '<' || path[i] == '>' ||
		    path[i] == '|')
			return "path has a character FAT does not allow";
	}
	if (path[0] != '\\')
		return "path must be absolute (start with \\)";
	comp_start = 1;
	for (i = 1; i <= n; i++) {
		if (i < n && path[i] != '\\')
			continue;
		if (i == comp_start)
			return "path has an empty component";
		if (span_equals(path + comp_start, i - comp_start, ".") ||
		    span_equals(path + comp_start, i - comp_start, ".."))
			return "path has a . or .. component";
		comp_start = i + 1;
	}
	return NULL;
}

static int copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	size_t i;

	if (n >= cap)
		return -1;
	for (i = 0; i < n; i++)
		dst[i] = v[i];
	dst[n] = '\0';
	return 0;
}

enum config_key { KEY_NEXT_STAGE, KEY_CMDLINE, KEY_MONITOR, KEY_SMP, KEY_COUNT };

static const char *const key_names[KEY_COUNT] = {
	[KEY_NEXT_STAGE] = "next_stage",
	[KEY_CMDLINE] = "cmdline",
	[KEY_MONITOR] = "monitor",
	[KEY_SMP] = "smp",
};

static int lookup_key(const char *k, size_t n)
{
	int i;

	for (i = 0; i < KEY_COUNT; i++)
		if (span_equals(k, n, key_names[i]))
			return i;
	return -1;
}

static int parse_on_off(const char *v, size_t n, bool *out, const char *why,
			const char **reason)
{
	if (span_equals(v, n, "on")) {
		*out = true;
	} else if (span_equals(v, n, "off")) {
		*out = false;
	} else {
		*reason = why;
		return -1;
	}
	return 0;
}

static int apply_value(struct loader_config *cfg, int key, const char *v,
		       size_t n, const char **reason)
{
	switch (key) {
	case KEY_NEXT_STAGE:
		if (copy_value(cfg->next_stage, sizeof(cfg->next_stage), v, n)) {
			*reason = "path too long";
			return -1;
		}
		*reason = config_check_path(cfg->next_stage);
		if (*reason)
			return -1;
		cfg->has_next_stage = true;
		return 0;
	case KEY_CMDLINE:
		if (copy_value(cfg->cmdline, sizeof(cfg->cmdline), v, n)) {
			*reason = "cmdline too long";
			return -1;
		}
		return 0;
	case KEY_MONITOR:
		return parse_on_off(v, n, &cfg->monitor, "monitor must be on or off", reason);
	case KEY_SMP:
		return parse_on_off(v, n, &cfg->smp, "smp must be on or off", reason);
	}
	*reason = "internal error: unhandled key";
	return -1;
}

/* Parses the line [s, e): blank, comment, or key = value. */
static int parse_line(struct loader_config *cfg, unsigned *seen,
		      const char *s, const char *e, unsigned line,
		      struct config_error *err)
{
	const char *k, *ke, *v, *ve, *reason;
	int key;

	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	if (s == e || *s == '#')
		return 0;
	for (k = s; s < e && *s != '=' && !is_blank(*s); s++)
		;
	ke = s;
	while (s < e && is_blank(*s))
		s++;
	if (s == e || *s != '=') {
		set_error(err, line, "expected 'key = value'", k, (size_t)(e - k));
		return -1;
	}
	for (v = s + 1; v < e && is_blank(*v); v++)
		;
	ve = e;
	key = lookup_key(k, (size_t)(ke - k));
	if (key < 0) {
		set_error(err, line, "unknown key", k, (size_t)(ke - k));
		return -1;
	}
	if (*seen & (1u << key)) {
		set_error(err, line, "key given twice", k, (size_t)(ke - k));
		return -1;
	}
	*seen |= 1u << key;
	if (apply_value(cfg, key, v, (size_t)(ve - v), &reason)) {
		set_error(err, line, reason, v, (size_t)(ve - v));
		return -1;
	}
	return 0;
}

static int check_bytes(const char *buf, size_t len, struct config_error *err)
{
	size_t i;
	unsigned line = 1;

	if (len > CONFIG_FILE_MAX) {
		set_error(err, 0, "file too large", NULL, 0);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n')
			line++;
		else if (c == '\r' && i + 1 < len && buf[i + 1] != '\n') {
			/* CR only as part of a CRLF line end (or at the very end):
			 * never inside a value handed to the next stage. */
			set_error(err, line, "carriage return inside a line", NULL, 0);
			return -1;
		} else if ((c < 0x20 && c != '\t' && c != '\r') || c >= 0x7f) {
			set_error(err, line, "not a printable ASCII text file", NULL, 0);
			return -1;
		}
	}
	return 0;
}

int config_parse(const char *buf, size_t len, struct loader_config *cfg,
		 struct config_error *err)
{
	struct loader_config tmp;
	struct cursor c = { buf, buf + len, 1 };
	unsigned seen = 0;

	if (check_bytes(buf, len, err))
		return -1;
	config_defaults(&tmp);
	while (c.p < c.end) {
		const char *eol = c.p;

		while (eol < c.end && *eol != '\n')
			eol++;
		if (parse_line(&tmp, &seen, c.p, eol, c.line, err))
			return -1;
		c.p = eol < c.end ? eol + 1 : eol;
		c.line++;
	}
	if (tmp.cmdline[0] && !tmp.has_next_stage) {
		set_error(err, 0, "cmdline given without next_stage", NULL, 0);
		return -1;
	}
	*cfg = tmp;
	return 0;
}
