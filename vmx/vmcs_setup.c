// SPDX-License-Identifier: GPL-2.0-only
/*
 * The blue-pill VMCS: the guest is this very CPU, caught between two
 * instructions of the loader; the host is the monitor on its own tables.
 */
#include "vmx/cpu_hw.h"
#include "vmx/host_env.h"
#include "vmx/msr.h"
#include "vmx/serial_log.h"
#include "vmx/vmcs_control_bits.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmcs_setup.h"
#include "vmx/vmx_hw.h"

#define EFER_LMA          (1ull << 10)
#define CR0_PE            (1ull << 0)
#define CR0_PG            (1ull << 31)
#define CR4_VMXE          (1ull << 13)
#define CR4_OSXSAVE       (1ull << 18)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define AR_UNUSABLE       (1u << 16)

extern char vmexit_entry[];

struct writer {
	unsigned cpu;
	unsigned failures;
};

static void w(struct writer *wr, uint32_t field, uint64_t value)
{
	if (hw_vmwrite(field, value))
		return;
	wr->failures++;
	log_line(wr->cpu, LOG_ERROR, "VMWRITE 0x%x = 0x%llx failed (error %llu)",
		 field, (unsigned long long)value,
		 (unsigned long long)hw_vmread(VM_INSTRUCTION_ERROR));
}

/* Base of a GDT descriptor; system descriptors (TSS, LDT) are 16 bytes. */
static uint64_t descriptor_base(uint64_t gdt, uint16_t sel, bool system)
{
	const uint64_t *d = (const uint64_t *)(uintptr_t)(gdt + (sel & ~7u));
	uint64_t base;

	if ((sel & ~7u) == 0 || (sel & 4))
		return 0; /* null, or an LDT selector the firmware does not use */
	base = ((d[0] >> 16) & 0xffffff) | ((d[0] >> 56) & 0xff) << 24;
	if (system)
		base |= (d[1] & 0xffffffff) << 32;
	return base;
}

struct seg_fields {
	uint32_t sel, base, limit, ar;
};

static const struct seg_fields seg_es = { GUEST_ES_SELECTOR, GUEST_ES_BASE, GUEST_ES_LIMIT, GUEST_ES_AR_BYTES };
static const struct seg_fields seg_cs = { GUEST_CS_SELECTOR, GUEST_CS_BASE, GUEST_CS_LIMIT, GUEST_CS_AR_BYTES };
static const struct seg_fields seg_ss = { GUEST_SS_SELECTOR, GUEST_SS_BASE, GUEST_SS_LIMIT, GUEST_SS_AR_BYTES };
static const struct seg_fields seg_ds = { GUEST_DS_SELECTOR, GUEST_DS_BASE, GUEST_DS_LIMIT, GUEST_DS_AR_BYTES };
static const struct seg_fields seg_fs = { GUEST_FS_SELECTOR, GUEST_FS_BASE, GUEST_FS_LIMIT, GUEST_FS_AR_BYTES };
static const struct seg_fields seg_gs = { GUEST_GS_SELECTOR, GUEST_GS_BASE, GUEST_GS_LIMIT, GUEST_GS_AR_BYTES };
static const struct seg_fields seg_ldtr = { GUEST_LDTR_SELECTOR, GUEST_LDTR_BASE, GUEST_LDTR_LIMIT, GUEST_LDTR_AR_BYTES };
static const struct seg_fields seg_tr = { GUEST_TR_SELECTOR, GUEST_TR_BASE, GUEST_TR_LIMIT, GUEST_TR_AR_BYTES };

/* One segment register as the CPU has it now. */
static void guest_segment(struct writer *wr, const struct seg_fields *f,
			  uint16_t sel, uint64_t gdt, uint64_t base_override,
			  bool use_override, bool system)
{
	uint32_t ar = (hw_lar(sel) >> 8) & 0xf0ff;

	w(wr, f->sel, sel);
	w(wr, f->base, use_override ? base_override : descriptor_base(gdt, sel, system));
	w(wr, f->limit, hw_lsl(sel));
	w(wr, f->ar, (sel & ~7u) ? ar : AR_UNUSABLE);
}

/*
 * TR cannot be unusable in a VMCS, but UEFI firmware often runs with TR 0.
 * Give the guest a busy 64-bit TSS of minimal size at 0: the firmware never
 * switches stacks through it, and Linux loads its own TR before it would.
 */
static void guest_task_register(struct writer *wr, uint64_t gdt)
{
	uint16_t tr = hw_read_tr();

	if (tr & ~7u) {
		guest_segment(wr, &seg_tr, tr, gdt, 0, false, true);
		return;
	}
	w(wr, GUEST_TR_SELECTOR, 0);
	w(wr, GUEST_TR_BASE, 0);
	w(wr, GUEST_TR_LIMIT, 0x67);
	w(wr, GUEST_TR_AR_BYTES, 0x8b);
}

static void guest_state(struct writer *wr, const struct monitor_boot_info *info)
{
	struct descriptor_table_reg gdtr = hw_sgdt(), idtr = hw_sidt();

	w(wr, GUEST_CR0, hw_read_cr0());
	w(wr, GUEST_CR3, hw_read_cr3());
	w(wr, GUEST_CR4, hw_read_cr4());
	w(wr, GUEST_DR7, hw_read_dr7());
	w(wr, GUEST_RIP, info->guest_rip);
	w(wr, GUEST_RSP, info->guest_rsp);
	w(wr, GUEST_RFLAGS, info->guest_rflags);
	guest_segment(wr, &seg_es, hw_read_es(), gdtr.base, 0, false, false);
	guest_segment(wr, &seg_cs, hw_read_cs(), gdtr.base, 0, false, false);
	guest_segment(wr, &seg_ss, hw_read_ss(), gdtr.base, 0, false, false);
	guest_segment(wr, &seg_ds, hw_read_ds(), gdtr.base, 0, false, false);
	guest_segment(wr, &seg_fs, hw_read_fs(), gdtr.base, hw_rdmsr(IA32_FS_BASE), true, false);
	guest_segment(wr, &seg_gs, hw_read_gs(), gdtr.base, hw_rdmsr(IA32_GS_BASE), true, false);
	guest_segment(wr, &seg_ldtr, hw_read_ldtr(), gdtr.base, 0, false, true);
	guest_task_register(wr, gdtr.base);
	w(wr, GUEST_GDTR_BASE, gdtr.base);
	w(wr, GUEST_GDTR_LIMIT, gdtr.limit);
	w(wr, GUEST_IDTR_BASE, idtr.base);
	w(wr, GUEST_IDTR_LIMIT, idtr.limit);
	w(wr, GUEST_IA32_DEBUGCTL, hw_rdmsr(IA32_DEBUGCTL));
	w(wr, GUEST_IA32_PAT, hw_rdmsr(IA32_PAT));
	w(wr, GUEST_IA32_EFER, hw_rdmsr(IA32_EFER));
	w(wr, GUEST_SYSENTER_CS, hw_rdmsr(IA32_SYSENTER_CS));
	w(wr, GUEST_SYSENTER_ESP, hw_rdmsr(IA32_SYSENTER_ESP));
	w(wr, GUEST_SYSENTER_EIP, hw_rdmsr(IA32_SYSENTER_EIP));
	w(wr, VMCS_LINK_POINTER, ~0ull);
	w(wr, GUEST_ACTIVITY_STATE, 0);
	w(wr, GUEST_INTERRUPTIBILITY_INFO, 0);
	w(wr, GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

/*
 * The monitor executes XSETBV for the guest (the exit handler), which faults
 * in root mode unless the host's CR4.OSXSAVE is set; the firmware's CR4,
 * taken as the base, usually has it clear.
 */
static uint64_t host_cr4(const struct vmx_caps *c)
{
	uint64_t cr4 = hw_read_cr4();

	if ((hw_cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE) && (c->cr4_fixed1 & CR4_OSXSAVE))
		cr4 |= CR4_OSXSAVE;
	return cr4;
}

static void host_state(struct writer *wr, struct vcpu *v)
{
	const struct host_env *env = host_env_get();
	uint64_t rsp = monitor_stack_top(v->cpu) - 16;

	/* vmexit.asm finds this CPU's vcpu at HOST_RSP. */
	*(struct vcpu **)(uintptr_t)rsp = v;
	w(wr, HOST_CR0, hw_read_cr0());
	w(wr, HOST_CR3, env->cr3);
	w(wr, HOST_CR4, host_cr4(&v->mon->caps));
	w(wr, HOST_CS_SELECTOR, HOST_CS_SEL);
	w(wr, HOST_SS_SELECTOR, HOST_DS_SEL);
	w(wr, HOST_DS_SELECTOR, HOST_DS_SEL);
	w(wr, HOST_ES_SELECTOR, HOST_DS_SEL);
	w(wr, HOST_FS_SELECTOR, HOST_DS_SEL);
	w(wr, HOST_GS_SELECTOR, HOST_DS_SEL);
	w(wr, HOST_TR_SELECTOR, HOST_TR_SEL);
	w(wr, HOST_FS_BASE, 0);
	w(wr, HOST_GS_BASE, 0);
	w(wr, HOST_TR_BASE, env->tr_base);
	w(wr, HOST_GDTR_BASE, env->gdt_base);
	w(wr, HOST_IDTR_BASE, env->idt_base);
	w(wr, HOST_IA32_SYSENTER_CS, 0);
	w(wr, HOST_IA32_SYSENTER_ESP, 0);
	w(wr, HOST_IA32_SYSENTER_EIP, 0);
	w(wr, HOST_IA32_EFER, hw_rdmsr(IA32_EFER));
	w(wr, HOST_IA32_PAT, hw_rdmsr(IA32_PAT));
	w(wr, HOST_RSP, rsp);
	w(wr, HOST_RIP, (uint64_t)(uintptr_t)vmexit_entry);
}

/*
 * CR0/CR4 bits that VMX operation fixes are owned by the monitor: the guest
 * reads its own values from the shadows, and a write that changes an owned
 * bit exits. With unrestricted guest, CR0.PE and CR0.PG are the guest's.
 */
static void cr_ownership(struct writer *wr, const struct vmx_caps *c)
{
	uint64_t cr0_owned = (c->cr0_fixed0 | ~c->cr0_fixed1) & 0xffffffffull &
			     ~(CR0_PE | CR0_PG);
	uint64_t cr4_owned = (c->cr4_fixed0 | ~c->cr4_fixed1) & 0xffffffffull;

	w(wr, CR0_GUEST_HOST_MASK, cr0_owned);
	w(wr, CR0_READ_SHADOW, hw_read_cr0());
	w(wr, CR4_GUEST_HOST_MASK, cr4_owned);
	w(wr, CR4_READ_SHADOW, hw_read_cr4() & ~CR4_VMXE);
}

static void controls(struct writer *wr, struct vcpu *v)
{
	const struct monitor *m = v->mon;
	uint32_t entry = m->controls.entry;

	if (hw_rdmsr(IA32_EFER) & EFER_LMA)
		entry |= ENTRY_IA32E_MODE_GUEST;
	w(wr, PIN_BASED_VM_EXEC_CONTROL, m->controls.pin);
	w(wr, CPU_BASED_VM_EXEC_CONTROL, m->controls.proc);
	w(wr, SECONDARY_VM_EXEC_CONTROL, m->controls.proc2);
	w(wr, VM_EXIT_CONTROLS, m->controls.exit);
	w(wr, VM_ENTRY_CONTROLS, entry);
	w(wr, EXCEPTION_BITMAP, 0);
	w(wr, PAGE_FAULT_ERROR_CODE_MASK, 0);
	w(wr, PAGE_FAULT_ERROR_CODE_MATCH, 0);
	w(wr, CR3_TARGET_COUNT, 0);
	w(wr, VM_EXIT_MSR_STORE_COUNT, 0);
	w(wr, VM_EXIT_MSR_LOAD_COUNT, 0);
	w(wr, VM_ENTRY_MSR_LOAD_COUNT, 0);
	w(wr, VM_ENTRY_INTR_INFO_FIELD, 0);
	w(wr, MSR_BITMAP, m->msr_bitmap_phys);
	w(wr, EPT_POINTER, m->host_eptp);
	if (m->controls.proc2 & PROC2_ENABLE_VPID)
		w(wr, VIRTUAL_PROCESSOR_ID, v->cpu + 1); /* 0 is VMX root's */
	cr_ownership(wr, &m->caps);
}

bool vmcs_write_host_state(struct vcpu *v)
{
	struct writer wr = { v->cpu, 0 };

	host_state(&wr, v);
	return wr.failures == 0;
}

bool vmcs_setup(struct vcpu *v, const struct monitor_boot_info *info)
{
	struct writer wr = { v->cpu, 0 };

	controls(&wr, v);
	host_state(&wr, v);
	guest_state(&wr, info);
	return wr.failures == 0;
}
