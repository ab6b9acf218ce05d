/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory types from the MTRRs (SDM Vol. 3A, 12.11). With EPT, the CPU
 * takes the memory type of guest accesses from the EPT leaves instead of
 * the MTRRs, so the host's identity EPT must carry the types the firmware
 * programmed: MMIO stays uncacheable, RAM write-back. Pure code.
 */
#ifndef CAPPSULE_EPT_MTRR_H
#define CAPPSULE_EPT_MTRR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ept/ept.h"

#define MTRR_MAX_VARIABLE 32
#define MTRR_FIXED_COUNT 11

/* MSR indices */
#define IA32_MTRRCAP            0x0fe
#define IA32_MTRR_PHYSBASE0     0x200
#define IA32_MTRR_FIX64K_00000  0x250
#define IA32_MTRR_FIX16K_80000  0x258
#define IA32_MTRR_FIX16K_A0000  0x259
#define IA32_MTRR_FIX4K_C0000   0x268  /* ... 0x26f: IA32_MTRR_FIX4K_F8000 */
#define IA32_MTRR_DEF_TYPE      0x2ff

#define MTRRCAP_VCNT_MASK   0xffull
#define MTRRCAP_FIX         (1ull << 8)
#define MTRR_DEF_TYPE_MASK  0xffull
#define MTRR_DEF_FE         (1ull << 10)
#define MTRR_DEF_E          (1ull << 11)
#define MTRR_PHYSMASK_VALID (1ull << 11)

struct mtrr_state {
	uint64_t cap, def_type;
	uint64_t fixed[MTRR_FIXED_COUNT]; /* 64K_00000, 16K_80000, 16K_A0000, 4K_C0000.. */
	uint64_t base[MTRR_MAX_VARIABLE], mask[MTRR_MAX_VARIABLE];
	unsigned phys_bits;               /* CPUID.80000008H:EAX[7:0] */
};

typedef bool (*mtrr_msr_reader)(void *ctx, uint32_t index, uint64_t *value);
bool mtrr_read(struct mtrr_state *s, unsigned phys_bits, mtrr_msr_reader rd, void *ctx);

/* Effective MTRR memory type at a physical address (EPT_MEMTYPE_*). */
unsigned mtrr_type_at(const struct mtrr_state *s, uint64_t addr);

enum mtrr_status {
	MTRR_OK,
	MTRR_BAD_STATE,      /* a variable range with a non-contiguous mask, bad type */
	MTRR_TOO_MANY_RANGES,
};

/*
 * Cuts [0, 2^phys_bits) into sorted ranges of one memory type each; the span
 * [hole_start, hole_end) gets perms 0 (left out of the map), the rest RWX.
 * *n is the capacity of out on entry and the count on return.
 */
enum mtrr_status mtrr_identity_ranges(const struct mtrr_state *s,
				      uint64_t hole_start, uint64_t hole_end,
				      struct ept_range *out, size_t *n);

#endif /* CAPPSULE_EPT_MTRR_H */
