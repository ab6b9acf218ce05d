// SPDX-License-Identifier: GPL-2.0-only
/* `virt snapshot` (see virt_snapshot.h). */
#include "tools/virt_snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tools/shim_device.h"

static const char *why(int err)
{
	switch (err) {
	case EPERM:
		return "only root (CAP_SYS_ADMIN) may take or drop the snapshot";
	case EOPNOTSUPP:
		return "some CPUs run outside the monitor (see virt status)";
	case ERANGE:
		return "the monitor is out of pool pages or EPT tables";
	default:
		return strerror(err);
	}
}

int virt_snapshot_run(bool drop)
{
	int fd = shim_device_open();
	int rc;

	if (fd < 0) {
		fprintf(stderr, "virt: %s\n", shim_device_open_hint(fd));
		return 1;
	}
	rc = ioctl(fd, drop ? CAPPSULE_IOC_SNAPSHOT_DROP : CAPPSULE_IOC_SNAPSHOT);
	if (rc != 0) {
		fprintf(stderr, "virt: %s the snapshot: %s\n", drop ? "cannot drop" : "cannot take",
			why(errno));
		close(fd);
		return 1;
	}
	printf("%s\n", drop ? "snapshot dropped" : "snapshot taken");
	close(fd);
	return 0;
}
