/* SPDX-License-Identifier: GPL-2.0-only */
/* The loader's record of whether the monitor started, for Linux to read
 * (see CAPPSULE_STATUS_VAR_NAME in vmx/hypercall_abi.h). */
#ifndef CAPPSULE_EFI_BOOT_STATUS_H
#define CAPPSULE_EFI_BOOT_STATUS_H

#include <stdint.h>

/* Records "running: ..." or "not started: <reason>"; printable ASCII. */
void boot_status_running(unsigned cpus, uint64_t base, uint64_t size);
void boot_status_not_started(const char *reason);

#endif /* CAPPSULE_EFI_BOOT_STATUS_H */
