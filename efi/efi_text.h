/* SPDX-License-Identifier: GPL-2.0-only */
/* ASCII <-> UCS-2 for the loader: our files and options are ASCII, the
 * firmware speaks CHAR16. */
#ifndef CAPPSULE_EFI_TEXT_H
#define CAPPSULE_EFI_TEXT_H

#include <efi.h>

/* Copies ASCII into cap CHAR16s, always terminated; truncates if needed. */
static inline void ascii_to_wide(CHAR16 *dst, UINTN cap, const char *src)
{
	UINTN i;

	for (i = 0; i + 1 < cap && src[i]; i++)
		dst[i] = (CHAR16)(unsigned char)src[i];
	if (cap)
		dst[i] = 0;
}

static inline const char *yes_no(int b)
{
	return b ? "yes" : "no";
}

#endif /* CAPPSULE_EFI_TEXT_H */
