/* SPDX-License-Identifier: GPL-2.0-only */
/* The loader's record of whether the monitor started, for Linux to read
 * (see CAPPSULE_STATUS_VAR_NAME in vmx/hypercall_abi.h). */
#ifndef CAPPSULE_EFI_BOOT_STATUS_H
#define CAPPSULE_EFI_BOOT_STATUS_H

/* Records "running: ..." or "not started: <reason>"; printable ASCII. */
void boot_status_running(unsigned cpus);
void boot_status_not_started(const char *reason);

#endif /* CAPPSULE_EFI_BOOT_STATUS_H */
