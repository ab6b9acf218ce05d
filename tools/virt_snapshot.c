// SPDX-License-Identifier: GPL-2.0-only
/*
 * `virt snapshot` (see virt_snapshot.h). The snapshot is taken with
 * CAPPSULE_IOC_SNAPSHOT_EXEC: on the host it returns 0; in every cappsule
 * forked from the snapshot this same process resumes from it with the
 * cappsule's id and becomes its init (tools/cappsule_init.c).
 */
#include "tools/virt_snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tools/cappsule_init.h"
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

/* Takes the snapshot; returns only on the host (0, or -1 with errno). */
static int take(int fd, bool *can_exec)
{
	int rc = ioctl(fd, CAPPSULE_IOC_SNAPSHOT_EXEC);

	*can_exec = true;
	if (rc > 0)
		cappsule_init_main(fd, (uint32_t)rc);	/* inside a cappsule: never returns */
	if (rc < 0 && errno == ENOTTY) {
		/* A shim from before virt exec: a snapshot all the same. */
		*can_exec = false;
		rc = ioctl(fd, CAPPSULE_IOC_SNAPSHOT);
	}
	return rc;
}

int virt_snapshot_run(bool drop)
{
	int fd = shim_device_open_checked();
	bool can_exec = false;
	int rc;

	if (fd < 0)
		return 1;
	rc = drop ? ioctl(fd, CAPPSULE_IOC_SNAPSHOT_DROP) : take(fd, &can_exec);
	if (rc != 0) {
		fprintf(stderr, "virt: %s the snapshot: %s\n", drop ? "cannot drop" : "cannot take",
			why(errno));
		close(fd);
		return 1;
	}
	printf("%s\n", drop ? "snapshot dropped" : "snapshot taken");
	if (!drop && !can_exec)
		fputs("virt: this host shim cannot run commands in cappsules (virt exec)\n", stderr);
	close(fd);
	return 0;
}
