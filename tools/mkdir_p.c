// SPDX-License-Identifier: GPL-2.0-only
/* mkdir -p (see mkdir_p.h). */
#include "tools/mkdir_p.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/stat.h>

int mkdir_p(char *path, size_t keep, mode_t mode)
{
	for (char *s = path + keep; ; s++) {
		bool last = *s == '\0';

		if (*s != '/' && !last)
			continue;
		*s = '\0';
		if (mkdir(path, mode) != 0 && errno != EEXIST)
			return errno;
		if (last)
			return 0;
		*s = '/';
	}
}
