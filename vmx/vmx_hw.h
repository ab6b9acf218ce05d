/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMX instructions and the system-register reads the monitor needs, as
 * thin inline wrappers. Part of the hardware layer (see cpu_hw.h): the pure
 * logic never includes this. VMX instructions report failure through
 * CF (VMfailInvalid) or ZF (VMfailValid); the wrappers return false on either.
 */
#ifndef CAPPSULE_VMX_VMX_HW_H
#define CAPPSULE_VMX_VMX_HW_H

#include <stdbool.h>
#include <stdint.h>

struct descriptor_table_reg {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static inline bool hw_vmxon(uint64_t phys)
{
	bool ok;

	__asm__ volatile("vmxon %1; seta %0" : "=qm"(ok) : "m"(phys) : "cc", "memory");
	return ok;
}

static inline bool hw_vmclear(uint64_t phys)
{
	bool ok;

	__asm__ volatile("vmclear %1; seta %0" : "=qm"(ok) : "m"(phys) : "cc", "memory");
	return ok;
}

static inline bool hw_vmptrld(uint64_t phys)
{
	bool ok;

	__asm__ volatile("vmptrld %1; seta %0" : "=qm"(ok) : "m"(phys) : "cc", "memory");
	return ok;
}

static inline uint64_t hw_vmread(uint32_t field)
{
	uint64_t v = 0;

	__asm__ volatile("vmread %1, %0" : "=r"(v) : "r"((uint64_t)field) : "cc");
	return v;
}

static inline bool hw_vmwrite(uint32_t field, uint64_t value)
{
	bool ok;

	__asm__ volatile("vmwrite %2, %1; seta %0"
			 : "=qm"(ok) : "r"((uint64_t)field), "rm"(value) : "cc");
	return ok;
}

/* INVEPT type 1 (single context) for one EPT pointer. */
static inline void hw_invept_single(uint64_t eptp)
{
	struct { uint64_t eptp, reserved; } desc = { eptp, 0 };

	__asm__ volatile("invept %0, %1" : : "m"(desc), "r"(1ull) : "cc", "memory");
}

/* INVVPID type 1 (single context): drop one VPID's linear mappings. */
static inline void hw_invvpid_single(uint16_t vpid)
{
	struct { uint64_t vpid, address; } desc = { vpid, 0 };

	__asm__ volatile("invvpid %0, %1" : : "m"(desc), "r"(1ull) : "cc", "memory");
}

static inline void hw_xsetbv(uint32_t index, uint64_t value)
{
	__asm__ volatile("xsetbv" : : "c"(index), "a"((uint32_t)value),
			 "d"((uint32_t)(value >> 32)) : "memory");
}

static inline void hw_wbinvd(void)
{
	__asm__ volatile("wbinvd" : : : "memory");
}

static inline uint64_t hw_read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t hw_read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t hw_read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void hw_write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline void hw_write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline uint64_t hw_read_dr7(void)
{
	uint64_t v;

	__asm__ volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

static inline struct descriptor_table_reg hw_sgdt(void)
{
	struct descriptor_table_reg r;

	__asm__ volatile("sgdt %0" : "=m"(r));
	return r;
}

static inline struct descriptor_table_reg hw_sidt(void)
{
	struct descriptor_table_reg r;

	__asm__ volatile("sidt %0" : "=m"(r));
	return r;
}

#define HW_READ_SELECTOR(name, insn)                                   \
	static inline uint16_t hw_read_##name(void)                    \
	{                                                              \
		uint16_t v;                                            \
		__asm__ volatile(insn " %0" : "=rm"(v));               \
		return v;                                              \
	}
HW_READ_SELECTOR(cs, "mov %%cs,")
HW_READ_SELECTOR(ss, "mov %%ss,")
HW_READ_SELECTOR(ds, "mov %%ds,")
HW_READ_SELECTOR(es, "mov %%es,")
HW_READ_SELECTOR(fs, "mov %%fs,")
HW_READ_SELECTOR(gs, "mov %%gs,")
HW_READ_SELECTOR(tr, "str")
HW_READ_SELECTOR(ldtr, "sldt")
#undef HW_READ_SELECTOR

/* Segment limit of a selector (LSL); 0 if the selector is not valid. */
static inline uint32_t hw_lsl(uint16_t sel)
{
	uint32_t limit = 0;

	__asm__ volatile("lsl %1, %0" : "+r"(limit) : "rm"((uint32_t)sel) : "cc");
	return limit;
}

/* Access rights of a selector (LAR); 0 if the selector is not valid. */
static inline uint32_t hw_lar(uint16_t sel)
{
	uint32_t ar = 0;

	__asm__ volatile("lar %1, %0" : "+r"(ar) : "rm"((uint32_t)sel) : "cc");
	return ar;
}

static inline void hw_cli(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void hw_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif /* CAPPSULE_VMX_VMX_HW_H */
