// SPDX-License-Identifier: GPL-2.0-only
/* Lending memory to the monitor (see pool.h). */
#define pr_fmt(fmt) "cappsule: " fmt

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "monitor_calls.h"
#include "pool.h"

#define CHUNK_ORDER 9 /* 2 MiB: one host-EPT leaf */

static struct page *chunks[CAPPSULE_POOL_MAX_CHUNKS];
static unsigned int nr_chunks;

static void sync_this_cpu(void *unused)
{
	struct shim_hc c = { .nr = CAPPSULE_HC_EPT_SYNC };

	shim_vmcall(&c);
}

/* Every CPU under the monitor flushes its host-EPT TLB: only then does the
 * monitor hand the new pages to cappsules. */
static void sync_all_cpus(void)
{
	on_each_cpu_mask(&shim_monitored_cpus, sync_this_cpu, NULL, 1);
}

static unsigned int alloc_chunks(struct page **got, unsigned int want)
{
	unsigned int n;

	for (n = 0; n < want; n++) {
		got[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, CHUNK_ORDER);
		if (!got[n])
			break;
	}
	return n;
}

int shim_pool_lend(unsigned int mb)
{
	unsigned int want = min_t(unsigned int, mb / 2, CAPPSULE_POOL_MAX_CHUNKS);
	u64 *bases = kcalloc(CAPPSULE_POOL_MAX_CHUNKS, sizeof(u64), GFP_KERNEL);
	struct page *got[CAPPSULE_POOL_MAX_CHUNKS];
	struct shim_hc c;
	unsigned int n, i;
	int err;

	if (!bases)
		return -ENOMEM;
	n = alloc_chunks(got, want);
	for (i = 0; i < n; i++)
		bases[i] = page_to_phys(got[i]);
	err = n ? shim_call_buffer(CAPPSULE_HC_POOL_LEND, 0, bases, n * sizeof(u64), &c) : 0;
	if (err) {
		pr_err("the monitor refused %u pool chunk(s) (%d)\n", n, err);
		for (i = 0; i < n; i++)
			__free_pages(got[i], CHUNK_ORDER);
	} else {
		for (i = 0; i < n; i++)
			chunks[nr_chunks++] = got[i];
		sync_all_cpus();
		pr_info("lent %u MiB to the monitor's pool (%u of %u chunks of 2 MiB; first at %#llx)\n",
			2 * n, n, want, n ? bases[0] : 0);
	}
	kfree(bases);
	return err;
}

static void forget_chunk(u64 base)
{
	unsigned int i;

	for (i = 0; i < nr_chunks; i++) {
		if (page_to_phys(chunks[i]) != base)
			continue;
		__free_pages(chunks[i], CHUNK_ORDER);
		chunks[i] = chunks[--nr_chunks];
		return;
	}
	pr_err("the monitor returned %#llx, which the shim never lent; ignored\n", base);
}

void shim_pool_reclaim(void)
{
	u64 *bases = kcalloc(CAPPSULE_POOL_MAX_CHUNKS, sizeof(u64), GFP_KERNEL);
	struct shim_hc c;
	unsigned int i;

	if (!bases || !nr_chunks)
		goto out;
	if (shim_call_buffer(CAPPSULE_HC_POOL_RECLAIM, 0, bases,
			     CAPPSULE_POOL_MAX_CHUNKS * sizeof(u64), &c) == 0) {
		for (i = 0; i < c.out[0] && i < CAPPSULE_POOL_MAX_CHUNKS; i++)
			forget_chunk(bases[i]);
		pr_info("the monitor returned %llu pool chunk(s)\n", c.out[0]);
	}
	if (nr_chunks)
		pr_err("%u pool chunk(s) still held by the monitor: not freed\n", nr_chunks);
out:
	kfree(bases);
}
