/* SPDX-License-Identifier: GPL-2.0-only */
// File-system policies: which host files a cappsule's programs see through
// the host's 9P file server, and how. Pure logic: no I/O here, the text
// comes from the caller (fs_policy_load.c reads the files), so the unit
// tests and the fuzzer run it on made-up policies. docs/policies.md is the
// user's reference.
//
// A policy is one JSON object:
//
//   {
//     "description": "one line shown by 'virt policies'",   optional
//     "programs": ["firefox", "firefox-esr"],               optional
//     "persistent": true,                                   optional, false
//     "shared": ["@HOME@/Downloads"],                       optional
//     "rules": [ { "path": "/usr/**", "access": "rx" }, ... ]
//   }
//
// The parser is strict: unknown or repeated keys, values of the wrong type,
// bad paths or access strings and anything after the object are refused
// with "line N: reason", and nothing is returned.
//
// Patterns. A rule's path is absolute (after @HOME@, which may only be its
// first component, is replaced by the home directory), with no empty, "."
// or ".." components and no trailing '/' (except "/" itself). In a
// component, '*' matches any run of bytes (even none, never a '/') and '?'
// one byte; a component that is exactly "**" matches zero or more whole
// components. Nothing else is special. A pattern matches whole paths:
// "/usr/**" matches /usr and everything below it, "/usr/*" what is right
// in /usr.
//
// Access. "r" visible and readable, "w" write bits shown, "x" execute bits
// shown, in any order, each at most once; "" hides the path. A hiding rule
// also covers everything below the path it matches ("/etc/ssh": "" hides
// the folder's contents too), unless a rule that wins over it grants
// something there.
//
// Precedence: among the rules that match a path, the most specific wins:
//   1. the one with more literal bytes (all but '*', '?' and "**", after
//      @HOME@ is replaced; '/' counts);
//   2. on a tie, the one with fewer "**" components;
//   3. on a tie, the later one in the file.
// So { "/etc/**": "r" } with { "/etc/shadow": "" } hides /etc/shadow in
// any order, and of two rules with the same pattern the second counts.
//
// Matching is a simulation of all partial matches at once (no backtracking
// across components, one retry point within one): its cost grows with the
// pattern's and the path's lengths multiplied, never exponentially.
#ifndef CAPPSULE_TOOLS_FS_POLICY_H
#define CAPPSULE_TOOLS_FS_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#define FS_ACCESS_R 1u
#define FS_ACCESS_W 2u
#define FS_ACCESS_X 4u
/* Not granted itself, but something granted may lie below: shown as a
 * directory that can be walked and listed, nothing else. */
#define FS_ACCESS_ANCESTOR 8u

#define FS_POLICY_RULES_MAX 256
#define FS_POLICY_PATH_MAX 4095		/* bytes in a pattern or a path, no NUL */
#define FS_POLICY_NAME_MAX 64		/* a policy's name, [A-Za-z0-9_-] */
#define FS_POLICY_PROGRAMS_MAX 64
#define FS_POLICY_SHARED_MAX 16
#define FS_POLICY_DESCRIPTION_MAX 1024

struct fs_policy; /* opaque */

/*
 * Parses len bytes of text. home is what @HOME@ stands for: an absolute
 * path without '*', '?', empty, "." or ".." components (it may be NULL if
 * no policy uses @HOME@). Returns the policy, or NULL with "line N: reason"
 * in err (no trailing newline; always NUL-terminated when errlen > 0).
 */
struct fs_policy *fs_policy_parse(const char *text, size_t len, const char *home,
				  char *err, size_t errlen);
void fs_policy_free(struct fs_policy *p);

// path: absolute, normalized (no //, ., ..), at most FS_POLICY_PATH_MAX
// bytes, components of at most 4096 bytes; any other path gets 0.
// Returns the R/W/X mask of the winning rule (0 if none or hidden), plus
// FS_ACCESS_ANCESTOR when the path is not readable itself but a rule with
// non-empty access that could win there may match something below it ("/"
// and "/usr" for "/usr/lib/**"; "/home/alice" for "/home/*/docs/**").
// ANCESTOR errs on the side of showing: a folder it marks may turn out to
// hold nothing visible (its name is all that shows then, never a file).
unsigned fs_policy_access(const struct fs_policy *p, const char *path);

bool fs_policy_persistent(const struct fs_policy *p);
size_t fs_policy_shared_count(const struct fs_policy *p);
/* The i-th shared folder, @HOME@ expanded; NULL if i is out of range. */
const char *fs_policy_shared(const struct fs_policy *p, size_t i);
/* The basename of prog is one of "programs". */
bool fs_policy_for_program(const struct fs_policy *p, const char *prog);
size_t fs_policy_program_count(const struct fs_policy *p);
const char *fs_policy_program(const struct fs_policy *p, size_t i);
/* "" if the policy has none. */
const char *fs_policy_description(const struct fs_policy *p);

/* A policy name: 1 to FS_POLICY_NAME_MAX of [A-Za-z0-9_-]. Names become
 * file names, so nothing else ('/', '.') may pass. */
bool fs_policy_name_valid(const char *name);

#endif /* CAPPSULE_TOOLS_FS_POLICY_H */
