// SPDX-License-Identifier: GPL-2.0-only
/* Reading the loader's boot record (see loader_status.h). */
#include "tools/loader_status.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define ATTR_BYTES 4

void loader_status_parse(const unsigned char *buf, size_t len, struct loader_status *out)
{
	size_t i, n;

	memset(out, 0, sizeof(*out));
	out->state = LOADER_STATUS_MALFORMED;
	if (len <= ATTR_BYTES || len - ATTR_BYTES > CAPPSULE_STATUS_MAX)
		return;
	n = len - ATTR_BYTES;
	for (i = 0; i < n; i++)
		if (buf[ATTR_BYTES + i] < 0x20 || buf[ATTR_BYTES + i] >= 0x7f)
			return; /* the loader writes printable ASCII only */
	memcpy(out->text, buf + ATTR_BYTES, n);
	out->text[n] = '\0';
	out->state = LOADER_STATUS_RECORDED;
}

void loader_status_read(const char *dir, struct loader_status *out)
{
	unsigned char buf[ATTR_BYTES + CAPPSULE_STATUS_MAX + 1];
	char path[512];
	struct stat st;
	size_t len;
	FILE *f;

	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "%s/%s-%s", dir, CAPPSULE_STATUS_VAR_NAME,
		 CAPPSULE_STATUS_VAR_GUID);
	f = fopen(path, "rb");
	if (!f) {
		out->state = stat(dir, &st) == 0 ? LOADER_STATUS_NONE :
						  LOADER_STATUS_UNAVAILABLE;
		return;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	loader_status_parse(buf, len, out);
}
