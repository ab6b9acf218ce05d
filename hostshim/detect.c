// SPDX-License-Identifier: GPL-2.0-only
/* Cappsule monitor detection through CPUID (see detect.h). */
#include <linux/string.h>
#include <asm/processor.h>

#include "detect.h"
#include "hypercall_abi.h"

#define CPUID_1_ECX_HYPERVISOR (1u << 31)

void shim_detect_monitor(struct shim_detect *d)
{
	unsigned int eax, ebx, ecx, edx;

	memset(d, 0, sizeof(*d));
	if (!(cpuid_ecx(1) & CPUID_1_ECX_HYPERVISOR)) {
		/*
		 * Without the bit, leaf 0x40000000 is not a hypervisor leaf
		 * (Intel CPUs repeat their highest basic leaf): don't read it.
		 */
		d->state = SHIM_NO_HYPERVISOR;
		return;
	}

	cpuid(CAPPSULE_CPUID_LEAF_SIGNATURE, &eax, &ebx, &ecx, &edx);
	d->max_leaf = eax;
	memcpy(d->signature + 0, &ebx, 4);
	memcpy(d->signature + 4, &ecx, 4);
	memcpy(d->signature + 8, &edx, 4);
	if (ebx != CAPPSULE_CPUID_SIGNATURE_EBX ||
	    ecx != CAPPSULE_CPUID_SIGNATURE_ECX ||
	    edx != CAPPSULE_CPUID_SIGNATURE_EDX) {
		d->state = SHIM_OTHER_HYPERVISOR;
		return;
	}

	d->state = SHIM_CAPPSULE_MONITOR;
	if (eax >= CAPPSULE_CPUID_LEAF_INFO) {
		d->has_abi_version = true;
		d->abi_version = cpuid_eax(CAPPSULE_CPUID_LEAF_INFO);
	}
}

void shim_signature_text(const char sig[SHIM_SIGNATURE_LEN],
			 char text[SHIM_SIGNATURE_TEXT_LEN])
{
	static const char hex[] = "0123456789abcdef";
	char *p = text;
	int i;

	for (i = 0; i < SHIM_SIGNATURE_LEN; i++) {
		unsigned char c = sig[i];

		if (c >= 0x20 && c <= 0x7e && c != '\\' && c != '"') {
			*p++ = c;
		} else {
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
		}
	}
	*p = '\0';
}
