// SPDX-License-Identifier: GPL-2.0-only
/* The page pool's accounting (see page_pool.h). */
#include "ept/page_pool.h"

#include <stddef.h>

void pool_init(struct page_pool *p)
{
	uint32_t i;

	p->chunks = 0;
	p->pages_used = 0;
	for (i = 0; i < POOL_MAX_OWNERS; i++)
		p->owner_pages[i] = 0;
}

/* Index of the chunk holding addr, or -1. Binary search: chunks are sorted. */
static int find_chunk(const struct page_pool *p, uint64_t addr)
{
	uint32_t lo = 0, hi = p->chunks;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct pool_chunk *c = &p->chunk[mid];

		if (addr < c->base)
			hi = mid;
		else if (addr - c->base >= POOL_CHUNK_BYTES)
			lo = mid + 1;
		else
			return (int)mid;
	}
	return -1;
}

bool pool_contains(const struct page_pool *p, uint64_t addr)
{
	return find_chunk(p, addr) >= 0;
}

bool pool_overlaps(const struct page_pool *p, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len;
	uint32_t i;

	/* Chunks are few (64 at most): a scan is simplest to get right. */
	for (i = 0; i < p->chunks; i++)
		if (addr < p->chunk[i].base + POOL_CHUNK_BYTES && end > p->chunk[i].base)
			return true;
	return false;
}

enum pool_status pool_lend_check(const struct page_pool *p, const uint64_t *bases,
				 uint32_t n)
{
	uint32_t i, j;

	if (n > POOL_MAX_CHUNKS - p->chunks)
		return POOL_FULL;
	for (i = 0; i < n; i++) {
		if (bases[i] % POOL_CHUNK_BYTES != 0)
			return POOL_MISALIGNED;
		if (pool_contains(p, bases[i]))
			return POOL_DUPLICATE;
		for (j = 0; j < i; j++)
			if (bases[j] == bases[i])
				return POOL_DUPLICATE;
	}
	return POOL_OK;
}

static void insert_chunk(struct page_pool *p, uint64_t base, uint8_t memtype, uint64_t gen)
{
	uint32_t i = p->chunks, k;

	while (i > 0 && p->chunk[i - 1].base > base) {
		p->chunk[i] = p->chunk[i - 1];
		i--;
	}
	p->chunk[i].base = base;
	p->chunk[i].gen = gen;
	p->chunk[i].used = 0;
	p->chunk[i].memtype = memtype;
	for (k = 0; k < POOL_PAGES_PER_CHUNK; k++)
		p->chunk[i].owner[k] = POOL_OWNER_FREE;
	p->chunks++;
}

void pool_lend_commit(struct page_pool *p, const uint64_t *bases, const uint8_t *memtypes,
		      uint32_t n, uint64_t gen)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		insert_chunk(p, bases[i], memtypes[i], gen);
}

enum pool_status pool_alloc(struct page_pool *p, uint8_t owner, uint64_t synced_gen,
			    uint64_t *page)
{
	uint32_t i, k;

	if (owner >= POOL_MAX_OWNERS)
		return POOL_BAD_OWNER;
	for (i = 0; i < p->chunks; i++) {
		struct pool_chunk *c = &p->chunk[i];

		if (c->used == POOL_PAGES_PER_CHUNK || c->gen > synced_gen)
			continue;
		for (k = 0; k < POOL_PAGES_PER_CHUNK; k++) {
			if (c->owner[k] != POOL_OWNER_FREE)
				continue;
			c->owner[k] = owner;
			c->used++;
			p->pages_used++;
			p->owner_pages[owner]++;
			*page = c->base + (uint64_t)k * 4096;
			return POOL_OK;
		}
	}
	return POOL_EMPTY;
}

static void release(struct page_pool *p, struct pool_chunk *c, uint32_t k)
{
	p->owner_pages[c->owner[k]]--;
	c->owner[k] = POOL_OWNER_FREE;
	c->used--;
	p->pages_used--;
}

enum pool_status pool_free(struct page_pool *p, uint8_t owner, uint64_t page)
{
	int i = find_chunk(p, page);
	uint32_t k;

	if (i < 0 || page % 4096 != 0)
		return POOL_NOT_IN_POOL;
	k = (uint32_t)((page - p->chunk[i].base) / 4096);
	if (owner >= POOL_MAX_OWNERS || p->chunk[i].owner[k] != owner)
		return POOL_NOT_OWNER;
	release(p, &p->chunk[i], k);
	return POOL_OK;
}

uint32_t pool_free_owner(struct page_pool *p, uint8_t owner)
{
	uint32_t i, k, freed = 0;

	if (owner >= POOL_MAX_OWNERS)
		return 0;
	for (i = 0; i < p->chunks; i++)
		for (k = 0; k < POOL_PAGES_PER_CHUNK; k++)
			if (p->chunk[i].owner[k] == owner) {
				release(p, &p->chunk[i], k);
				freed++;
			}
	return freed;
}

uint32_t pool_reclaim(struct page_pool *p, uint64_t *bases, uint8_t *memtypes, uint32_t max)
{
	uint32_t i = 0, out = 0, j;

	while (i < p->chunks && out < max) {
		if (p->chunk[i].used != 0) {
			i++;
			continue;
		}
		bases[out] = p->chunk[i].base;
		memtypes[out] = p->chunk[i].memtype;
		out++;
		for (j = i; j + 1 < p->chunks; j++)
			p->chunk[j] = p->chunk[j + 1];
		p->chunks--;
	}
	return out;
}
