// SPDX-License-Identifier: GPL-2.0-only
/* The forked kernel becomes a cappsule's kernel (see cappsule_guest.h). */
#include <linux/clockchips.h>
#include <linux/console.h>
#include <linux/freezer.h>
#include <linux/irq_work.h>
#include <linux/kallsyms.h>
#include <linux/math64.h>
#include <linux/nmi.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <asm/tsc.h>

#include "cappsule_guest.h"
#include "cappsule_ioctl.h"
#include "cappsule_probe.h"
#include "guest_io.h"
#include "ksym.h"

bool shim_in_cappsule;
u64 shim_cappsule_id;
DECLARE_WAIT_QUEUE_HEAD(shim_guest_wq);

#define GUEST_FAILED_VALUE 0xcafe0000ull /* exit value: it could not start */

/* Which step of the start failed, and how: the host shows it as the end
 * value (0xcafe0000 | step << 8 | -errno). */
static u64 fail_value;

void __noreturn cappsule_guest_fail(void)
{
	cappsule_hypercall(CAPPSULE_CS_HC_EXIT, GUEST_FAILED_VALUE | fail_value, 0);
	for (;;)
		cpu_relax(); /* the monitor does not come back */
}

/* Writes read-only kernel data (the apic pointer is __ro_after_init): with
 * interrupts off, CR0.WP cleared for the copy. The page is the cappsule's
 * own copy (the monitor copied it on this write); CR0.WP is the cappsule's
 * to change (only bits VMX fixes are owned by the monitor). */
static void poke(void *dst, const void *src, size_t len)
{
	unsigned long cr0 = native_read_cr0();

	asm volatile("mov %0, %%cr0" : : "r"(cr0 & ~X86_CR0_WP) : "memory");
	memcpy(dst, src, len);
	asm volatile("mov %0, %%cr0" : : "r"(cr0) : "memory");
}

/* ------------------------------------------------------ the local APIC --- */

static bool irq_work_raised;

static u32 apic_read_none(u32 reg) { return 0; }
static void apic_write_none(u32 reg, u32 v) { }
static u64 apic_icr_read_none(void) { return 0; }
static void apic_icr_write_none(u32 low, u32 high) { }
static void apic_wait_none(void) { }
static u32 apic_safe_wait_none(void) { return 0; }
static void apic_ipi_none(int cpu, int vector) { }
static void apic_ipi_mask_none(const struct cpumask *mask, int vector) { }
static void apic_ipi_all_none(int vector) { }

/* irq_work raises a self-IPI: the host sends the event interrupt back,
 * whose handler runs the work. */
static void apic_ipi_self(int vector)
{
	if (vector != IRQ_WORK_VECTOR)
		return;
	WRITE_ONCE(irq_work_raised, true);
	cappsule_hypercall(CAPPSULE_CS_HC_NOTIFY, 0, 0);
}

static struct apic cappsule_apic;

static int take_apic(void)
{
	struct apic *ours = &cappsule_apic;

	cappsule_apic = *apic;
	cappsule_apic.name = "cappsule";
	cappsule_apic.eoi_write = apic_write_none;
	cappsule_apic.native_eoi_write = apic_write_none;
	cappsule_apic.write = apic_write_none;
	cappsule_apic.read = apic_read_none;
	cappsule_apic.icr_read = apic_icr_read_none;
	cappsule_apic.icr_write = apic_icr_write_none;
	cappsule_apic.wait_icr_idle = apic_wait_none;
	cappsule_apic.safe_wait_icr_idle = apic_safe_wait_none;
	cappsule_apic.send_IPI = apic_ipi_none;
	cappsule_apic.send_IPI_mask = apic_ipi_mask_none;
	cappsule_apic.send_IPI_mask_allbutself = apic_ipi_mask_none;
	cappsule_apic.send_IPI_allbutself = apic_ipi_all_none;
	cappsule_apic.send_IPI_all = apic_ipi_all_none;
	cappsule_apic.send_IPI_self = apic_ipi_self;
	poke(&apic, &ours, sizeof(ours));
	return 0;
}

/* ----------------------------------------------------------- the timer --- */

/*
 * The tick moves to a clock event device of the cappsule's own, rated above
 * any hardware one: it counts in nanoseconds and programs the monitor's
 * one-shot timer. Every hardware device (the local APIC timer, the PIT,
 * HPET...) first loses its callbacks, so that switching them off touches
 * nothing. The monitor delivers the timer on LOCAL_TIMER_VECTOR, whose
 * handler calls this CPU's lapic device: its handler forwards to ours.
 */
static struct clock_event_device pv_clockevent;

static int pv_timer_next_event(unsigned long ns, struct clock_event_device *evt)
{
	u64 ticks = mul_u64_u32_div(ns, tsc_khz, NSEC_PER_MSEC);

	cappsule_hypercall(CAPPSULE_CS_HC_TIMER, rdtsc() + (ticks ? ticks : 1), 0);
	return 0;
}

static int pv_timer_shutdown(struct clock_event_device *evt)
{
	cappsule_hypercall(CAPPSULE_CS_HC_TIMER, 0, 0);
	return 0;
}

static int pv_timer_oneshot(struct clock_event_device *evt)
{
	return 0;
}

static int hw_next_event_none(unsigned long delta, struct clock_event_device *evt)
{
	return 0;
}

static void timer_interrupt(struct clock_event_device *lapic_evt)
{
	pv_clockevent.event_handler(&pv_clockevent);
}

static void event_interrupt(void)
{
	if (xchg(&irq_work_raised, false))
		irq_work_run();
	wake_up_interruptible_all(&shim_guest_wq);
}

static void silence(struct list_head *devices)
{
	struct clock_event_device *dev;

	list_for_each_entry(dev, devices, list) {
		dev->set_next_event = hw_next_event_none;
		dev->set_state_shutdown = NULL;
		dev->set_state_periodic = NULL;
		dev->set_state_oneshot = NULL;
		dev->set_state_oneshot_stopped = NULL;
		dev->tick_resume = NULL;
	}
}

static int take_timer(void)
{
	unsigned int cpu = smp_processor_id();
	void (*cb)(void) = event_interrupt;

	silence(shim_ksym.clockevent_devices);
	silence(shim_ksym.clockevents_released);
	poke(shim_ksym.x86_platform_ipi_callback, &cb, sizeof(cb));
	if (cappsule_hypercall(CAPPSULE_CS_HC_VECTORS, LOCAL_TIMER_VECTOR, X86_PLATFORM_IPI_VECTOR))
		return -EIO;  /* not reached: the monitor ends it instead */
	pv_clockevent = (struct clock_event_device){
		.name = "cappsule",
		.features = CLOCK_EVT_FEAT_ONESHOT,
		.rating = 500,
		.set_next_event = pv_timer_next_event,
		.set_state_shutdown = pv_timer_shutdown,
		.set_state_oneshot = pv_timer_oneshot,
		.set_state_oneshot_stopped = pv_timer_shutdown,
		.tick_resume = pv_timer_oneshot,
		.cpumask = cpumask_of(cpu),
		.owner = THIS_MODULE,
	};
	/* 1 GHz: a delta is nanoseconds; from a microsecond to 4 seconds. */
	clockevents_config_and_register(&pv_clockevent, NSEC_PER_SEC, 1000, 0xffffffffUL);
	/* Only now: if the lapic device was the tick device, the tick core
	 * has just handed its handler to ours and left it a no-op. */
	per_cpu_ptr(shim_ksym.lapic_events, cpu)->event_handler = timer_interrupt;
	return 0;
}

/* --------------------------------------------- consoles, the watchdog --- */

static void consoles_off(void)
{
	struct console *con;

	/* No console_lock: interrupts are off and this CPU is the only one;
	 * the lock's owner, if any, is frozen and never runs again here. */
	for_each_console(con)
		con->flags &= ~CON_ENABLED;
}

static void watchdog_off(void)
{
	struct timer_list *t = shim_ksym.clocksource_watchdog_timer;
	char name[KSYM_SYMBOL_LEN];

	if (!t)
		return;
	sprint_symbol_no_offset(name, (unsigned long)t->function);
	if (!strcmp(name, "clocksource_watchdog"))
		del_timer(t);
}

void cappsule_guest_end_freezing(void)
{
	if (!shim_in_cappsule)
		return;
	WRITE_ONCE(*shim_ksym.pm_freezing, false);
	current->flags &= ~PF_SUSPEND_TASK;
}

static int step(unsigned int n, int err)
{
	if (err)
		fail_value = (u64)n << 8 | (u8)-err;
	return err;
}

int cappsule_guest_start(u64 id, u64 cookie)
{
	int err;

	if (cookie < CAPPSULE_PROBE_MODES)
		cappsule_probe_main(id, cookie); /* does not return */
	if (!(cookie & SHIM_COOKIE_EXEC))
		return step(1, -EINVAL);
	consoles_off();  /* first: a printk would do port I/O */
	err = step(2, take_apic());
	if (!err)
		err = step(3, take_timer());
	if (err)
		return err;
	watchdog_off();
	shim_ksym.update_wall_time();
	/* The snapshot's kernel slept for as long as the snapshot waited: a
	 * grace period begun before it would look stalled, and the stall
	 * report dumps registers (reading FS_BASE: the cappsule would end).
	 * Likewise the soft-lockup watchdogs. */
	shim_ksym.rcu_cpu_stall_reset();
	touch_softlockup_watchdog();
	err = step(4, guest_io_start(SHIM_COOKIE_SLOT(cookie)));
	if (err)
		return err;
	shim_cappsule_id = id;
	shim_in_cappsule = true;
	return 0;
}
