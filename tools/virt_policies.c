// SPDX-License-Identifier: GPL-2.0-only
/* `virt policies [--json]` and `virt policies --check FILE`. */
#include "tools/virt_policies.h"

#include <stdlib.h>
#include <string.h>

#include "tools/json_out.h"

static const char *where_name(const struct fs_policy_entry *e)
{
	return e->where == FS_POLICY_USER ? "user" : "system";
}

/* "a,b,c", or "-" for none, cut to fit cap. */
static void programs_text(const struct fs_policy *p, char *buf, size_t cap)
{
	size_t len = 0, n = p ? fs_policy_program_count(p) : 0;

	snprintf(buf, cap, "-");
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? "," : "",
					fs_policy_program(p, i));
}

static void print_row(FILE *out, const struct virt_policy_row *r)
{
	char programs[256];

	programs_text(r->policy, programs, sizeof(programs));
	fprintf(out, "%-14s %-7s %-28s ", r->entry->name, where_name(r->entry), programs);
	if (!r->policy)
		fprintf(out, "INVALID: %s\n", r->error);
	else if (r->entry->overridden)
		fprintf(out, "(overridden by the user's) %s\n", fs_policy_description(r->policy));
	else
		fprintf(out, "%s\n", fs_policy_description(r->policy));
}

static void string_array(FILE *out, const struct fs_policy *p, size_t n,
			 const char *(*item)(const struct fs_policy *, size_t))
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		const char *s = item(p, i);

		if (i)
			fputc(',', out);
		json_string(out, s, strlen(s));
	}
	fputc(']', out);
}

static void print_row_json(FILE *out, const struct virt_policy_row *r)
{
	const struct fs_policy *p = r->policy;

	json_key(out, "name", true);
	json_string(out, r->entry->name, strlen(r->entry->name));
	json_str_field(out, "where", where_name(r->entry));
	json_str_field(out, "file", r->entry->file);
	json_key(out, "overridden", false);
	fputs(r->entry->overridden ? "true" : "false", out);
	json_str_field(out, "error", p ? NULL : r->error);
	json_str_field(out, "description", p ? fs_policy_description(p) : NULL);
	json_key(out, "programs", false);
	string_array(out, p, p ? fs_policy_program_count(p) : 0, fs_policy_program);
	json_key(out, "persistent", false);
	fputs(p && fs_policy_persistent(p) ? "true" : "false", out);
	json_key(out, "shared", false);
	string_array(out, p, p ? fs_policy_shared_count(p) : 0, fs_policy_shared);
}

void virt_policies_print(FILE *out, const struct virt_policy_row *rows, size_t n, bool json)
{
	if (json) {
		fputc('[', out);
		for (size_t i = 0; i < n; i++) {
			fputs(i ? ",{" : "{", out);
			print_row_json(out, &rows[i]);
			fputc('}', out);
		}
		fputs("]\n", out);
		return;
	}
	if (n == 0) {
		fprintf(out, "no policies in %s or %s\n", FS_POLICY_SYSTEM_DIR,
			"$HOME/" FS_POLICY_USER_DIR);
		return;
	}
	fprintf(out, "%-14s %-7s %-28s %s\n", "NAME", "WHERE", "PROGRAMS", "DESCRIPTION");
	for (size_t i = 0; i < n; i++)
		print_row(out, &rows[i]);
}

static int check(const char *file)
{
	char err[512];
	struct fs_policy *p = fs_policy_load_file(file, fs_policy_home(), err, sizeof(err));

	if (!p) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	fs_policy_free(p);
	printf("%s: ok\n", file);
	return 0;
}

/* Each policy file parsed, or its error kept for the listing. */
static int list(bool json)
{
	const char *home = fs_policy_home();
	struct fs_policy_dirs dirs;
	struct fs_policy_entry *entries;
	struct virt_policy_row *rows;
	char err[512], (*errors)[512];
	size_t n;
	int status = 0;

	fs_policy_dirs_init(&dirs, home);
	if (!fs_policy_list(&dirs, &entries, &n, err, sizeof(err))) {
		fprintf(stderr, "virt: %s\n", err);
		return 1;
	}
	rows = calloc(n + 1, sizeof(*rows));
	errors = calloc(n + 1, sizeof(*errors));
	if (!rows || !errors) {
		fputs("virt: out of memory\n", stderr);
		status = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		rows[i].entry = &entries[i];
		rows[i].policy = fs_policy_load_file(entries[i].file, home, errors[i],
						     sizeof(errors[i]));
		rows[i].error = errors[i];
		if (!rows[i].policy)
			status = 1;
	}
	virt_policies_print(stdout, rows, n, json);
	for (size_t i = 0; i < n; i++)
		fs_policy_free((struct fs_policy *)rows[i].policy);
out:
	free(rows);
	free(errors);
	free(entries);
	return status;
}

int virt_policies_run(const char *check_file, bool json)
{
	return check_file ? check(check_file) : list(json);
}
