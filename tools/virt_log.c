// SPDX-License-Identifier: GPL-2.0-only
/* `virt log` (see virt_log.h). */
#include "tools/virt_log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tools/shim_device.h"

#define CHUNK 16384

static int dump(int fd)
{
	static char buf[CHUNK];
	struct cappsule_ioc_log req = { .position = 0 };
	int err;

	for (;;) {
		req.buf = (uint64_t)(uintptr_t)buf;
		req.size = sizeof(buf);
		err = shim_device_log(fd, &req);
		if (err) {
			fprintf(stderr, "virt: reading the monitor's log: %s\n", strerror(-err));
			return 1;
		}
		if (req.lost)
			fprintf(stderr, "virt: %llu earlier bytes of the monitor's log were overwritten\n",
				(unsigned long long)req.lost);
		if (req.copied == 0)
			return 0;
		fwrite(buf, 1, req.copied, stdout);
		req.position = req.next_position;
	}
}

int virt_log_run(void)
{
	int fd = shim_device_open();
	int r;

	if (fd < 0) {
		fprintf(stderr, "virt: %s\n", shim_device_open_hint(fd));
		return 1;
	}
	r = dump(fd);
	close(fd);
	return r;
}
