/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Detection of the Cappsule monitor through CPUID: CPUID.1:ECX bit 31 says
 * that a hypervisor is present, and leaf 0x40000000 names it.
 */
#ifndef CAPPSULE_SHIM_DETECT_H
#define CAPPSULE_SHIM_DETECT_H

#include <linux/types.h>

#define SHIM_SIGNATURE_LEN 12
/* Each signature byte escapes to at most 4 characters ("\xNN"), plus NUL. */
#define SHIM_SIGNATURE_TEXT_LEN (SHIM_SIGNATURE_LEN * 4 + 1)

enum shim_monitor_state {
	SHIM_NO_HYPERVISOR,	/* CPUID.1:ECX bit 31 clear: bare metal */
	SHIM_OTHER_HYPERVISOR,	/* a hypervisor, but not ours */
	SHIM_CAPPSULE_MONITOR,	/* signature "CappsuleVMX!" */
};

struct shim_detect {
	enum shim_monitor_state state;
	/* The rest is valid unless state == SHIM_NO_HYPERVISOR. */
	u32 max_leaf;				/* EAX of leaf 0x40000000 */
	char signature[SHIM_SIGNATURE_LEN];	/* EBX, ECX, EDX; not NUL-terminated */
	/* Valid for our monitor when max_leaf reaches the info leaf. */
	bool has_abi_version;
	u32 abi_version;			/* major << 16 | minor */
};

/* Runs CPUID on the current CPU and fills *d. */
void shim_detect_monitor(struct shim_detect *d);

/*
 * Writes a printable, quoted-safe form of a 12-byte signature into text
 * (SHIM_SIGNATURE_TEXT_LEN bytes): printable ASCII as is, '\' and '"' and
 * every other byte as \xNN. A signature comes from whatever hypervisor runs
 * below us, so it is never printed raw.
 */
void shim_signature_text(const char sig[SHIM_SIGNATURE_LEN],
			 char text[SHIM_SIGNATURE_TEXT_LEN]);

#endif /* CAPPSULE_SHIM_DETECT_H */
