/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cappsule monitor detection from user space through CPUID: the same test as
 * the host shim's (hostshim/detect.c). CPUID.1:ECX bit 31 says a hypervisor
 * is present, and leaf 0x40000000 carries its 12-byte signature.
 */
#ifndef CAPPSULE_CPUID_PROBE_H
#define CAPPSULE_CPUID_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPUID_SIGNATURE_LEN 12

enum cpuid_hv_state {
	CPUID_NO_HYPERVISOR,		/* CPUID.1:ECX bit 31 clear */
	CPUID_OTHER_HYPERVISOR,		/* a hypervisor that is not ours */
	CPUID_CAPPSULE_MONITOR,		/* signature "CappsuleVMX!" */
};

struct cpuid_regs_out {
	uint32_t eax, ebx, ecx, edx;
};

struct cpuid_probe {
	enum cpuid_hv_state state;
	bool cpu_vmx;			/* CPUID.1:ECX bit 5 as this CPU reports it */
	/* Valid unless state == CPUID_NO_HYPERVISOR. */
	uint32_t max_leaf;		/* EAX of leaf 0x40000000 */
	char signature[CPUID_SIGNATURE_LEN];	/* EBX ECX EDX, not NUL-terminated */
	/* Valid for our monitor when max_leaf reaches the info leaf. */
	bool has_abi_version;
	uint32_t abi_version;		/* major << 16 | minor */
};

/* Executes CPUID (subleaf 0). Replaceable for tests. */
typedef void cpuid_fn(uint32_t leaf, struct cpuid_regs_out *r);

/* The detection logic over any CPUID source. */
void cpuid_probe_with(cpuid_fn *cpuid, struct cpuid_probe *p);
/* The detection on the CPU this thread runs on. */
void cpuid_probe_run(struct cpuid_probe *p);

/* Printable form of a signature: printable ASCII as is, backslash, double
 * quote and other bytes as \xNN. Needs CPUID_SIGNATURE_TEXT_LEN bytes. */
#define CPUID_SIGNATURE_TEXT_LEN (CPUID_SIGNATURE_LEN * 4 + 1)
void cpuid_signature_text(const char sig[CPUID_SIGNATURE_LEN],
			  char text[CPUID_SIGNATURE_TEXT_LEN]);

#endif /* CAPPSULE_CPUID_PROBE_H */
