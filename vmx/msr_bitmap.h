/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 4 KiB MSR bitmap (SDM Vol. 3C, 25.6.9): one bit per MSR and direction
 * for 0x0-0x1fff and 0xc0000000-0xc0001fff; a set bit makes the access exit.
 * MSRs outside both ranges always exit, whatever the bitmap says.
 */
#ifndef CAPPSULE_VMX_MSR_BITMAP_H
#define CAPPSULE_VMX_MSR_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_BITMAP_SIZE 4096

enum msr_direction { MSR_READ = 1, MSR_WRITE = 2, MSR_READ_WRITE = 3 };

/* Sets the exit bits of msr; false if the bitmap cannot express it. */
bool msr_bitmap_intercept(uint8_t *bitmap, uint32_t msr, enum msr_direction dir);

/* Whether an access exits, by the hardware's rules. */
bool msr_bitmap_exits(const uint8_t *bitmap, uint32_t msr, bool write);

/*
 * The host's bitmap: zeroed, then exits only for what the monitor must own:
 * IA32_FEATURE_CONTROL (reads show it locked without VMX, writes refused)
 * and the VMX capability MSRs (hidden: the host is told it has no VMX).
 */
void msr_bitmap_for_host(uint8_t *bitmap);

#endif /* CAPPSULE_VMX_MSR_BITMAP_H */
