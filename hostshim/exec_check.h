/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virt exec's checks and decisions that need no kernel: the request a user
 * sends (CAPPSULE_IOC_EXEC and its blob), the input records, the signals
 * and sizes it may forward, and what a cappsule's end means as an exit
 * status. Pure; the shim runs it on its own copies, the unit tests and a
 * fuzzer on anything.
 */
#ifndef CAPPSULE_EXEC_CHECK_H
#define CAPPSULE_EXEC_CHECK_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#endif

#include "cappsule_ioctl.h"
#include "ioctl_check.h"

/* Flags, sizes, counts, reserved fields of the request. */
enum ioc_verdict exec_check_request(const struct cappsule_ioc_exec *r);

/* The blob holds exactly argc + envc + 1 NUL-terminated strings (the
 * last is the working directory, absolute), nothing after, argv[0] not
 * empty. */
bool exec_blob_valid(const char *blob, __u32 len, __u32 argc, __u32 envc);

/* A record's header, host to cappsule: STDIN with 1..CAPPSULE_IO_REC_MAX
 * data bytes, or EOF without data; reserved fields 0. */
bool exec_record_in_ok(const struct cappsule_io_rec *r);

/* One write(2) by the cappsule's init: a STDOUT or STDERR header with
 * 1..CAPPSULE_IO_REC_MAX data bytes, reserved fields 0, and exactly that
 * many bytes after it in a write of total bytes. */
bool exec_record_out_ok(const struct cappsule_io_rec *r, __u64 total);

/* Private pages for a limit in MiB (0: the default). */
__u32 exec_page_limit(__u32 mem_mb);

/* Signals the host may forward; window sizes it may send. */
bool exec_signal_ok(__u32 sig);
bool exec_winsize_ok(__u32 rows_cols);

/* Fills kind and code from how the cappsule ended (end, end_value from
 * the monitor; killed: the host ended it). A cappsule that exited reports
 * its command's wait status as its value; anything else is its own end. */
void exec_status_decode(__u32 end, __u64 end_value, bool killed,
			struct cappsule_ioc_exec_status *st);

#endif /* CAPPSULE_EXEC_CHECK_H */
