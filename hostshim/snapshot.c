// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshot strategy (docs/snapshot.md): stop_machine stops every online
 * CPU with interrupts off, so no other CPU runs kernel code and no
 * interrupt handler runs while the monitor records the state; user space
 * is not scheduled either. One CPU takes the snapshot with a hypercall;
 * the others wait, then flush their EPT TLBs before they write anything
 * (the monitor write-protected all RAM for the host, and a stale writable
 * TLB entry would let a write slip past the copy-on-write).
 */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>

#include "cappsule_probe.h"
#include "monitor_calls.h"
#include "snapshot.h"

struct snapshot_ctx {
	atomic_t master;   /* the first CPU to arrive takes the snapshot */
	atomic_t taken;
	bool all_monitored;
	s64 result;
};

/* CAPPSULE_HC_EPT_SYNC with registers only: no store before the flush. */
static inline void ept_sync_no_store(void)
{
	u64 rax = CAPPSULE_HC_EPT_SYNC, rbx = 0, rcx = 0, rdx = 0;

	asm volatile("vmcall" : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx) : : "memory");
}

static int snapshot_on_each_cpu(void *arg)
{
	struct snapshot_ctx *ctx = arg;

	bool monitored = cpumask_test_cpu(smp_processor_id(), &shim_monitored_cpus);

	if (atomic_cmpxchg(&ctx->master, -1, smp_processor_id()) == -1) {
		struct shim_hc c = { .nr = CAPPSULE_HC_SNAPSHOT };

		/* Hot-plug is held off: the online mask cannot change here. */
		ctx->all_monitored = cpumask_subset(cpu_online_mask, &shim_monitored_cpus);
		if (ctx->all_monitored) {
			shim_vmcall(&c);
			/* A cappsule resumes here, with its id and its creator's cookie. */
			if (c.ret > 0)
				cappsule_probe_main(c.ret, c.out[0]);
			ctx->result = c.ret;
		}
		atomic_set_release(&ctx->taken, 1);
	} else {
		while (!atomic_read_acquire(&ctx->taken))
			cpu_relax();
		if (monitored && ctx->all_monitored)
			ept_sync_no_store();
	}
	return 0;
}

int shim_snapshot_take(void)
{
	struct snapshot_ctx ctx = { .result = 0 };
	int err;

	atomic_set(&ctx.master, -1);
	atomic_set(&ctx.taken, 0);
	/* fn runs on every online CPU at once, interrupts off. */
	err = stop_machine(snapshot_on_each_cpu, &ctx, cpu_online_mask);
	if (err)
		return err;
	if (!ctx.all_monitored) {
		pr_err("snapshot refused: some online CPUs run outside the monitor\n");
		return -EOPNOTSUPP;
	}
	err = shim_errno(ctx.result);
	if (err)
		pr_err("the monitor refused the snapshot (%lld)\n", ctx.result);
	else
		pr_info("snapshot taken on CPU %d\n", atomic_read(&ctx.master));
	return err;
}

int shim_snapshot_drop(void)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_SNAPSHOT_DROP };
	int err = shim_call(&c);

	return err ? err : shim_errno(c.ret);
}
