// SPDX-License-Identifier: GPL-2.0-only
/* Hypercalls on a CPU that runs under the monitor (see monitor_calls.h). */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/cpu.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "detect.h"
#include "monitor_calls.h"

struct cpumask shim_monitored_cpus;

static void probe_this_cpu(void *unused)
{
	struct shim_detect d;

	shim_detect_monitor(&d);
	if (d.state == SHIM_CAPPSULE_MONITOR)
		cpumask_set_cpu(smp_processor_id(), &shim_monitored_cpus);
}

unsigned int shim_probe_cpus(void)
{
	unsigned int cpu;

	cpumask_clear(&shim_monitored_cpus);
	cpus_read_lock();
	for_each_online_cpu(cpu)
		smp_call_function_single(cpu, probe_this_cpu, NULL, 1);
	cpus_read_unlock();
	return cpumask_weight(&shim_monitored_cpus);
}

static void call_here(void *arg)
{
	shim_vmcall(arg);
}

int shim_call(struct shim_hc *c)
{
	/* Runs here if this CPU is in the mask, else on one that is. */
	return smp_call_function_any(&shim_monitored_cpus, call_here, c, 1) ? -ENXIO : 0;
}

int shim_errno(s64 monitor_error)
{
	switch (monitor_error) {
	case 0:
		return 0;
	case CAPPSULE_E_NOSYS:
		return -ENOSYS;
	case CAPPSULE_E_INVAL:
		return -EINVAL;
	case CAPPSULE_E_FAULT:
		return -EFAULT;
	case CAPPSULE_E_VERSION:
		return -EPROTO;
	case CAPPSULE_E_RANGE:
		return -ERANGE;
	case CAPPSULE_E_STATE:
		return -EBUSY;
	default:
		return -EIO;
	}
}

int shim_call_args(u64 nr, u64 arg0, u64 arg1, void *buf, u32 size, struct shim_hc *c)
{
	/* A power-of-two kmalloc is naturally aligned: 64 bytes, one page at most. */
	struct cappsule_hc_args *a = kzalloc(sizeof(*a), GFP_KERNEL);
	int err;

	if (!a)
		return -ENOMEM;
	a->abi_version = CAPPSULE_ABI_VERSION;
	a->buf_gpa = buf ? virt_to_phys(buf) : 0;
	a->buf_size = size;
	a->arg[0] = arg0;
	a->arg[1] = arg1;
	*c = (struct shim_hc){ .nr = nr, .rbx = virt_to_phys(a) };
	err = shim_call(c);
	kfree(a);
	return err ? err : shim_errno(c->ret);
}

int shim_cappsule_info(u64 id, struct cappsule_info *info)
{
	struct shim_hc c;

	return shim_call_args(CAPPSULE_HC_CAPPSULE_INFO, id, 0, info, sizeof(*info), &c);
}

void shim_cappsule_destroy(u64 id)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_CAPPSULE_DESTROY, .rbx = id };

	preempt_disable();  /* its VMCS is active on this CPU only */
	shim_vmcall(&c);
	preempt_enable();
	if (c.ret)
		pr_err("cappsule %llu: destroy refused (%lld)\n", id, c.ret);
}
