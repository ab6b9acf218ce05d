/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding and reading file-system policies (the files; fs_policy.h parses
 * them). A policy NAME is the file NAME.json in, first, the user's folder
 * ($HOME/.config/cappsule/policies) and then the system's
 * (/etc/cappsule/policies): a user's policy of the same name overrides the
 * system's. The folders are given in a struct so that tests point them
 * elsewhere.
 *
 * Errors name the file: "FILE: line N: reason", or "FILE: " and what the
 * system said.
 */
#ifndef CAPPSULE_TOOLS_FS_POLICY_LOAD_H
#define CAPPSULE_TOOLS_FS_POLICY_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "tools/fs_policy.h"

#define FS_POLICY_FILE_MAX (1u << 20)	/* bytes; a bigger file is refused */
#define FS_POLICY_SYSTEM_DIR "/etc/cappsule/policies"
#define FS_POLICY_USER_DIR ".config/cappsule/policies"	/* under $HOME */
#define FS_POLICY_DEFAULT "default"	/* when no policy names the program */
#define FS_POLICY_FILE_NAME_MAX (FS_POLICY_PATH_MAX + 1)

enum fs_policy_where { FS_POLICY_USER, FS_POLICY_SYSTEM };

struct fs_policy_dirs {
	char user[FS_POLICY_FILE_NAME_MAX];	/* "" when there is no home */
	const char *system;
};

/* The usual folders for home (NULL: no user folder). */
void fs_policy_dirs_init(struct fs_policy_dirs *d, const char *home);

/* The home directory @HOME@ stands for: $HOME if it is absolute, else the
 * password database's, else NULL. */
const char *fs_policy_home(void);

/* Reads and parses one file (at most FS_POLICY_FILE_MAX bytes, a regular
 * file). NULL with the error in err. */
struct fs_policy *fs_policy_load_file(const char *file, const char *home,
				      char *err, size_t errlen);

/* One policy file found. */
struct fs_policy_entry {
	char name[FS_POLICY_NAME_MAX + 1];
	enum fs_policy_where where;
	bool overridden;	/* a system policy the user's of its name hides */
	char file[FS_POLICY_FILE_NAME_MAX];
};

/*
 * Every NAME.json (NAME valid, see fs_policy_name_valid) in the user's and
 * the system's folders: the user's first, each folder by name. A missing
 * folder is an empty one. *out is malloc'ed (free it). false with err set
 * if a folder cannot be read.
 */
bool fs_policy_list(const struct fs_policy_dirs *d, struct fs_policy_entry **out,
		    size_t *n, char *err, size_t errlen);

/* Loads policy name, the user's before the system's. Its file goes to
 * file (FS_POLICY_FILE_NAME_MAX bytes) when not NULL. */
struct fs_policy *fs_policy_load_named(const struct fs_policy_dirs *d, const char *name,
				       const char *home, char *file, char *err, size_t errlen);

/*
 * The policy for running command: name if not NULL; else the first policy
 * in fs_policy_list's order (overridden ones skipped) whose "programs"
 * lists the basename of command; else FS_POLICY_DEFAULT. Every policy read
 * on the way must be valid: a broken file is an error, never skipped, so
 * that a typo cannot silently choose another policy. The chosen name goes
 * to chosen (FS_POLICY_NAME_MAX + 1 bytes) when not NULL.
 */
struct fs_policy *fs_policy_choose(const struct fs_policy_dirs *d, const char *name,
				   const char *command, const char *home, char *chosen,
				   char *err, size_t errlen);

#endif /* CAPPSULE_TOOLS_FS_POLICY_LOAD_H */
