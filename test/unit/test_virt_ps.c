// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for what `virt ps` and `virt info` print (tools/virt_ps.c) and
 * the per-reason exit report they share with `virt status`
 * (tools/exit_report.c), on made-up device answers: uptime and memory
 * formats, hostile command strings, text and JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/exit_report.h"
#include "tools/virt_ps.h"
#include "vmx/exit_reasons.h"

static void fake_user(uint32_t uid, char *buf, size_t cap)
{
	snprintf(buf, cap, uid == 1000 ? "alice" : "%u", uid);
}

/* Runs print into a memory stream; the caller frees the text. */
#define CAPTURE(text, call)                                             \
	do {                                                            \
		size_t size_;                                           \
		FILE *out = open_memstream(&(text), &size_);            \
		assert_non_null(out);                                   \
		call;                                                   \
		fclose(out);                                            \
	} while (0)

static void test_uptime(void **state)
{
	char buf[32];

	(void)state;
	virt_ps_uptime(0, buf, sizeof(buf));
	assert_string_equal(buf, "00:00");
	virt_ps_uptime(65999999999ull, buf, sizeof(buf));
	assert_string_equal(buf, "01:05");
	virt_ps_uptime(3725ull * 1000000000, buf, sizeof(buf));
	assert_string_equal(buf, "1:02:05");
	virt_ps_uptime(90061ull * 1000000000, buf, sizeof(buf));
	assert_string_equal(buf, "1-01:01:01");
	virt_ps_uptime(UINT64_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "213503-23:34:33");
}

static void test_memory(void **state)
{
	char buf[32];

	(void)state;
	virt_ps_memory(0, buf, sizeof(buf));
	assert_string_equal(buf, "0 KiB");
	virt_ps_memory(12, buf, sizeof(buf));
	assert_string_equal(buf, "48 KiB");
	virt_ps_memory(256, buf, sizeof(buf));
	assert_string_equal(buf, "1 MiB");
	virt_ps_memory(16384, buf, sizeof(buf));
	assert_string_equal(buf, "64 MiB");
	virt_ps_memory(16385, buf, sizeof(buf));
	assert_string_equal(buf, "65540 KiB");
	virt_ps_memory(UINT32_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "17179869180 KiB");
}

static void test_command_is_sanitized(void **state)
{
	struct cappsule_ps_entry e;
	char buf[CAPPSULE_PS_COMM];

	(void)state;
	memset(&e, 0, sizeof(e));
	strcpy(e.command, "vi \x1b[2J\x7f\n");
	virt_ps_command(&e, buf, sizeof(buf));
	assert_string_equal(buf, "vi ?[2J??");
	/* No NUL from the shim: cut, not overrun. */
	memset(e.command, 'a', sizeof(e.command));
	virt_ps_command(&e, buf, sizeof(buf));
	assert_int_equal(strlen(buf), CAPPSULE_PS_COMM - 1);
	virt_ps_command(&e, buf, 5);
	assert_string_equal(buf, "aaaa");
}

static void test_passwd_line(void **state)
{
	char buf[32];

	(void)state;
	assert_true(virt_ps_passwd_line("alice:x:1000:1000::/home/alice:/bin/sh\n", 1000, buf,
					sizeof(buf)));
	assert_string_equal(buf, "alice");
	assert_false(virt_ps_passwd_line("alice:x:1000:1000::/home/alice:/bin/sh\n", 100, buf,
					 sizeof(buf)));
	assert_false(virt_ps_passwd_line("alice:x:10000:1000::/:/bin/sh\n", 1000, buf, sizeof(buf)));
	assert_false(virt_ps_passwd_line("alice:x:1000x:1::/:/bin/sh", 1000, buf, sizeof(buf)));
	assert_false(virt_ps_passwd_line("alice:x::1::/:/bin/sh", 0, buf, sizeof(buf)));
	assert_false(virt_ps_passwd_line(":x:0:0::/:/bin/sh", 0, buf, sizeof(buf)));
	assert_false(virt_ps_passwd_line("garbage", 0, buf, sizeof(buf)));
	assert_false(virt_ps_passwd_line("big:x:99999999999999999999:0::/:", 0, buf, sizeof(buf)));
	assert_true(virt_ps_passwd_line("root:x:0:0:root:/root:/bin/bash", 0, buf, sizeof(buf)));
	assert_string_equal(buf, "root");
}

static struct cappsule_ioc_ps sample_ps(void)
{
	struct cappsule_ioc_ps ps;

	memset(&ps, 0, sizeof(ps));
	ps.count = 2;
	ps.entry[0] = (struct cappsule_ps_entry){ .id = 3, .uid = 1000, .cpu = 1, .state = 1,
						  .uptime_ns = 3725ull * 1000000000,
						  .pages_private = 300, .page_limit = 16384 };
	strcpy(ps.entry[0].command, "bash -i");
	ps.entry[1] = (struct cappsule_ps_entry){ .id = 8, .uid = 7, .state = 2,
						  .pages_private = 256, .page_limit = 256 };
	strcpy(ps.entry[1].command, "say \"hi\"");
	return ps;
}

static void test_ps_text(void **state)
{
	struct cappsule_ioc_ps ps = sample_ps();
	char *text;

	(void)state;
	CAPTURE(text, virt_ps_print(out, &ps, false, fake_user));
	assert_string_equal(text,
		"ID  USER       CPU STATE         UPTIME  MEM                  COMMAND\n"
		"3   alice        1 running      1:02:05  1200 KiB / 64 MiB    bash -i\n"
		"8   7            0 ended          00:00  1 MiB / 1 MiB        say \"hi\"\n");
	free(text);
	/* A count the shim got wrong never reads past the table. */
	ps.count = 1000;
	CAPTURE(text, virt_ps_print(out, &ps, false, fake_user));
	free(text);
}

static void test_ps_json(void **state)
{
	struct cappsule_ioc_ps ps = sample_ps();
	char *text;

	(void)state;
	CAPTURE(text, virt_ps_print(out, &ps, true, fake_user));
	assert_string_equal(text,
		"{\"cappsules\":["
		"{\"id\":3,\"uid\":1000,\"user\":\"alice\",\"cpu\":1,\"state\":\"running\","
		"\"uptime_ns\":3725000000000,\"pages_private\":300,\"page_limit\":16384,"
		"\"command\":\"bash -i\"},"
		"{\"id\":8,\"uid\":7,\"user\":\"7\",\"cpu\":0,\"state\":\"ended\",\"uptime_ns\":0,"
		"\"pages_private\":256,\"page_limit\":256,\"command\":\"say \\\"hi\\\"\"}]}\n");
	free(text);
	ps.count = 0;
	CAPTURE(text, virt_ps_print(out, &ps, true, fake_user));
	assert_string_equal(text, "{\"cappsules\":[]}\n");
	free(text);
}

static struct cappsule_ioc_cappsule_info sample_info(void)
{
	struct cappsule_ioc_cappsule_info ci;

	memset(&ci, 0, sizeof(ci));
	ci.id = 3;
	ci.ps = sample_ps().entry[0];
	ci.info.id = 3;
	ci.info.page_limit = 16384;
	ci.info.pages_private = 12;
	ci.info.pages_copied = 9;
	ci.info.pages_mapped = 800;
	ci.info.exits.total = 1011;
	ci.info.exits.count[EXIT_REASON_EPT_VIOLATION] = 1000;
	ci.info.exits.count[EXIT_REASON_VMCALL] = 11;
	return ci;
}

static void test_info_text(void **state)
{
	struct cappsule_ioc_cappsule_info ci = sample_info();
	char *text;

	(void)state;
	CAPTURE(text, virt_info_print(out, &ci, false, fake_user));
	assert_string_equal(text,
		"cappsule 3: running, started by alice (uid 1000), on host CPU 1\n"
		"  command: bash -i\n"
		"  uptime: 1:02:05\n"
		"  memory: 48 KiB private of 64 MiB (12 of 16384 pages); 9 pages copied on write, "
		"800 snapshot pages mapped read-only\n"
		"  VM exits: 1011\n"
		"    VMCALL                   11\n"
		"    EPT violation            1000\n");
	free(text);
	ci.ps.state = 2;
	ci.info.end = CAPPSULE_END_IO;
	ci.info.end_value = 0x80;
	CAPTURE(text, virt_info_print(out, &ci, false, fake_user));
	assert_non_null(strstr(text, "\n  ended: I/O port access (port 0x80)\n"));
	free(text);
}

static void test_info_json(void **state)
{
	struct cappsule_ioc_cappsule_info ci = sample_info();
	char *text;

	(void)state;
	CAPTURE(text, virt_info_print(out, &ci, true, fake_user));
	assert_non_null(strstr(text, "{\"cappsule\":{\"id\":3,"));
	assert_non_null(strstr(text, ",\"pages_private\":12,\"page_limit\":16384,"
				     "\"pages_copied\":9,\"pages_mapped\":800,\"end\":0,"
				     "\"end_value\":0,\"end_text\":null,\"exits_total\":1011,"
				     "\"exits\":[{\"reason\":18,\"name\":\"VMCALL\",\"count\":11},"
				     "{\"reason\":48,\"name\":\"EPT violation\",\"count\":1000}]}\n"));
	free(text);
}

static void test_exit_slot_names(void **state)
{
	(void)state;
	assert_string_equal(exit_slot_name(CAPPSULE_EXIT_SLOT_UNKNOWN), "unknown reason");
	assert_string_equal(exit_slot_name(CAPPSULE_EXIT_SLOT_FAILED_ENTRY), "failed VM entry");
	assert_string_equal(exit_slot_name(EXIT_REASON_HLT), "HLT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uptime),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_command_is_sanitized),
		cmocka_unit_test(test_passwd_line),
		cmocka_unit_test(test_ps_text),
		cmocka_unit_test(test_ps_json),
		cmocka_unit_test(test_info_text),
		cmocka_unit_test(test_info_json),
		cmocka_unit_test(test_exit_slot_names),
	};

	return cmocka_run_group_tests_name("virt_ps", tests, NULL, NULL);
}
