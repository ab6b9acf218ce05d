// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/cappsule. A misc device, mode 0660: root, and the `cappsule` group
 * that the packaged udev rule assigns. Each ioctl copies its request in
 * once, checks that copy (ioctl_check.c), and only then calls the monitor;
 * a refused request changes nothing.
 */
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cappsule_guest.h"
#include "cappsule_test.h"
#include "chardev.h"
#include "exec.h"
#include "guest_io.h"
#include "ioctl_check.h"
#include "monitor_calls.h"
#include "snapshot.h"

static bool test_hypercalls;
module_param(test_hypercalls, bool, 0444);
MODULE_PARM_DESC(test_hypercalls,
		 "allow CAPPSULE_IOC_TEST_HYPERCALL (raw hypercalls for tests; root only)");

static int verdict_errno(enum ioc_verdict v)
{
	return v == IOC_OK ? 0 : v == IOC_OUT_OF_RANGE ? -ERANGE : -EINVAL;
}

static int monitor_info(struct cappsule_monitor_info *info)
{
	struct shim_hc c;

	return shim_call_buffer(CAPPSULE_HC_INFO, 0, info, sizeof(*info), &c);
}

static long ioc_info(void __user *uarg)
{
	struct cappsule_ioc_info *r = kzalloc(sizeof(*r), GFP_KERNEL);
	unsigned int cpu;
	long err;

	if (!r)
		return -ENOMEM;
	err = monitor_info(&r->monitor);
	if (!err) {
		r->ioctl_abi = CAPPSULE_IOCTL_ABI;
		r->cpus_online = num_online_cpus();
		for_each_cpu(cpu, &shim_monitored_cpus) {
			if (!cpu_online(cpu))
				continue;
			r->cpus_monitored++;
			if (cpu < 64)
				r->monitored_mask |= 1ull << cpu;
		}
		if (copy_to_user(uarg, r, sizeof(*r)))
			err = -EFAULT;
	}
	kfree(r);
	return err;
}

static long ioc_stats(void __user *uarg)
{
	struct cappsule_ioc_stats *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct cappsule_monitor_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	struct shim_hc c;
	long err = -ENOMEM;

	if (!r || !info)
		goto out;
	err = -EFAULT;
	if (copy_from_user(r, uarg, sizeof(*r)))
		goto out;
	err = monitor_info(info);
	if (err)
		goto out;
	err = verdict_errno(ioc_check_stats(r, info->cpus_started));
	if (err)
		goto out;
	memset(&r->stats, 0, sizeof(r->stats));
	err = shim_call_buffer(CAPPSULE_HC_STATS, r->cpu, &r->stats, sizeof(r->stats), &c);
	if (!err && copy_to_user(uarg, r, sizeof(*r)))
		err = -EFAULT;
out:
	kfree(info);
	kfree(r);
	return err;
}

static long ioc_log_read(void __user *uarg)
{
	struct cappsule_ioc_log r;
	struct shim_hc c;
	void *buf;
	long err;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	err = verdict_errno(ioc_check_log(&r));
	if (err)
		return err;
	buf = kzalloc(r.size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = shim_call_buffer(CAPPSULE_HC_LOG_READ, r.position, buf, r.size, &c);
	if (!err && c.out[0] > r.size)
		err = -EIO; /* the monitor cannot copy more than it was given */
	if (!err) {
		r.copied = c.out[0];
		r.next_position = c.out[1];
		r.lost = c.out[2];
		if (copy_to_user(u64_to_user_ptr(r.buf), buf, r.copied) ||
		    copy_to_user(uarg, &r, sizeof(r)))
			err = -EFAULT;
	}
	kfree(buf);
	return err;
}

/* The kernel pages a test hypercall may point the monitor at. */
struct test_pages {
	void *args_page;
	void *scratch;
};

static int test_pages_alloc(struct test_pages *p)
{
	p->args_page = (void *)get_zeroed_page(GFP_KERNEL);
	p->scratch = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					      get_order(CAPPSULE_TEST_HC_SCRATCH_BYTES));
	return p->args_page && p->scratch ? 0 : -ENOMEM;
}

static void test_pages_free(struct test_pages *p)
{
	free_page((unsigned long)p->args_page);
	if (p->scratch)
		free_pages((unsigned long)p->scratch, get_order(CAPPSULE_TEST_HC_SCRATCH_BYTES));
}

/* Bytes of the scratch area that differ from what the shim put there. */
static u64 scratch_changes(const u8 *scratch, const u8 *in, u64 in_off)
{
	u64 i, changed = 0;

	for (i = 0; i < CAPPSULE_TEST_HC_SCRATCH_BYTES; i++) {
		bool ours = i >= in_off && i < in_off + CAPPSULE_TEST_HC_SCRATCH_IN;

		changed += scratch[i] != (ours ? in[i - in_off] : 0);
	}
	return changed;
}

static long test_hypercall(struct cappsule_ioc_test_hypercall *r)
{
	struct shim_hc c = { .nr = r->nr, .rbx = r->rbx };
	struct test_pages p = { NULL, NULL };
	u64 in_off = ~0ull;
	long err = test_pages_alloc(&p);

	if (err)
		goto out;
	if (r->flags & CAPPSULE_TEST_HC_ARGS) {
		struct cappsule_hc_args a = r->args;

		if (r->flags & CAPPSULE_TEST_HC_SCRATCH) {
			in_off = a.buf_gpa; /* below 4096: ioctl_check.c */
			memcpy((u8 *)p.scratch + in_off, r->scratch_in, sizeof(r->scratch_in));
			a.buf_gpa += virt_to_phys(p.scratch);
		}
		memcpy((u8 *)p.args_page + r->rbx, &a, sizeof(a));
		c.rbx = virt_to_phys(p.args_page) + r->rbx;
	}
	err = shim_call(&c);
	r->result = c.ret;
	memcpy(r->out, c.out, sizeof(r->out));
	r->scratch_changed = scratch_changes(p.scratch, r->scratch_in, in_off);
out:
	test_pages_free(&p);
	return err;
}

static long ioc_test_hypercall(void __user *uarg)
{
	struct cappsule_ioc_test_hypercall r;
	long err;

	if (!test_hypercalls)
		return -EPERM;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	err = verdict_errno(ioc_check_test_hypercall(&r));
	if (err)
		return err;
	err = test_hypercall(&r);
	if (!err && copy_to_user(uarg, &r, sizeof(r)))
		err = -EFAULT;
	return err;
}

static long ioc_snapshot(void __user *uarg)
{
	return capable(CAP_SYS_ADMIN) ? shim_snapshot_take(false) : -EPERM;
}

/* The caller resumes in every virt exec cappsule as its init: there this
 * returns the cappsule's id. */
static long ioc_snapshot_exec(void __user *uarg)
{
	return capable(CAP_SYS_ADMIN) ? shim_snapshot_take(true) : -EPERM;
}

static long ioc_snapshot_drop(void __user *uarg)
{
	return capable(CAP_SYS_ADMIN) ? shim_snapshot_drop() : -EPERM;
}

static long ioc_test_cappsule(void __user *uarg)
{
	struct cappsule_ioc_test_cappsule r;
	long err;

	if (!test_hypercalls || !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	err = verdict_errno(ioc_check_test_cappsule(&r));
	if (err)
		return err;
	err = shim_test_cappsule(&r);
	if (!err && copy_to_user(uarg, &r, sizeof(r)))
		err = -EFAULT;
	return err;
}

static long ioc_test_concurrent(void __user *uarg)
{
	struct cappsule_ioc_test_concurrent *r;
	long err;

	if (!test_hypercalls || !capable(CAP_SYS_ADMIN))
		return -EPERM;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	err = copy_from_user(r, uarg, sizeof(*r)) ? -EFAULT : 0;
	if (!err)
		err = verdict_errno(ioc_check_test_concurrent(r));
	if (!err) {
		memset(r->cappsule, 0, sizeof(r->cappsule));
		err = shim_test_concurrent(r);
	}
	if (!err && copy_to_user(uarg, r, sizeof(*r)))
		err = -EFAULT;
	kfree(r);
	return err;
}

struct ioc_entry {
	unsigned int cmd;
	long (*fn)(void __user *uarg);
};

static const struct ioc_entry ioctls[] = {
	{ CAPPSULE_IOC_INFO, ioc_info },
	{ CAPPSULE_IOC_STATS, ioc_stats },
	{ CAPPSULE_IOC_LOG_READ, ioc_log_read },
	{ CAPPSULE_IOC_SNAPSHOT, ioc_snapshot },
	{ CAPPSULE_IOC_SNAPSHOT_DROP, ioc_snapshot_drop },
	{ CAPPSULE_IOC_SNAPSHOT_EXEC, ioc_snapshot_exec },
	{ CAPPSULE_IOC_PS, exec_ps },
	{ CAPPSULE_IOC_CAPPSULE_INFO, exec_info },
	{ CAPPSULE_IOC_KILL, exec_kill },
	{ CAPPSULE_IOC_TEST_HYPERCALL, ioc_test_hypercall },
	{ CAPPSULE_IOC_TEST_CAPPSULE, ioc_test_cappsule },
	{ CAPPSULE_IOC_TEST_CONCURRENT, ioc_test_concurrent },
};

/* The calls on a file bound to a virt exec cappsule. */
static bool exec_bound_cmd(unsigned int cmd)
{
	return cmd == CAPPSULE_IOC_STDIN_EOF || cmd == CAPPSULE_IOC_SIGNAL ||
	       cmd == CAPPSULE_IOC_WINSIZE || cmd == CAPPSULE_IOC_EXEC_STATUS;
}

static long shim_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	size_t i;

	if (shim_in_cappsule)
		return guest_io_ioctl(cmd, uarg);
	if (cmd == CAPPSULE_IOC_EXEC)
		return exec_start(f, uarg);
	if (cmd == CAPPSULE_IOC_FS_CHANNEL)
		return exec_fs_channel(f);
	if (exec_bound_cmd(cmd))
		return f->private_data ? exec_ioctl(f->private_data, f, cmd, uarg) : -ENOTCONN;
	for (i = 0; i < ARRAY_SIZE(ioctls); i++)
		if (ioctls[i].cmd == cmd)
			return ioctls[i].fn(uarg);
	return -ENOTTY;
}

/*
 * read, write and poll: on the host, the stdio of the file's virt exec
 * cappsule; inside a cappsule, init's side of it. A host file without a
 * cappsule has no stream.
 */
static ssize_t shim_read(struct file *f, char __user *buf, size_t len, loff_t *pos)
{
	if (shim_in_cappsule)
		return guest_io_read(f, buf, len);
	return f->private_data ? exec_read(f->private_data, f, buf, len) : -ENOTCONN;
}

static ssize_t shim_write(struct file *f, const char __user *buf, size_t len, loff_t *pos)
{
	if (shim_in_cappsule)
		return guest_io_write(f, buf, len);
	return f->private_data ? exec_write(f->private_data, f, buf, len) : -ENOTCONN;
}

static __poll_t shim_poll(struct file *f, poll_table *wait)
{
	if (shim_in_cappsule)
		return guest_io_poll(f, wait);
	return f->private_data ? exec_poll(f->private_data, f, wait) : EPOLLERR;
}

/* misc_open points private_data at the miscdevice: here it means "the
 * file's virt exec cappsule", none yet. */
static int shim_open(struct inode *inode, struct file *f)
{
	f->private_data = NULL;
	return 0;
}

static int shim_release(struct inode *inode, struct file *f)
{
	if (f->private_data && !shim_in_cappsule)
		exec_release(f->private_data);
	return 0;
}

static const struct file_operations shim_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = shim_ioctl,
	.read = shim_read,
	.write = shim_write,
	.poll = shim_poll,
	.open = shim_open,
	.release = shim_release,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice shim_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "cappsule",
	.fops = &shim_fops,
	.mode = 0660,
};

int shim_chardev_register(void)
{
	return misc_register(&shim_misc);
}

void shim_chardev_unregister(void)
{
	misc_deregister(&shim_misc);
}
