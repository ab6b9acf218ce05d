// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulator scenario helper: pins itself to each online CPU in turn and
 * prints what CPUID leaf 0x40000000 says there, one line per CPU:
 *   cpu 0: hypervisor "CappsuleVMX!" vmx-bit 0
 * Exits 0 only if every CPU reports the Cappsule signature.
 */
#include <cpuid.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vmx/hypercall_abi.h"

static int check_this_cpu(int cpu)
{
	unsigned a, b, c, d;
	char sig[13] = "";
	int vmx;

	__cpuid(1, a, b, c, d);
	vmx = (c >> 5) & 1;
	if (c & (1u << 31)) {
		__cpuid(CAPPSULE_CPUID_LEAF_SIGNATURE, a, b, c, d);
		memcpy(sig, &b, 4);
		memcpy(sig + 4, &c, 4);
		memcpy(sig + 8, &d, 4);
	}
	for (int i = 0; i < 12; i++)
		if (sig[i] && (sig[i] < 0x20 || sig[i] > 0x7e))
			sig[i] = '?';
	printf("cpu %d: hypervisor \"%s\" vmx-bit %d\n", cpu, sig, vmx);
	return strcmp(sig, CAPPSULE_CPUID_SIGNATURE) == 0 ? 0 : 1;
}

int main(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	int bad = 0, cpu;

	for (cpu = 0; cpu < n; cpu++) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) != 0) {
			printf("cpu %d: cannot pin\n", cpu);
			bad = 1;
			continue;
		}
		bad |= check_this_cpu(cpu);
	}
	printf("online cpus: %ld\n", n);
	return bad;
}
