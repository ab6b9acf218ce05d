// SPDX-License-Identifier: GPL-2.0-only
/* Hypercall argument checks (see hypercall_args.h). */
#include "vmx/hypercall_args.h"

#include <stddef.h>

#define BUF_ALIGN 8

static const struct hc_spec specs[CAPPSULE_HC_COUNT] = {
	[CAPPSULE_HC_VERSION] = { .takes_args = false },
	[CAPPSULE_HC_LOG_STATS] = { .takes_args = false },
	[CAPPSULE_HC_INFO] = {
		.takes_args = true,
		.buf_min = sizeof(struct cappsule_monitor_info),
		.buf_max = sizeof(struct cappsule_monitor_info),
		.args_used = 0,
	},
	[CAPPSULE_HC_STATS] = {
		.takes_args = true,
		.buf_min = sizeof(struct cappsule_exit_stats),
		.buf_max = sizeof(struct cappsule_exit_stats),
		.args_used = 1,
	},
	[CAPPSULE_HC_LOG_READ] = {
		.takes_args = true,
		.buf_min = 1,
		.buf_max = CAPPSULE_LOG_READ_MAX,
		.args_used = 1,
	},
	[CAPPSULE_HC_POOL_LEND] = {
		.takes_args = true,
		.buf_min = sizeof(uint64_t),
		.buf_max = CAPPSULE_POOL_MAX_CHUNKS * sizeof(uint64_t),
		.buf_unit = sizeof(uint64_t),
		.args_used = 0,
	},
	[CAPPSULE_HC_POOL_RECLAIM] = {
		.takes_args = true,
		.buf_min = sizeof(uint64_t),
		.buf_max = CAPPSULE_POOL_MAX_CHUNKS * sizeof(uint64_t),
		.buf_unit = sizeof(uint64_t),
		.args_used = 0,
	},
	[CAPPSULE_HC_EPT_SYNC] = { .takes_args = false },
	[CAPPSULE_HC_SNAPSHOT] = { .takes_args = false },
	[CAPPSULE_HC_SNAPSHOT_DROP] = { .takes_args = false },
	[CAPPSULE_HC_CAPPSULE_CREATE] = {
		.takes_args = true,
		.buf_min = 4096,
		.buf_max = CAPPSULE_WINDOW_MAX_PAGES * 4096,
		.buf_unit = 4096,
		.args_used = 2,
		.buf_optional = true, /* its shared window */
	},
	[CAPPSULE_HC_CAPPSULE_RUN] = { .takes_args = false },
	[CAPPSULE_HC_CAPPSULE_INFO] = {
		.takes_args = true,
		.buf_min = sizeof(struct cappsule_info),
		.buf_max = sizeof(struct cappsule_info),
		.args_used = 1,
	},
	[CAPPSULE_HC_CAPPSULE_DESTROY] = { .takes_args = false },
};

const struct hc_spec *hc_spec_of(uint64_t nr)
{
	return nr < CAPPSULE_HC_COUNT ? &specs[nr] : NULL;
}

bool hc_range_ok(const struct hc_bounds *b, uint64_t gpa, uint64_t len)
{
	uint64_t end = gpa + len;

	if (len == 0 || end < gpa || end > b->reach)
		return false;
	/* The RAM map leaves the monitor out already; this holds even if not. */
	if (gpa < b->monitor_base + b->monitor_size && end > b->monitor_base)
		return false;
	/* Lent memory holds cappsule data: the host lost the right to name it. */
	if (b->pool && pool_overlaps(b->pool, gpa, len))
		return false;
	return ram_map_contains(b->ram, gpa, len);
}

int64_t hc_check_args_gpa(const struct hc_bounds *b, uint64_t gpa)
{
	if (gpa % CAPPSULE_HC_ARGS_ALIGN != 0)
		return CAPPSULE_E_FAULT;
	if (!hc_range_ok(b, gpa, sizeof(struct cappsule_hc_args)))
		return CAPPSULE_E_FAULT;
	return 0;
}

static bool reserved_clear(const struct cappsule_hc_args *a, uint8_t args_used)
{
	unsigned i;

	if (a->flags != 0)
		return false;
	for (i = 0; i < sizeof(a->reserved) / sizeof(a->reserved[0]); i++)
		if (a->reserved[i] != 0)
			return false;
	for (i = args_used; i < sizeof(a->arg) / sizeof(a->arg[0]); i++)
		if (a->arg[i] != 0)
			return false;
	return true;
}

static int64_t check_buffer(const struct hc_bounds *b, const struct hc_spec *s,
			    const struct cappsule_hc_args *a)
{
	if (s->buf_max == 0 || (s->buf_optional && a->buf_size == 0))
		return a->buf_gpa == 0 && a->buf_size == 0 ? 0 : CAPPSULE_E_INVAL;
	if (a->buf_size < s->buf_min || a->buf_size > s->buf_max)
		return CAPPSULE_E_RANGE;
	if (s->buf_unit && a->buf_size % s->buf_unit != 0)
		return CAPPSULE_E_INVAL;
	if (a->buf_gpa % BUF_ALIGN != 0 || !hc_range_ok(b, a->buf_gpa, a->buf_size))
		return CAPPSULE_E_FAULT;
	return 0;
}

/* Per-call meaning of the arguments. */
static int64_t check_call_args(const struct hc_bounds *b, uint64_t nr,
			       const struct cappsule_hc_args *a)
{
	if (nr == CAPPSULE_HC_STATS && a->arg[0] >= b->cpus_started)
		return CAPPSULE_E_RANGE;
	/* A cappsule's private pages: at least one, at most what the pool holds. */
	if (nr == CAPPSULE_HC_CAPPSULE_CREATE &&
	    (a->arg[0] == 0 || a->arg[0] > (uint64_t)CAPPSULE_POOL_MAX_CHUNKS * 512))
		return CAPPSULE_E_RANGE;
	/* The window is mapped page by page into the cappsule. */
	if (nr == CAPPSULE_HC_CAPPSULE_CREATE && a->buf_gpa % 4096 != 0)
		return CAPPSULE_E_FAULT;
	if (nr == CAPPSULE_HC_CAPPSULE_INFO &&
	    (a->arg[0] == 0 || a->arg[0] > CAPPSULE_MAX_CAPPSULES))
		return CAPPSULE_E_RANGE;
	return 0;
}

int64_t hc_check_args(const struct hc_bounds *b, uint64_t nr,
		      const struct cappsule_hc_args *a)
{
	const struct hc_spec *s = hc_spec_of(nr);
	int64_t r;

	if (!s)
		return CAPPSULE_E_NOSYS;
	if (!s->takes_args)
		return 0;
	if (a->abi_version != CAPPSULE_ABI_VERSION)
		return CAPPSULE_E_VERSION;
	if (!reserved_clear(a, s->args_used))
		return CAPPSULE_E_INVAL;
	r = check_buffer(b, s, a);
	if (r != 0)
		return r;
	return check_call_args(b, nr, a);
}

int64_t hc_check_chunks(const struct hc_bounds *b, const uint64_t *bases, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (bases[i] % CAPPSULE_POOL_CHUNK_BYTES != 0 ||
		    !hc_range_ok(b, bases[i], CAPPSULE_POOL_CHUNK_BYTES))
			return CAPPSULE_E_FAULT;
	return 0;
}
