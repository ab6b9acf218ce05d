/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The file channel of a virt exec cappsule (docs/filesystem.md): two rings
 * in its shared window carrying raw bytes, the 9P requests of the
 * cappsule's kernel one way, the host file server's replies the other.
 * Each side sees its end as an anonymous file (a new fd from an ioctl):
 * read(2) takes bytes from the ring coming in, write(2) puts what fits
 * into the ring going out (at least one byte, or EAGAIN / sleeps), and
 * poll(2) says which would not block. Inside the cappsule the kernel's 9P
 * client mounts straight from that fd (trans=fd), which needs read_iter
 * and write_iter; the host's server process reads and writes it.
 */
#ifndef CAPPSULE_HOSTSHIM_FS_CHANNEL_H
#define CAPPSULE_HOSTSHIM_FS_CHANNEL_H

#include <linux/mutex.h>
#include <linux/wait.h>

#include "ring.h"

struct fs_channel;

/* What differs between the two sides. */
struct fs_channel_ops {
	void (*notify)(struct fs_channel *c);   /* wake the peer */
	bool (*peer_gone)(struct fs_channel *c); /* reads end, writes fail */
	void (*release)(struct fs_channel *c);  /* its file closed */
};

struct fs_channel {
	struct ring_consumer in;
	struct ring_producer out;
	wait_queue_head_t *wq;          /* this side sleeps here */
	const struct fs_channel_ops *ops;
	void *owner;                    /* the side's own object */
	bool taken;                     /* an fd exists (one per cappsule) */
	struct mutex lock;
	u8 buf[4096];                   /* bytes in transit, under lock */
};

/* Attaches c to the two rings (formatted by the host). 0 or -EPROTO. */
int fs_channel_attach(struct fs_channel *c, void *in_ring, void *out_ring, u32 data_size,
		      wait_queue_head_t *wq, const struct fs_channel_ops *ops, void *owner);

/* A new O_RDWR fd for c (once), or -errno. */
int fs_channel_open_fd(struct fs_channel *c);

#endif /* CAPPSULE_HOSTSHIM_FS_CHANNEL_H */
