/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Result lines for the emulator's guest test tools: "case NAME: ok" or
 * "case NAME: FAIL (why)", counted in case_failures. Header-only: each
 * tool is one static binary built from one file.
 */
#ifndef CAPPSULE_TEST_GUEST_CASES_H
#define CAPPSULE_TEST_GUEST_CASES_H

#include <stdarg.h>
#include <stdio.h>

static int case_failures;

static inline void case_pass(const char *name)
{
	printf("case %s: ok\n", name);
}

__attribute__((format(printf, 2, 3)))
static inline void case_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	case_failures++;
	printf("case %s: FAIL (", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
}

#endif /* CAPPSULE_TEST_GUEST_CASES_H */
