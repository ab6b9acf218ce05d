/* SPDX-License-Identifier: GPL-2.0-only */
/* A test-and-set spinlock for the monitor's few shared structures (the
 * serial log, the host EPT). Interrupts are off in VMX root mode, so a
 * holder is never preempted on its own CPU. */
#ifndef CAPPSULE_VMX_SPINLOCK_H
#define CAPPSULE_VMX_SPINLOCK_H

#include <stdbool.h>

struct spinlock {
	bool taken;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_test_and_set(&l->taken, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->taken, __ATOMIC_RELAXED))
			__asm__ volatile("pause");
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_clear(&l->taken, __ATOMIC_RELEASE);
}

#endif /* CAPPSULE_VMX_SPINLOCK_H */
