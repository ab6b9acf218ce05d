// SPDX-License-Identifier: GPL-2.0-only
/* JSON pieces for virt's --json output (see json_out.h). */
#include "tools/json_out.h"

#include <string.h>

void json_string(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c >= 0x20 && c <= 0x7e)
			fputc(c, out);
		else
			fprintf(out, "\\u%04x", c);
	}
	fputc('"', out);
}

void json_key(FILE *out, const char *key, bool first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
}

void json_str_field(FILE *out, const char *key, const char *value)
{
	json_key(out, key, false);
	if (value)
		json_string(out, value, strlen(value));
	else
		fputs("null", out);
}

void json_u64_field(FILE *out, const char *key, uint64_t value)
{
	json_key(out, key, false);
	fprintf(out, "%llu", (unsigned long long)value);
}
