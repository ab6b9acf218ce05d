// SPDX-License-Identifier: GPL-2.0-only
/* /dev/cappsule from user space (see shim_device.h). */
#include "tools/shim_device.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

int shim_device_check_abi(int fd, uint32_t *have)
{
	struct cappsule_ioc_info info;
	int err = shim_device_info(fd, &info);

	if (err)
		return err;
	*have = info.ioctl_abi;
	return info.ioctl_abi == CAPPSULE_IOCTL_ABI ? 0 : -EPROTO;
}

void shim_device_abi_report(FILE *out, int err, uint32_t have)
{
	if (err == -EPROTO)
		fprintf(out, "virt: the loaded host shim speaks ioctl ABI %u, this virt ABI %u: "
			"load the shim that came with it ('modprobe -r hostshim && modprobe "
			"hostshim' as root, once no cappsule runs)\n", have, CAPPSULE_IOCTL_ABI);
	else
		fprintf(out, "virt: cannot ask the host shim which ABI it speaks: %s\n",
			strerror(-err));
}

int shim_device_require_abi(int fd)
{
	uint32_t have = 0;
	int err = shim_device_check_abi(fd, &have);

	if (!err)
		return fd;
	shim_device_abi_report(stderr, err, have);
	close(fd);
	return err;
}

int shim_device_open_checked(void)
{
	int fd = shim_device_open();

	if (fd < 0) {
		fprintf(stderr, "virt: %s\n", shim_device_open_hint(fd));
		return fd;
	}
	return shim_device_require_abi(fd);
}
