// SPDX-License-Identifier: GPL-2.0-only
/* Cappsule monitor detection through CPUID (see cpuid_probe.h). */
#include "tools/cpuid_probe.h"

#include <cpuid.h>
#include <string.h>

#include "vmx/hypercall_abi.h"

#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

void cpuid_probe_with(cpuid_fn *cpuid, struct cpuid_probe *p)
{
	struct cpuid_regs_out r;

	memset(p, 0, sizeof(*p));
	cpuid(1, &r);
	p->cpu_vmx = (r.ecx & CPUID_1_ECX_VMX) != 0;
	if (!(r.ecx & CPUID_1_ECX_HYPERVISOR)) {
		/* Without the bit, leaf 0x40000000 is no hypervisor leaf
		 * (Intel CPUs repeat their highest basic leaf): don't read it. */
		p->state = CPUID_NO_HYPERVISOR;
		return;
	}

	cpuid(CAPPSULE_CPUID_LEAF_SIGNATURE, &r);
	p->max_leaf = r.eax;
	memcpy(p->signature + 0, &r.ebx, 4);
	memcpy(p->signature + 4, &r.ecx, 4);
	memcpy(p->signature + 8, &r.edx, 4);
	if (r.ebx != CAPPSULE_CPUID_SIGNATURE_EBX ||
	    r.ecx != CAPPSULE_CPUID_SIGNATURE_ECX ||
	    r.edx != CAPPSULE_CPUID_SIGNATURE_EDX) {
		p->state = CPUID_OTHER_HYPERVISOR;
		return;
	}

	p->state = CPUID_CAPPSULE_MONITOR;
	if (p->max_leaf >= CAPPSULE_CPUID_LEAF_INFO) {
		cpuid(CAPPSULE_CPUID_LEAF_INFO, &r);
		p->has_abi_version = true;
		p->abi_version = r.eax;
	}
}

static void native_cpuid(uint32_t leaf, struct cpuid_regs_out *r)
{
	unsigned int a, b, c, d;

	/* Not __get_cpuid(): it compares 0x40000000 against the highest
	 * basic leaf and would refuse to ask. */
	__cpuid_count(leaf, 0, a, b, c, d);
	r->eax = a;
	r->ebx = b;
	r->ecx = c;
	r->edx = d;
}

void cpuid_probe_run(struct cpuid_probe *p)
{
	cpuid_probe_with(native_cpuid, p);
}

void cpuid_signature_text(const char sig[CPUID_SIGNATURE_LEN],
			  char text[CPUID_SIGNATURE_TEXT_LEN])
{
	static const char hex[] = "0123456789abcdef";
	char *o = text;

	for (int i = 0; i < CPUID_SIGNATURE_LEN; i++) {
		unsigned char c = (unsigned char)sig[i];

		if (c >= 0x20 && c <= 0x7e && c != '\\' && c != '"') {
			*o++ = (char)c;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 0xf];
		}
	}
	*o = '\0';
}
