/* SPDX-License-Identifier: GPL-2.0-only */
/* Our paths and options are ASCII; the firmware takes CHAR16 strings. */
#ifndef BOCHS_ACPI_WIDE_H
#define BOCHS_ACPI_WIDE_H

#include <efi.h>

/* Widens src into dst[cap], truncating if needed; always terminated. */
static inline void widen(CHAR16 *dst, UINTN cap, const char *src)
{
	UINTN i = 0;

	while (i + 1 < cap && src[i]) {
		dst[i] = (CHAR16)(UINT8)src[i];
		i++;
	}
	if (cap)
		dst[i] = 0;
}

#endif /* BOCHS_ACPI_WIDE_H */
