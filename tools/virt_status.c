// SPDX-License-Identifier: GPL-2.0-only
/* `virt status` (see virt_status.h). */
#include "tools/virt_status.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/exit_report.h"
#include "tools/json_out.h"
#include "vmx/hypercall_abi.h"

static const char no_monitor[] = "no Cappsule monitor is running on this machine";

/* Loaded if /sys/module/NAME exists or /proc/modules lists it; unknown
 * if neither place can be read (no sysfs or procfs mounted). */
static enum virt_tristate module_loaded(const char *name)
{
	char path[128], line[256];
	size_t len = strlen(name);
	struct stat st;
	bool readable = false;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	if (stat(path, &st) == 0)
		return VIRT_YES;
	if (stat("/sys/module", &st) == 0)
		readable = true;

	f = fopen("/proc/modules", "r");
	if (!f)
		return readable ? VIRT_NO : VIRT_UNKNOWN;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, name, len) == 0 && line[len] == ' ') {
			fclose(f);
			return VIRT_YES;
		}
		/* Skip the rest of an over-long line. */
		while (!strchr(line, '\n') && fgets(line, sizeof(line), f))
			;
	}
	fclose(f);
	return VIRT_NO;
}

static enum virt_device_state device_state(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return VIRT_DEVICE_ABSENT;
	return S_ISCHR(st.st_mode) ? VIRT_DEVICE_CHAR : VIRT_DEVICE_OTHER;
}

static void gather_monitor(struct virt_monitor_facts *m)
{
	int fd = shim_device_open();
	uint32_t cpu;

	m->open_err = fd < 0 ? fd : 0;
	if (fd < 0)
		return;
	m->info_err = shim_device_info(fd, &m->info);
	if (m->info_err == 0) {
		for (cpu = 0; cpu < m->info.monitor.cpus_started && cpu < VIRT_STATS_MAX_CPUS; cpu++) {
			m->stats_err = shim_device_stats(fd, cpu, &m->stats[cpu]);
			if (m->stats_err)
				break;
			m->n_stats++;
		}
	}
	close(fd);
}

void virt_status_gather(struct virt_status_facts *f)
{
	memset(f, 0, sizeof(*f));
	cpuid_probe_run(&f->cpu);
	f->shim_loaded = module_loaded(VIRT_SHIM_MODULE);
	f->device = device_state(VIRT_DEVICE_PATH);
	loader_status_read(LOADER_STATUS_DIR, &f->loader);
	gather_monitor(&f->mon);
}

static bool monitor_facts_ok(const struct virt_monitor_facts *m)
{
	return m->open_err == 0 && m->info_err == 0;
}

static const struct {
	uint64_t bit;
	const char *name;
} feature_names[] = {
	{ CAPPSULE_FEATURE_EPT_1G_PAGES, "ept-1g-pages" },
	{ CAPPSULE_FEATURE_UNRESTRICTED, "unrestricted-guest" },
	{ CAPPSULE_FEATURE_LOG_RING, "log-ring" },
	{ CAPPSULE_FEATURE_VPID, "vpid" },
};
#define N_FEATURES (sizeof(feature_names) / sizeof(feature_names[0]))

static void print_monitor_text(FILE *out, const struct virt_monitor_facts *m)
{
	const struct cappsule_monitor_info *i = &m->info.monitor;
	char version[sizeof(i->version) + 1];
	unsigned k;

	if (m->open_err) {
		fprintf(out, "  more detail: %s\n", shim_device_open_hint(m->open_err));
		return;
	}
	if (m->info_err) {
		fprintf(out, "  /dev/cappsule: the info request failed: %s\n", strerror(-m->info_err));
		return;
	}
	memcpy(version, i->version, sizeof(i->version));
	version[sizeof(i->version)] = '\0';
	fprintf(out, "  monitor %s, ABI %u.%u, on %u CPU(s); Linux CPUs under it: %u of %u online\n",
		version, i->abi_version >> 16, i->abi_version & 0xffff, i->cpus_started,
		m->info.cpus_monitored, m->info.cpus_online);
	if (m->info.cpus_monitored < m->info.cpus_online)
		fputs("  warning: some CPUs run outside the monitor's protection\n", out);
	if (m->info.ioctl_abi != CAPPSULE_IOCTL_ABI)
		fprintf(out, "  warning: the host shim speaks ioctl ABI %u, this virt ABI %u: "
			"reload the shim that came with it\n", m->info.ioctl_abi, CAPPSULE_IOCTL_ABI);
	fputs("  features:", out);
	for (k = 0; k < N_FEATURES; k++)
		if (i->features & feature_names[k].bit)
			fprintf(out, " %s", feature_names[k].name);
	fputc('\n', out);
	fprintf(out, "  memory: %llu KiB reserved at 0x%llx (image %llu KiB), EPT pool %u of %u pages\n",
		(unsigned long long)(i->monitor_bytes / 1024), (unsigned long long)i->monitor_base,
		(unsigned long long)(i->image_bytes / 1024), i->ept_pool_used, i->ept_pool_pages);
	fprintf(out, "  host RAM open to hypercalls: %llu MiB in %u range(s); log ring %u KiB, %llu bytes written\n",
		(unsigned long long)(i->host_ram_bytes >> 20), i->host_ram_ranges,
		i->log_ring_bytes / 1024, (unsigned long long)i->log_position);
	fprintf(out, "  pool: %u pages (%u MiB) lent by the host, %u in use\n",
		i->pool_pages, i->pool_pages / 256, i->pool_pages_used);
	if (i->snapshot_valid)
		fprintf(out, "  snapshot: taken; %llu page(s) preserved after as many first host writes (%llu exits)\n",
			(unsigned long long)i->snapshot_preserved,
			(unsigned long long)i->snapshot_write_exits);
	else
		fputs("  snapshot: none (virt snapshot takes one)\n", out);
	for (k = 0; k < m->n_stats; k++) {
		const struct cappsule_exit_stats *s = &m->stats[k];

		fprintf(out, "  VM exits on cpu%u: %llu\n", s->cpu, (unsigned long long)s->total);
		exit_report_text(out, s, "    ");
	}
	if (m->stats_err)
		fprintf(out, "  exit statistics: request failed: %s\n", strerror(-m->stats_err));
}

static const char *const loader_state_names[] = {
	[LOADER_STATUS_RECORDED] = "recorded",
	[LOADER_STATUS_NONE] = "none",
	[LOADER_STATUS_UNAVAILABLE] = "unavailable",
	[LOADER_STATUS_MALFORMED] = "malformed",
};

static void print_loader_text(FILE *out, const struct loader_status *l)
{
	fputs("loader record: ", out);
	switch (l->state) {
	case LOADER_STATUS_RECORDED:
		fprintf(out, "%s\n", l->text);
		break;
	case LOADER_STATUS_NONE:
		fputs("none (the Cappsule loader did not run on this boot)\n", out);
		break;
	case LOADER_STATUS_UNAVAILABLE:
		fputs("unavailable (no efivarfs at " LOADER_STATUS_DIR
		      "; mount -t efivarfs none " LOADER_STATUS_DIR ")\n", out);
		break;
	case LOADER_STATUS_MALFORMED:
		fputs("present but malformed\n", out);
		break;
	}
}

/* ---------------------------------------------------------------- text -- */

static void print_text(FILE *out, const struct virt_status_facts *f)
{
	const struct cpuid_probe *c = &f->cpu;
	char sig[CPUID_SIGNATURE_TEXT_LEN];

	cpuid_signature_text(c->signature, sig);
	switch (c->state) {
	case CPUID_NO_HYPERVISOR:
		fprintf(out, "Cappsule monitor: absent\n  %s\n", no_monitor);
		fprintf(out, "  CPUID: no hypervisor (CPUID.1:ECX bit 31 is clear); "
			     "the CPU %s VMX\n", c->cpu_vmx ? "offers" : "does not offer");
		break;
	case CPUID_OTHER_HYPERVISOR:
		fprintf(out, "Cappsule monitor: absent\n  %s\n", no_monitor);
		fprintf(out, "  CPUID: another hypervisor, signature \"%s\" "
			     "(leaf 0x40000000, max leaf %#x)\n", sig, c->max_leaf);
		break;
	case CPUID_CAPPSULE_MONITOR:
		fprintf(out, "Cappsule monitor: present\n");
		fprintf(out, "  CPUID: signature \"%s\", max leaf %#x", sig, c->max_leaf);
		if (c->has_abi_version)
			fprintf(out, ", ABI %u.%u\n", c->abi_version >> 16,
				c->abi_version & 0xffff);
		else
			fprintf(out, ", no ABI version leaf\n");
		break;
	}
	if (c->state == CPUID_CAPPSULE_MONITOR || monitor_facts_ok(&f->mon))
		print_monitor_text(out, &f->mon);

	fprintf(out, "host shim: %s\n",
		f->shim_loaded == VIRT_YES ? "loaded (module " VIRT_SHIM_MODULE ")" :
		f->shim_loaded == VIRT_NO ? "not loaded" :
		"unknown (neither /sys/module nor /proc/modules is readable)");
	fprintf(out, "%s: %s\n", VIRT_DEVICE_PATH,
		f->device == VIRT_DEVICE_CHAR ? "present" :
		f->device == VIRT_DEVICE_ABSENT ? "absent" :
		"present but not a character device");
	print_loader_text(out, &f->loader);
}

/* ---------------------------------------------------------------- json -- */

static void json_bool_field(FILE *out, const char *key, enum virt_tristate v)
{
	json_key(out, key, false);
	fputs(v == VIRT_YES ? "true" : v == VIRT_NO ? "false" : "null", out);
}

static void print_exits_json(FILE *out, const struct virt_monitor_facts *m)
{
	json_key(out, "exits", false);
	fputc('[', out);
	for (unsigned k = 0; k < m->n_stats; k++) {
		const struct cappsule_exit_stats *s = &m->stats[k];

		fprintf(out, "%s{\"cpu\":%u,\"total\":%llu,\"reasons\":", k ? "," : "",
			s->cpu, (unsigned long long)s->total);
		exit_report_json(out, s);
		fputc('}', out);
	}
	fputc(']', out);
}

static void print_monitor_json(FILE *out, const struct virt_monitor_facts *m)
{
	const struct cappsule_monitor_info *i = &m->info.monitor;
	unsigned k;
	bool first = true;

	json_key(out, "monitor", false);
	if (!monitor_facts_ok(m)) {
		fputs("null", out);
		json_str_field(out, "monitor_detail_error",
			       m->open_err ? shim_device_open_hint(m->open_err) :
			       strerror(-m->info_err));
		return;
	}
	fputc('{', out);
	json_key(out, "version", true);
	json_string(out, i->version, strnlen(i->version, sizeof(i->version)));
	json_key(out, "abi_version", false);
	fprintf(out, "\"%u.%u\"", i->abi_version >> 16, i->abi_version & 0xffff);
	json_u64_field(out, "cpus_started", i->cpus_started);
	json_u64_field(out, "linux_cpus_online", m->info.cpus_online);
	json_u64_field(out, "linux_cpus_monitored", m->info.cpus_monitored);
	json_u64_field(out, "shim_ioctl_abi", m->info.ioctl_abi);
	json_key(out, "features", false);
	fputc('[', out);
	for (k = 0; k < N_FEATURES; k++) {
		if (!(i->features & feature_names[k].bit))
			continue;
		fprintf(out, "%s\"%s\"", first ? "" : ",", feature_names[k].name);
		first = false;
	}
	fputc(']', out);
	json_u64_field(out, "monitor_base", i->monitor_base);
	json_u64_field(out, "monitor_bytes", i->monitor_bytes);
	json_u64_field(out, "image_bytes", i->image_bytes);
	json_u64_field(out, "ept_pool_pages", i->ept_pool_pages);
	json_u64_field(out, "ept_pool_used", i->ept_pool_used);
	json_u64_field(out, "host_ram_bytes", i->host_ram_bytes);
	json_u64_field(out, "host_ram_ranges", i->host_ram_ranges);
	json_u64_field(out, "log_ring_bytes", i->log_ring_bytes);
	json_u64_field(out, "log_position", i->log_position);
	json_u64_field(out, "pool_pages", i->pool_pages);
	json_u64_field(out, "pool_pages_used", i->pool_pages_used);
	json_u64_field(out, "snapshot_valid", i->snapshot_valid);
	json_u64_field(out, "snapshot_preserved", i->snapshot_preserved);
	json_u64_field(out, "snapshot_write_exits", i->snapshot_write_exits);
	print_exits_json(out, m);
	fputc('}', out);
}

static void print_json(FILE *out, const struct virt_status_facts *f)
{
	const struct cpuid_probe *c = &f->cpu;
	static const char *const hv_names[] = {
		[CPUID_NO_HYPERVISOR] = "none",
		[CPUID_OTHER_HYPERVISOR] = "other",
		[CPUID_CAPPSULE_MONITOR] = "cappsule",
	};
	bool present = c->state == CPUID_CAPPSULE_MONITOR;

	fputc('{', out);
	json_key(out, "virt_version", true);
	json_string(out, CAPPSULE_VERSION, strlen(CAPPSULE_VERSION));
	json_bool_field(out, "monitor_present", present ? VIRT_YES : VIRT_NO);
	json_str_field(out, "message", present ? NULL : no_monitor);
	json_str_field(out, "hypervisor", hv_names[c->state]);
	json_key(out, "signature", false);
	if (c->state == CPUID_NO_HYPERVISOR) {
		fputs("null", out);
	} else {
		json_string(out, c->signature, CPUID_SIGNATURE_LEN);
	}
	json_key(out, "signature_hex", false);
	if (c->state == CPUID_NO_HYPERVISOR) {
		fputs("null", out);
	} else {
		fputc('"', out);
		for (int i = 0; i < CPUID_SIGNATURE_LEN; i++)
			fprintf(out, "%02x", (unsigned char)c->signature[i]);
		fputc('"', out);
	}
	json_key(out, "max_leaf", false);
	if (c->state == CPUID_NO_HYPERVISOR)
		fputs("null", out);
	else
		fprintf(out, "%u", c->max_leaf);
	json_key(out, "abi_version", false);
	if (c->has_abi_version)
		fprintf(out, "\"%u.%u\"", c->abi_version >> 16, c->abi_version & 0xffff);
	else
		fputs("null", out);
	json_bool_field(out, "cpu_vmx", c->cpu_vmx ? VIRT_YES : VIRT_NO);
	json_bool_field(out, "shim_loaded", f->shim_loaded);
	json_str_field(out, "device", VIRT_DEVICE_PATH);
	json_bool_field(out, "device_present",
			f->device == VIRT_DEVICE_CHAR ? VIRT_YES : VIRT_NO);
	json_str_field(out, "loader_status_state", loader_state_names[f->loader.state]);
	json_str_field(out, "loader_status",
		       f->loader.state == LOADER_STATUS_RECORDED ? f->loader.text : NULL);
	print_monitor_json(out, &f->mon);
	fputs("}\n", out);
}

int virt_status_print(FILE *out, const struct virt_status_facts *f, bool json)
{
	if (json)
		print_json(out, f);
	else
		print_text(out, f);
	return f->cpu.state == CPUID_CAPPSULE_MONITOR ? 0 : 1;
}

int virt_status_run(bool json)
{
	struct virt_status_facts f;

	virt_status_gather(&f);
	return virt_status_print(stdout, &f, json);
}
