/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMX capabilities: the raw capability MSRs of one CPU, what they mean, and
 * whether the monitor can run on it. Pure code: the caller supplies an MSR
 * reader (rdmsr in the loader and monitor, a table in the unit tests).
 */
#ifndef CAPPSULE_VMX_CAPS_H
#define CAPPSULE_VMX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

/* IA32_VMX_BASIC fields. */
#define VMX_BASIC_REVISION_MASK   0x7fffffffull
#define VMX_BASIC_SIZE_SHIFT      32
#define VMX_BASIC_SIZE_MASK       0x1fffull
#define VMX_BASIC_MEMTYPE_SHIFT   50
#define VMX_BASIC_MEMTYPE_MASK    0xfull
#define VMX_BASIC_TRUE_CTLS       (1ull << 55)
#define VMX_MEMTYPE_WB            6

/* IA32_VMX_MISC fields. */
#define VMX_MISC_PREEMPT_RATE_MASK 0x1full
#define VMX_MISC_ACTIVITY_HLT      (1ull << 6)
#define VMX_MISC_ACTIVITY_SHUTDOWN (1ull << 7)
#define VMX_MISC_ACTIVITY_WAIT_SIPI (1ull << 8)

/* IA32_VMX_EPT_VPID_CAP bits. */
#define EPT_CAP_EXECUTE_ONLY      (1ull << 0)
#define EPT_CAP_WALK_LENGTH_4     (1ull << 6)
#define EPT_CAP_MEMTYPE_UC        (1ull << 8)
#define EPT_CAP_MEMTYPE_WB        (1ull << 14)
#define EPT_CAP_PDE_2MB           (1ull << 16)
#define EPT_CAP_PDPTE_1GB         (1ull << 17)
#define EPT_CAP_INVEPT            (1ull << 20)
#define EPT_CAP_ACCESSED_DIRTY    (1ull << 21)
#define EPT_CAP_INVEPT_SINGLE     (1ull << 25)
#define EPT_CAP_INVEPT_ALL        (1ull << 26)
#define VPID_CAP_INVVPID          (1ull << 32)
#define VPID_CAP_INVVPID_ADDRESS  (1ull << 40)
#define VPID_CAP_INVVPID_SINGLE   (1ull << 41)
#define VPID_CAP_INVVPID_ALL      (1ull << 42)

/*
 * The capability MSRs as read. The four control MSRs hold the TRUE_ variants
 * when IA32_VMX_BASIC says they exist (they allow more controls to be 0).
 * MSRs the CPU does not have are left 0: reading them would fault.
 */
struct vmx_caps {
	bool cpuid_vmx;
	uint64_t feature_control;
	uint64_t basic;
	uint64_t pinbased, procbased, exit, entry;
	uint64_t procbased2;
	uint64_t misc;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint64_t ept_vpid_cap;
};

/* Reads one MSR; returns false if it could not be read. */
typedef bool (*msr_reader)(void *ctx, uint32_t index, uint64_t *value);

/* Returns false (caps partly filled) if a needed MSR could not be read. */
bool vmx_caps_read(struct vmx_caps *caps, uint32_t cpuid1_ecx,
		   msr_reader read, void *ctx);

/* A control MSR's halves: bits set in allowed0 must be 1, bits clear in
 * allowed1 must be 0. */
static inline uint32_t vmx_allowed0(uint64_t ctl_msr) { return (uint32_t)ctl_msr; }
static inline uint32_t vmx_allowed1(uint64_t ctl_msr) { return (uint32_t)(ctl_msr >> 32); }

struct vmx_features {
	uint32_t vmcs_revision;
	uint32_t vmcs_size;
	unsigned vmcs_memtype;
	bool true_controls;
	bool msr_bitmaps;
	bool secondary_controls;
	bool ept, ept_walk4, ept_wb, ept_2m, ept_1g, ept_ad, ept_execute_only;
	bool invept, invept_single, invept_all;
	bool vpid, invvpid, invvpid_single, invvpid_all;
	bool unrestricted_guest;
	bool preemption_timer;
	unsigned preemption_timer_rate; /* timer ticks every 2^rate TSC ticks */
	bool activity_hlt, activity_shutdown, activity_wait_for_sipi;
};

void vmx_features_decode(const struct vmx_caps *caps, struct vmx_features *f);

/* Why the monitor can or cannot run here, in order of the checks. */
enum vmx_verdict {
	VMX_USABLE,
	VMX_NO_CPUID_VMX,
	VMX_LOCKED_OFF,
	VMX_VMCS_NOT_WB,
	VMX_NO_MSR_BITMAPS,
	VMX_NO_SECONDARY_CONTROLS,
	VMX_NO_EPT,
	VMX_NO_EPT_WALK4,
	VMX_NO_EPT_WB,
	VMX_NO_INVEPT,
	VMX_NO_UNRESTRICTED_GUEST,
	VMX_NO_WAIT_FOR_SIPI,
	VMX_VERDICT_COUNT,
};

enum vmx_verdict vmx_verdict(const struct vmx_caps *caps,
			     const struct vmx_features *f);
/* One line, e.g. "no EPT (secondary control 'enable EPT' not allowed)". */
const char *vmx_verdict_text(enum vmx_verdict v);

/* True if IA32_FEATURE_CONTROL is unlocked: the monitor must set and lock it. */
bool vmx_feature_control_needs_lock(const struct vmx_caps *caps);

#endif /* CAPPSULE_VMX_CAPS_H */
