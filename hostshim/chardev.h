/* SPDX-License-Identifier: GPL-2.0-only */
/* /dev/cappsule: the char device virt talks to (cappsule_ioctl.h). */
#ifndef CAPPSULE_HOSTSHIM_CHARDEV_H
#define CAPPSULE_HOSTSHIM_CHARDEV_H

int shim_chardev_register(void);
void shim_chardev_unregister(void);

#endif /* CAPPSULE_HOSTSHIM_CHARDEV_H */
