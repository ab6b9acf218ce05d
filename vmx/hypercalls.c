// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypercall handlers (see hypercalls.h). Guest-physical addresses equal host
 * physical ones for the trusted host (its EPT is an identity map), and the
 * monitor's page tables map the first HOST_MAPPED_BYTES one to one, so a
 * checked address is used as a pointer. Nothing here is trusted before
 * hc_check_args_gpa / hc_check_args have accepted it.
 */
#include <stddef.h>

#include "vmx/cappsule.h"
#include "vmx/format.h"
#include "vmx/host_env.h"
#include "vmx/host_pool.h"
#include "vmx/hypercall_args.h"
#include "vmx/hypercalls.h"
#include "vmx/monitor.h"
#include "vmx/serial_log.h"
#include "vmx/snapshot.h"

extern const char monitor_version[];
extern const char __image_start[], __file_end[];

struct hc_out {
	uint64_t rbx, rcx, rdx;
};

typedef int64_t (*hc_handler)(struct vcpu *v, const struct cappsule_hc_args *a,
			      struct hc_out *out);

/* Exactly one read of each byte of the guest's block. */
static void copy_in(void *dst, uint64_t gpa, size_t n)
{
	const volatile uint8_t *s = (const volatile uint8_t *)(uintptr_t)gpa;
	uint8_t *d = dst;

	while (n--)
		*d++ = *s++;
}

static void copy_out(uint64_t gpa, const void *src, size_t n)
{
	volatile uint8_t *d = (volatile uint8_t *)(uintptr_t)gpa;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

/* Every write into host memory goes through here: under a snapshot, the
 * frames are preserved first, exactly as if the host had written them. */
static void write_host(struct vcpu *v, uint64_t gpa, const void *src, size_t n)
{
	snapshot_before_monitor_write(v, gpa, n);
	copy_out(gpa, src, n);
}

static void bounds_of(const struct monitor *m, struct hc_bounds *b)
{
	b->ram = &m->host_ram;
	b->pool = &m->pool;
	b->monitor_base = m->base;
	b->monitor_size = m->size;
	b->reach = HOST_MAPPED_BYTES;
	b->cpus_started = m->cpus_started;
}

void log_exit_stats(void)
{
	unsigned cpu, r;

	for (cpu = 0; cpu < the_monitor.cpus_started && cpu < MONITOR_MAX_CPUS; cpu++) {
		const struct exit_stats *st = &monitor_vcpu(cpu)->stats;
		char line[200];
		size_t n = 0;

		for (r = 0; r < EXIT_REASON_COUNT + 2 && n + 24 < sizeof(line); r++)
			if (st->count[r])
				n += format(line + n, sizeof(line) - n, " %u:%llu", r,
					    (unsigned long long)st->count[r]);
		line[n] = '\0';
		log_line(cpu, LOG_INFO, "exit stats: total %llu;%s",
			 (unsigned long long)st->total, line);
	}
}

static int64_t hc_version(struct vcpu *v, const struct cappsule_hc_args *a,
			  struct hc_out *out)
{
	(void)a;
	out->rbx = CAPPSULE_ABI_VERSION;
	out->rcx = v->mon->cpus_started;
	return 0;
}

static int64_t hc_log_stats(struct vcpu *v, const struct cappsule_hc_args *a,
			    struct hc_out *out)
{
	(void)v;
	(void)a;
	(void)out;
	log_exit_stats();
	return 0;
}

static uint64_t feature_bits(const struct monitor *m)
{
	uint64_t f = CAPPSULE_FEATURE_UNRESTRICTED | CAPPSULE_FEATURE_LOG_RING;

	if (m->host_ept.allow_1g)
		f |= CAPPSULE_FEATURE_EPT_1G_PAGES;
	if (m->features.vpid)
		f |= CAPPSULE_FEATURE_VPID;
	return f;
}

static int64_t hc_info(struct vcpu *v, const struct cappsule_hc_args *a,
		       struct hc_out *out)
{
	const struct monitor *m = v->mon;
	struct cappsule_monitor_info info = { 0 };
	size_t i;

	(void)out;
	info.abi_version = CAPPSULE_ABI_VERSION;
	info.cpus_started = m->cpus_started;
	for (i = 0; i + 1 < sizeof(info.version) && monitor_version[i]; i++)
		info.version[i] = monitor_version[i];
	info.features = feature_bits(m);
	info.monitor_base = m->base;
	info.monitor_bytes = m->size;
	info.image_bytes = (uint64_t)(__file_end - __image_start);
	info.ept_pool_pages = MONITOR_EPT_POOL_PAGES;
	info.ept_pool_used = m->ept_pool_used;
	info.host_ram_bytes = ram_map_bytes(&m->host_ram);
	info.host_ram_ranges = m->host_ram.count;
	info.log_ring_bytes = LOG_RING_BYTES;
	info.log_position = log_position();
	info.pool_pages = pool_pages_total(&m->pool);
	info.pool_pages_used = m->pool.pages_used;
	info.snapshot_valid = snapshot_stats().valid;
	info.snapshot_preserved = snapshot_stats().preserved;
	info.snapshot_write_exits = snapshot_stats().host_write_exits;
	write_host(v, a->buf_gpa, &info, sizeof(info));
	return 0;
}

static int64_t hc_stats(struct vcpu *v, const struct cappsule_hc_args *a,
			struct hc_out *out)
{
	const struct exit_stats *st = &monitor_vcpu((unsigned)a->arg[0])->stats;
	struct cappsule_exit_stats s = { 0 };
	unsigned r;

	(void)v;
	(void)out;
	_Static_assert(EXIT_REASON_COUNT <= CAPPSULE_EXIT_SLOT_UNKNOWN,
		       "every named exit reason has an ABI slot");
	s.cpu = (uint32_t)a->arg[0];
	s.slots = CAPPSULE_EXIT_SLOTS;
	s.total = st->total;
	for (r = 0; r < EXIT_REASON_COUNT; r++)
		s.count[r] = st->count[r];
	s.count[CAPPSULE_EXIT_SLOT_UNKNOWN] = st->count[EXIT_STAT_UNKNOWN];
	s.count[CAPPSULE_EXIT_SLOT_FAILED_ENTRY] = st->count[EXIT_STAT_FAILED_ENTRY];
	write_host(v, a->buf_gpa, &s, sizeof(s));
	return 0;
}

static int64_t hc_log_read(struct vcpu *v, const struct cappsule_hc_args *a,
			   struct hc_out *out)
{
	struct log_ring_result r;

	snapshot_before_monitor_write(v, a->buf_gpa, a->buf_size);
	r = log_read(a->arg[0], (char *)(uintptr_t)a->buf_gpa, a->buf_size);
	out->rbx = r.copied;
	out->rcx = r.next;
	out->rdx = r.lost;
	return 0;
}

/* The list is copied once, then checked; the pool and EPT change under
 * the EPT lock, all or nothing (host_pool.c). */
static int64_t hc_pool_lend(struct vcpu *v, const struct cappsule_hc_args *a,
			    struct hc_out *out)
{
	uint64_t bases[CAPPSULE_POOL_MAX_CHUNKS];
	uint32_t n = (uint32_t)(a->buf_size / sizeof(uint64_t));
	struct hc_bounds b;
	int64_t r;

	copy_in(bases, a->buf_gpa, n * sizeof(uint64_t));
	bounds_of(v->mon, &b);
	r = hc_check_chunks(&b, bases, n);
	if (r == 0)
		r = host_pool_lend(v, bases, n);
	if (r == 0) {
		out->rbx = v->mon->pool.chunks;
		out->rcx = v->mon->host_ept_gen;
		log_line(v->cpu, LOG_INFO, "pool: %u chunk(s) lent, %u pages in the pool",
			 n, pool_pages_total(&v->mon->pool));
	}
	return r;
}

static int64_t hc_pool_reclaim(struct vcpu *v, const struct cappsule_hc_args *a,
			       struct hc_out *out)
{
	uint64_t bases[CAPPSULE_POOL_MAX_CHUNKS];
	uint32_t n;

	/* A chunk given back under a snapshot would be host RAM that is not
	 * snapshot RAM: its later content must never reach a cappsule. */
	if (snapshot_stats().valid)
		return CAPPSULE_E_STATE;
	n = host_pool_reclaim(v, bases, (uint32_t)(a->buf_size / sizeof(uint64_t)));
	write_host(v, a->buf_gpa, bases, n * sizeof(uint64_t));
	out->rbx = n;
	if (n)
		log_line(v->cpu, LOG_INFO, "pool: %u chunk(s) returned zeroed, %u pages left",
			 n, pool_pages_total(&v->mon->pool));
	return 0;
}

static int64_t hc_ept_sync(struct vcpu *v, const struct cappsule_hc_args *a,
			   struct hc_out *out)
{
	(void)a;
	host_ept_sync(v);
	out->rbx = host_ept_synced_gen();
	return 0;
}

static int64_t hc_snapshot(struct vcpu *v, const struct cappsule_hc_args *a,
			    struct hc_out *out)
{
	(void)a;
	(void)out;
	return snapshot_take(v);
}

static int64_t hc_snapshot_drop(struct vcpu *v, const struct cappsule_hc_args *a,
				 struct hc_out *out)
{
	(void)a;
	(void)out;
	return snapshot_drop(v);
}

static int64_t hc_cappsule_create(struct vcpu *v, const struct cappsule_hc_args *a,
				  struct hc_out *out)
{
	return cappsule_create(v, a->arg[0], a->arg[1], a->buf_gpa, a->buf_size, &out->rbx);
}

static int64_t hc_cappsule_info(struct vcpu *v, const struct cappsule_hc_args *a,
				struct hc_out *out)
{
	struct cappsule_info info;
	int64_t r = cappsule_info(a->arg[0], &info);

	(void)v;
	(void)out;
	if (r == 0)
		write_host(v, a->buf_gpa, &info, sizeof(info));
	return r;
}

static int64_t hc_cappsule_destroy(struct vcpu *v, const struct cappsule_hc_args *a,
				   struct hc_out *out)
{
	(void)a;
	(void)out;
	return cappsule_destroy(v, v->regs->gpr[GPR_RBX]);
}

static const hc_handler handlers[CAPPSULE_HC_COUNT] = {
	[CAPPSULE_HC_VERSION] = hc_version,
	[CAPPSULE_HC_LOG_STATS] = hc_log_stats,
	[CAPPSULE_HC_INFO] = hc_info,
	[CAPPSULE_HC_STATS] = hc_stats,
	[CAPPSULE_HC_LOG_READ] = hc_log_read,
	[CAPPSULE_HC_POOL_LEND] = hc_pool_lend,
	[CAPPSULE_HC_POOL_RECLAIM] = hc_pool_reclaim,
	[CAPPSULE_HC_EPT_SYNC] = hc_ept_sync,
	[CAPPSULE_HC_SNAPSHOT] = hc_snapshot,
	[CAPPSULE_HC_SNAPSHOT_DROP] = hc_snapshot_drop,
	[CAPPSULE_HC_CAPPSULE_CREATE] = hc_cappsule_create,
	[CAPPSULE_HC_CAPPSULE_INFO] = hc_cappsule_info,
	[CAPPSULE_HC_CAPPSULE_DESTROY] = hc_cappsule_destroy,
	/* CAPPSULE_HC_CAPPSULE_RUN never gets here: it switches the CPU
	 * (host_exits.c, on_vmcall). */
};

/* Fetches and checks the block; 0 or the error for the caller. */
static int64_t fetch_args(struct vcpu *v, uint64_t nr, uint64_t gpa,
			  struct cappsule_hc_args *a)
{
	struct hc_bounds b;
	int64_t r;

	bounds_of(v->mon, &b);
	r = hc_check_args_gpa(&b, gpa);
	if (r != 0)
		return r;
	copy_in(a, gpa, sizeof(*a));
	return hc_check_args(&b, nr, a);
}

void hypercall_run(struct vcpu *v)
{
	uint64_t *g = v->regs->gpr;
	uint64_t nr = g[GPR_RAX];
	const struct hc_spec *spec = hc_spec_of(nr);
	struct cappsule_hc_args a = { 0 };
	struct hc_out out = { 0 };
	int64_t r;

	if (!spec) {
		r = CAPPSULE_E_NOSYS;
	} else if (spec->takes_args && (r = fetch_args(v, nr, g[GPR_RBX], &a)) != 0) {
		/* refused: nothing done */
	} else if (!handlers[nr]) {
		r = CAPPSULE_E_NOSYS;
	} else {
		r = handlers[nr](v, &a, &out);
	}
	if (r != 0)
		log_line(v->cpu, LOG_DEBUG, "hypercall %llu refused: %lld",
			 (unsigned long long)nr, (long long)r);
	g[GPR_RAX] = (uint64_t)r;
	g[GPR_RBX] = out.rbx;
	g[GPR_RCX] = out.rcx;
	g[GPR_RDX] = out.rdx;
}
