// SPDX-License-Identifier: GPL-2.0-only
/* Finding and reading file-system policies (see fs_policy_load.h). */
#include "tools/fs_policy_load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define JSON_SUFFIX ".json"
#define JSON_SUFFIX_LEN (sizeof(JSON_SUFFIX) - 1)

void fs_policy_dirs_init(struct fs_policy_dirs *d, const char *home)
{
	int len = -1;

	/* A home of "/" gives "//.config/...", which the kernel reads fine. */
	if (home && home[0] == '/')
		len = snprintf(d->user, sizeof(d->user), "%s/%s", home, FS_POLICY_USER_DIR);
	if (len < 0 || (size_t)len >= sizeof(d->user))
		d->user[0] = '\0';
	d->system = FS_POLICY_SYSTEM_DIR;
}

const char *fs_policy_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && home[0] == '/')
		return home;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

/* Reads all of fd into a malloc'ed buffer, refusing more than the limit
 * even if the file grew after fstat. */
static char *read_all(int fd, size_t *len, int *error)
{
	char *buf = malloc(FS_POLICY_FILE_MAX + 1);
	size_t n = 0;

	if (!buf) {
		*error = ENOMEM;
		return NULL;
	}
	while (n <= FS_POLICY_FILE_MAX) {
		ssize_t got = read(fd, buf + n, FS_POLICY_FILE_MAX + 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*error = errno;
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > FS_POLICY_FILE_MAX) {
		*error = EFBIG;
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

struct fs_policy *fs_policy_load_file(const char *file, const char *home,
				      char *err, size_t errlen)
{
	char why[256];
	struct fs_policy *p;
	struct stat st;
	size_t len = 0;
	int fd, error = 0;
	char *text = NULL;

	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		error = errno;
	else if (fstat(fd, &st) != 0)
		error = errno;
	else if (!S_ISREG(st.st_mode))
		error = EINVAL;	/* a FIFO or device could block or never end */
	else if (st.st_size > (off_t)FS_POLICY_FILE_MAX)
		error = EFBIG;
	else
		text = read_all(fd, &len, &error);
	if (fd >= 0)
		close(fd);
	if (!text) {
		snprintf(err, errlen, "%s: %s", file,
			 error == EFBIG ? "bigger than 1 MiB, too big for a policy" :
			 error == EINVAL ? "not a regular file" : strerror(error));
		return NULL;
	}
	p = fs_policy_parse(text, len, home, why, sizeof(why));
	free(text);
	if (!p)
		snprintf(err, errlen, "%s: %s", file, why);
	return p;
}

/* The policy name of a directory entry, or false if it names none. */
static bool entry_name(const char *d_name, char *name)
{
	size_t len = strlen(d_name);

	if (len <= JSON_SUFFIX_LEN || len - JSON_SUFFIX_LEN > FS_POLICY_NAME_MAX ||
	    strcmp(d_name + len - JSON_SUFFIX_LEN, JSON_SUFFIX) != 0)
		return false;
	memcpy(name, d_name, len - JSON_SUFFIX_LEN);
	name[len - JSON_SUFFIX_LEN] = '\0';
	return fs_policy_name_valid(name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct fs_policy_entry *)a)->name,
		      ((const struct fs_policy_entry *)b)->name);
}

/* Appends the policies of dir to *list, sorted among themselves. */
static bool list_dir(const char *dir, enum fs_policy_where where,
		     struct fs_policy_entry **list, size_t *n, char *err, size_t errlen)
{
	size_t first = *n;
	struct dirent *e;
	DIR *dp;

	if (!dir || !dir[0])
		return true;
	dp = opendir(dir);
	if (!dp) {
		if (errno == ENOENT || errno == ENOTDIR)
			return true;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return false;
	}
	while ((e = readdir(dp)) != NULL) {
		struct fs_policy_entry *grown, *ent;
		char name[FS_POLICY_NAME_MAX + 1];

		if (!entry_name(e->d_name, name))
			continue;
		grown = realloc(*list, (*n + 1) * sizeof(**list));
		if (!grown) {
			closedir(dp);
			snprintf(err, errlen, "%s: out of memory", dir);
			return false;
		}
		*list = grown;
		ent = &grown[(*n)++];
		memset(ent, 0, sizeof(*ent));
		memcpy(ent->name, name, sizeof(name));
		ent->where = where;
		if (snprintf(ent->file, sizeof(ent->file), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(ent->file)) {
			(*n)--;	/* a folder name that long holds no policy virt reads */
			continue;
		}
	}
	closedir(dp);
	if (*n > first)
		qsort(*list + first, *n - first, sizeof(**list), by_name);
	return true;
}

bool fs_policy_list(const struct fs_policy_dirs *d, struct fs_policy_entry **out,
		    size_t *n, char *err, size_t errlen)
{
	size_t n_user;

	*out = NULL;
	*n = 0;
	if (!list_dir(d->user, FS_POLICY_USER, out, n, err, errlen))
		goto fail;
	n_user = *n;
	if (!list_dir(d->system, FS_POLICY_SYSTEM, out, n, err, errlen))
		goto fail;
	for (size_t i = n_user; i < *n; i++)
		for (size_t j = 0; j < n_user; j++)
			if (strcmp((*out)[i].name, (*out)[j].name) == 0)
				(*out)[i].overridden = true;
	return true;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return false;
}

/* dir/name.json exists (as anything: a broken one is an error later, not
 * a reason to fall back on the system's). */
static bool exists(const char *dir, const char *name, char *file)
{
	struct stat st;
	int len;

	if (!dir || !dir[0])
		return false;
	len = snprintf(file, FS_POLICY_FILE_NAME_MAX, "%s/%s%s", dir, name, JSON_SUFFIX);
	return len > 0 && len < FS_POLICY_FILE_NAME_MAX && lstat(file, &st) == 0;
}

struct fs_policy *fs_policy_load_named(const struct fs_policy_dirs *d, const char *name,
				       const char *home, char *file, char *err, size_t errlen)
{
	char path[FS_POLICY_FILE_NAME_MAX];

	if (!fs_policy_name_valid(name)) {
		snprintf(err, errlen, "bad policy name: 1 to %d letters, digits, '_' or '-'",
			 FS_POLICY_NAME_MAX);
		return NULL;
	}
	if (!exists(d->user, name, path) && !exists(d->system, name, path)) {
		snprintf(err, errlen, "no policy '%s' in %s%s%s", name,
			 d->user[0] ? d->user : "", d->user[0] ? " or " : "",
			 d->system ? d->system : "");
		return NULL;
	}
	if (file)
		memcpy(file, path, sizeof(path));
	return fs_policy_load_file(path, home, err, errlen);
}

struct fs_policy *fs_policy_choose(const struct fs_policy_dirs *d, const char *name,
				   const char *command, const char *home, char *chosen,
				   char *err, size_t errlen)
{
	struct fs_policy_entry *list;
	struct fs_policy *p = NULL;
	size_t n;

	if (!name) {
		if (!fs_policy_list(d, &list, &n, err, errlen))
			return NULL;
		name = FS_POLICY_DEFAULT;
		for (size_t i = 0; i < n; i++) {
			if (list[i].overridden)
				continue;
			p = fs_policy_load_file(list[i].file, home, err, errlen);
			if (!p || fs_policy_for_program(p, command)) {
				if (p && chosen)
					memcpy(chosen, list[i].name, sizeof(list[i].name));
				free(list);
				return p;
			}
			fs_policy_free(p);
		}
		free(list);
	}
	p = fs_policy_load_named(d, name, home, NULL, err, errlen);
	if (p && chosen)
		snprintf(chosen, FS_POLICY_NAME_MAX + 1, "%s", name);
	return p;
}
