/* SPDX-License-Identifier: GPL-2.0-only */
/* CAPPSULE_IOC_TEST_CAPPSULE: one probe cappsule, from fork to end. */
#ifndef CAPPSULE_HOSTSHIM_CAPPSULE_TEST_H
#define CAPPSULE_HOSTSHIM_CAPPSULE_TEST_H

#include "cappsule_ioctl.h"

/* 0 (the report in *r) or -errno. */
long shim_test_cappsule(struct cappsule_ioc_test_cappsule *r);

/* CAPPSULE_IOC_TEST_CONCURRENT: 0 (the report in *r) or -errno. */
long shim_test_concurrent(struct cappsule_ioc_test_concurrent *r);

#endif /* CAPPSULE_HOSTSHIM_CAPPSULE_TEST_H */
