/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `virt ps`, `virt info ID` and `virt kill ID`: the cappsules the shim
 * knows (CAPPSULE_IOC_PS, _CAPPSULE_INFO, _KILL). The printers take what
 * the device answered and a way to name users, so the unit tests run them
 * on made-up answers.
 */
#ifndef CAPPSULE_VIRT_PS_H
#define CAPPSULE_VIRT_PS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hostshim/cappsule_ioctl.h"

/* Writes the name of uid into buf (its number if it has none). */
typedef void (*virt_user_name_fn)(uint32_t uid, char *buf, size_t cap);

/* Formatting shared by ps and info, no trailing newline. */
void virt_ps_uptime(uint64_t ns, char *buf, size_t cap);	/* [[D-]H:]MM:SS */
void virt_ps_memory(uint32_t pages, char *buf, size_t cap);	/* "1234 KiB", "64 MiB" */
const char *virt_ps_state(uint32_t state);			/* "running", "ended" */
/* The command as sent, control bytes shown as '?', at most
 * CAPPSULE_PS_COMM - 1 bytes even if the shim forgot the NUL. */
void virt_ps_command(const struct cappsule_ps_entry *e, char *buf, size_t cap);

/* If the /etc/passwd line is uid's, writes its name into buf. */
bool virt_ps_passwd_line(const char *line, uint32_t uid, char *buf, size_t cap);

void virt_ps_print(FILE *out, const struct cappsule_ioc_ps *ps, bool json,
		   virt_user_name_fn user_name);
void virt_info_print(FILE *out, const struct cappsule_ioc_cappsule_info *ci, bool json,
		     virt_user_name_fn user_name);

/* The commands: exit status 0 or 1. */
int virt_ps_run(bool json);
int virt_info_run(uint32_t id, bool json);
int virt_kill_run(uint32_t id);

#endif /* CAPPSULE_VIRT_PS_H */
