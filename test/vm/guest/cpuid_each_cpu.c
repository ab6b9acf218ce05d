// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulator scenario helper: pins itself to each online CPU in turn and
 * prints what CPUID leaf 0x40000000 says there, one line per CPU:
 *   cpu 0: hypervisor "CappsuleVMX!" vmx-bit 0
 * Exits 0 only if every CPU reports the Cappsule signature and every CPU
 * the kernel knows is online (a CPU that failed to start, e.g. because the
 * monitor lost its start-up IPI, stays present but offline).
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

/* CPUs the kernel found, started or not: "0-1,3" in sysfs. */
static long present_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/present", "r");
	long count = 0, lo, hi;
	int c;

	if (!f)
		return 0;
	while (fscanf(f, "%ld", &lo) == 1) {
		hi = lo;
		c = fgetc(f);
		if (c == '-' && fscanf(f, "%ld", &hi) == 1)
			c = fgetc(f);
		count += hi - lo + 1;
		if (c != ',')
			break;
	}
	fclose(f);
	return count;
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
	printf("online cpus: %ld of %ld present\n", n, present_cpus());
	if (present_cpus() > n)
		bad = 1;
	return bad;
}
