// SPDX-License-Identifier: GPL-2.0-only
/* init's stdio inside a cappsule (see guest_io.h). */
#include <linux/errno.h>
#include <linux/kmsg_dump.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "cappsule_guest.h"
#include "exec_check.h"
#include "exec_window.h"
#include "fs_channel.h"
#include "guest_io.h"
#include "ring.h"

#define REC_HDR sizeof(struct cappsule_io_rec)

static struct {
	void *win;
	struct exec_window_ctl ctl;        /* copied once at start */
	struct ring_consumer in;
	struct ring_producer out, err;
	u8 rec[REC_HDR + CAPPSULE_IO_REC_MAX]; /* the input record being read */
	size_t have;
	u8 wbuf[CAPPSULE_IO_REC_MAX];
	struct exec_live_reader live;   /* signals and sizes, out of band */
	struct fs_channel fs;           /* the 9P client's end */
} g;
static DEFINE_MUTEX(g_lock);

static bool ctl_sane(const struct exec_window_ctl *c)
{
	return c->magic == EXEC_WINDOW_MAGIC && c->argc >= 1 &&
	       c->argc <= CAPPSULE_EXEC_ARGS_MAX && c->envc <= CAPPSULE_EXEC_ARGS_MAX - c->argc &&
	       c->blob_len >= 1 && c->blob_len <= CAPPSULE_EXEC_BLOB_MAX &&
	       c->ngroups <= CAPPSULE_GUEST_GROUPS_MAX;
}

static void notify_host(bool needed)
{
	if (needed)
		cappsule_hypercall(CAPPSULE_CS_HC_NOTIFY, 0, 0);
}

static void fs_notify(struct fs_channel *c)
{
	notify_host(true);
}

/* The host ends it; nothing to release: the window outlives the file. */
static const struct fs_channel_ops guest_fs_ops = { .notify = fs_notify };

/* Its kernel's last words: on an oops or a panic, its own log (what it
 * wrote since the cappsule began, not the host's lines it inherited) goes
 * to the stderr ring: the first lines, which say what went wrong first,
 * then the newest (what fits, without sleeping or locking: nothing else
 * runs), so that virt shows why. A panic then ends the cappsule as its
 * init failing would (status 125) instead of resetting the machine through
 * the keyboard controller, which would end it for port I/O. */
#define KMSG_HEAD 2048
#define KMSG_TAIL 1536
static u64 own_log_seq;         /* the first record this cappsule wrote */

static size_t kmsg_head(struct kmsg_dump_iter *it, char *buf)
{
	size_t len = 0, n;

	while (len < KMSG_HEAD - 256 &&
	       kmsg_dump_get_line(it, true, buf + len, KMSG_HEAD - len, &n) && n)
		len += n;
	return len;
}

static void kmsg_to_host(struct kmsg_dumper *d, enum kmsg_dump_reason reason)
{
	static const char intro[] = "virt: the cappsule's kernel failed; its log:\n";
	static const char gap[] = "...\n";
	static char head[KMSG_HEAD], tail[KMSG_TAIL];
	struct kmsg_dump_iter it;
	size_t hlen, tlen = 0;
	bool notify = false;
	u64 head_end;

	kmsg_dump_rewind(&it);
	it.cur_seq = max(it.cur_seq, own_log_seq);
	hlen = kmsg_head(&it, head);
	head_end = it.cur_seq;
	/* The newest records after the head that fit in the tail. */
	kmsg_dump_rewind(&it);
	it.cur_seq = max(it.cur_seq, head_end);
	kmsg_dump_get_buffer(&it, true, tail, sizeof(tail), &tlen);
	ring_write(&g.err, intro, sizeof(intro) - 1, &notify);
	ring_write(&g.err, head, hlen, &notify);
	if (tlen && it.next_seq > head_end)
		ring_write(&g.err, gap, sizeof(gap) - 1, &notify);
	ring_write(&g.err, tail, tlen, &notify);
	notify_host(notify);
	if (reason == KMSG_DUMP_PANIC)
		cappsule_hypercall(CAPPSULE_CS_HC_EXIT, 125 << 8, 0);
}

static struct kmsg_dumper last_words = {
	.dump = kmsg_to_host, .max_reason = KMSG_DUMP_OOPS,
};

int guest_io_start(unsigned int slot)
{
	void *w = exec_window(slot);
	struct kmsg_dump_iter it;

	if (!w)
		return -EINVAL;
	memcpy(&g.ctl, w, sizeof(g.ctl));
	if (!ctl_sane(&g.ctl))
		return -EINVAL;
	g.win = w;
	exec_live_reader_init(&g.live, w + EXEC_WIN_LIVE_OFF);
	if (ring_attach_consumer(&g.in, w + EXEC_WIN_STDIN_OFF, EXEC_RING_DATA) ||
	    ring_attach_producer(&g.out, w + EXEC_WIN_STDOUT_OFF, EXEC_RING_DATA) ||
	    ring_attach_producer(&g.err, w + EXEC_WIN_STDERR_OFF, EXEC_RING_DATA))
		return -EPROTO;
	kmsg_dump_rewind(&it);
	own_log_seq = it.next_seq;
	kmsg_dump_register(&last_words);
	return fs_channel_attach(&g.fs, w + EXEC_WIN_FSREP_OFF, w + EXEC_WIN_FSREQ_OFF,
				 EXEC_FS_RING_DATA, &shim_guest_wq, &guest_fs_ops, NULL);
}



/* ------------------------------------------------------------- input --- */

/* Reads what is there towards a whole record: 1 complete, 0 not yet,
 * -EIO if the host broke the protocol. */
static int fill_record(void)
{
	const struct cappsule_io_rec *r = (const void *)g.rec;

	for (;;) {
		size_t want = REC_HDR;
		bool notify = false;
		long n;

		if (g.have >= REC_HDR) {
			if (!exec_record_in_ok(r))
				return -EIO;
			want = REC_HDR + r->len;
			if (g.have == want)
				return 1;
		}
		n = ring_read(&g.in, g.rec + g.have, want - g.have, &notify);
		if (n < 0)
			return -EIO;
		notify_host(notify);
		if (n == 0)
			return 0;
		g.have += n;
	}
}

static bool input_ready(void)
{
	return fill_record() != 0;
}

ssize_t guest_io_read(struct file *f, char __user *buf, size_t len)
{
	ssize_t ret;
	int r;

	mutex_lock(&g_lock);
	for (;;) {
		r = fill_record();
		if (r)
			break;
		if (f->f_flags & O_NONBLOCK) {
			mutex_unlock(&g_lock);
			return -EAGAIN;
		}
		if (ring_prepare_wait_read(&g.in) == RING_READY)
			continue;
		mutex_unlock(&g_lock);
		if (wait_event_interruptible(shim_guest_wq, ring_readable(&g.in) != 0))
			return -ERESTARTSYS;
		mutex_lock(&g_lock);
	}
	ret = r < 0 ? r : (ssize_t)g.have;
	if (r > 0 && len < g.have)
		ret = -EINVAL;
	else if (r > 0 && copy_to_user(buf, g.rec, g.have))
		ret = -EFAULT;
	else if (r > 0)
		g.have = 0;
	mutex_unlock(&g_lock);
	return ret;
}

/* ------------------------------------------------------------ output --- */

/* All of n bytes into the ring, sleeping while it is full. */
static int write_all(struct ring_producer *p, const u8 *data, size_t n)
{
	while (n) {
		bool notify = false;
		long w = ring_write(p, data, n, &notify);
		int r;

		if (w < 0)
			return -EIO;
		notify_host(notify);
		data += w;
		n -= w;
		if (!n || w)
			continue;
		r = ring_prepare_wait_write(p);
		if (r < 0)
			return -EIO;
		if (r == RING_READY)
			continue;
		if (wait_event_interruptible(shim_guest_wq, ring_writable(p) != 0))
			return -ERESTARTSYS;
	}
	return 0;
}

/* One whole record per write: its header, then rec.len bytes. */
ssize_t guest_io_write(struct file *f, const char __user *buf, size_t len)
{
	struct cappsule_io_rec r;
	struct ring_producer *p;
	int err;

	if (len < REC_HDR || copy_from_user(&r, buf, REC_HDR))
		return len < REC_HDR ? -EINVAL : -EFAULT;
	if (!exec_record_out_ok(&r, len))
		return -EINVAL;
	p = r.stream == CAPPSULE_STREAM_STDOUT ? &g.out : &g.err;
	mutex_lock(&g_lock);
	err = copy_from_user(g.wbuf, buf + REC_HDR, r.len) ? -EFAULT : write_all(p, g.wbuf, r.len);
	mutex_unlock(&g_lock);
	return err ? err : (ssize_t)len;
}

__poll_t guest_io_poll(struct file *f, poll_table *wait)
{
	__poll_t mask = 0;

	poll_wait(f, &shim_guest_wq, wait);
	mutex_lock(&g_lock);
	if (input_ready() || ring_prepare_wait_read(&g.in) != RING_SLEEP)
		mask |= EPOLLIN | EPOLLRDNORM;
	if ((ring_writable(&g.out) != 0 || ring_prepare_wait_write(&g.out) != RING_SLEEP) &&
	    (ring_writable(&g.err) != 0 || ring_prepare_wait_write(&g.err) != RING_SLEEP))
		mask |= EPOLLOUT | EPOLLWRNORM;
	/* Apart from the rings: init takes these even while it reads no
	 * input (its stdin queue is full). */
	if (exec_live_pending(&g.live))
		mask |= EPOLLPRI;
	mutex_unlock(&g_lock);
	return mask;
}

/* ------------------------------------------------------------ ioctls --- */

static long guest_request(void __user *uarg)
{
	struct cappsule_ioc_guest_request *r = kzalloc(sizeof(*r), GFP_KERNEL);
	long err = -ENOMEM;

	if (!r)
		return err;
	err = -EFAULT;
	if (copy_from_user(r, uarg, sizeof(*r)))
		goto out;
	r->id = (u32)shim_cappsule_id;
	r->flags = g.ctl.flags;
	r->uid = g.ctl.uid;
	r->gid = g.ctl.gid;
	r->ngroups = g.ctl.ngroups;
	memcpy(r->groups, g.ctl.groups, sizeof(r->groups));
	r->rows = g.ctl.rows;
	r->cols = g.ctl.cols;
	r->argc = g.ctl.argc;
	r->envc = g.ctl.envc;
	r->blob_len = g.ctl.blob_len;
	r->realtime_ns = g.ctl.realtime_ns;
	/* By now the tick has caught jiffies up: the watchdogs that count in
	 * jiffies start afresh from here. */
	touch_softlockup_watchdog();
	if (!copy_to_user(u64_to_user_ptr(r->blob), g.win + EXEC_WIN_BLOB_OFF, r->blob_len) &&
	    !copy_to_user(uarg, r, sizeof(*r)))
		err = 0;
out:
	kfree(r);
	return err;
}

/* The signals and the newest size the host sent since the last call. The
 * area is checked by exec_live_take: sizes without rows or columns are
 * dropped; signals are bit numbers, so always 1..64. */
static long guest_control(void __user *uarg)
{
	struct cappsule_ioc_guest_control r = { 0 };
	struct exec_live_news n;

	mutex_lock(&g_lock);
	exec_live_take(&g.live, &n);
	mutex_unlock(&g_lock);
	r.signals = n.signals;
	r.rows = n.rows;
	r.cols = n.cols;
	return copy_to_user(uarg, &r, sizeof(r)) ? -EFAULT : 0;
}

long guest_io_ioctl(unsigned int cmd, void __user *uarg)
{
	u32 status;

	switch (cmd) {
	case CAPPSULE_IOC_GUEST_REQUEST:
		return guest_request(uarg);
	case CAPPSULE_IOC_GUEST_FS:
		return g.ctl.flags & CAPPSULE_EXEC_FS ? fs_channel_open_fd(&g.fs) : -EINVAL;
	case CAPPSULE_IOC_GUEST_CONTROL:
		return guest_control(uarg);
	case CAPPSULE_IOC_GUEST_EXIT:
		if (get_user(status, (u32 __user *)uarg))
			return -EFAULT;
		if (status > 0xffff)
			return -EINVAL;
		/* Output already sits in the rings: the host drains them. */
		cappsule_hypercall(CAPPSULE_CS_HC_EXIT, status, 0);
		return -EIO; /* not reached */
	default:
		return -EPERM; /* the host's ioctls mean nothing in here */
	}
}
