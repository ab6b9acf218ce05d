// SPDX-License-Identifier: GPL-2.0-only
/* /dev/cappsule from user space (see shim_device.h). */
#include "tools/shim_device.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int shim_device_open(void)
{
	int fd = open(CAPPSULE_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int ioctl_errno(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

int shim_device_info(int fd, struct cappsule_ioc_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioctl_errno(fd, CAPPSULE_IOC_INFO, info);
}

int shim_device_stats(int fd, uint32_t cpu, struct cappsule_exit_stats *stats)
{
	struct cappsule_ioc_stats r = { .cpu = cpu };
	int err = ioctl_errno(fd, CAPPSULE_IOC_STATS, &r);

	if (err == 0)
		*stats = r.stats;
	return err;
}

int shim_device_log(int fd, struct cappsule_ioc_log *req)
{
	return ioctl_errno(fd, CAPPSULE_IOC_LOG_READ, req);
}

const char *shim_device_open_hint(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:
		return "the host shim is not loaded: run 'modprobe hostshim' "
		       "(or 'insmod hostshim.ko') as root";
	case -EACCES:
	case -EPERM:
		return "permission denied: /dev/cappsule is for root and the "
		       "'cappsule' group";
	default:
		return "cannot open /dev/cappsule";
	}
}
