// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshot strategy (docs/cappsules.md, "The snapshot"): the kernel a
 * cappsule resumes must be a consistent one-CPU kernel whose user space
 * stands still. So, like suspend-to-RAM:
 *  1. the calling task moves to CPU 0 and every other CPU goes offline
 *     through the kernel's own hotplug path (RCU, timers, workqueues and
 *     runqueues then know of one CPU only; the cappsule keeps it so);
 *  2. user space is frozen (freeze_processes, as suspend does): every other
 *     user task sits in the refrigerator, at a point where it holds no lock;
 *  3. with interrupts off, the caller's FPU state saved to memory, the
 *     monitor records this CPU (CAPPSULE_HC_SNAPSHOT) and write-protects
 *     host RAM;
 *  4. the host thaws and brings its CPUs back. In a cappsule the same call
 *     returns with the cappsule's id: its kernel is adapted
 *     (cappsule_guest.c), user space stays frozen but for the caller, and
 *     the other CPUs stay offline.
 * Offline CPUs stay under the monitor (in the kernel's idle-dead loop) and
 * flush their EPT TLB at their first exit (the INIT that brings them back),
 * before they write anything.
 */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/kmod.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/suspend.h>
#include <asm/fpu/api.h>

#include "cappsule_guest.h"
#include "cappsule_probe.h"
#include "exec.h"
#include "exec_window.h"
#include "ksym.h"
#include "monitor_calls.h"
#include "snapshot.h"

static DEFINE_MUTEX(snapshot_mutex);
static bool exec_ready_now;

bool shim_snapshot_exec_ready(void)
{
	return READ_ONCE(exec_ready_now);
}

/* Every online CPU but 0 goes offline; *down says which. */
static int offline_others(struct cpumask *down)
{
	unsigned int cpu;
	int err;

	cpumask_clear(down);
	for_each_online_cpu(cpu) {
		if (cpu == 0)
			continue;
		err = remove_cpu(cpu);
		if (err) {
			pr_err("snapshot: CPU %u cannot go offline (%d)\n", cpu, err);
			return err;
		}
		cpumask_set_cpu(cpu, down);
	}
	return 0;
}

static void online_again(const struct cpumask *down)
{
	unsigned int cpu;

	for_each_cpu(cpu, down)
		if (add_cpu(cpu))
			pr_err("snapshot: CPU %u did not come back online\n", cpu);
}

/* Step 3. Returns the monitor's answer: 0, an error, or (in a cappsule)
 * the cappsule's id with its cookie in *cookie. */
static s64 record(u64 *cookie)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_SNAPSHOT };

	if (!cpumask_test_cpu(0, &shim_monitored_cpus))
		return CAPPSULE_E_STATE;
	/* The caller's user FPU registers go to memory: a cappsule starts
	 * with clean registers and reloads them from there. */
	kernel_fpu_begin();
	local_irq_disable();
	shim_vmcall(&c);
	if (c.ret > 0 && cappsule_guest_start(c.ret, c.out[0]) != 0)
		cappsule_guest_fail();  /* does not return */
	local_irq_enable();
	kernel_fpu_end();
	*cookie = c.out[0];
	return c.ret;
}

/* Steps 2 to 4, on CPU 0 alone. */
static s64 frozen_record(void)
{
	unsigned int sleep_flags;
	u64 cookie = 0;
	s64 ret;
	int err;

	sleep_flags = lock_system_sleep();
	err = shim_ksym.freeze_processes();
	if (err) {
		unlock_system_sleep(sleep_flags);
		pr_err("snapshot: user space did not freeze (%d)\n", err);
		return err;
	}
	ret = record(&cookie);
	if (ret > 0) {
		/* In a cappsule: user space stays frozen, but for us. */
		cappsule_guest_end_freezing();
		unlock_system_sleep(sleep_flags);
		return ret;
	}
	shim_ksym.thaw_processes();
	unlock_system_sleep(sleep_flags);
	return ret ? shim_errno(ret) : 0;
}

static long take_on_cpu0(void)
{
	cpumask_var_t saved, down;
	long ret;

	if (!alloc_cpumask_var(&saved, GFP_KERNEL))
		return -ENOMEM;
	if (!alloc_cpumask_var(&down, GFP_KERNEL)) {
		free_cpumask_var(saved);
		return -ENOMEM;
	}
	cpumask_copy(saved, current->cpus_ptr);
	ret = set_cpus_allowed_ptr(current, cpumask_of(0));
	if (!ret)
		ret = offline_others(down);
	if (!ret)
		ret = frozen_record();
	if (ret > 0) {  /* a cappsule: one CPU, for good */
		free_cpumask_var(saved);
		free_cpumask_var(down);
		return ret;
	}
	online_again(down);
	set_cpus_allowed_ptr(current, saved);
	free_cpumask_var(saved);
	free_cpumask_var(down);
	return ret;
}

/* What a cappsule's file view needs from its kernel, a copy of this one:
 * loaded now, since nothing can load a module inside (no disk, no
 * modprobe). Built in or missing is fine here: the cappsule's init says
 * what its mount lacked. */
static void load_view_modules(void)
{
	static const char *const aliases[] = { "fs-9p", "9p-fd", "fs-overlay" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		request_module("%s", aliases[i]);
}

long shim_snapshot_take(bool exec_ready)
{
	struct exec_windows *fresh = NULL, *old;
	long ret;

	if (!shim_ksyms_ok)
		return -EOPNOTSUPP;
	if (exec_cappsules_alive())
		return -EBUSY;  /* they run from the current snapshot */
	if (exec_ready) {
		load_view_modules();
		fresh = exec_windows_alloc();
		if (!fresh)
			return -ENOMEM;
	}
	mutex_lock(&snapshot_mutex);
	/* Installed first: the snapshot must record these windows. */
	old = exec_windows_install(fresh);
	ret = take_on_cpu0();
	if (ret > 0) {
		/* In a cappsule (its init, returning to user space). */
		mutex_unlock(&snapshot_mutex);
		return ret;
	}
	if (ret == 0) {
		exec_windows_free(old);
		WRITE_ONCE(exec_ready_now, exec_ready);
		pr_info("snapshot taken on CPU 0%s\n", exec_ready ? " (virt exec ready)" : "");
	} else {
		exec_windows_free(exec_windows_install(old));
		pr_err("snapshot failed (%ld)\n", ret);
	}
	mutex_unlock(&snapshot_mutex);
	return ret;
}

int shim_snapshot_drop(void)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_SNAPSHOT_DROP };
	int err;

	mutex_lock(&snapshot_mutex);
	err = shim_call(&c);
	if (!err)
		err = shim_errno(c.ret);
	if (!err) {
		WRITE_ONCE(exec_ready_now, false);
		exec_windows_free(exec_windows_install(NULL));
	}
	mutex_unlock(&snapshot_mutex);
	return err;
}

/* Creation takes the snapshot's lock: no retake can slip in between the
 * check and the monitor's CAPPSULE_CREATE. */
void shim_snapshot_lock(void)
{
	mutex_lock(&snapshot_mutex);
}

void shim_snapshot_unlock(void)
{
	mutex_unlock(&snapshot_mutex);
}
