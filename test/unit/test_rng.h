/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small, seedable pseudo-random generator (xorshift64*) for the unit
 * tests' randomized cases: the same seed gives the same run everywhere.
 */
#ifndef CAPPSULE_TEST_RNG_H
#define CAPPSULE_TEST_RNG_H

#include <stdint.h>

static inline uint64_t test_rng_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

#endif /* CAPPSULE_TEST_RNG_H */
