// SPDX-License-Identifier: GPL-2.0-only
/* `virt ps`, `virt info`, `virt kill` (see virt_ps.h). */
#include "tools/virt_ps.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tools/exec_proto.h"
#include "tools/exit_report.h"
#include "tools/json_out.h"
#include "tools/shim_device.h"

#define KIB_PER_PAGE 4u
#define NAME_MAX_SHOWN 32

/* ---------------------------------------------------------- formatting -- */

void virt_ps_uptime(uint64_t ns, char *buf, size_t cap)
{
	uint64_t s = ns / 1000000000u;
	unsigned long long days = s / 86400, hours = s / 3600 % 24, mins = s / 60 % 60;
	unsigned secs = (unsigned)(s % 60);

	if (days)
		snprintf(buf, cap, "%llu-%02llu:%02llu:%02u", days, hours, mins, secs);
	else if (hours)
		snprintf(buf, cap, "%llu:%02llu:%02u", hours, mins, secs);
	else
		snprintf(buf, cap, "%02llu:%02u", mins, secs);
}

void virt_ps_memory(uint32_t pages, char *buf, size_t cap)
{
	uint64_t kib = (uint64_t)pages * KIB_PER_PAGE;

	if (kib >= 1024 && kib % 1024 == 0)
		snprintf(buf, cap, "%llu MiB", (unsigned long long)(kib / 1024));
	else
		snprintf(buf, cap, "%llu KiB", (unsigned long long)kib);
}

const char *virt_ps_state(uint32_t state)
{
	switch (state) {
	case 1:
		return "running";
	case 2:
		return "ended";
	default:
		return "unknown";
	}
}

void virt_ps_command(const struct cappsule_ps_entry *e, char *buf, size_t cap)
{
	size_t n = strnlen(e->command, sizeof(e->command) - 1), i;

	if (cap == 0)
		return;
	for (i = 0; i < n && i + 1 < cap; i++) {
		unsigned char c = (unsigned char)e->command[i];

		/* It comes from a user's argv and goes to a terminal. */
		buf[i] = c >= 0x20 && c != 0x7f ? (char)c : '?';
	}
	buf[i] = '\0';
}

/* ------------------------------------------------------------------ ps -- */

static void ps_row_text(FILE *out, const struct cappsule_ps_entry *e, virt_user_name_fn user_name)
{
	char user[NAME_MAX_SHOWN + 1], up[32], used[32], limit[32], mem[72];
	char cmd[CAPPSULE_PS_COMM];

	user_name(e->uid, user, sizeof(user));
	virt_ps_uptime(e->uptime_ns, up, sizeof(up));
	virt_ps_memory(e->pages_private, used, sizeof(used));
	virt_ps_memory(e->page_limit, limit, sizeof(limit));
	snprintf(mem, sizeof(mem), "%s / %s", used, limit);
	virt_ps_command(e, cmd, sizeof(cmd));
	fprintf(out, "%-3u %-10s %3u %-8s %11s  %-20s %s\n", e->id, user, e->cpu,
		virt_ps_state(e->state), up, mem, cmd);
}

static void ps_entry_json(FILE *out, const struct cappsule_ps_entry *e,
			  virt_user_name_fn user_name)
{
	char user[NAME_MAX_SHOWN + 1];

	user_name(e->uid, user, sizeof(user));
	fputc('{', out);
	json_key(out, "id", true);
	fprintf(out, "%u", e->id);
	json_u64_field(out, "uid", e->uid);
	json_str_field(out, "user", user);
	json_u64_field(out, "cpu", e->cpu);
	json_str_field(out, "state", virt_ps_state(e->state));
	json_u64_field(out, "uptime_ns", e->uptime_ns);
	json_u64_field(out, "pages_private", e->pages_private);
	json_u64_field(out, "page_limit", e->page_limit);
	json_key(out, "command", false);
	json_string(out, e->command, strnlen(e->command, sizeof(e->command)));
	fputc('}', out);
}

void virt_ps_print(FILE *out, const struct cappsule_ioc_ps *ps, bool json,
		   virt_user_name_fn user_name)
{
	uint32_t n = ps->count < CAPPSULE_MAX_CAPPSULES ? ps->count : CAPPSULE_MAX_CAPPSULES;

	if (json) {
		fputs("{\"cappsules\":[", out);
		for (uint32_t i = 0; i < n; i++) {
			if (i)
				fputc(',', out);
			ps_entry_json(out, &ps->entry[i], user_name);
		}
		fputs("]}\n", out);
		return;
	}
	fprintf(out, "%-3s %-10s %3s %-8s %11s  %-20s %s\n", "ID", "USER", "CPU", "STATE",
		"UPTIME", "MEM", "COMMAND");
	for (uint32_t i = 0; i < n; i++)
		ps_row_text(out, &ps->entry[i], user_name);
}

/* ---------------------------------------------------------------- info -- */

static void info_text(FILE *out, const struct cappsule_ioc_cappsule_info *ci,
		      virt_user_name_fn user_name)
{
	const struct cappsule_ps_entry *e = &ci->ps;
	const struct cappsule_info *i = &ci->info;
	char user[NAME_MAX_SHOWN + 1], up[32], used[32], limit[32], cmd[CAPPSULE_PS_COMM];
	char why[160];

	user_name(e->uid, user, sizeof(user));
	virt_ps_uptime(e->uptime_ns, up, sizeof(up));
	virt_ps_memory(i->pages_private, used, sizeof(used));
	virt_ps_memory(i->page_limit, limit, sizeof(limit));
	virt_ps_command(e, cmd, sizeof(cmd));
	fprintf(out, "cappsule %u: %s, started by %s (uid %u), on host CPU %u\n", e->id,
		virt_ps_state(e->state), user, e->uid, e->cpu);
	fprintf(out, "  command: %s\n  uptime: %s\n", cmd, up);
	if (i->end != CAPPSULE_END_NONE) {
		exec_end_text(i->end, i->end_value, why, sizeof(why));
		fprintf(out, "  ended: %s\n", why);
	}
	fprintf(out, "  memory: %s private of %s (%u of %u pages); %llu pages copied on write, "
		"%llu snapshot pages mapped read-only\n", used, limit, i->pages_private,
		i->page_limit, (unsigned long long)i->pages_copied,
		(unsigned long long)i->pages_mapped);
	fprintf(out, "  VM exits: %llu\n", (unsigned long long)i->exits.total);
	exit_report_text(out, &i->exits, "    ");
}

static void info_json(FILE *out, const struct cappsule_ioc_cappsule_info *ci,
		      virt_user_name_fn user_name)
{
	const struct cappsule_info *i = &ci->info;
	char why[160];

	fputs("{\"cappsule\":", out);
	ps_entry_json(out, &ci->ps, user_name);
	json_u64_field(out, "pages_private", i->pages_private);
	json_u64_field(out, "page_limit", i->page_limit);
	json_u64_field(out, "pages_copied", i->pages_copied);
	json_u64_field(out, "pages_mapped", i->pages_mapped);
	json_u64_field(out, "end", i->end);
	json_u64_field(out, "end_value", i->end_value);
	exec_end_text(i->end, i->end_value, why, sizeof(why));
	json_str_field(out, "end_text", i->end == CAPPSULE_END_NONE ? NULL : why);
	json_u64_field(out, "exits_total", i->exits.total);
	json_key(out, "exits", false);
	exit_report_json(out, &i->exits);
	fputs("}\n", out);
}

void virt_info_print(FILE *out, const struct cappsule_ioc_cappsule_info *ci, bool json,
		     virt_user_name_fn user_name)
{
	if (json)
		info_json(out, ci, user_name);
	else
		info_text(out, ci, user_name);
}

/* ------------------------------------------------------------ commands -- */

bool virt_ps_passwd_line(const char *line, uint32_t uid, char *buf, size_t cap)
{
	const char *name_end = strchr(line, ':');
	const char *uid_at = name_end ? strchr(name_end + 1, ':') : NULL;
	unsigned long long n = 0;
	const char *p;

	if (!uid_at || name_end == line)
		return false;
	for (p = uid_at + 1; *p >= '0' && *p <= '9' && n <= UINT32_MAX; p++)
		n = n * 10 + (unsigned long long)(*p - '0');
	if (p == uid_at + 1 || *p != ':' || n != uid)
		return false;
	snprintf(buf, cap, "%.*s", (int)(name_end - line), line);
	return true;
}

/* From /etc/passwd, not NSS: virt is also linked statically (the test
 * initramfs has no libc), and glibc's NSS does not work there. */
static void passwd_name(uint32_t uid, char *buf, size_t cap)
{
	FILE *f = fopen("/etc/passwd", "re");
	char line[512];

	snprintf(buf, cap, "%u", uid);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (virt_ps_passwd_line(line, uid, buf, cap))
			break;
	fclose(f);
}

/* What to say when an ioctl about cappsule id failed with err. */
static void id_error(const char *what, uint32_t id, int err)
{
	if (err == ENOENT || err == ESRCH)
		fprintf(stderr, "virt: %s: there is no cappsule %u (see 'virt ps')\n", what, id);
	else if (err == EPERM || err == EACCES)
		fprintf(stderr, "virt: %s: cappsule %u is not yours (only the user who started "
			"it, or root, may)\n", what, id);
	else if (err == ENOTTY)
		fprintf(stderr, "virt: %s: this host shim has no cappsules to show or kill "
			"(too old?)\n", what);
	else
		fprintf(stderr, "virt: %s: cappsule %u: %s\n", what, id, strerror(err));
}

int virt_ps_run(bool json)
{
	static struct cappsule_ioc_ps ps;
	int fd = shim_device_open_checked();

	if (fd < 0)
		return 1;
	memset(&ps, 0, sizeof(ps));
	if (ioctl(fd, CAPPSULE_IOC_PS, &ps) != 0) {
		fprintf(stderr, "virt: ps: %s\n", errno == ENOTTY ?
			"this host shim cannot list cappsules (too old?)" : strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	virt_ps_print(stdout, &ps, json, passwd_name);
	return 0;
}

int virt_info_run(uint32_t id, bool json)
{
	static struct cappsule_ioc_cappsule_info ci;
	int fd = shim_device_open_checked();

	if (fd < 0)
		return 1;
	memset(&ci, 0, sizeof(ci));
	ci.id = id;
	if (ioctl(fd, CAPPSULE_IOC_CAPPSULE_INFO, &ci) != 0) {
		id_error("info", id, errno);
		close(fd);
		return 1;
	}
	close(fd);
	virt_info_print(stdout, &ci, json, passwd_name);
	return 0;
}

int virt_kill_run(uint32_t id)
{
	int fd = shim_device_open_checked();
	__u32 arg = id;

	if (fd < 0)
		return 1;
	if (ioctl(fd, CAPPSULE_IOC_KILL, &arg) != 0) {
		id_error("kill", id, errno);
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}
