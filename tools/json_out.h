/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few pieces of JSON virt writes (status, ps, info): strings that stay
 * valid and ASCII whatever bytes they hold, keys, and number and string
 * fields. The caller writes the braces and brackets.
 */
#ifndef CAPPSULE_TOOLS_JSON_OUT_H
#define CAPPSULE_TOOLS_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A JSON string of len bytes. Bytes outside printable ASCII are written as
 * \u00XX (read as Latin-1), so the output is ASCII and valid JSON whatever
 * the input. */
void json_string(FILE *out, const char *s, size_t len);
/* "key": preceded by a comma unless first. */
void json_key(FILE *out, const char *key, bool first);
/* ,"key":"value" (null if value is NULL). */
void json_str_field(FILE *out, const char *key, const char *value);
/* ,"key":value */
void json_u64_field(FILE *out, const char *key, uint64_t value);

#endif /* CAPPSULE_TOOLS_JSON_OUT_H */
