// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run inside a cappsule (virt exec, as root, shim loaded with
 * test_hypercalls=1): asks the shim in the cappsule's kernel to attempt one
 * forbidden operation from ring 0. The monitor must end the cappsule, so
 * this program never gets to print anything; if it does, the attack went
 * through and it exits 1.
 *   usage: cappsule_attack io|mmio|msr|vmx|triple-fault|hlt|limit|bad-hypercall
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hostshim/cappsule_ioctl.h"

static const struct {
	const char *name;
	__u32 mode;
} attacks[] = {
	{ "io", CAPPSULE_PROBE_IO },
	{ "mmio", CAPPSULE_PROBE_MMIO },
	{ "msr", CAPPSULE_PROBE_MSR },
	{ "vmx", CAPPSULE_PROBE_VMX },
	{ "triple-fault", CAPPSULE_PROBE_TRIPLE_FAULT },
	{ "hlt", CAPPSULE_PROBE_HLT },
	{ "limit", CAPPSULE_PROBE_LIMIT },
	{ "bad-hypercall", CAPPSULE_PROBE_BAD_HYPERCALL },
};

int main(int argc, char **argv)
{
	unsigned int i;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: cappsule_attack NAME\n");
		return 2;
	}
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		if (strcmp(argv[1], attacks[i].name) != 0)
			continue;
		fd = open(CAPPSULE_DEVICE_PATH, O_RDWR);
		if (fd < 0) {
			perror("cappsule_attack: " CAPPSULE_DEVICE_PATH);
			return 2;
		}
		if (ioctl(fd, CAPPSULE_IOC_GUEST_ATTACK, &attacks[i].mode) != 0)
			perror("cappsule_attack: ioctl");
		else
			fprintf(stderr, "cappsule_attack: %s: still alive\n", argv[1]);
		return 1;
	}
	fprintf(stderr, "cappsule_attack: unknown attack %s\n", argv[1]);
	return 2;
}
