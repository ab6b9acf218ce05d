/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decisions for the exits of the trusted host that change CPU state:
 * MOV to CR0/CR4 on a monitor-owned bit, and XSETBV. Each applies the
 * architectural checks the instruction would make (so the guest gets the
 * #GP real hardware would give) and the monitor's VMX constraints. Pure.
 */
#ifndef CAPPSULE_VMX_GUEST_POLICY_H
#define CAPPSULE_VMX_GUEST_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "vmx/vmx_caps.h"

#define CR0_PE (1ull << 0)
#define CR0_NE (1ull << 5)
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_VMXE (1ull << 13)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)

struct cr_write_result {
	bool inject_gp;      /* the write faults; nothing else changes */
	uint64_t guest;      /* value for GUEST_CRn */
	uint64_t shadow;     /* value for CRn_READ_SHADOW: what the guest wrote */
	uint64_t efer;       /* CR0 only: GUEST_IA32_EFER after the write */
	bool ia32e_mode;     /* CR0 only: the "IA-32e mode guest" entry control */
};

void cr0_write(const struct vmx_caps *c, uint64_t value, uint64_t cr4,
	       uint64_t efer, struct cr_write_result *out);
void cr4_write(const struct vmx_caps *c, uint64_t value, uint64_t efer,
	       struct cr_write_result *out);

/* True if XSETBV(index, value) is valid for a CPU whose CPUID.(0DH,0)
 * reports `supported` XCR0 bits; false means #GP. */
bool xsetbv_valid(uint32_t index, uint64_t value, uint64_t supported);

#endif /* CAPPSULE_VMX_GUEST_POLICY_H */
