/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks of the ioctl requests user space sends to /dev/cappsule. Pure code
 * (no kernel API): the shim runs it on its own copy of the request, and the
 * host builds the same file into unit tests and a fuzzer.
 */
#ifndef CAPPSULE_IOCTL_CHECK_H
#define CAPPSULE_IOCTL_CHECK_H

#include "cappsule_ioctl.h"

enum ioc_verdict {
	IOC_OK,
	IOC_BAD_FIELD,     /* non-zero flags / reserved, missing buffer: EINVAL */
	IOC_OUT_OF_RANGE,  /* size or index outside what the call takes: ERANGE */
};

enum ioc_verdict ioc_check_stats(const struct cappsule_ioc_stats *r, __u32 cpus_started);
enum ioc_verdict ioc_check_log(const struct cappsule_ioc_log *r);
enum ioc_verdict ioc_check_test_hypercall(const struct cappsule_ioc_test_hypercall *r);
enum ioc_verdict ioc_check_test_cappsule(const struct cappsule_ioc_test_cappsule *r);
enum ioc_verdict ioc_check_test_concurrent(const struct cappsule_ioc_test_concurrent *r);

#endif /* CAPPSULE_IOCTL_CHECK_H */
