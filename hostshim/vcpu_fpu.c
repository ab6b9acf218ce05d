// SPDX-License-Identifier: GPL-2.0-only
/* A cappsule's FPU registers (see vcpu_fpu.h). */
#include <linux/gfp.h>
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>

#include "vcpu_fpu.h"

#define FXSAVE_MXCSR_OFF 24
#define FXSAVE_FCW_OFF 0
#define MXCSR_INIT 0x1f80
#define FCW_INIT 0x037f

struct vcpu_fpu {
	u8 area[PAGE_SIZE];   /* XSAVE (or FXSAVE) image, page-aligned */
};

static bool use_xsave(void)
{
	return boot_cpu_has(X86_FEATURE_XSAVE) && boot_cpu_has(X86_FEATURE_OSXSAVE);
}

struct vcpu_fpu *vcpu_fpu_alloc(void)
{
	struct vcpu_fpu *f;
	u16 fcw = FCW_INIT;
	u32 mxcsr = MXCSR_INIT;

	/* CPUID.(EAX=0DH,ECX=0):EBX: the XSAVE size for what XCR0 enables. */
	if (use_xsave() && cpuid_ebx(0xd) > PAGE_SIZE)
		return NULL;
	f = (struct vcpu_fpu *)get_zeroed_page(GFP_KERNEL);
	if (!f)
		return NULL;
	/* An all-zero XSAVE header (XSTATE_BV 0) means every component in
	 * its initial state; the legacy area's control words are loaded
	 * anyway, so they get their initial values. */
	memcpy(f->area + FXSAVE_FCW_OFF, &fcw, sizeof(fcw));
	memcpy(f->area + FXSAVE_MXCSR_OFF, &mxcsr, sizeof(mxcsr));
	return f;
}

void vcpu_fpu_free(struct vcpu_fpu *f)
{
	free_page((unsigned long)f);
}

void vcpu_fpu_load(struct vcpu_fpu *f)
{
	if (use_xsave())
		asm volatile("xrstor64 %0" : : "m"(f->area), "a"(~0u), "d"(~0u) : "memory");
	else
		asm volatile("fxrstor64 %0" : : "m"(f->area) : "memory");
}

void vcpu_fpu_save(struct vcpu_fpu *f)
{
	if (use_xsave())
		asm volatile("xsave64 %0" : "+m"(f->area) : "a"(~0u), "d"(~0u) : "memory");
	else
		asm volatile("fxsave64 %0" : "+m"(f->area) : : "memory");
}
