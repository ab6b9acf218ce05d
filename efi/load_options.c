// SPDX-License-Identifier: GPL-2.0-only
/*
 * Load options come from a boot entry anyone with access to NVRAM can write,
 * so they get the same strictness as the configuration file.
 */
#include <stdbool.h>

#include "efi/load_options.h"

#define OPTIONS_MAX 512 /* characters; longer option strings are refused */

/* Narrows UCS-2 to ASCII; false if any character is not printable ASCII. */
static bool narrow(const uint16_t *opts, size_t chars, char *out)
{
	size_t i;

	for (i = 0; i < chars; i++) {
		if (opts[i] == 0)
			break;
		if ((opts[i] < 0x20 && opts[i] != '\t') || opts[i] >= 0x7f)
			return false;
		out[i] = (char)opts[i];
	}
	out[i] = '\0';
	return true;
}

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

static void fail(struct config_error *err, const char *reason,
		 const char *word, size_t n)
{
	size_t i;

	err->line = 0;
	err->reason = reason;
	if (n > sizeof(err->detail) - 1)
		n = sizeof(err->detail) - 1;
	for (i = 0; i < n; i++)
		err->detail[i] = word[i];
	err->detail[n] = '\0';
}

/* Handles one word; returns false (and fills err) if it is not accepted. */
static bool take_word(const char *w, size_t n, bool first, char *path,
		      bool *have_config, struct config_error *err)
{
	size_t i, klen = sizeof("config=") - 1;
	const char *reason;
	bool has_eq = false;

	for (i = 0; i < n; i++)
		has_eq |= w[i] == '=';
	if (first && !has_eq)
		return true; /* the program's own name, from the shell */
	if (n <= klen || !starts_with(w, "config=")) {
		fail(err, "unknown load option", w, n);
		return false;
	}
	if (*have_config) {
		fail(err, "config= given twice", w, n);
		return false;
	}
	if (n - klen >= CONFIG_PATH_MAX) {
		fail(err, "path too long", w + klen, n - klen);
		return false;
	}
	for (i = 0; i < n - klen; i++)
		path[i] = w[klen + i];
	path[i] = '\0';
	reason = config_check_path(path);
	if (reason) {
		fail(err, reason, w + klen, n - klen);
		return false;
	}
	*have_config = true;
	return true;
}

enum load_options_result load_options_parse(const uint16_t *opts, size_t bytes,
					    char config_path[CONFIG_PATH_MAX],
					    struct config_error *err)
{
	char text[OPTIONS_MAX + 1], path[CONFIG_PATH_MAX];
	size_t chars = bytes / 2, i = 0, start;
	bool have_config = false, first = true;

	if (!opts || chars == 0)
		return LOAD_OPTIONS_NONE;
	if (bytes % 2)
		return LOAD_OPTIONS_BINARY;
	if (chars > OPTIONS_MAX) {
		fail(err, "load options too long", "", 0);
		return LOAD_OPTIONS_ERROR;
	}
	if (!narrow(opts, chars, text))
		return LOAD_OPTIONS_BINARY;
	while (text[i]) {
		while (text[i] == ' ' || text[i] == '\t')
			i++;
		if (!text[i])
			break;
		for (start = i; text[i] && text[i] != ' ' && text[i] != '\t'; i++)
			;
		if (!take_word(text + start, i - start, first, path,
			       &have_config, err))
			return LOAD_OPTIONS_ERROR;
		first = false;
	}
	if (!have_config)
		return LOAD_OPTIONS_NONE;
	for (i = 0; i < CONFIG_PATH_MAX; i++)
		config_path[i] = path[i];
	return LOAD_OPTIONS_CONFIG;
}
