// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for reading the loader's boot record (tools/loader_status.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tools/loader_status.h"

static void parse(const char *value, size_t len, struct loader_status *s)
{
	unsigned char buf[512] = { 6, 0, 0, 0 }; /* BS | RT attributes */

	memcpy(buf + 4, value, len);
	loader_status_parse(buf, len + 4, s);
}

static void test_records(void **state)
{
	struct loader_status s;

	(void)state;
	parse("running: monitor 0.1.0 on 1 CPU(s)", 34, &s);
	assert_int_equal(s.state, LOADER_STATUS_RECORDED);
	assert_string_equal(s.text, "running: monitor 0.1.0 on 1 CPU(s)");
	parse("not started: no VMX (CPUID.1:ECX.VMX is 0)", 42, &s);
	assert_string_equal(s.text, "not started: no VMX (CPUID.1:ECX.VMX is 0)");
}

static void test_malformed(void **state)
{
	static char big[CAPPSULE_STATUS_MAX + 1];
	struct loader_status s;

	(void)state;
	loader_status_parse((const unsigned char *)"\6\0\0", 3, &s);
	assert_int_equal(s.state, LOADER_STATUS_MALFORMED);
	parse("", 0, &s);                               /* attributes only */
	assert_int_equal(s.state, LOADER_STATUS_MALFORMED);
	parse("bad\nline", 8, &s);
	assert_int_equal(s.state, LOADER_STATUS_MALFORMED);
	assert_string_equal(s.text, "");               /* nothing half-copied */
	memset(big, 'x', sizeof(big));
	parse(big, sizeof(big), &s);
	assert_int_equal(s.state, LOADER_STATUS_MALFORMED);
	parse(big, CAPPSULE_STATUS_MAX, &s);            /* the largest is fine */
	assert_int_equal(s.state, LOADER_STATUS_RECORDED);
}

static void test_read_from_directory(void **state)
{
	char dir[] = "/tmp/cappsule-efivars-XXXXXX", path[600];
	struct loader_status s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	loader_status_read(dir, &s);
	assert_int_equal(s.state, LOADER_STATUS_NONE);
	snprintf(path, sizeof(path), "%s/%s-%s", dir, CAPPSULE_STATUS_VAR_NAME,
		 CAPPSULE_STATUS_VAR_GUID);
	f = fopen(path, "wb");
	assert_non_null(f);
	{
		static const char rec[] = "\6\0\0\0not started: monitor off in the configuration";

		fwrite(rec, 1, sizeof(rec) - 1, f);
	}
	fclose(f);
	loader_status_read(dir, &s);
	assert_int_equal(s.state, LOADER_STATUS_RECORDED);
	assert_string_equal(s.text, "not started: monitor off in the configuration");
	unlink(path);
	rmdir(dir);
	loader_status_read("/nonexistent/efivars", &s);
	assert_int_equal(s.state, LOADER_STATUS_UNAVAILABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_read_from_directory),
	};

	return cmocka_run_group_tests_name("loader status", tests, NULL, NULL);
}
