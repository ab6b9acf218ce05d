// SPDX-License-Identifier: GPL-2.0-only
/* The file channel's two ends (see fs_channel.h). */
#include <linux/anon_inodes.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/uio.h>

#include "fs_channel.h"

int fs_channel_attach(struct fs_channel *c, void *in_ring, void *out_ring, u32 data_size,
		      wait_queue_head_t *wq, const struct fs_channel_ops *ops, void *owner)
{
	mutex_init(&c->lock);
	c->wq = wq;
	c->ops = ops;
	c->owner = owner;
	c->taken = false;
	if (ring_attach_consumer(&c->in, in_ring, data_size) ||
	    ring_attach_producer(&c->out, out_ring, data_size))
		return -EPROTO;
	return 0;
}

static bool nonblocking(const struct kiocb *iocb)
{
	return (iocb->ki_filp->f_flags & O_NONBLOCK) || (iocb->ki_flags & IOCB_NOWAIT);
}

static bool gone(struct fs_channel *c)
{
	return c->ops->peer_gone && c->ops->peer_gone(c);
}

/* Something to do: bytes to read (reading) or room to write, or the end. */
static bool ready(struct fs_channel *c, bool reading)
{
	return gone(c) || (reading ? ring_readable(&c->in) : ring_writable(&c->out)) != 0;
}

/* Under c->lock, after raising this side's flag (armed: what the ring's
 * prepare call said): 0 to look again, or -errno. Sleeps, the lock
 * dropped, unless the call must not block. */
static int wait_turn(struct fs_channel *c, int armed, bool nonblock, bool reading)
{
	if (armed < 0)
		return -EIO;
	if (armed == RING_READY)
		return 0;
	if (nonblock)
		return -EAGAIN;
	mutex_unlock(&c->lock);
	armed = wait_event_interruptible(*c->wq, ready(c, reading));
	mutex_lock(&c->lock);
	return armed ? -ERESTARTSYS : 0;
}

/* Under c->lock: bytes read (> 0), 0 at the end, or -errno; sleeps (the
 * lock dropped) while the ring is empty unless told not to. Every read
 * ends with this side's waiting flag up if the ring is left empty (the
 * prepare call lowers it again when bytes remain), so that every byte the
 * peer adds wakes this side: a poll(2) waiter (the 9P client registers
 * once and expects a wake-up for each arrival, as from a pipe) is never
 * left behind a flag a read lowered. */
static ssize_t read_some(struct fs_channel *c, struct iov_iter *to, bool nonblock)
{
	for (;;) {
		bool notify = false;
		long n = ring_read(&c->in, c->buf, min(iov_iter_count(to), sizeof(c->buf)), &notify);
		int r;

		if (n < 0)
			return -EIO;
		if (notify)
			c->ops->notify(c);
		if (n > 0) {
			if (ring_prepare_wait_read(&c->in) < 0)
				return -EIO;
			return copy_to_iter(c->buf, n, to) == (size_t)n ? n : -EFAULT;
		}
		if (gone(c))
			return 0;
		r = wait_turn(c, ring_prepare_wait_read(&c->in), nonblock, true);
		if (r)
			return r;
	}
}

static ssize_t chan_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct fs_channel *c = iocb->ki_filp->private_data;
	ssize_t n;

	if (!iov_iter_count(to))
		return 0;
	mutex_lock(&c->lock);
	n = read_some(c, to, nonblocking(iocb));
	mutex_unlock(&c->lock);
	return n;
}

/* Under c->lock: what fits of the caller's bytes, at least one. */
static ssize_t write_some(struct fs_channel *c, struct iov_iter *from, bool nonblock)
{
	for (;;) {
		long room = ring_writable(&c->out);
		bool notify = false;
		size_t n;
		long w;
		int r;

		if (room < 0)
			return -EIO;
		if (gone(c))
			return -EPIPE;
		if (room > 0) {
			n = min3(iov_iter_count(from), sizeof(c->buf), (size_t)room);
			if (copy_from_iter(c->buf, n, from) != n)
				return -EFAULT;
			w = ring_write(&c->out, c->buf, n, &notify);
			if (w != (long)n)
				return -EIO; /* the room it announced vanished: corrupt */
			if (notify)
				c->ops->notify(c);
			return n;
		}
		/* Full: the flag goes up first, so the peer's next read wakes
		 * a poll(2) waiter too. */
		r = wait_turn(c, ring_prepare_wait_write(&c->out), nonblock, false);
		if (r)
			return r;
	}
}

static ssize_t chan_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct fs_channel *c = iocb->ki_filp->private_data;
	ssize_t n;

	if (!iov_iter_count(from))
		return 0;
	mutex_lock(&c->lock);
	n = write_some(c, from, nonblocking(iocb));
	mutex_unlock(&c->lock);
	return n;
}

static __poll_t chan_poll(struct file *f, poll_table *wait)
{
	struct fs_channel *c = f->private_data;
	__poll_t mask = 0;

	poll_wait(f, c->wq, wait);
	mutex_lock(&c->lock);
	if (gone(c))
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLHUP;
	else if (ring_readable(&c->in) != 0 || ring_prepare_wait_read(&c->in) != RING_SLEEP)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (!gone(c) && (ring_writable(&c->out) != 0 ||
			 ring_prepare_wait_write(&c->out) != RING_SLEEP))
		mask |= EPOLLOUT | EPOLLWRNORM;
	mutex_unlock(&c->lock);
	return mask;
}

static int chan_release(struct inode *inode, struct file *f)
{
	struct fs_channel *c = f->private_data;

	if (c->ops->release)
		c->ops->release(c);
	return 0;
}

static const struct file_operations chan_fops = {
	.owner = THIS_MODULE,
	.read_iter = chan_read_iter,
	.write_iter = chan_write_iter,
	.poll = chan_poll,
	.release = chan_release,
	.llseek = no_llseek,
};

int fs_channel_open_fd(struct fs_channel *c)
{
	int fd;

	mutex_lock(&c->lock);
	fd = c->taken ? -EBUSY : anon_inode_getfd("cappsule-fs", &chan_fops, c, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		c->taken = true;
	mutex_unlock(&c->lock);
	return fd;
}
