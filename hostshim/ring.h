/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The byte-stream ring: the one transport between a cappsule and the host
 * (console, filesystem, network, GUI, sound). One ring carries bytes in one
 * direction from a producer to a consumer through memory both sides map; a
 * channel is two rings. Waking a sleeping peer is the caller's job (a
 * hypercall): the calls below only say when it is needed.
 *
 * Pure code with no dependencies, built into the shim (host and cappsule
 * side), the host's user-space servers and the unit tests and fuzzer.
 * docs/transport.md describes the layout and the protocol.
 *
 * Each side trusts only its own private state (struct ring_producer or
 * struct ring_consumer): the shared memory may be rewritten at any moment
 * by a hostile peer. Every call fetches the peer's index once, checks it,
 * and answers RING_CORRUPT if the peer broke the protocol; from then on the
 * endpoint answers RING_CORRUPT to every call, and the owner ends the peer.
 */
#ifndef CAPPSULE_HOSTSHIM_RING_H
#define CAPPSULE_HOSTSHIM_RING_H

#ifdef __KERNEL__
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#define RING_MAGIC 0x474e5243u   /* "CRNG" in memory */
#define RING_VERSION 1u
#define RING_CACHE_LINE 64u
#define RING_HEADER_BYTES 4096u  /* one page; the data starts on the next */
#define RING_MIN_DATA 4096u      /* data sizes: powers of two in this range */
#define RING_MAX_DATA (1u << 20)
#define RING_BYTES(data_size) (RING_HEADER_BYTES + (size_t)(data_size))

/* Values of the two waiting flags; anything else is a protocol violation. */
#define RING_AWAKE 0u
#define RING_WAITING 1u

/*
 * The shared header, at the start of the ring's memory; the data follows at
 * RING_HEADER_BYTES. Each cache line has one writer, so the two sides never
 * write the same line. Indices count bytes ever moved (free-running,
 * modulo 2^64); a byte at stream position i lives at data[i % data_size].
 */
struct ring_shared {
	/* Written by ring_init only; read-only afterwards. */
	uint32_t magic;            /* RING_MAGIC */
	uint32_t version;          /* RING_VERSION */
	uint32_t data_size;        /* bytes of data: power of two */
	uint32_t reserved0[13];
	/* Written only by the producer. */
	uint64_t produced;         /* bytes ever written into the ring */
	uint32_t producer_waiting; /* RING_WAITING: asleep until space frees */
	uint32_t reserved1[13];
	/* Written only by the consumer. */
	uint64_t consumed;         /* bytes ever read out of the ring */
	uint32_t consumer_waiting; /* RING_WAITING: asleep until data arrives */
	uint32_t reserved2[13];
	uint8_t reserved3[RING_HEADER_BYTES - 3 * RING_CACHE_LINE];
};

_Static_assert(offsetof(struct ring_shared, magic) == 0, "ring layout");
_Static_assert(offsetof(struct ring_shared, version) == 4, "ring layout");
_Static_assert(offsetof(struct ring_shared, data_size) == 8, "ring layout");
_Static_assert(offsetof(struct ring_shared, produced) == 64, "ring layout");
_Static_assert(offsetof(struct ring_shared, producer_waiting) == 72, "ring layout");
_Static_assert(offsetof(struct ring_shared, consumed) == 128, "ring layout");
_Static_assert(offsetof(struct ring_shared, consumer_waiting) == 136, "ring layout");
_Static_assert(sizeof(struct ring_shared) == RING_HEADER_BYTES, "ring layout");

/* Answers: a count of bytes (>= 0), RING_SLEEP / RING_READY, or an error. */
#define RING_READY 0      /* do not sleep: the ring already has what you wait for */
#define RING_SLEEP 1      /* sleep: the peer will notify you */
#define RING_CORRUPT (-1) /* the peer broke the protocol; the endpoint is dead */
#define RING_BAD_ARG (-2) /* the caller's own mistake: size or alignment */

/* One side's private view; never placed in shared memory. */
struct ring_end {
	struct ring_shared *shared;
	uint8_t *data;
	uint32_t size;        /* data size, from the trusted side, never re-read */
	uint64_t own_index;   /* bytes this side has moved; published, never read back */
	uint64_t peer_index;  /* the peer's index as last fetched and found legal */
	bool waiting;         /* this side's waiting flag is set in shared memory */
	bool broken;          /* the peer broke the protocol: every call fails */
};

/* Distinct types so that a producer cannot be read from, nor a consumer written. */
struct ring_producer {
	struct ring_end end;
};

struct ring_consumer {
	struct ring_end end;
};

/*
 * Formats RING_BYTES(data_size) bytes at mem (64-byte aligned; page-aligned
 * in practice) as an empty ring, zeroing the data so no stale memory shows
 * to the peer. The creator calls it before it shares the memory. Returns 0
 * or RING_BAD_ARG.
 */
int ring_init(void *mem, uint32_t data_size);

/*
 * Attach one side to a ring formatted by ring_init, with data_size from a
 * trusted source (never from the shared memory, which is only checked
 * against it). Each side attaches once, while its own index in the ring is
 * still 0. Returns 0, RING_BAD_ARG (size, alignment) or RING_CORRUPT (the
 * header is not a ring of that size).
 */
int ring_attach_producer(struct ring_producer *p, void *mem, uint32_t data_size);
int ring_attach_consumer(struct ring_consumer *c, void *mem, uint32_t data_size);

/*
 * Copies up to len bytes into the ring: fewer when it is nearly full, 0
 * when it is full. *notify tells whether the consumer sleeps waiting for
 * data, so the caller must wake it. Returns the count or RING_CORRUPT.
 */
long ring_write(struct ring_producer *p, const void *buf, size_t len, bool *notify);

/*
 * Copies up to len bytes out of the ring: fewer when fewer are there, 0
 * when it is empty. *notify tells whether the producer sleeps waiting for
 * space. Returns the count or RING_CORRUPT.
 */
long ring_read(struct ring_consumer *c, void *buf, size_t len, bool *notify);

/* Bytes a write could take / a read could return now, or RING_CORRUPT. */
long ring_writable(struct ring_producer *p);
long ring_readable(struct ring_consumer *c);

/*
 * Before sleeping: raises this side's waiting flag, then looks at the ring
 * once more. RING_SLEEP: still full (for a reader: empty), so sleep; the
 * peer's next read (write) reports notify, and this side's next write
 * (read) lowers the flag. RING_READY: space (data) arrived meanwhile; the
 * flag is lowered again and the caller goes on without sleeping. Or
 * RING_CORRUPT. Sleeping on anything but RING_SLEEP can lose a wake-up.
 */
int ring_prepare_wait_write(struct ring_producer *p);
int ring_prepare_wait_read(struct ring_consumer *c);

#endif /* CAPPSULE_HOSTSHIM_RING_H */
