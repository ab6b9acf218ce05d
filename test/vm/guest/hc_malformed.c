// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulator scenario helper: sends malformed requests to the monitor through
 * the shim's test ioctl (hostshim loaded with test_hypercalls=1) and to the
 * shim's own ioctls, checks that each gets its documented error and that a
 * refused call wrote nothing, then that the monitor still answers. Also
 * measures what one hypercall round trip costs in VM exits.
 *
 *   hc_malformed CHUNK      run every case; CHUNK is the physical address
 *                           of a 2 MiB chunk the shim has lent (its log
 *                           says); exit 0 iff all behave
 *   hc_malformed --no-test  expect the test ioctl to be refused (EPERM)
 *
 * One line per case: "case NAME: ok" or "case NAME: FAIL (...)".
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hostshim/cappsule_ioctl.h"
#include "test/vm/guest/cases.h"

#define APIC_MMIO 0xfee00000ull
#define ROUND_TRIPS 100

static int fd;
static struct cappsule_monitor_info info;

/* A block for nr with a buffer of size bytes at scratch offset buf_off. */
static struct cappsule_ioc_test_hypercall block_call(uint64_t nr, uint64_t size, uint64_t buf_off)
{
	struct cappsule_ioc_test_hypercall r = {
		.nr = nr,
		.flags = CAPPSULE_TEST_HC_ARGS | CAPPSULE_TEST_HC_SCRATCH,
	};

	r.args.abi_version = CAPPSULE_ABI_VERSION;
	r.args.buf_gpa = buf_off;
	r.args.buf_size = size;
	return r;
}

static struct cappsule_ioc_test_hypercall info_call(void)
{
	return block_call(CAPPSULE_HC_INFO, sizeof(struct cappsule_monitor_info), 0);
}

/* Sends r; checks the monitor's answer and, for refusals, that the scratch
 * area stayed untouched. */
static void expect(const char *name, struct cappsule_ioc_test_hypercall r, int64_t want)
{
	if (ioctl(fd, CAPPSULE_IOC_TEST_HYPERCALL, &r) != 0)
		case_fail(name, "ioctl failed: %s", strerror(errno));
	else if (r.result != want)
		case_fail(name, "monitor answered %lld, expected %lld", (long long)r.result, (long long)want);
	else if (want != 0 && r.scratch_changed != 0)
		case_fail(name, "refused, but %llu bytes of the buffer changed",
		     (unsigned long long)r.scratch_changed);
	else
		case_pass(name);
}

static void monitor_cases(void)
{
	struct cappsule_ioc_test_hypercall r;
	uint64_t mon = info.monitor_base, mon_end = info.monitor_base + info.monitor_bytes;

	expect("unknown-number", (struct cappsule_ioc_test_hypercall){ .nr = 99 }, CAPPSULE_E_NOSYS);
	expect("huge-number", (struct cappsule_ioc_test_hypercall){ .nr = 1ull << 63 }, CAPPSULE_E_NOSYS);
	/* The argument block's own address. */
	expect("args-in-apic-mmio", (struct cappsule_ioc_test_hypercall){ .nr = CAPPSULE_HC_INFO, .rbx = APIC_MMIO }, CAPPSULE_E_FAULT);
	expect("args-beyond-ram", (struct cappsule_ioc_test_hypercall){ .nr = CAPPSULE_HC_INFO, .rbx = 1ull << 51 }, CAPPSULE_E_FAULT);
	expect("args-in-monitor", (struct cappsule_ioc_test_hypercall){ .nr = CAPPSULE_HC_INFO, .rbx = mon }, CAPPSULE_E_FAULT);
	expect("args-at-monitor-end", (struct cappsule_ioc_test_hypercall){ .nr = CAPPSULE_HC_INFO, .rbx = mon_end - 64 }, CAPPSULE_E_FAULT);
	r = info_call(); r.rbx = 8;
	expect("args-misaligned", r, CAPPSULE_E_FAULT);
	/* The block's fields. */
	r = info_call(); r.args.abi_version = 9u << 16;
	expect("wrong-abi-version", r, CAPPSULE_E_VERSION);
	r = info_call(); r.args.flags = 1;
	expect("flags-set", r, CAPPSULE_E_INVAL);
	r = info_call(); r.args.reserved[2] = 1;
	expect("reserved-set", r, CAPPSULE_E_INVAL);
	r = info_call(); r.args.arg[1] = 5;
	expect("unused-arg-set", r, CAPPSULE_E_INVAL);
	/* Sizes. */
	r = info_call(); r.args.buf_size -= 1;
	expect("info-short-buffer", r, CAPPSULE_E_RANGE);
	r = info_call(); r.args.buf_size = 1ull << 40;
	expect("info-huge-size", r, CAPPSULE_E_RANGE);
	expect("log-huge-size", block_call(CAPPSULE_HC_LOG_READ, 1ull << 40, 0), CAPPSULE_E_RANGE);
	expect("log-size-over-max", block_call(CAPPSULE_HC_LOG_READ, CAPPSULE_LOG_READ_MAX + 1, 0), CAPPSULE_E_RANGE);
	expect("log-size-zero", block_call(CAPPSULE_HC_LOG_READ, 0, 0), CAPPSULE_E_RANGE);
	/* The buffer's address. */
	r = info_call(); r.flags = CAPPSULE_TEST_HC_ARGS; r.args.buf_gpa = mon;
	expect("buffer-in-monitor", r, CAPPSULE_E_FAULT);
	r = info_call(); r.flags = CAPPSULE_TEST_HC_ARGS; r.args.buf_gpa = mon - 64;
	expect("buffer-straddles-monitor", r, CAPPSULE_E_FAULT);
	r = info_call(); r.flags = CAPPSULE_TEST_HC_ARGS; r.args.buf_gpa = APIC_MMIO;
	expect("buffer-in-apic-mmio", r, CAPPSULE_E_FAULT);
	r = block_call(CAPPSULE_HC_LOG_READ, 0x2000, 0); r.flags = CAPPSULE_TEST_HC_ARGS;
	r.args.buf_gpa = 0xfffffffffffff000ull;
	expect("buffer-wraps", r, CAPPSULE_E_FAULT);
	r = info_call(); r.args.buf_gpa = 4;
	expect("buffer-misaligned", r, CAPPSULE_E_FAULT);
	/* Counts. */
	r = block_call(CAPPSULE_HC_STATS, sizeof(struct cappsule_exit_stats), 0);
	r.args.arg[0] = info.cpus_started;
	expect("stats-cpu-out-of-range", r, CAPPSULE_E_RANGE);
	r.args.arg[0] = 1ull << 32;
	expect("stats-cpu-huge", r, CAPPSULE_E_RANGE);
	/* And the well-formed calls still work. */
	expect("valid-info", info_call(), 0);
	expect("valid-version", (struct cappsule_ioc_test_hypercall){ .nr = CAPPSULE_HC_VERSION }, 0);
}

/* CAPPSULE_HC_POOL_LEND with the chunk list in the scratch buffer. */
static struct cappsule_ioc_test_hypercall lend_call(const uint64_t *bases, unsigned n)
{
	struct cappsule_ioc_test_hypercall r = block_call(CAPPSULE_HC_POOL_LEND, n * 8ull, 0);

	memcpy(r.scratch_in, bases, n * sizeof(uint64_t));
	return r;
}

static void pool_cases(uint64_t lent)
{
	const uint64_t mb2 = CAPPSULE_POOL_CHUNK_BYTES;
	uint64_t list[2];
	struct cappsule_ioc_test_hypercall r;

	list[0] = lent + 4096;
	expect("pool-chunk-misaligned", lend_call(list, 1), CAPPSULE_E_FAULT);
	list[0] = info.monitor_base / mb2 * mb2;
	expect("pool-chunk-in-monitor", lend_call(list, 1), CAPPSULE_E_FAULT);
	list[0] = APIC_MMIO;
	expect("pool-chunk-in-apic-mmio", lend_call(list, 1), CAPPSULE_E_FAULT);
	list[0] = 1ull << 46;
	expect("pool-chunk-beyond-ram", lend_call(list, 1), CAPPSULE_E_FAULT);
	/* Lent memory is not the host's any more: it cannot be named again. */
	list[0] = lent;
	expect("pool-chunk-already-lent", lend_call(list, 1), CAPPSULE_E_FAULT);
	list[1] = lent;
	expect("pool-chunk-twice", lend_call(list, 2), CAPPSULE_E_FAULT);
	r = block_call(CAPPSULE_HC_LOG_READ, 4096, 0);
	r.flags = CAPPSULE_TEST_HC_ARGS;
	r.args.buf_gpa = lent;
	expect("buffer-in-lent-pool", r, CAPPSULE_E_FAULT);
	r.rbx = 0;
	expect("args-in-lent-pool", (struct cappsule_ioc_test_hypercall){ .nr = CAPPSULE_HC_INFO, .rbx = lent }, CAPPSULE_E_FAULT);
	r = lend_call(list, 1);
	r.args.buf_size = 12;
	expect("pool-list-size-not-multiple", r, CAPPSULE_E_INVAL);
	r.args.buf_size = (CAPPSULE_POOL_MAX_CHUNKS + 1) * 8;
	expect("pool-list-too-long", r, CAPPSULE_E_RANGE);
	expect("reclaim-size-zero", block_call(CAPPSULE_HC_POOL_RECLAIM, 0, 0), CAPPSULE_E_RANGE);
}

static void expect_errno(const char *name, unsigned long cmd, void *arg, int want)
{
	int rc = ioctl(fd, cmd, arg);

	if (rc == -1 && errno == want)
		case_pass(name);
	else
		case_fail(name, "ioctl returned %d (%s), expected %s", rc,
		     rc == -1 ? strerror(errno) : "no error", strerror(want));
}

static void shim_cases(void)
{
	struct cappsule_ioc_stats st = { .cpu = 0, .flags = 1 };
	struct cappsule_ioc_log lg = { .size = 0 };
	char buf[16];
	struct cappsule_ioc_test_hypercall r = info_call();

	expect_errno("ioctl-unknown", _IO(CAPPSULE_IOC_MAGIC, 0x7f), NULL, ENOTTY);
	expect_errno("ioctl-stats-flags", CAPPSULE_IOC_STATS, &st, EINVAL);
	st = (struct cappsule_ioc_stats){ .cpu = info.cpus_started };
	expect_errno("ioctl-stats-cpu", CAPPSULE_IOC_STATS, &st, ERANGE);
	lg.buf = (uint64_t)(uintptr_t)buf;
	expect_errno("ioctl-log-size-zero", CAPPSULE_IOC_LOG_READ, &lg, ERANGE);
	lg.size = CAPPSULE_LOG_READ_MAX + 1;
	expect_errno("ioctl-log-size-over-max", CAPPSULE_IOC_LOG_READ, &lg, ERANGE);
	lg = (struct cappsule_ioc_log){ .size = 16 };
	expect_errno("ioctl-log-null-buffer", CAPPSULE_IOC_LOG_READ, &lg, EINVAL);
	lg = (struct cappsule_ioc_log){ .size = 16, .buf = 16 };
	expect_errno("ioctl-log-bad-user-pointer", CAPPSULE_IOC_LOG_READ, &lg, EFAULT);
	expect_errno("ioctl-bad-request-pointer", CAPPSULE_IOC_INFO, (void *)16, EFAULT);
	r.reserved = 1;
	expect_errno("ioctl-test-reserved", CAPPSULE_IOC_TEST_HYPERCALL, &r, EINVAL);
	r = info_call();
	r.rbx = CAPPSULE_TEST_HC_PAGE;
	expect_errno("ioctl-test-offset", CAPPSULE_IOC_TEST_HYPERCALL, &r, ERANGE);
}

static uint64_t total_exits(uint64_t *vmcalls)
{
	uint64_t total = 0;
	uint32_t cpu;

	*vmcalls = 0;
	for (cpu = 0; cpu < info.cpus_started; cpu++) {
		struct cappsule_ioc_stats st = { .cpu = cpu };

		if (ioctl(fd, CAPPSULE_IOC_STATS, &st) != 0)
			return 0;
		total += st.stats.total;
		*vmcalls += st.stats.count[18]; /* VMCALL, SDM basic exit reason 18 */
	}
	return total;
}

/* Exits between two reads of the counters, minus what reading costs. The
 * process stays on CPU 0, so every call, the reads' own included, lands on
 * the same CPU in the same order each time (the shim calls the monitor on
 * the current CPU when it can). */
static void measure_round_trip(void)
{
	struct cappsule_ioc_test_hypercall v = { .nr = CAPPSULE_HC_VERSION };
	uint64_t c0, c1, c2, v0, v1, v2, read_cost;
	cpu_set_t cpu0;
	int i;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) != 0)
		case_fail("round-trip-one-exit", "cannot stay on CPU 0: %s", strerror(errno));

	c0 = total_exits(&v0);
	c1 = total_exits(&v1);
	read_cost = c1 - c0;
	for (i = 0; i < ROUND_TRIPS; i++)
		ioctl(fd, CAPPSULE_IOC_TEST_HYPERCALL, &v);
	c2 = total_exits(&v2);
	printf("hypercall round trip: %llu calls cost %llu VM exits (%llu VMCALL); "
	       "reading the counters costs %llu\n", (unsigned long long)ROUND_TRIPS,
	       (unsigned long long)(c2 - c1 - read_cost),
	       (unsigned long long)(v2 - v1 - (v1 - v0)), (unsigned long long)read_cost);
	if (c2 - c1 - read_cost == ROUND_TRIPS)
		case_pass("round-trip-one-exit");
	else
		case_fail("round-trip-one-exit", "%llu exits for %d calls",
		     (unsigned long long)(c2 - c1 - read_cost), ROUND_TRIPS);
}

int main(int argc, char **argv)
{
	struct cappsule_ioc_info ii;
	struct cappsule_ioc_test_hypercall r = info_call();

	fd = open(CAPPSULE_DEVICE_PATH, O_RDWR);
	if (fd < 0 || ioctl(fd, CAPPSULE_IOC_INFO, &ii) != 0) {
		perror("hc_malformed: " CAPPSULE_DEVICE_PATH);
		return 2;
	}
	info = ii.monitor;
	if (argc > 1 && strcmp(argv[1], "--no-test") == 0) {
		expect_errno("test-ioctl-disabled", CAPPSULE_IOC_TEST_HYPERCALL, &r, EPERM);
		return case_failures ? 1 : 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: hc_malformed CHUNK | --no-test\n");
		return 2;
	}
	monitor_cases();
	pool_cases(strtoull(argv[1], NULL, 0));
	shim_cases();
	measure_round_trip();
	if (ioctl(fd, CAPPSULE_IOC_INFO, &ii) == 0 && ii.monitor.cpus_started == info.cpus_started)
		case_pass("monitor-still-answers");
	else
		case_fail("monitor-still-answers", "info after the attacks: %s", strerror(errno));
	printf("hc_malformed: %d failure(s)\n", case_failures);
	return case_failures ? 1 : 0;
}
