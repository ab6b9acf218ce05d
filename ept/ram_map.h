/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's RAM as the loader found it: a short, sorted list of disjoint
 * physical ranges. The monitor accepts a guest-physical address from the
 * host only if it lies inside one of them (device MMIO, firmware tables and
 * the monitor's own memory are not RAM the host may hand to the monitor).
 *
 * The map is an allow-list, so every failure shrinks it: a range that does
 * not fit is left out rather than merged into its neighbour. Pure code.
 */
#ifndef CAPPSULE_EPT_RAM_MAP_H
#define CAPPSULE_EPT_RAM_MAP_H

#include <stdbool.h>
#include <stdint.h>

#define RAM_MAP_MAX 64

struct ram_range {
	uint64_t start, end; /* [start, end), end > start */
};

struct ram_map {
	uint32_t count;
	uint32_t dropped;    /* ranges left out because the map was full */
	struct ram_range range[RAM_MAP_MAX];
};

void ram_map_init(struct ram_map *map);

/* Adds [start, end), merging with ranges it touches or overlaps. false if
 * the range is empty or there was no room (then it is counted in dropped). */
bool ram_map_add(struct ram_map *map, uint64_t start, uint64_t end);

/* Takes [start, end) out of the map, splitting a range if needed. When a
 * split finds no free slot, the upper piece is dropped (fail closed). */
void ram_map_remove(struct ram_map *map, uint64_t start, uint64_t end);

/* True iff [start, start + len) lies inside one range (len > 0, no wrap). */
bool ram_map_contains(const struct ram_map *map, uint64_t start, uint64_t len);

/* Sum of the ranges' sizes. */
uint64_t ram_map_bytes(const struct ram_map *map);

/* Rebuilds *out from untrusted ranges (any order, overlaps): what the
 * monitor does with the loader's list. Returns the ranges accepted. */
unsigned ram_map_rebuild(struct ram_map *out, const struct ram_range *in, unsigned n);

#endif /* CAPPSULE_EPT_RAM_MAP_H */
