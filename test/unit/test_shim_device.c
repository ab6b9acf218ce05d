// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for virt's ioctl-ABI check (tools/shim_device.c): what a user
 * reads when the loaded shim is not the one this virt came with. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tools/shim_device.h"

static char *report(int err, uint32_t have)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	shim_device_abi_report(out, err, have);
	fclose(out);
	return text;
}

static void test_other_abi_names_both_and_the_way_out(void **state)
{
	char want[32], *text = report(-EPROTO, CAPPSULE_IOCTL_ABI - 1);

	(void)state;
	snprintf(want, sizeof(want), "speaks ioctl ABI %u,", CAPPSULE_IOCTL_ABI - 1);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof(want), "this virt ABI %u", CAPPSULE_IOCTL_ABI);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "modprobe -r hostshim && modprobe hostshim"));
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
}

static void test_failed_question_says_why(void **state)
{
	char *text = report(-EPERM, 0);

	(void)state;
	assert_non_null(strstr(text, "cannot ask the host shim"));
	assert_non_null(strstr(text, strerror(EPERM)));
	free(text);
}

/* Not the device: the INFO ioctl's own error comes back, *have untouched. */
static void test_check_on_other_files(void **state)
{
	uint32_t have = 77;
	int p[2];

	(void)state;
	assert_int_equal(shim_device_check_abi(-1, &have), -EBADF);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(shim_device_check_abi(p[0], &have), -ENOTTY);
	assert_int_equal(have, 77);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_other_abi_names_both_and_the_way_out),
		cmocka_unit_test(test_failed_question_says_why),
		cmocka_unit_test(test_check_on_other_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
