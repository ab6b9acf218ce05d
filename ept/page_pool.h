/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page pool: memory the host lends the monitor for cappsules (their
 * copied pages and, later, their EPT tables). The host lends it in 2 MiB
 * chunks, 2 MiB aligned, so that taking a chunk out of the host's EPT
 * replaces one leaf and costs no 4 KiB table; the monitor hands it out a
 * 4 KiB page at a time and accounts every page to an owner.
 *
 * A chunk only returns to the host whole, once all of its pages are free,
 * and zeroed (the monitor's job): nothing a cappsule wrote leaks back.
 *
 * Pages lent at host-EPT generation g are handed out only once every CPU
 * has flushed its EPT TLB at g or later (synced_gen), so no CPU of the host
 * can still reach a page that holds a cappsule's data. Pure code.
 */
#ifndef CAPPSULE_EPT_PAGE_POOL_H
#define CAPPSULE_EPT_PAGE_POOL_H

#include <stdbool.h>
#include <stdint.h>

#define POOL_CHUNK_BYTES (2ull << 20)
#define POOL_PAGES_PER_CHUNK 512
#define POOL_MAX_CHUNKS 64           /* 128 MiB */
#define POOL_MAX_OWNERS 64
#define POOL_OWNER_FREE 0xff         /* page not handed out */
#define POOL_OWNER_SNAPSHOT 0        /* preserved copies and their lookup tables */
#define POOL_OWNER_FIRST_CAPPSULE 1  /* cappsule n owns its pages as n */

struct pool_chunk {
	uint64_t base;                   /* physical, 2 MiB aligned */
	uint64_t gen;                    /* host-EPT generation it was lent at */
	uint32_t used;                   /* pages handed out */
	uint8_t memtype;                 /* the host's EPT memory type, to restore */
	uint8_t owner[POOL_PAGES_PER_CHUNK];
};

struct page_pool {
	uint32_t chunks;                 /* in chunk[0 .. chunks-1], sorted by base */
	uint32_t pages_used;
	uint32_t owner_pages[POOL_MAX_OWNERS];
	struct pool_chunk chunk[POOL_MAX_CHUNKS];
};

enum pool_status {
	POOL_OK,
	POOL_MISALIGNED,    /* a base not 2 MiB aligned */
	POOL_DUPLICATE,     /* lent twice, in one request or across requests */
	POOL_FULL,          /* more chunks than the pool holds */
	POOL_EMPTY,         /* no free page that every CPU has synced */
	POOL_BAD_OWNER,
	POOL_NOT_IN_POOL,
	POOL_NOT_OWNER,
};

void pool_init(struct page_pool *p);

/* Would lending these chunks be accepted? Checks alignment, duplicates
 * (within the list and against the pool) and room; the caller checks that
 * each chunk is host RAM. Changes nothing. */
enum pool_status pool_lend_check(const struct page_pool *p, const uint64_t *bases,
				 uint32_t n);

/* Adds chunks that pool_lend_check accepted, each with its memory type. */
void pool_lend_commit(struct page_pool *p, const uint64_t *bases, const uint8_t *memtypes,
		      uint32_t n, uint64_t gen);

/* A free page for owner from a chunk lent at or before synced_gen. */
enum pool_status pool_alloc(struct page_pool *p, uint8_t owner, uint64_t synced_gen,
			    uint64_t *page);

/* Gives back one page; the owner must match. The caller zeroes it. */
enum pool_status pool_free(struct page_pool *p, uint8_t owner, uint64_t page);

/* Frees every page of owner (a cappsule that ends); returns how many. */
uint32_t pool_free_owner(struct page_pool *p, uint8_t owner);

/* Takes up to max wholly free chunks out of the pool into bases[] and
 * memtypes[]; returns how many. The caller zeroes them and maps them back
 * into the host's EPT. */
uint32_t pool_reclaim(struct page_pool *p, uint64_t *bases, uint8_t *memtypes, uint32_t max);

/* Is page (any address inside it) in the pool? */
bool pool_contains(const struct page_pool *p, uint64_t addr);

/* Does [addr, addr + len) touch any chunk of the pool? (len > 0, no wrap) */
bool pool_overlaps(const struct page_pool *p, uint64_t addr, uint64_t len);

static inline uint32_t pool_pages_total(const struct page_pool *p)
{
	return p->chunks * POOL_PAGES_PER_CHUNK;
}

#endif /* CAPPSULE_EPT_PAGE_POOL_H */
