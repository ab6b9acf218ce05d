// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulator scenario helper: forks probe cappsules from the live kernel
 * through the shim's test ioctl (hostshim loaded with test_hypercalls=1) and
 * checks each one's end: the well-behaved probe exits with the value that
 * proves its reads and its private write, the host's copy of the variable
 * it wrote is unchanged; every forbidden operation ends its cappsule with
 * the right reason while the host goes on. Then LAUNCHES launches in a row
 * must leave the pool as they found it.
 *
 * One line per case, "case NAME: ok" or "case NAME: FAIL (...)"; figures
 * for the first well-behaved cappsule. Exit status 0 iff all cases pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "hostshim/cappsule_ioctl.h"
#include "test/vm/guest/cases.h"
#include "vmx/exit_reasons.h"

#define LAUNCHES 50
#define PAGE_LIMIT 256

static int fd;

static int probe(uint32_t mode, uint32_t limit, struct cappsule_ioc_test_cappsule *r)
{
	memset(r, 0, sizeof(*r));
	r->mode = mode;
	r->page_limit = limit;
	return ioctl(fd, CAPPSULE_IOC_TEST_CAPPSULE, r) == 0 ? 0 : -errno;
}

static void print_figures(const struct cappsule_ioc_test_cappsule *r, double ms)
{
	const struct cappsule_info *i = &r->info;
	unsigned k;

	printf("figures: cappsule %u: %llu VM exits, %llu page(s) copied, %llu frame(s) mapped read-only, "
	       "%u private page(s), %u RUN call(s), %.0f ms in the ioctl\n",
	       i->id, (unsigned long long)i->exits.total, (unsigned long long)i->pages_copied,
	       (unsigned long long)i->pages_mapped, i->pages_private, r->runs, ms);
	for (k = 0; k < CAPPSULE_EXIT_SLOTS; k++)
		if (i->exits.count[k])
			printf("figures:   exits %-22s %llu\n", exit_reason_name(k),
			       (unsigned long long)i->exits.count[k]);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void well_behaved(void)
{
	struct cappsule_ioc_test_cappsule r;
	double t0 = now_ms();
	int err = probe(CAPPSULE_PROBE_EXIT, PAGE_LIMIT, &r);

	if (err) {
		case_fail("exit-value", "ioctl: %s", strerror(-err));
		return;
	}
	print_figures(&r, now_ms() - t0);
	if (r.info.end != CAPPSULE_END_EXITED)
		case_fail("exit-value", "ended with reason %u value 0x%llx at rip 0x%llx", r.info.end,
		     (unsigned long long)r.info.end_value, (unsigned long long)r.info.end_rip);
	else if (r.info.end_value >> 32 != 0x2222 + r.info.id)
		case_fail("exit-value", "value 0x%llx: its write did not stick",
		     (unsigned long long)r.info.end_value);
	else
		printf("case exit-value: ok\n");
	if (r.host_probe != CAPPSULE_PROBE_HOST_VALUE)
		case_fail("host-copy-unchanged", "host variable 0x%llx", (unsigned long long)r.host_probe);
	else
		printf("case host-copy-unchanged: ok\n");
	if (r.info.pages_copied == 0 || r.info.pages_mapped == 0)
		case_fail("copy-on-write-used", "copied %llu mapped %llu",
		     (unsigned long long)r.info.pages_copied, (unsigned long long)r.info.pages_mapped);
	else
		printf("case copy-on-write-used: ok\n");
}

struct forbidden_case {
	const char *name;
	uint32_t mode, limit;
	uint32_t end;
	int check_value;
	uint64_t value;
};

static void forbidden_cases(uint64_t mmio)
{
	const struct forbidden_case cases[] = {
		{ "io-port-kills", CAPPSULE_PROBE_IO, PAGE_LIMIT, CAPPSULE_END_IO, 1, 0x80 },
		{ "device-mmio-kills", CAPPSULE_PROBE_MMIO, PAGE_LIMIT, CAPPSULE_END_MEMORY, 1, mmio + 0x30 },
		{ "msr-write-kills", CAPPSULE_PROBE_MSR, PAGE_LIMIT, CAPPSULE_END_MSR, 1, 0x174 },
		{ "vmx-instruction-kills", CAPPSULE_PROBE_VMX, PAGE_LIMIT, CAPPSULE_END_VMX, 1, EXIT_REASON_VMREAD },
		{ "triple-fault-kills", CAPPSULE_PROBE_TRIPLE_FAULT, PAGE_LIMIT, CAPPSULE_END_TRIPLE_FAULT, 0, 0 },
		{ "hlt-kills", CAPPSULE_PROBE_HLT, PAGE_LIMIT, CAPPSULE_END_FORBIDDEN, 1, EXIT_REASON_HLT },
		{ "memory-limit-kills", CAPPSULE_PROBE_LIMIT, 32, CAPPSULE_END_LIMIT, 0, 0 },
		{ "bad-hypercall-kills", CAPPSULE_PROBE_BAD_HYPERCALL, PAGE_LIMIT, CAPPSULE_END_HYPERCALL, 1, 0x77 },
	};
	struct cappsule_ioc_test_cappsule r;
	unsigned i;
	int err;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct forbidden_case *c = &cases[i];

		err = probe(c->mode, c->limit, &r);
		if (err)
			case_fail(c->name, "ioctl: %s", strerror(-err));
		else if (r.info.end != c->end || (c->check_value && r.info.end_value != c->value))
			case_fail(c->name, "ended with reason %u value 0x%llx, expected %u 0x%llx",
			     r.info.end, (unsigned long long)r.info.end_value, c->end,
			     (unsigned long long)c->value);
		else if (r.host_probe != CAPPSULE_PROBE_HOST_VALUE)
			case_fail(c->name, "host variable changed");
		else
			printf("case %s: ok (reason %u, value 0x%llx, %llu exits)\n", c->name,
			       r.info.end, (unsigned long long)r.info.end_value,
			       (unsigned long long)r.info.exits.total);
	}
}

/* Two cappsules alive at once, each driven by its own host kernel thread,
 * each yielding to host interrupts many times. */
static void concurrent(void)
{
	struct cappsule_ioc_test_concurrent r = { .count = 2 };
	unsigned i;
	int bad = 0;

	if (ioctl(fd, CAPPSULE_IOC_TEST_CONCURRENT, &r) != 0) {
		case_fail("two-at-once", "ioctl: %s", strerror(errno));
		return;
	}
	for (i = 0; i < r.count; i++) {
		printf("figures: concurrent cappsule %u on cpu %u: %u RUN calls, %.0f ms, end %u value %llu, error %d\n",
		       r.cappsule[i].id, r.cappsule[i].cpu, r.cappsule[i].runs,
		       (r.cappsule[i].end_ns - r.cappsule[i].start_ns) / 1e6, r.cappsule[i].end,
		       (unsigned long long)r.cappsule[i].end_value, r.cappsule[i].error);
		if (r.cappsule[i].error || r.cappsule[i].end != CAPPSULE_END_EXITED ||
		    r.cappsule[i].end_value == 0 || r.cappsule[i].runs < 2)
			bad++;
	}
	printf("figures: both alive at once for %.0f ms\n", r.overlap_ns / 1e6);
	if (bad || r.overlap_ns == 0 || r.cappsule[0].id == r.cappsule[1].id)
		case_fail("two-at-once", "%d bad, overlap %llu ns", bad, (unsigned long long)r.overlap_ns);
	else
		case_pass("two-at-once");
}

static int pool_used(uint32_t *used)
{
	struct cappsule_ioc_info info;

	if (ioctl(fd, CAPPSULE_IOC_INFO, &info) != 0)
		return -errno;
	*used = info.monitor.pool_pages_used;
	return 0;
}

/* The snapshot's preserved pages are pool pages too: measure with none. */
static void no_leak(void)
{
	struct cappsule_ioc_test_cappsule r;
	uint32_t before, after;
	int i, bad = 0;
	double t0;

	if (ioctl(fd, CAPPSULE_IOC_SNAPSHOT_DROP) != 0 || pool_used(&before)) {
		case_fail("launches-leave-pool-as-before", "cannot read the pool");
		return;
	}
	t0 = now_ms();
	for (i = 0; i < LAUNCHES; i++)
		if (probe(CAPPSULE_PROBE_EXIT, PAGE_LIMIT, &r) || r.info.end != CAPPSULE_END_EXITED)
			bad++;
	printf("figures: %d launches (snapshot retaken each time) in %.0f ms\n", LAUNCHES, now_ms() - t0);
	if (ioctl(fd, CAPPSULE_IOC_SNAPSHOT_DROP) != 0 || pool_used(&after))
		bad++;
	if (bad || after != before)
		case_fail("launches-leave-pool-as-before", "%d bad launches; pool pages used %u before, %u after",
		     bad, before, after);
	else
		printf("case launches-leave-pool-as-before: ok (%d launches, %u pages used before and after)\n",
		       LAUNCHES, after);
}

int main(void)
{
	struct cappsule_ioc_info info;

	fd = open(CAPPSULE_DEVICE_PATH, O_RDWR);
	if (fd < 0 || ioctl(fd, CAPPSULE_IOC_INFO, &info) != 0) {
		perror("cappsule_attacks: " CAPPSULE_DEVICE_PATH);
		return 2;
	}
	well_behaved();
	forbidden_cases(0xfee00000ull);
	concurrent();
	no_leak();
	printf("cappsule_attacks: %d failure(s)\n", case_failures);
	return case_failures ? 1 : 0;
}
