// SPDX-License-Identifier: GPL-2.0-only
/*
 * virt exec, host side (see exec.h). Each cappsule has a vCPU thread bound
 * to one CPU: it creates the cappsule there (its VMCS stays active on that
 * CPU), runs it, sleeps while it halts (until its timer deadline or until
 * the host has news for it), and destroys it when it ends or is killed.
 * The file's reads, writes and control ioctls only touch the rings and the
 * live control area in the shared window and wake whoever sleeps: the
 * cappsule with its event interrupt (the next RUN delivers it), the host
 * side when the cappsule notifies.
 */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <asm/fpu/api.h>
#include <asm/tsc.h>

#include "cappsule_guest.h"
#include "exec.h"
#include "exec_check.h"
#include "exec_window.h"
#include "fs_channel.h"
#include "monitor_calls.h"
#include "ring.h"
#include "snapshot.h"
#include "vcpu_fpu.h"

#define REC_HDR sizeof(struct cappsule_io_rec)

struct exec_cappsule {
	unsigned int slot;              /* its window */
	void *win;
	u64 id;                         /* the monitor's, once created */
	kuid_t owner;
	unsigned int cpu;
	u32 page_limit;
	u32 flags;                      /* CAPPSULE_EXEC_* */
	char command[CAPPSULE_PS_COMM];
	u64 start_ns, end_ns;
	struct ring_producer in;
	struct ring_consumer out, err;
	spinlock_t live_lock;           /* posts to the live area, one at a time */
	struct exec_live_writer live;   /* signals and sizes, out of band */
	bool err_next;                  /* read stderr first next time: fairness */
	struct mutex io;                /* the file's readers and writers */
	u8 io_buf[CAPPSULE_IO_REC_MAX]; /* their bytes in transit, under io */
	wait_queue_head_t wq;           /* host side: output, room, the end */
	wait_queue_head_t vcpu_wq;      /* the vCPU thread while it halts */
	bool kick;                      /* deliver the event interrupt */
	bool stop;                      /* killed from the host */
	bool ended;
	struct cappsule_ioc_exec_status status;
	struct vcpu_fpu *fpu;
	struct task_struct *thread;
	struct completion created;
	int create_err;
	struct fs_channel fs;           /* the file server's end */
	struct file *file;              /* its /dev/cappsule file, held by the channel's fd */
};

static DEFINE_SPINLOCK(slots_lock);
/* Held by ps, info and kill while they look at a cappsule, and around
 * freeing one. */
static DEFINE_MUTEX(query_lock);
static struct exec_cappsule *slots[CAPPSULE_MAX_CAPPSULES];
static unsigned int next_cpu;

bool exec_cappsules_alive(void)
{
	unsigned int i;
	bool any = false;

	spin_lock(&slots_lock);
	for (i = 0; i < CAPPSULE_MAX_CAPPSULES; i++)
		any |= slots[i] != NULL;
	spin_unlock(&slots_lock);
	return any;
}

static int slot_take(struct exec_cappsule *ec)
{
	unsigned int i;

	spin_lock(&slots_lock);
	for (i = 0; i < CAPPSULE_MAX_CAPPSULES; i++)
		if (!slots[i]) {
			slots[i] = ec;
			ec->slot = i;
			break;
		}
	spin_unlock(&slots_lock);
	return i < CAPPSULE_MAX_CAPPSULES ? 0 : -ENOSPC;
}

static void slot_give_back(struct exec_cappsule *ec)
{
	spin_lock(&slots_lock);
	slots[ec->slot] = NULL;
	spin_unlock(&slots_lock);
}

static void kick(struct exec_cappsule *ec)
{
	WRITE_ONCE(ec->kick, true);
	wake_up(&ec->vcpu_wq);
}

/* The host end of the file channel: it wakes the cappsule with the event
 * interrupt, ends with it, and holds its file while open. */
static void fs_notify(struct fs_channel *c)
{
	kick(c->owner);
}

static bool fs_peer_gone(struct fs_channel *c)
{
	struct exec_cappsule *ec = c->owner;

	return READ_ONCE(ec->ended);
}

/* Its server is gone (it ended, or failed to start): the cappsule's files
 * can never answer again, so it ends too ("killed from the host"), before
 * the file may be freed. */
static void fs_release(struct fs_channel *c)
{
	struct exec_cappsule *ec = c->owner;

	WRITE_ONCE(ec->stop, true);
	wake_up(&ec->vcpu_wq);
	fput(ec->file);
}

static const struct fs_channel_ops host_fs_ops = {
	.notify = fs_notify, .peer_gone = fs_peer_gone, .release = fs_release,
};

/* ------------------------------------------------------- the vCPU --- */

static s64 run_once(struct exec_cappsule *ec, u64 *result, u64 *deadline)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_CAPPSULE_RUN, .rbx = ec->id };

	if (xchg(&ec->kick, false))
		c.rcx = CAPPSULE_RUN_EVENT;
	kernel_fpu_begin();  /* no preemption until its registers are saved */
	vcpu_fpu_load(ec->fpu);
	shim_vmcall(&c);
	vcpu_fpu_save(ec->fpu);
	kernel_fpu_end();
	*result = c.out[0];
	*deadline = c.out[1];
	return c.ret;
}

static bool wake_condition(struct exec_cappsule *ec)
{
	return READ_ONCE(ec->kick) || READ_ONCE(ec->stop) || kthread_should_stop();
}

/* It waits for its timer (deadline in TSC ticks, 0: none) or an event. */
static void sleep_halted(struct exec_cappsule *ec, u64 deadline)
{
	u64 now = rdtsc();

	if (!deadline) {
		wait_event_interruptible(ec->vcpu_wq, wake_condition(ec));
		return;
	}
	if (deadline <= now)
		return;
	wait_event_interruptible_hrtimeout(ec->vcpu_wq, wake_condition(ec),
		ns_to_ktime(mul_u64_u32_div(deadline - now, NSEC_PER_MSEC, tsc_khz)));
}

/* Runs it until it ends or the host stops it; true if it ended itself. */
static bool run_loop(struct exec_cappsule *ec)
{
	u64 result, deadline;

	while (!READ_ONCE(ec->stop) && !kthread_should_stop()) {
		s64 ret = run_once(ec, &result, &deadline);

		if (ret) {
			pr_err("cappsule %llu: RUN refused (%lld)\n", ec->id, ret);
			return false;
		}
		switch (result) {
		case CAPPSULE_RUN_ENDED:
			return true;
		case CAPPSULE_RUN_NOTIFY:
			wake_up_all(&ec->wq);
			/* Its self-IPI (irq_work) comes back as the event. */
			WRITE_ONCE(ec->kick, true);
			break;
		case CAPPSULE_RUN_HALTED:
			wake_up_all(&ec->wq);
			sleep_halted(ec, deadline);
			break;
		default:
			break;  /* the host's interrupt was handled */
		}
		/* Whatever it did (it may notify or halt in a tight loop), the
		 * host's other tasks get this CPU between two RUNs. */
		cond_resched();
	}
	return false;
}

static void finish(struct exec_cappsule *ec, bool ended_itself)
{
	int err = shim_cappsule_info(ec->id, &ec->status.info);

	if (err)
		pr_err("cappsule %llu: no final information (%d)\n", ec->id, err);
	shim_cappsule_destroy(ec->id);
	exec_status_decode(ec->status.info.end, ec->status.info.end_value, !ended_itself,
			   &ec->status);
	ec->end_ns = ktime_get_ns();
	ec->status.uptime_ns = ec->end_ns - ec->start_ns;
	WRITE_ONCE(ec->ended, true);
	wake_up_all(&ec->wq);
}

static int vcpu_main(void *arg)
{
	struct exec_cappsule *ec = arg;
	struct shim_hc c = { 0 };
	bool ended;

	/* Bound to this CPU: the cappsule's VMCS lives here. */
	ec->create_err = shim_call_args(CAPPSULE_HC_CAPPSULE_CREATE, ec->page_limit,
					SHIM_COOKIE_EXEC | ec->slot, ec->win,
					EXEC_WINDOW_BYTES, &c);
	ec->id = c.out[0];
	ec->start_ns = ktime_get_ns();
	complete(&ec->created);
	if (ec->create_err)
		goto wait_stop;
	ended = run_loop(ec);
	finish(ec, ended);
wait_stop:
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/* ------------------------------------------------------- creation --- */

/* The control page and the blob, the caller's credentials, fresh rings. */
static int prepare_window(struct exec_cappsule *ec, const struct cappsule_ioc_exec *r,
			  const char *blob)
{
	struct exec_window_ctl *ctl = ec->win;
	const struct cred *cred = current_cred();
	struct group_info *gi = cred->group_info;
	unsigned int i;

	memset(ec->win, 0, EXEC_WINDOW_BYTES);
	*ctl = (struct exec_window_ctl){
		.magic = EXEC_WINDOW_MAGIC, .flags = r->flags,
		.uid = from_kuid_munged(&init_user_ns, cred->uid),
		.gid = from_kgid_munged(&init_user_ns, cred->gid),
		.rows = r->rows, .cols = r->cols, .argc = r->argc, .envc = r->envc,
		.blob_len = r->blob_len, .realtime_ns = ktime_get_real_ns(),
	};
	ctl->ngroups = min_t(u32, gi->ngroups, CAPPSULE_GUEST_GROUPS_MAX);
	for (i = 0; i < ctl->ngroups; i++)
		ctl->groups[i] = from_kgid_munged(&init_user_ns, gi->gid[i]);
	memcpy(ec->win + EXEC_WIN_BLOB_OFF, blob, r->blob_len);
	exec_live_writer_init(&ec->live, ec->win + EXEC_WIN_LIVE_OFF);
	if (ring_init(ec->win + EXEC_WIN_STDIN_OFF, EXEC_RING_DATA) ||
	    ring_init(ec->win + EXEC_WIN_STDOUT_OFF, EXEC_RING_DATA) ||
	    ring_init(ec->win + EXEC_WIN_STDERR_OFF, EXEC_RING_DATA) ||
	    ring_attach_producer(&ec->in, ec->win + EXEC_WIN_STDIN_OFF, EXEC_RING_DATA) ||
	    ring_attach_consumer(&ec->out, ec->win + EXEC_WIN_STDOUT_OFF, EXEC_RING_DATA) ||
	    ring_attach_consumer(&ec->err, ec->win + EXEC_WIN_STDERR_OFF, EXEC_RING_DATA) ||
	    ring_init(ec->win + EXEC_WIN_FSREQ_OFF, EXEC_FS_RING_DATA) ||
	    ring_init(ec->win + EXEC_WIN_FSREP_OFF, EXEC_FS_RING_DATA))
		return -EPROTO;
	return fs_channel_attach(&ec->fs, ec->win + EXEC_WIN_FSREQ_OFF,
				 ec->win + EXEC_WIN_FSREP_OFF, EXEC_FS_RING_DATA, &ec->wq,
				 &host_fs_ops, ec);
}

/* argv joined by spaces, for virt ps. */
static void set_command(struct exec_cappsule *ec, const char *blob, u32 argc)
{
	size_t n = 0, i;

	for (i = 0; argc && n + 1 < sizeof(ec->command); i++) {
		char ch = blob[i];

		if (ch == '\0' && --argc == 0)
			break;
		ec->command[n++] = ch ? ch : ' ';
	}
	ec->command[n] = '\0';
}

static unsigned int pick_cpu(void)
{
	unsigned int cpu = READ_ONCE(next_cpu), i;

	for (i = 0; i < nr_cpu_ids; i++) {
		cpu = (cpu + 1) % nr_cpu_ids;
		if (cpu_online(cpu) && cpumask_test_cpu(cpu, &shim_monitored_cpus))
			break;
	}
	WRITE_ONCE(next_cpu, cpu);
	return cpu;
}

static void free_cappsule(struct exec_cappsule *ec)
{
	mutex_lock(&query_lock);
	slot_give_back(ec);
	mutex_unlock(&query_lock);
	if (ec->fpu)
		vcpu_fpu_free(ec->fpu);
	kfree(ec);
}

/* The thread creates it on its CPU; the snapshot stays put meanwhile. */
static int launch(struct exec_cappsule *ec)
{
	struct task_struct *t;

	ec->cpu = pick_cpu();
	t = kthread_create(vcpu_main, ec, "cappsule-vcpu/%u", ec->slot);
	if (IS_ERR(t))
		return PTR_ERR(t);
	ec->thread = t;
	kthread_bind(t, ec->cpu);
	wake_up_process(t);
	wait_for_completion(&ec->created);
	return ec->create_err;
}

static struct exec_cappsule *new_cappsule(const struct cappsule_ioc_exec *r)
{
	struct exec_cappsule *ec = kzalloc(sizeof(*ec), GFP_KERNEL);

	if (!ec)
		return NULL;
	mutex_init(&ec->io);
	spin_lock_init(&ec->live_lock);
	init_waitqueue_head(&ec->wq);
	init_waitqueue_head(&ec->vcpu_wq);
	init_completion(&ec->created);
	ec->owner = current_uid();
	ec->page_limit = exec_page_limit(r->mem_mb);
	ec->flags = r->flags;
	ec->slot = CAPPSULE_MAX_CAPPSULES;
	ec->fpu = vcpu_fpu_alloc();
	if (!ec->fpu) {
		kfree(ec);
		return ERR_PTR(-ENOMEM);
	}
	if (slot_take(ec)) {
		vcpu_fpu_free(ec->fpu);
		kfree(ec);
		return ERR_PTR(-ENOSPC);
	}
	return ec;
}

static long start_locked(struct file *f, struct cappsule_ioc_exec *r, const char *blob)
{
	struct exec_cappsule *ec;
	long err;

	if (!shim_snapshot_exec_ready())
		return -ENOEXEC; /* no snapshot from `virt snapshot` */
	ec = new_cappsule(r);
	if (IS_ERR(ec))
		return PTR_ERR(ec);
	ec->win = exec_window(ec->slot);
	err = ec->win ? prepare_window(ec, r, blob) : -ENOEXEC;
	set_command(ec, blob, r->argc);
	if (!err)
		err = launch(ec);
	if (err) {
		if (ec->thread)
			kthread_stop(ec->thread);
		free_cappsule(ec);
		return err;
	}
	r->id = (u32)ec->id;
	f->private_data = ec;
	return 0;
}

long exec_start(struct file *f, void __user *uarg)
{
	struct cappsule_ioc_exec r;
	char *blob;
	long err;

	if (f->private_data)
		return -EBUSY; /* one cappsule per open file */
	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	switch (exec_check_request(&r)) {
	case IOC_OK:
		break;
	case IOC_OUT_OF_RANGE:
		return -ERANGE;
	default:
		return -EINVAL;
	}
	blob = memdup_user(u64_to_user_ptr(r.blob), r.blob_len);
	if (IS_ERR(blob))
		return PTR_ERR(blob);
	err = exec_blob_valid(blob, r.blob_len, r.argc, r.envc) ? 0 : -EINVAL;
	if (!err) {
		shim_snapshot_lock();
		err = start_locked(f, &r, blob);
		shim_snapshot_unlock();
	}
	kfree(blob);
	if (!err && copy_to_user(uarg, &r, sizeof(r)))
		err = -EFAULT; /* it runs anyway: the file owns it */
	return err;
}

/* ------------------------------------------------------------ I/O --- */

/* One output record if there is output: its size, 0 if none, or -errno. */
static ssize_t take_output(struct exec_cappsule *ec, char __user *buf, size_t len, u8 *data)
{
	struct ring_consumer *order[2] = { &ec->out, &ec->err };
	unsigned int i;

	if (ec->err_next)
		swap(order[0], order[1]);
	for (i = 0; i < 2; i++) {
		struct cappsule_io_rec rec = { 0 };
		bool notify = false;
		long n = ring_read(order[i], data, min_t(size_t, len - REC_HDR, CAPPSULE_IO_REC_MAX),
				   &notify);

		if (n < 0)
			return -EIO;
		if (notify)
			kick(ec);
		if (n == 0)
			continue;
		rec.stream = order[i] == &ec->out ? CAPPSULE_STREAM_STDOUT : CAPPSULE_STREAM_STDERR;
		rec.len = (u32)n;
		ec->err_next = order[i] == &ec->out;
		if (copy_to_user(buf, &rec, REC_HDR) || copy_to_user(buf + REC_HDR, data, n))
			return -EFAULT;
		return REC_HDR + n;
	}
	return 0;
}

static bool output_waiting(struct exec_cappsule *ec)
{
	return ring_readable(&ec->out) != 0 || ring_readable(&ec->err) != 0 || READ_ONCE(ec->ended);
}

/* Raises both waiting flags; false if something arrived meanwhile. */
static bool may_sleep_for_output(struct exec_cappsule *ec)
{
	return ring_prepare_wait_read(&ec->out) == RING_SLEEP &&
	       ring_prepare_wait_read(&ec->err) == RING_SLEEP && !READ_ONCE(ec->ended);
}

ssize_t exec_read(struct exec_cappsule *ec, struct file *f, char __user *buf, size_t len)
{
	ssize_t n;

	if (len < CAPPSULE_IO_REC_MIN)
		return -EINVAL;
	mutex_lock(&ec->io);
	for (;;) {
		bool ended = READ_ONCE(ec->ended);

		n = take_output(ec, buf, len, ec->io_buf);
		if (n || ended)
			break;  /* a record, an error, or the end with nothing left */
		n = -EAGAIN;
		if (f->f_flags & O_NONBLOCK)
			break;
		if (!may_sleep_for_output(ec))
			continue;
		mutex_unlock(&ec->io);
		n = wait_event_interruptible(ec->wq, output_waiting(ec));
		mutex_lock(&ec->io);
		if (n)
			break;
	}
	mutex_unlock(&ec->io);
	return n;
}

/* Room for a record of len data bytes in the stdin ring, sleeping for it
 * unless non-blocking. 0, -EAGAIN, -EPIPE (it ended) or -ERESTARTSYS. */
static int wait_room(struct exec_cappsule *ec, bool nonblock, size_t need)
{
	for (;;) {
		long room = ring_writable(&ec->in);

		if (room < 0)
			return -EIO;
		if (READ_ONCE(ec->ended))
			return -EPIPE;
		if ((size_t)room >= need)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (ring_prepare_wait_write(&ec->in) != RING_SLEEP)
			continue;
		mutex_unlock(&ec->io);
		if (wait_event_interruptible(ec->wq, READ_ONCE(ec->ended) ||
					     ring_writable(&ec->in) >= (long)need)) {
			mutex_lock(&ec->io);
			return -ERESTARTSYS;
		}
		mutex_lock(&ec->io);
	}
}

/* A header and its data: the caller made room for both. */
static int put_record(struct exec_cappsule *ec, u8 stream, u32 value, const u8 *data, u32 len)
{
	struct cappsule_io_rec rec = { .stream = stream, .len = len, .value = value };
	bool n1 = false, n2 = false;

	if (ring_write(&ec->in, &rec, REC_HDR, &n1) != REC_HDR ||
	    (len && ring_write(&ec->in, data, len, &n2) != len))
		return -EIO;
	if (n1 || n2)
		kick(ec);
	return 0;
}

ssize_t exec_write(struct exec_cappsule *ec, struct file *f, const char __user *buf, size_t len)
{
	size_t n;
	int err;

	if (len == 0)
		return 0;
	mutex_lock(&ec->io);
	err = wait_room(ec, f->f_flags & O_NONBLOCK, REC_HDR + 1);
	if (!err) {
		/* wait_room saw at least a header and one byte of room. */
		n = min_t(size_t, min_t(size_t, len, CAPPSULE_IO_REC_MAX),
			  ring_writable(&ec->in) - REC_HDR);
		err = copy_from_user(ec->io_buf, buf, n) ? -EFAULT :
		      put_record(ec, CAPPSULE_STREAM_STDIN, 0, ec->io_buf, (u32)n);
	}
	mutex_unlock(&ec->io);
	return err ? err : (ssize_t)n;
}

__poll_t exec_poll(struct exec_cappsule *ec, struct file *f, poll_table *wait)
{
	__poll_t mask = 0;

	poll_wait(f, &ec->wq, wait);
	mutex_lock(&ec->io);
	if (output_waiting(ec) || !may_sleep_for_output(ec))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(ec->ended))
		mask |= EPOLLHUP;
	else if (ring_writable(&ec->in) > (long)REC_HDR ||
		 ring_prepare_wait_write(&ec->in) != RING_SLEEP)
		mask |= EPOLLOUT | EPOLLWRNORM;
	mutex_unlock(&ec->io);
	return mask;
}

/* The end of stdin follows its bytes on the ring, so it may wait for room
 * like a write (and, non-blocking, refuse to). */
static long stdin_eof(struct exec_cappsule *ec, bool nonblock)
{
	long err;

	mutex_lock(&ec->io);
	err = wait_room(ec, nonblock, REC_HDR);
	if (!err)
		err = put_record(ec, CAPPSULE_STREAM_EOF, 0, NULL, 0);
	mutex_unlock(&ec->io);
	return err;
}

/* A signal or a size: into the live area, whatever the rings hold, so a
 * command that never reads its stdin still gets its Ctrl-C. Never sleeps. */
static long post_live(struct exec_cappsule *ec, unsigned int cmd, u32 value)
{
	bool ok;

	if (READ_ONCE(ec->ended))
		return -EPIPE;
	spin_lock(&ec->live_lock);
	ok = cmd == CAPPSULE_IOC_SIGNAL ? exec_live_post_signal(&ec->live, value)
					: exec_live_post_winsize(&ec->live, value);
	spin_unlock(&ec->live_lock);
	if (!ok)
		return -EINVAL;
	kick(ec);
	return 0;
}

long exec_ioctl(struct exec_cappsule *ec, struct file *f, unsigned int cmd, void __user *uarg)
{
	u32 value = 0;

	if ((cmd == CAPPSULE_IOC_SIGNAL || cmd == CAPPSULE_IOC_WINSIZE) &&
	    get_user(value, (u32 __user *)uarg))
		return -EFAULT;
	switch (cmd) {
	case CAPPSULE_IOC_STDIN_EOF:
		return stdin_eof(ec, f->f_flags & O_NONBLOCK);
	case CAPPSULE_IOC_SIGNAL:
		return exec_signal_ok(value) ? post_live(ec, cmd, value) : -EINVAL;
	case CAPPSULE_IOC_WINSIZE:
		return exec_winsize_ok(value) ? post_live(ec, cmd, value) : -EINVAL;
	case CAPPSULE_IOC_EXEC_STATUS:
		if (!READ_ONCE(ec->ended))
			return -EBUSY;
		return copy_to_user(uarg, &ec->status, sizeof(ec->status)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

/* The new fd holds f, so the cappsule lives while its server does. */
long exec_fs_channel(struct file *f)
{
	struct exec_cappsule *ec = f->private_data;
	int fd;

	if (!ec)
		return -ENOTCONN;
	if (!(ec->flags & CAPPSULE_EXEC_FS))
		return -EINVAL;
	ec->file = get_file(f);
	fd = fs_channel_open_fd(&ec->fs);
	if (fd < 0)
		fput(f);
	return fd;
}

void exec_release(struct exec_cappsule *ec)
{
	WRITE_ONCE(ec->stop, true);
	wake_up(&ec->vcpu_wq);
	kthread_stop(ec->thread);
	free_cappsule(ec);
}

/* ------------------------------------------------- ps, info, kill --- */

static void ps_entry(struct exec_cappsule *ec, struct cappsule_ps_entry *e,
		     struct cappsule_info *info)
{
	bool ended = READ_ONCE(ec->ended);

	*e = (struct cappsule_ps_entry){
		.id = (u32)ec->id, .uid = from_kuid_munged(&init_user_ns, ec->owner),
		.cpu = ec->cpu, .state = ended ? 2 : 1, .page_limit = ec->page_limit,
		.uptime_ns = (ended ? ec->end_ns : ktime_get_ns()) - ec->start_ns,
	};
	memcpy(e->command, ec->command, sizeof(e->command));
	if (ended)
		*info = ec->status.info;
	else if (shim_cappsule_info(ec->id, info))
		memset(info, 0, sizeof(*info));
	e->pages_private = info->pages_private;
}

/* Under query_lock: no cappsule is freed meanwhile. */
static struct exec_cappsule *find(u32 id)
{
	unsigned int i;

	for (i = 0; i < CAPPSULE_MAX_CAPPSULES; i++)
		if (slots[i] && slots[i]->id == id && id)
			return slots[i];
	return NULL;
}


long exec_ps(void __user *uarg)
{
	struct cappsule_ioc_ps *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct cappsule_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	unsigned int i;
	long err = -ENOMEM;

	if (!r || !info)
		goto out;
	mutex_lock(&query_lock);
	for (i = 0; i < CAPPSULE_MAX_CAPPSULES; i++)
		if (slots[i] && slots[i]->id)
			ps_entry(slots[i], &r->entry[r->count++], info);
	mutex_unlock(&query_lock);
	err = copy_to_user(uarg, r, sizeof(*r)) ? -EFAULT : 0;
out:
	kfree(info);
	kfree(r);
	return err;
}

long exec_info(void __user *uarg)
{
	struct cappsule_ioc_cappsule_info *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct exec_cappsule *ec;
	long err = -ENOMEM;

	if (!r)
		return err;
	err = -EFAULT;
	if (copy_from_user(r, uarg, sizeof(*r)))
		goto out;
	err = -EINVAL;
	if (r->reserved)
		goto out;
	mutex_lock(&query_lock);
	ec = find(r->id);
	err = ec ? 0 : -ESRCH;
	if (ec)
		ps_entry(ec, &r->ps, &r->info);
	mutex_unlock(&query_lock);
	if (!err && copy_to_user(uarg, r, sizeof(*r)))
		err = -EFAULT;
out:
	kfree(r);
	return err;
}

long exec_kill(void __user *uarg)
{
	struct exec_cappsule *ec;
	long err;
	u32 id;

	if (get_user(id, (u32 __user *)uarg))
		return -EFAULT;
	mutex_lock(&query_lock);
	ec = find(id);
	if (!ec)
		err = -ESRCH;
	else if (!uid_eq(ec->owner, current_uid()) && !capable(CAP_KILL))
		err = -EPERM;
	else
		err = 0;
	if (!err) {
		WRITE_ONCE(ec->stop, true);
		wake_up(&ec->vcpu_wq);
	}
	mutex_unlock(&query_lock);
	return err;
}
