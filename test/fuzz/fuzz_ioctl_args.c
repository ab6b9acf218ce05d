// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the shim's ioctl request checks (hostshim/ioctl_check.c)
 * on raw request structs, as user space could send them. Each verdict is
 * recomputed here and must agree; when a check answers IOC_OK, what the
 * shim then does with the request is asserted safe on its own:
 *   stats: flags 0, the CPU index below cpus_started;
 *   log read: flags 0, a buffer, 1 <= size <= CAPPSULE_LOG_READ_MAX (the
 *     shim allocates size bytes);
 *   test hypercall: reserved 0, known flags, SCRATCH only with ARGS; the
 *     64-byte block copied at offset rbx stays inside the shim's page; the
 *     scratch_in copy at offset buf_gpa, and any buffer the monitor could
 *     accept for any call there, stay inside the scratch area.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostshim/ioctl_check.h"
#include "vmx/hypercall_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fills obj from the input, zero past its end. */
static void take(const uint8_t **p, size_t *left, void *obj, size_t n)
{
	size_t k = *left < n ? *left : n;

	memset(obj, 0, n);
	if (k)
		memcpy(obj, *p, k);
	*p += k;
	*left -= k;
}

static void check_verdict(enum ioc_verdict v)
{
	if (v != IOC_OK && v != IOC_BAD_FIELD && v != IOC_OUT_OF_RANGE)
		abort();
}

static void fuzz_stats(const struct cappsule_ioc_stats *r, __u32 cpus)
{
	struct cappsule_ioc_stats copy = *r;
	enum ioc_verdict v = ioc_check_stats(r, cpus), want;

	check_verdict(v);
	if (memcmp(r, &copy, sizeof(copy)) != 0)
		abort();
	want = r->flags ? IOC_BAD_FIELD : r->cpu >= cpus ? IOC_OUT_OF_RANGE : IOC_OK;
	if (v != want)
		abort();
	if (v == IOC_OK && (r->flags != 0 || r->cpu >= cpus))
		abort();
}

static void fuzz_log(const struct cappsule_ioc_log *r)
{
	struct cappsule_ioc_log copy = *r;
	enum ioc_verdict v = ioc_check_log(r), want;

	check_verdict(v);
	if (memcmp(r, &copy, sizeof(copy)) != 0)
		abort();
	if (r->flags || !r->buf)
		want = IOC_BAD_FIELD;
	else if (r->size < 1 || r->size > CAPPSULE_LOG_READ_MAX)
		want = IOC_OUT_OF_RANGE;
	else
		want = IOC_OK;
	if (v != want)
		abort();
	if (v == IOC_OK && (r->flags != 0 || r->buf == 0 || r->size == 0 ||
			    r->size > CAPPSULE_LOG_READ_MAX))
		abort();
}

/* The largest buffer the monitor accepts for any call. */
static uint64_t largest_monitor_buffer(void)
{
	uint64_t nr, max = 0;

	for (nr = 0; nr < CAPPSULE_HC_COUNT; nr++) {
		const struct hc_spec *s = hc_spec_of(nr);

		if (s && s->takes_args && s->buf_max > max)
			max = s->buf_max;
	}
	return max;
}

static void fuzz_test_hypercall(const struct cappsule_ioc_test_hypercall *r)
{
	const uint64_t block = sizeof(struct cappsule_hc_args);
	struct cappsule_ioc_test_hypercall *copy = malloc(sizeof(*copy));
	enum ioc_verdict v, want = IOC_OK;
	bool args, scratch;

	if (!copy)
		abort();
	*copy = *r;
	v = ioc_check_test_hypercall(r);
	check_verdict(v);
	if (memcmp(r, copy, sizeof(*copy)) != 0)
		abort();
	free(copy);

	args = r->flags & CAPPSULE_TEST_HC_ARGS;
	scratch = r->flags & CAPPSULE_TEST_HC_SCRATCH;
	if (r->reserved || (r->flags & ~(uint32_t)(CAPPSULE_TEST_HC_ARGS | CAPPSULE_TEST_HC_SCRATCH)))
		want = IOC_BAD_FIELD;
	else if (scratch && !args)
		want = IOC_BAD_FIELD;
	else if (args && r->rbx > CAPPSULE_TEST_HC_PAGE - block)
		want = IOC_OUT_OF_RANGE;
	else if (scratch && r->args.buf_gpa >= 4096)
		want = IOC_OUT_OF_RANGE;
	if (v != want)
		abort();
	if (v != IOC_OK)
		return;

	if (r->reserved != 0 || (r->flags & ~(uint32_t)CAPPSULE_TEST_HC_FLAGS) != 0)
		abort();
	if (scratch && !args)
		abort();
	/* memcpy(args_page + rbx, &a, 64) stays on the page. */
	if (args && (r->rbx > CAPPSULE_TEST_HC_PAGE || r->rbx + block > CAPPSULE_TEST_HC_PAGE))
		abort();
	if (scratch) {
		const struct hc_spec *s = r->nr < CAPPSULE_HC_COUNT ? hc_spec_of(r->nr) : NULL;
		uint64_t off = r->args.buf_gpa;

		/* memcpy(scratch + off, scratch_in, ...) stays in the area. */
		if (off >= CAPPSULE_TEST_HC_SCRATCH_BYTES ||
		    off + sizeof(r->scratch_in) > CAPPSULE_TEST_HC_SCRATCH_BYTES)
			abort();
		/* So does anything the monitor may write there, for any call. */
		if (off + largest_monitor_buffer() > CAPPSULE_TEST_HC_SCRATCH_BYTES)
			abort();
		/* And for this call, if the monitor would take its size. */
		if (s && s->takes_args && r->args.buf_size <= s->buf_max &&
		    off + r->args.buf_size > CAPPSULE_TEST_HC_SCRATCH_BYTES)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cappsule_ioc_stats stats;
	struct cappsule_ioc_log log;
	struct cappsule_ioc_test_hypercall *hc;
	uint8_t sel = 0;
	__u32 cpus = 0;

	/* A selector byte, cpus_started, then one request: each of the three
	 * structs starts where the selector says (overlaps are fine). */
	take(&data, &size, &sel, 1);
	take(&data, &size, &cpus, sizeof(cpus));
	hc = malloc(sizeof(*hc));
	if (!hc)
		abort();
	switch (sel % 4) {
	case 0:
		take(&data, &size, &stats, sizeof(stats));
		fuzz_stats(&stats, cpus);
		break;
	case 1:
		take(&data, &size, &log, sizeof(log));
		fuzz_log(&log);
		break;
	case 2:
		take(&data, &size, hc, sizeof(*hc));
		fuzz_test_hypercall(hc);
		break;
	default: {
		/* The same bytes as all three requests. */
		const uint8_t *p = data;
		size_t left = size;

		take(&p, &left, &stats, sizeof(stats));
		fuzz_stats(&stats, cpus);
		p = data;
		left = size;
		take(&p, &left, &log, sizeof(log));
		fuzz_log(&log);
		take(&data, &size, hc, sizeof(*hc));
		fuzz_test_hypercall(hc);
		break;
	}
	}
	free(hc);
	return 0;
}
