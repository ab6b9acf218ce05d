// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strict on purpose: a mistyped option must stop the boot with a message,
 * not silently boot something else with one CPU.
 */
#include "options.h"
#include "acpi_build.h"

#define CPUS_DIGITS_MAX 3    /* enough for ACPI_MAX_CPUS, no overflow */
#define STRINGIFY(x) #x
#define TO_STRING(x) STRINGIFY(x)
#define CPUS_RANGE "cpus= needs a number from 1 to " TO_STRING(ACPI_MAX_CPUS)

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_printable(char c)
{
	return c > ' ' && c < 0x7f;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Does the word w[0..n) start with prefix? */
static bool starts_with(const char *w, size_t n, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++)
		if (i >= n || w[i] != prefix[i])
			return false;
	return true;
}

static bool equals(const char *w, size_t n, const char *s)
{
	return n == str_len(s) && starts_with(w, n, s);
}

static bool has_equals(const char *w, size_t n)
{
	while (n--)
		if (*w++ == '=')
			return true;
	return false;
}

static int fail(struct options_error *err, const char *reason, const char *w,
		size_t n)
{
	size_t i;

	err->reason = reason;
	if (n > sizeof(err->word) - 1)
		n = sizeof(err->word) - 1;
	for (i = 0; i < n; i++)
		err->word[i] = w[i];
	err->word[n] = '\0';
	return -1;
}

/* An absolute ESP path: '\' or '/' separated, no empty, "." or ".." part. */
static const char *take_path(char *dst, const char *v, size_t n)
{
	size_t i, part = 0;

	if (n == 0 || n >= OPTIONS_PATH_MAX)
		return "next= path is empty or too long";
	if (v[0] != '\\' && v[0] != '/')
		return "next= path must start with \\";
	for (i = 0; i <= n; i++) {
		char c = i < n ? v[i] : '\\';

		if (c == '\\' || c == '/') {
			if (i > 0 && (part == i || (i - part == 1 && v[part] == '.') ||
				      (i - part == 2 && v[part] == '.' && v[part + 1] == '.')))
				return "next= path has an empty, . or .. component";
			part = i + 1;
			c = '\\';
		}
		if (i < n)
			dst[i] = c;
	}
	dst[n] = '\0';
	return 0;
}

static const char *take_cpus(unsigned *cpus, const char *v, size_t n)
{
	unsigned val = 0;
	size_t i;

	if (n == 0 || n > CPUS_DIGITS_MAX)
		return CPUS_RANGE;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return CPUS_RANGE;
		val = val * 10 + (unsigned)(v[i] - '0');
	}
	if (val < 1 || val > ACPI_MAX_CPUS)
		return CPUS_RANGE;
	*cpus = val;
	return 0;
}

static const char *take_install(enum install_method *m, const char *v, size_t n)
{
	if (equals(v, n, "auto"))
		*m = INSTALL_AUTO;
	else if (equals(v, n, "protocol"))
		*m = INSTALL_PROTOCOL;
	else if (equals(v, n, "config"))
		*m = INSTALL_CONFIG_TABLE;
	else
		return "install= takes auto, protocol or config";
	return 0;
}

static const char *take_pass(char *pass, const char *w, size_t n)
{
	size_t used = str_len(pass), i;

	if (used + (used ? 1 : 0) + n >= OPTIONS_PASS_MAX)
		return "options after -- are too long";
	if (used)
		pass[used++] = ' ';
	for (i = 0; i < n; i++)
		pass[used++] = w[i];
	pass[used] = '\0';
	return 0;
}

/* One word of our own options. */
static const char *take_option(struct options *o, const char *w, size_t n)
{
	static const char next[] = "next=", cpus[] = "cpus=", inst[] = "install=";

	if (starts_with(w, n, next))
		return take_path(o->next, w + sizeof(next) - 1, n - (sizeof(next) - 1));
	if (starts_with(w, n, cpus))
		return take_cpus(&o->cpus, w + sizeof(cpus) - 1, n - (sizeof(cpus) - 1));
	if (starts_with(w, n, inst))
		return take_install(&o->install, w + sizeof(inst) - 1,
				    n - (sizeof(inst) - 1));
	return "unknown option (known: next= cpus= install= --)";
}

int options_parse(const char *text, size_t len, bool skip_program_name,
		  struct options *o, struct options_error *err)
{
	bool passing = false, first = true;
	size_t i = 0, start, n;
	const char *why, *w;

	o->words = 0;
	o->next[0] = '\0';
	o->cpus = 0;
	o->install = INSTALL_AUTO;
	o->pass[0] = '\0';
	for (start = 0; start < len && text[start]; start++)
		if (!is_space(text[start]) && !is_printable(text[start]))
			return fail(err, "options are not printable ASCII text", "", 0);
	len = start;

	while (i < len) {
		if (is_space(text[i])) {
			i++;
			continue;
		}
		if (text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		for (start = i; i < len && !is_space(text[i]); i++)
			;
		w = text + start;
		n = i - start;
		if (first && skip_program_name && !has_equals(w, n) && !equals(w, n, "--")) {
			first = false;
			continue;
		}
		first = false;
		o->words++;
		why = 0;
		if (passing)
			why = take_pass(o->pass, w, n);
		else if (equals(w, n, "--"))
			passing = true;
		else
			why = take_option(o, w, n);
		if (why)
			return fail(err, why, w, n);
	}
	return 0;
}

enum load_options_kind load_options_narrow(const uint16_t *opts, size_t bytes,
					   char *out)
{
	size_t n = bytes / sizeof(uint16_t), i;

	for (i = 0; i < n && opts[i]; i++) {
		if (i + 1 >= OPTIONS_TEXT_MAX)
			return LOAD_OPTIONS_TOO_LONG;
		if (opts[i] >= 0x7f || (opts[i] < ' ' && !is_space((char)opts[i])))
			return LOAD_OPTIONS_BINARY;
		out[i] = (char)opts[i];
	}
	out[i] = '\0';
	return LOAD_OPTIONS_TEXT;
}
