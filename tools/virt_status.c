// SPDX-License-Identifier: GPL-2.0-only
/* `virt status` (see virt_status.h). */
#include "tools/virt_status.h"

#include <string.h>
#include <sys/stat.h>

#include "vmx/hypercall_abi.h"

static const char no_monitor[] = "no Cappsule monitor is running on this machine";
static const char need_shim[] =
	"more detail needs the host shim (not yet implemented)";

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

void virt_status_gather(struct virt_status_facts *f)
{
	memset(f, 0, sizeof(*f));
	cpuid_probe_run(&f->cpu);
	f->shim_loaded = module_loaded(VIRT_SHIM_MODULE);
	f->device = device_state(VIRT_DEVICE_PATH);
	loader_status_read(LOADER_STATUS_DIR, &f->loader);
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
		fprintf(out, "  %s\n", need_shim);
		break;
	}

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

/* A JSON string of len bytes. Bytes outside printable ASCII are written as
 * \u00XX (read as Latin-1), so the output is ASCII and valid JSON whatever
 * the input. */
static void json_string(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c >= 0x20 && c <= 0x7e)
			fputc(c, out);
		else
			fprintf(out, "\\u%04x", c);
	}
	fputc('"', out);
}

static void json_key(FILE *out, const char *key, bool first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
}

static void json_str_field(FILE *out, const char *key, const char *value)
{
	json_key(out, key, false);
	if (value)
		json_string(out, value, strlen(value));
	else
		fputs("null", out);
}

static void json_bool_field(FILE *out, const char *key, enum virt_tristate v)
{
	json_key(out, key, false);
	fputs(v == VIRT_YES ? "true" : v == VIRT_NO ? "false" : "null", out);
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
	json_str_field(out, "message", present ? need_shim : no_monitor);
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
