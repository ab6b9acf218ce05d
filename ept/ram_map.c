// SPDX-License-Identifier: GPL-2.0-only
/* The host RAM allow-list (see ram_map.h). */
#include "ept/ram_map.h"

#include <stddef.h>

void ram_map_init(struct ram_map *map)
{
	map->count = 0;
	map->dropped = 0;
}

static void remove_at(struct ram_map *map, uint32_t i)
{
	for (; i + 1 < map->count; i++)
		map->range[i] = map->range[i + 1];
	map->count--;
}

static bool insert_at(struct ram_map *map, uint32_t i, uint64_t start, uint64_t end)
{
	uint32_t j;

	if (map->count == RAM_MAP_MAX) {
		map->dropped++;
		return false;
	}
	for (j = map->count; j > i; j--)
		map->range[j] = map->range[j - 1];
	map->range[i].start = start;
	map->range[i].end = end;
	map->count++;
	return true;
}

bool ram_map_add(struct ram_map *map, uint64_t start, uint64_t end)
{
	uint32_t i = 0;

	if (end <= start)
		return false;
	/* First range that ends at or after our start: we touch it or lie before it. */
	while (i < map->count && map->range[i].end < start)
		i++;
	if (i == map->count || map->range[i].start > end)
		return insert_at(map, i, start, end);
	/* Merge into range i, then swallow the ranges the result now reaches. */
	if (start < map->range[i].start)
		map->range[i].start = start;
	if (end > map->range[i].end)
		map->range[i].end = end;
	while (i + 1 < map->count && map->range[i + 1].start <= map->range[i].end) {
		if (map->range[i + 1].end > map->range[i].end)
			map->range[i].end = map->range[i + 1].end;
		remove_at(map, i + 1);
	}
	return true;
}

void ram_map_remove(struct ram_map *map, uint64_t start, uint64_t end)
{
	uint32_t i = 0;

	if (end <= start)
		return;
	while (i < map->count) {
		struct ram_range *r = &map->range[i];

		if (r->end <= start || r->start >= end) {
			i++;
		} else if (r->start >= start && r->end <= end) {
			remove_at(map, i);
		} else if (r->start < start && r->end > end) {
			uint64_t upper_end = r->end;

			r->end = start;
			/* No slot for the upper piece: it is simply not RAM to us. */
			insert_at(map, i + 1, end, upper_end);
			return;
		} else if (r->start < start) {
			r->end = start;
			i++;
		} else {
			r->start = end;
			i++;
		}
	}
}

bool ram_map_contains(const struct ram_map *map, uint64_t start, uint64_t len)
{
	uint32_t i;

	if (len == 0 || start + len < start)
		return false;
	for (i = 0; i < map->count && i < RAM_MAP_MAX; i++)
		if (start >= map->range[i].start && start + len <= map->range[i].end)
			return true;
	return false;
}

uint64_t ram_map_bytes(const struct ram_map *map)
{
	uint64_t sum = 0;
	uint32_t i;

	for (i = 0; i < map->count && i < RAM_MAP_MAX; i++)
		sum += map->range[i].end - map->range[i].start;
	return sum;
}

unsigned ram_map_rebuild(struct ram_map *out, const struct ram_range *in, unsigned n)
{
	unsigned i, accepted = 0;

	ram_map_init(out);
	for (i = 0; i < n; i++)
		if (ram_map_add(out, in[i].start, in[i].end))
			accepted++;
	return accepted;
}
