/* SPDX-License-Identifier: GPL-2.0-only */
/* `virt log`: the monitor's log ring, read through /dev/cappsule. */
#ifndef CAPPSULE_VIRT_LOG_H
#define CAPPSULE_VIRT_LOG_H

/* Prints what the ring still holds; 0 on success, 1 on failure. */
int virt_log_run(void);

#endif /* CAPPSULE_VIRT_LOG_H */
