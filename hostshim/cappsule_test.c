// SPDX-License-Identifier: GPL-2.0-only
/*
 * One probe cappsule from fork to end (see cappsule_test.h). The cappsule
 * is bound to the CPU that creates it (its VMCS stays active there), so the
 * task does not migrate until it is destroyed.
 */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/io.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "cappsule_probe.h"
#include "cappsule_test.h"
#include "monitor_calls.h"
#include "snapshot.h"

static long run_to_end(u64 id, u32 *runs)
{
	struct shim_hc c;

	for (*runs = 0; *runs < CAPPSULE_PROBE_MAX_RUNS; ) {
		c = (struct shim_hc){ .nr = CAPPSULE_HC_CAPPSULE_RUN, .rbx = id };
		preempt_disable();
		shim_vmcall(&c);
		preempt_enable();
		(*runs)++;
		if (c.ret != 0)
			return shim_errno(c.ret);
		if (c.out[0] == CAPPSULE_RUN_ENDED)
			return 0;
		if (fatal_signal_pending(current))
			return -EINTR; /* the test gives up on it */
		cond_resched(); /* it yielded to a host interrupt */
	}
	return -ETIMEDOUT;
}

/* The caller does not migrate: the monitor calls run on this CPU when it is
 * under the monitor, and the cappsule is bound to it. */
static long create(u32 limit, u64 mode, u64 *id)
{
	struct shim_hc c = { 0 };
	long err = shim_call_args(CAPPSULE_HC_CAPPSULE_CREATE, limit, mode, NULL, 0, &c);

	*id = c.out[0];
	return err;
}

long shim_test_cappsule(struct cappsule_ioc_test_cappsule *r)
{
	struct cappsule_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	long err;
	u64 id;

	if (!info)
		return -ENOMEM;
	WRITE_ONCE(cappsule_probe_variable, CAPPSULE_PROBE_HOST_VALUE);
	err = shim_snapshot_take(false);
	if (err)
		goto out;
	migrate_disable();
	err = create(r->page_limit, r->mode, &id);
	if (!err) {
		long ran = run_to_end(id, &r->runs);
		long got = shim_cappsule_info(id, info);

		shim_cappsule_destroy(id);
		err = ran ? ran : got;
	}
	migrate_enable();
	r->host_probe = READ_ONCE(cappsule_probe_variable);
	r->probe_address = cappsule_probe_mmio_address();
	r->info = *info;
out:
	kfree(info);
	return err;
}

/* ------------------------------------------------ several at once --- */

struct vcpu_thread {
	struct cappsule_ioc_test_concurrent *r;
	unsigned int slot, cpu;
	struct completion done;
};

/* The host side of one cappsule: a kernel thread bound to one CPU, which
 * creates it there (its VMCS stays active on that CPU), runs it until it
 * ends, and destroys it. */
static int vcpu_thread_fn(void *arg)
{
	struct vcpu_thread *t = arg;
	struct cappsule_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	typeof(t->r->cappsule[0]) *out = &t->r->cappsule[t->slot];
	long err = info ? 0 : -ENOMEM;
	u64 id = 0;

	if (!err)
		err = create(CAPPSULE_POOL_MAX_CHUNKS, t->slot % 2 ? CAPPSULE_PROBE_SPIN_IRQS_OFF :
			     CAPPSULE_PROBE_SPIN, &id);
	out->start_ns = ktime_get_ns();
	if (!err) {
		err = run_to_end(id, &out->runs);
		out->end_ns = ktime_get_ns();
		if (!err)
			err = shim_cappsule_info(id, info);
		shim_cappsule_destroy(id);
	}
	out->id = (u32)id;
	out->cpu = t->cpu;
	if (!err) {
		out->end = info->end;
		out->end_value = info->end_value;
	}
	out->error = (s32)err;
	kfree(info);
	complete(&t->done);
	return 0;
}

static u64 overlap(const struct cappsule_ioc_test_concurrent *r)
{
	u64 start = 0, end = U64_MAX;
	unsigned int i;

	for (i = 0; i < r->count; i++) {
		start = max(start, r->cappsule[i].start_ns);
		end = min(end, r->cappsule[i].end_ns);
	}
	return end > start ? end - start : 0;
}

long shim_test_concurrent(struct cappsule_ioc_test_concurrent *r)
{
	struct vcpu_thread *t = kcalloc(r->count, sizeof(*t), GFP_KERNEL);
	unsigned int i, cpu = cpumask_first(cpu_online_mask);
	long err;

	if (!t)
		return -ENOMEM;
	err = shim_snapshot_take(false);
	for (i = 0; !err && i < r->count; i++) {
		struct task_struct *k;

		t[i] = (struct vcpu_thread){ .r = r, .slot = i, .cpu = cpu };
		init_completion(&t[i].done);
		k = kthread_create(vcpu_thread_fn, &t[i], "cappsule-vcpu/%u", i);
		if (IS_ERR(k)) {
			r->cappsule[i].error = (s32)PTR_ERR(k);
			complete(&t[i].done);
			continue;
		}
		kthread_bind(k, cpu);
		wake_up_process(k);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
	for (i = 0; !err && i < r->count; i++)
		wait_for_completion(&t[i].done);
	if (!err)
		r->overlap_ns = overlap(r);
	kfree(t);
	return err;
}
