// SPDX-License-Identifier: GPL-2.0-only
/* State-changing exits of the trusted host (see guest_policy.h). */
#include "vmx/guest_policy.h"

#define XCR0_X87       (1ull << 0)
#define XCR0_SSE       (1ull << 1)
#define XCR0_AVX       (1ull << 2)
#define XCR0_AVX512    (7ull << 5)   /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XCR0_TILECFG   (1ull << 17)
#define XCR0_TILEDATA  (1ull << 18)

void cr0_write(const struct vmx_caps *c, uint64_t value, uint64_t cr4,
	       uint64_t efer, struct cr_write_result *out)
{
	/* With unrestricted guest, PE and PG are the guest's own. */
	uint64_t forced1 = c->cr0_fixed0 & ~(CR0_PE | CR0_PG);

	*out = (struct cr_write_result){ .efer = efer, .ia32e_mode = (efer & EFER_LMA) != 0 };
	if ((value >> 32) || ((value & CR0_PG) && !(value & CR0_PE)) ||
	    ((value & CR0_NW) && !(value & CR0_CD)) ||
	    ((value & CR0_PG) && (efer & EFER_LME) && !(cr4 & CR4_PAE))) {
		out->inject_gp = true;
		return;
	}
	out->guest = (value | forced1) & c->cr0_fixed1;
	out->shadow = value;
	/* The write did not run on the CPU, so its mode switch is ours to do:
	 * paging on with LME set enters IA-32e mode, paging off leaves it. */
	if ((value & CR0_PG) && (efer & EFER_LME))
		out->efer = efer | EFER_LMA;
	else if (!(value & CR0_PG))
		out->efer = efer & ~EFER_LMA;
	out->ia32e_mode = (out->efer & EFER_LMA) != 0;
}

void cr4_write(const struct vmx_caps *c, uint64_t value, uint64_t efer,
	       struct cr_write_result *out)
{
	*out = (struct cr_write_result){ .efer = efer, .ia32e_mode = (efer & EFER_LMA) != 0 };
	/* VMX is hidden from the host (CPUID says there is none), so setting
	 * CR4.VMXE faults as it would on such a CPU; so do bits the CPU lacks,
	 * and clearing PAE in IA-32e mode. */
	if ((value >> 32) || (value & CR4_VMXE) ||
	    (value & ~(c->cr4_fixed1 & ~CR4_VMXE) & 0xffffffffull) ||
	    ((efer & EFER_LMA) && !(value & CR4_PAE))) {
		out->inject_gp = true;
		return;
	}
	out->guest = value | c->cr4_fixed0;
	out->shadow = value;
}

bool xsetbv_valid(uint32_t index, uint64_t value, uint64_t supported)
{
	uint64_t avx512 = value & XCR0_AVX512;

	if (index != 0 || !(value & XCR0_X87) || (value & ~supported))
		return false;
	if ((value & XCR0_AVX) && !(value & XCR0_SSE))
		return false;
	if (avx512 && (avx512 != XCR0_AVX512 || !(value & XCR0_AVX)))
		return false;
	if (!(value & XCR0_TILECFG) != !(value & XCR0_TILEDATA))
		return false;
	return true;
}
