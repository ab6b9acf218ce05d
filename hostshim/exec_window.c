// SPDX-License-Identifier: GPL-2.0-only
/* The shared windows of virt exec cappsules (see exec_window.h). */
#include <linux/gfp.h>
#include <linux/slab.h>

#include "exec_window.h"

static struct exec_windows *installed;

void exec_windows_free(struct exec_windows *w)
{
	unsigned int i;

	if (!w)
		return;
	for (i = 0; i < CAPPSULE_MAX_CAPPSULES; i++)
		if (w->win[i])
			free_pages_exact(w->win[i], EXEC_WINDOW_BYTES);
	kfree(w);
}

struct exec_windows *exec_windows_alloc(void)
{
	struct exec_windows *w = kzalloc(sizeof(*w), GFP_KERNEL);
	unsigned int i;

	if (!w)
		return NULL;
	for (i = 0; i < CAPPSULE_MAX_CAPPSULES; i++) {
		/* Physically contiguous and page-aligned: the monitor maps it
		 * as one range. */
		w->win[i] = alloc_pages_exact(EXEC_WINDOW_BYTES, GFP_KERNEL | __GFP_ZERO);
		if (!w->win[i]) {
			exec_windows_free(w);
			return NULL;
		}
	}
	return w;
}

struct exec_windows *exec_windows_install(struct exec_windows *w)
{
	return xchg(&installed, w);
}

void *exec_window(unsigned int slot)
{
	struct exec_windows *w = READ_ONCE(installed);

	return w && slot < CAPPSULE_MAX_CAPPSULES ? w->win[slot] : NULL;
}
