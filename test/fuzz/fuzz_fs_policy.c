// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzes file-system policies (tools/fs_policy.c): the parser on any bytes,
 * and the matcher on what parses. Half the inputs are taken whole as a
 * policy; the other half are lines, the first two made into a granting and
 * a hiding rule inside a fixed policy, so that mutations reach the matcher
 * instead of dying in the JSON, and the rest asked about as paths.
 *
 * Whatever the input: nothing is read out of bounds, answers hold only the
 * defined bits, a readable path is never also "ancestor", a path that is
 * not absolute and normalized gets 0, and shared folders are absolute.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/fs_policy.h"

#define ALL_BITS (FS_ACCESS_R | FS_ACCESS_W | FS_ACCESS_X | FS_ACCESS_ANCESTOR)

static const char *const fixed_paths[] = {
	"/", "/usr", "/usr/bin/ls", "/etc/shadow", "/home/u", "/home/u/.mozilla/a/b",
	"/home/u/Downloads", "/a/b/c/d/e/f/g", "/lib64/libc.so.6",
};

static void check_answer(const struct fs_policy *p, const char *path)
{
	unsigned a = fs_policy_access(p, path);

	if ((a & ~ALL_BITS) || ((a & FS_ACCESS_R) && (a & FS_ACCESS_ANCESTOR)))
		abort();
}

/* Paths that are not absolute and normalized get nothing. */
static void check_bad_paths(const struct fs_policy *p)
{
	static const char *const bad[] = { "", "usr", "/usr/", "//", "/usr//bin", "/./x", "/x/.." };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (fs_policy_access(p, bad[i]) != 0)
			abort();
}

static void check_policy(const struct fs_policy *p)
{
	for (size_t i = 0; i < fs_policy_shared_count(p); i++)
		if (fs_policy_shared(p, i)[0] != '/')
			abort();
	for (size_t i = 0; i < fs_policy_program_count(p); i++)
		if (!fs_policy_program(p, i)[0] || strchr(fs_policy_program(p, i), '/'))
			abort();
	(void)fs_policy_for_program(p, "/usr/bin/firefox");
	(void)fs_policy_persistent(p);
	(void)strlen(fs_policy_description(p));
	for (size_t i = 0; i < sizeof(fixed_paths) / sizeof(fixed_paths[0]); i++)
		check_answer(p, fixed_paths[i]);
	check_bad_paths(p);
}

/* The whole input as a policy. */
static void whole(const uint8_t *data, size_t size)
{
	char err[256];
	struct fs_policy *p;
	char *text = malloc(size ? size : 1);	/* exact size: ASan sees overreads */

	if (!text)
		return;
	memcpy(text, data, size);
	p = fs_policy_parse(text, size, "/home/u", err, sizeof(err));
	free(text);
	if (!p) {
		if (strncmp(err, "line ", 5) != 0)
			abort();
		return;
	}
	check_policy(p);
	fs_policy_free(p);
}

/* Line i of the input (NUL-terminated copy), or NULL. */
static char *line(const uint8_t *data, size_t size, size_t *pos)
{
	size_t start = *pos, end = start;
	char *s;

	if (start >= size)
		return NULL;
	while (end < size && data[end] != '\n')
		end++;
	*pos = end + 1;
	s = malloc(end - start + 1);
	if (s) {
		memcpy(s, data + start, end - start);
		s[end - start] = '\0';
	}
	return s;
}

/* Lines: a granting rule, a hiding rule, then paths to ask about. */
static void lines(const uint8_t *data, size_t size)
{
	size_t pos = 0;
	char *grant = line(data, size, &pos), *hide = line(data, size, &pos), *path;
	char text[2 * 4200 + 128], err[256];
	struct fs_policy *p = NULL;
	int n;

	if (grant && hide) {
		n = snprintf(text, sizeof(text),
			     "{\"rules\":[{\"path\":\"%s\",\"access\":\"rw\"},"
			     "{\"path\":\"%s\",\"access\":\"\"},{\"path\":\"/usr/**\",\"access\":\"rx\"}]}",
			     grant, hide);
		if (n > 0 && (size_t)n < sizeof(text))
			p = fs_policy_parse(text, (size_t)n, "/home/u", err, sizeof(err));
	}
	free(grant);
	free(hide);
	if (!p)
		return;
	check_policy(p);
	while ((path = line(data, size, &pos)) != NULL) {
		check_answer(p, path);
		free(path);
	}
	fs_policy_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] == '{' || data[0] == ' ' || data[0] == '\n')
		whole(data, size);
	else
		lines(data + 1, size - 1);
	return 0;
}
