// SPDX-License-Identifier: GPL-2.0-only
/* /dev/cappsule request checks (see ioctl_check.h). */
#include "ioctl_check.h"

enum ioc_verdict ioc_check_stats(const struct cappsule_ioc_stats *r, __u32 cpus_started)
{
	if (r->flags != 0)
		return IOC_BAD_FIELD;
	if (r->cpu >= cpus_started)
		return IOC_OUT_OF_RANGE;
	return IOC_OK;
}

enum ioc_verdict ioc_check_log(const struct cappsule_ioc_log *r)
{
	if (r->flags != 0 || r->buf == 0)
		return IOC_BAD_FIELD;
	if (r->size == 0 || r->size > CAPPSULE_LOG_READ_MAX)
		return IOC_OUT_OF_RANGE;
	return IOC_OK;
}

/*
 * Only the shim's own pages are at stake here: what the monitor makes of
 * the hypercall is the thing under test, so nr and the block's contents
 * are passed through unchecked.
 */
enum ioc_verdict ioc_check_test_hypercall(const struct cappsule_ioc_test_hypercall *r)
{
	if (r->reserved != 0 || (r->flags & ~CAPPSULE_TEST_HC_FLAGS) != 0)
		return IOC_BAD_FIELD;
	if ((r->flags & CAPPSULE_TEST_HC_SCRATCH) && !(r->flags & CAPPSULE_TEST_HC_ARGS))
		return IOC_BAD_FIELD;
	if ((r->flags & CAPPSULE_TEST_HC_ARGS) &&
	    r->rbx > CAPPSULE_TEST_HC_PAGE - sizeof(struct cappsule_hc_args))
		return IOC_OUT_OF_RANGE;
	if ((r->flags & CAPPSULE_TEST_HC_SCRATCH) && r->args.buf_gpa >= 4096)
		return IOC_OUT_OF_RANGE;
	return IOC_OK;
}

enum ioc_verdict ioc_check_test_cappsule(const struct cappsule_ioc_test_cappsule *r)
{
	if (r->reserved != 0)
		return IOC_BAD_FIELD;
	if (r->mode >= CAPPSULE_PROBE_MODES || r->page_limit == 0 ||
	    r->page_limit > CAPPSULE_POOL_MAX_CHUNKS * 512u)
		return IOC_OUT_OF_RANGE;
	return IOC_OK;
}

enum ioc_verdict ioc_check_test_concurrent(const struct cappsule_ioc_test_concurrent *r)
{
	if (r->reserved != 0)
		return IOC_BAD_FIELD;
	if (r->count < 2 || r->count > CAPPSULE_TEST_CONCURRENT_MAX)
		return IOC_OUT_OF_RANGE;
	return IOC_OK;
}
