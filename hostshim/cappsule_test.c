// SPDX-License-Identifier: GPL-2.0-only
/*
 * One probe cappsule from fork to end (see cappsule_test.h). The cappsule
 * is bound to the CPU that creates it (its VMCS stays active there), so the
 * task does not migrate until it is destroyed.
 */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/errno.h>
#include <linux/io.h>
#include <linux/preempt.h>
#include <linux/sched.h>
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
		cond_resched(); /* it yielded to a host interrupt */
	}
	return -ETIMEDOUT;
}

static void destroy(u64 id)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_CAPPSULE_DESTROY, .rbx = id };

	preempt_disable();
	shim_vmcall(&c);
	preempt_enable();
	if (c.ret)
		pr_err("cappsule %llu: destroy refused (%lld)\n", id, c.ret);
}

static long create(u32 limit, u64 mode, u64 *id)
{
	struct cappsule_hc_args *a = kzalloc(sizeof(*a), GFP_KERNEL);
	struct shim_hc c;
	long err;

	if (!a)
		return -ENOMEM;
	a->abi_version = CAPPSULE_ABI_VERSION;
	a->arg[0] = limit;
	a->arg[1] = mode;
	c = (struct shim_hc){ .nr = CAPPSULE_HC_CAPPSULE_CREATE, .rbx = virt_to_phys(a) };
	preempt_disable();
	shim_vmcall(&c);
	preempt_enable();
	kfree(a);
	err = shim_errno(c.ret);
	*id = c.out[0];
	return err;
}

static long report(u64 id, struct cappsule_info *info)
{
	struct shim_hc c;

	return shim_call_buffer(CAPPSULE_HC_CAPPSULE_INFO, id, info, sizeof(*info), &c);
}

long shim_test_cappsule(struct cappsule_ioc_test_cappsule *r)
{
	struct cappsule_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	long err;
	u64 id;

	if (!info)
		return -ENOMEM;
	WRITE_ONCE(cappsule_probe_variable, CAPPSULE_PROBE_HOST_VALUE);
	err = shim_snapshot_take();
	if (err)
		goto out;
	migrate_disable();
	err = create(r->page_limit, r->mode, &id);
	if (!err) {
		long ran = run_to_end(id, &r->runs);
		long got = report(id, info);

		destroy(id);
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
