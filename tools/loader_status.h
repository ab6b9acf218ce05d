/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The loader's record of this boot, as Linux shows it: the efivarfs file
 * /sys/firmware/efi/efivars/CappsuleStatus-<GUID> holds 4 bytes of
 * attributes followed by the value (see vmx/hypercall_abi.h).
 */
#ifndef CAPPSULE_LOADER_STATUS_H
#define CAPPSULE_LOADER_STATUS_H

#include <stddef.h>

#include "vmx/hypercall_abi.h"

#define LOADER_STATUS_DIR "/sys/firmware/efi/efivars"
#define LOADER_STATUS_PATH \
	LOADER_STATUS_DIR "/" CAPPSULE_STATUS_VAR_NAME "-" CAPPSULE_STATUS_VAR_GUID

enum loader_status_state {
	LOADER_STATUS_RECORDED,     /* text holds the record */
	LOADER_STATUS_NONE,         /* efivarfs is there, the variable is not:
				       the Cappsule loader did not run this boot */
	LOADER_STATUS_UNAVAILABLE,  /* no efivarfs (not mounted, or not UEFI) */
	LOADER_STATUS_MALFORMED,    /* the variable exists but is not a record */
};

struct loader_status {
	enum loader_status_state state;
	char text[CAPPSULE_STATUS_MAX + 1];
};

/* Parses the efivarfs file content (attributes + value). Pure. */
void loader_status_parse(const unsigned char *buf, size_t len, struct loader_status *out);

/* Reads the record on this machine; dir is LOADER_STATUS_DIR outside tests. */
void loader_status_read(const char *dir, struct loader_status *out);

#endif /* CAPPSULE_LOADER_STATUS_H */
