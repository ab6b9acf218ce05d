// SPDX-License-Identifier: GPL-2.0-only
/* Bounded formatting for the monitor's log (see format.h). */
#include <stdbool.h>
#include <stdint.h>

#include "vmx/format.h"

struct out {
	char *buf;
	size_t cap;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len++] = c;
}

static void put_number(struct out *o, uint64_t v, unsigned base,
		       unsigned width, char pad, bool negative)
{
	char digits[24];
	unsigned n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		digits[n++] = '-';
	while (width > n && width < 64) {
		put(o, pad);
		width--;
	}
	while (n)
		put(o, digits[--n]);
}

static uint64_t take_unsigned(va_list *ap, int longs)
{
	if (longs >= 2)
		return va_arg(*ap, unsigned long long);
	if (longs == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t take_signed(va_list *ap, int longs)
{
	if (longs >= 2)
		return va_arg(*ap, long long);
	if (longs == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

/* Handles one conversion starting after '%'; returns the next format char. */
static const char *convert(struct out *o, const char *f, va_list *ap)
{
	const char *start = f - 1, *s;
	unsigned width = 0;
	char pad = ' ';
	int longs = 0;
	int64_t sv;

	if (*f == '0') {
		pad = '0';
		f++;
	}
	while (*f >= '0' && *f <= '9')
		width = width * 10 + (unsigned)(*f++ - '0');
	while (*f == 'l' && longs < 2) {
		longs++;
		f++;
	}
	switch (*f) {
	case 'u':
		put_number(o, take_unsigned(ap, longs), 10, width, pad, false);
		break;
	case 'x':
		put_number(o, take_unsigned(ap, longs), 16, width, pad, false);
		break;
	case 'd':
		sv = take_signed(ap, longs);
		put_number(o, sv < 0 ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv,
			   10, width, pad, sv < 0);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, (uintptr_t)va_arg(*ap, void *), 16, 16, '0', false);
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 's':
		s = va_arg(*ap, const char *);
		for (s = s ? s : "(null)"; *s; s++)
			put(o, *s);
		break;
	case '%':
		put(o, '%');
		break;
	default: /* unknown: print the text literally, consume no argument */
		while (start <= f && *start)
			put(o, *start++);
		return *f ? f + 1 : f;
	}
	return f + 1;
}

size_t format_v(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct out o = { buf, cap, 0 };
	va_list copy;

	va_copy(copy, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = convert(&o, fmt + 1, &copy);
	}
	va_end(copy);
	if (cap)
		buf[o.len] = '\0';
	return o.len;
}

size_t format(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_v(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}
