// SPDX-License-Identifier: GPL-2.0-only
/*
 * Starting the monitor: global set-up once, then on each CPU VMXON, the
 * VMCS, and a VMLAUNCH after which the CPU goes on as a guest in the loader.
 */
#include "vmx/cpu_hw.h"
#include "vmx/host_env.h"
#include "vmx/monitor.h"
#include "vmx/msr.h"
#include "vmx/msr_bitmap.h"
#include "vmx/serial_log.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmcs_setup.h"
#include "vmx/vmx_hw.h"

#define PAGE 4096
#define CR4_VMXE (1ull << 13)

static uint8_t msr_bitmap[MSR_BITMAP_SIZE] __attribute__((aligned(PAGE)));
static uint8_t decoy_page[PAGE] __attribute__((aligned(PAGE)));

static bool read_msr(void *ctx, uint32_t index, uint64_t *value)
{
	(void)ctx;
	*value = hw_rdmsr(index);
	return true;
}

/*
 * The loader's RAM list, re-checked: merged, sorted, the monitor cut out.
 * Without one, hypercalls that name memory are all refused.
 */
static void host_ram_init(struct monitor *m, const struct monitor_boot_info *info)
{
	uint32_t n = info->ram_range_count;

	if (n > RAM_MAP_MAX)
		n = RAM_MAP_MAX;
	ram_map_rebuild(&m->host_ram,
			(const struct ram_range *)(uintptr_t)info->ram_ranges,
			info->ram_ranges ? n : 0);
	ram_map_remove(&m->host_ram, m->base, m->base + m->size);
	/* The monitor reaches memory through its own identity page tables:
	 * RAM beyond them can be neither a hypercall buffer nor snapshot RAM
	 * (a cappsule touching it is ended; the host keeps using it). */
	ram_map_remove(&m->host_ram, HOST_MAPPED_BYTES, ~0ull);
	log_line(0, m->host_ram.count ? LOG_INFO : LOG_WARN,
		 "host RAM: %u range(s), %llu MiB", m->host_ram.count,
		 (unsigned long long)(ram_map_bytes(&m->host_ram) >> 20));
}

enum monitor_result monitor_global_init(const struct monitor_boot_info *info)
{
	struct monitor *m = &the_monitor;
	struct control_error err;
	enum vmx_verdict verdict;

	m->base = info->image_base;
	m->size = info->memory_size;
	host_ram_init(m, info);
	vmx_caps_read(&m->caps, hw_cpuid(1, 0).ecx, read_msr, NULL);
	vmx_features_decode(&m->caps, &m->features);
	verdict = vmx_verdict(&m->caps, &m->features);
	if (verdict != VMX_USABLE) {
		log_line(0, LOG_ERROR, "VMX: %s", vmx_verdict_text(verdict));
		return MONITOR_VMX_UNUSABLE;
	}
	if (!vmx_controls_for_host(&m->caps, &m->controls, &err)) {
		log_line(0, LOG_ERROR, "%s controls: %s (bits 0x%x)",
			 control_set_name(err.set), err.reason, err.bits);
		return MONITOR_CONTROLS_UNSUPPORTED;
	}
	host_env_init();
	msr_bitmap_for_host(msr_bitmap);
	m->msr_bitmap_phys = (uint64_t)(uintptr_t)msr_bitmap;
	m->decoy_phys = (uint64_t)(uintptr_t)decoy_page;
	log_line(0, LOG_INFO, "monitor memory 0x%llx-0x%llx (%llu KiB)",
		 (unsigned long long)m->base, (unsigned long long)(m->base + m->size),
		 (unsigned long long)(m->size / 1024));
	return host_ept_build(m);
}

/* IA32_FEATURE_CONTROL and the fixed CR0/CR4 bits that VMXON requires. */
static bool enter_vmx_operation(struct vcpu *v)
{
	const struct vmx_caps *c = &v->mon->caps;
	uint64_t fc = hw_rdmsr(IA32_FEATURE_CONTROL);
	uint64_t cr0 = hw_read_cr0(), cr4 = hw_read_cr4();

	if (!(fc & FEATURE_CONTROL_LOCK)) {
		fc |= FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
		hw_wrmsr(IA32_FEATURE_CONTROL, fc);
		log_line(v->cpu, LOG_INFO, "IA32_FEATURE_CONTROL set and locked (0x%llx)",
			 (unsigned long long)fc);
	}
	if (!(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX))
		return false;
	if ((cr0 | c->cr0_fixed0) & ~c->cr0_fixed1 ||
	    (cr4 | c->cr4_fixed0) & ~c->cr4_fixed1)
		return false;
	hw_write_cr0(cr0 | c->cr0_fixed0);
	hw_write_cr4(cr4 | c->cr4_fixed0 | CR4_VMXE);
	return true;
}

static void leave_vmx_operation(void)
{
	__asm__ volatile("vmxoff" : : : "cc", "memory");
	hw_write_cr4(hw_read_cr4() & ~CR4_VMXE);
}

enum monitor_result vcpu_start(struct vcpu *v, const struct monitor_boot_info *info)
{
	uint32_t revision = v->mon->features.vmcs_revision;

	v->vmxon_phys = monitor_vmxon_region(v->cpu);
	v->vmcs_phys = monitor_vmcs_region(v->cpu);
	if (!enter_vmx_operation(v)) {
		log_line(v->cpu, LOG_ERROR, "cannot enter VMX operation (feature control or CR fixed bits)");
		return MONITOR_VMXON_FAILED;
	}
	*(uint32_t *)(uintptr_t)v->vmxon_phys = revision;
	*(uint32_t *)(uintptr_t)v->vmcs_phys = revision;
	if (!hw_vmxon(v->vmxon_phys)) {
		hw_write_cr4(hw_read_cr4() & ~CR4_VMXE);
		log_line(v->cpu, LOG_ERROR, "VMXON failed");
		return MONITOR_VMXON_FAILED;
	}
	if (!hw_vmclear(v->vmcs_phys) || !hw_vmptrld(v->vmcs_phys) ||
	    !vmcs_setup(v, info)) {
		log_line(v->cpu, LOG_ERROR, "VMCS set-up failed");
		leave_vmx_operation();
		return MONITOR_VMCS_FAILED;
	}
	log_line(v->cpu, LOG_INFO, "VMXON done, VMCS ready: launching the guest at 0x%llx",
		 (unsigned long long)info->guest_rip);
	v->mon->cpus_started++;
	__asm__ volatile("vmlaunch" : : : "cc", "memory");
	/* Still here: VMLAUNCH failed; the CPU is not a guest. */
	v->mon->cpus_started--;
	log_line(v->cpu, LOG_ERROR, "VMLAUNCH failed: VM-instruction error %llu",
		 (unsigned long long)hw_vmread(VM_INSTRUCTION_ERROR));
	leave_vmx_operation();
	return MONITOR_VMLAUNCH_FAILED;
}
