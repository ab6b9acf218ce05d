// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test cappsule's program (see cappsule_probe.h). Each mode either
 * ends with CAPPSULE_CS_HC_EXIT or attempts one operation a cappsule must
 * not do; the monitor then ends the cappsule, and the test checks why.
 */
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/tsc.h>

#include "cappsule_ioctl.h"
#include "cappsule_probe.h"

#define LIMIT_PAGES 64
#define APIC_PHYS 0xfee00000ull

u64 cappsule_probe_variable = CAPPSULE_PROBE_HOST_VALUE;
static u8 *limit_buffer;            /* LIMIT_PAGES pages to dirty */
static void __iomem *mmio;          /* the local APIC page */

int cappsule_probe_init(void)
{
	limit_buffer = vzalloc(LIMIT_PAGES * PAGE_SIZE);
	mmio = ioremap(APIC_PHYS, PAGE_SIZE);
	if (!limit_buffer || !mmio) {
		cappsule_probe_exit();
		return -ENOMEM;
	}
	return 0;
}

void cappsule_probe_exit(void)
{
	vfree(limit_buffer);
	if (mmio)
		iounmap(mmio);
	limit_buffer = NULL;
	mmio = NULL;
}

u64 cappsule_probe_mmio_address(void)
{
	return APIC_PHYS;
}

static void __noreturn hypercall_exit(u64 value)
{
	asm volatile("vmcall" : : "a"((u64)CAPPSULE_CS_HC_EXIT), "b"(value) : "memory");
	for (;;)
		cpu_relax(); /* the monitor does not come back here */
}

/* Reads of kernel text and data (shared, read-only mappings) and writes
 * to a kernel variable (a private copy): the value proves both. */
static u64 exit_value(u64 id)
{
	const u8 *text = (const u8 *)cappsule_probe_main;
	u64 sum = 0;
	int i;

	WRITE_ONCE(cappsule_probe_variable, 0x2222 + id);
	for (i = 0; i < 256; i++)
		sum += text[i];
	return (READ_ONCE(cappsule_probe_variable) << 32) | (sum & 0xffffffff);
}

/* Long enough that host interrupts make it yield many times: RDTSC does
 * not exit, and tsc_khz is the snapshot's. With interrupts enabled, as a
 * cappsule running programs will be: host interrupts must still go to the
 * host (external-interrupt exiting), never through the cappsule's IDT. */
static u64 spin(bool irqs_on)
{
	u64 end = rdtsc() + (u64)tsc_khz * CAPPSULE_PROBE_SPIN_MS, n = 0;

	if (irqs_on)
		native_irq_enable();
	while (rdtsc() < end)
		n++;
	native_irq_disable();
	return n;
}

static void forbidden(u64 mode)
{
	struct desc_ptr empty = { .size = 0, .address = 0 };
	int i;

	switch (mode) {
	case CAPPSULE_PROBE_IO:
		outb(0, 0x80);
		break;
	case CAPPSULE_PROBE_MMIO:
		(void)readl(mmio + 0x30);
		break;
	case CAPPSULE_PROBE_MSR:
		native_write_msr(MSR_IA32_SYSENTER_CS, 0, 0);
		break;
	case CAPPSULE_PROBE_VMX:
		asm volatile("vmread %%rax, %%rbx" : : "a"(0ull) : "rbx", "cc");
		break;
	case CAPPSULE_PROBE_TRIPLE_FAULT:
		native_load_idt(&empty);
		asm volatile("int3");
		break;
	case CAPPSULE_PROBE_HLT:
		asm volatile("cli; hlt"); /* with interrupts on, HLT only waits */
		break;
	case CAPPSULE_PROBE_LIMIT:
		for (i = 0; i < LIMIT_PAGES; i++)
			WRITE_ONCE(limit_buffer[i * PAGE_SIZE], 1);
		break;
	case CAPPSULE_PROBE_BAD_HYPERCALL:
		asm volatile("vmcall" : : "a"(0x77ull) : "memory");
		break;
	}
}

void cappsule_probe_main(u64 id, u64 mode)
{
	if (mode == CAPPSULE_PROBE_EXIT)
		hypercall_exit(exit_value(id));
	if (mode == CAPPSULE_PROBE_SPIN || mode == CAPPSULE_PROBE_SPIN_IRQS_OFF)
		hypercall_exit(spin(mode == CAPPSULE_PROBE_SPIN));
	forbidden(mode);
	/* Still here: the monitor let a forbidden operation through. */
	hypercall_exit(0xbad0000 | mode);
}
