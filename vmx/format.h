/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small, bounded printf for the monitor, which has no libc. Conversions:
 * %s %c %d %u %x %p, with l / ll length, '0' flag and a width. Unknown
 * conversions are printed as-is, so a bad format cannot read past the args.
 */
#ifndef CAPPSULE_VMX_FORMAT_H
#define CAPPSULE_VMX_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Always NUL-terminates (if cap > 0); returns the length written. */
size_t format_v(char *buf, size_t cap, const char *fmt, va_list ap);
size_t format(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* CAPPSULE_VMX_FORMAT_H */
