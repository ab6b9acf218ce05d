// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's EPT: identity over the whole physical address space, memory
 * types from the MTRRs, the monitor's own memory absent. Table pages come
 * from a fixed pool inside the monitor's memory.
 */
#include "ept/mtrr.h"
#include "vmx/cpu_hw.h"
#include "vmx/monitor.h"
#include "vmx/serial_log.h"

#define PAGE 4096
#define MAX_RANGES 128

static uint8_t pool[MONITOR_EPT_POOL_PAGES][PAGE] __attribute__((aligned(PAGE)));

static uint64_t *table_alloc(void *ctx, uint64_t *phys)
{
	struct monitor *mon = ctx;
	uint8_t *page;
	unsigned i;

	if (mon->ept_pool_used >= MONITOR_EPT_POOL_PAGES)
		return NULL;
	page = pool[mon->ept_pool_used++];
	for (i = 0; i < PAGE; i++)
		page[i] = 0;
	*phys = (uint64_t)(uintptr_t)page; /* the monitor runs identity-mapped */
	return (uint64_t *)page;
}

static bool read_msr(void *ctx, uint32_t index, uint64_t *value)
{
	(void)ctx;
	*value = hw_rdmsr(index);
	return true;
}

static unsigned physical_address_bits(void)
{
	unsigned bits = 36; /* the architectural default without the leaf */

	if (hw_cpuid(0x80000000, 0).eax >= 0x80000008)
		bits = hw_cpuid(0x80000008, 0).eax & 0xff;
	return bits > 48 ? 48 : bits;
}

enum monitor_result host_ept_build(struct monitor *mon)
{
	static struct ept_range ranges[MAX_RANGES];
	struct mtrr_state mtrr;
	size_t n = MAX_RANGES;
	enum mtrr_status ms;
	enum ept_status es;

	mtrr_read(&mtrr, physical_address_bits(), read_msr, NULL);
	ms = mtrr_identity_ranges(&mtrr, mon->base, mon->base + mon->size, ranges, &n);
	if (ms != MTRR_OK) {
		log_line(0, LOG_ERROR, "MTRRs cannot be mapped (status %u)", ms);
		return MONITOR_EPT_FAILED;
	}
	es = ept_init(&mon->host_ept, table_alloc, ept_phys_identity, mon,
		      mon->features.ept_2m, mon->features.ept_1g);
	if (es == EPT_OK)
		es = ept_build_identity(&mon->host_ept, ranges, n);
	if (es != EPT_OK) {
		log_line(0, LOG_ERROR, "host EPT: status %u after %u table pages", es,
			 mon->ept_pool_used);
		return MONITOR_EPT_FAILED;
	}
	mon->host_eptp = ept_pointer(&mon->host_ept);
	log_line(0, LOG_INFO,
		 "host EPT: %u ranges up to 2^%u, %u table pages, leaves 1G %llu 2M %llu 4K %llu",
		 (unsigned)n, mtrr.phys_bits, mon->host_ept.tables,
		 (unsigned long long)mon->host_ept.leaves[2],
		 (unsigned long long)mon->host_ept.leaves[1],
		 (unsigned long long)mon->host_ept.leaves[0]);
	return MONITOR_OK;
}
