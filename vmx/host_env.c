// SPDX-License-Identifier: GPL-2.0-only
/* The monitor's GDT, TSS, IDT and page tables (see host_env.h). */
#include "vmx/cpu_hw.h"
#include "vmx/host_env.h"
#include "vmx/monitor.h"
#include "vmx/serial_log.h"
#include "vmx/vmx_hw.h"

#define PAGE 4096
#define PTE_PRESENT  (1ull << 0)
#define PTE_WRITE    (1ull << 1)
#define PTE_LARGE    (1ull << 7)
#define HOST_PDS     (HOST_MAPPED_BYTES >> 30)

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

extern const uint64_t host_exception_stubs[32];

static uint64_t pml4[512] __attribute__((aligned(PAGE)));
static uint64_t pdpt[512] __attribute__((aligned(PAGE)));
static uint64_t pds[HOST_PDS][512] __attribute__((aligned(PAGE)));
static uint64_t gdt[5] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct host_env env;
static volatile uint8_t pending_nmi[MONITOR_MAX_CPUS];

static void build_page_tables(void)
{
	uint64_t i, j;

	pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_PRESENT | PTE_WRITE;
	for (i = 0; i < HOST_PDS; i++) {
		pdpt[i] = (uint64_t)(uintptr_t)pds[i] | PTE_PRESENT | PTE_WRITE;
		for (j = 0; j < 512; j++)
			pds[i][j] = (i << 30 | j << 21) | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
	}
}

static void build_gdt(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	gdt[0] = 0;
	gdt[1] = 0x00209a0000000000ull;  /* 64-bit code, DPL 0, present */
	gdt[2] = 0x0000920000000000ull;  /* data, read/write, present */
	/* 64-bit available TSS: 16-byte system descriptor */
	gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
		 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[4] = base >> 32;
	tss.iomap_base = sizeof(tss);     /* no I/O permission bitmap */
}

static void build_idt(void)
{
	unsigned v;

	for (v = 0; v < 32; v++) {
		uint64_t a = host_exception_stubs[v];

		idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)a, .selector = HOST_CS_SEL,
			.type_attr = 0x8e, /* present, DPL 0, interrupt gate */
			.offset_mid = (uint16_t)(a >> 16), .offset_high = (uint32_t)(a >> 32),
		};
	}
	/* Vectors 32-255 stay absent: interrupts are off in root mode, and
	 * external interrupts do not exit. A stray one faults into #NP. */
}

void host_env_init(void)
{
	build_page_tables();
	build_gdt();
	build_idt();
	env.cr3 = (uint64_t)(uintptr_t)pml4;
	env.gdt_base = (uint64_t)(uintptr_t)gdt;
	env.idt_base = (uint64_t)(uintptr_t)idt;
	env.tr_base = (uint64_t)(uintptr_t)&tss;
}

const struct host_env *host_env_get(void)
{
	return &env;
}

static unsigned this_cpu(void)
{
	/* Host TR base is per monitor, not per CPU; the stack tells the CPU. */
	return monitor_cpu_from_stack((uint64_t)(uintptr_t)__builtin_frame_address(0));
}

void host_exception(struct exception_frame *f)
{
	unsigned cpu = this_cpu();

	if (f->vector == 2 && cpu < MONITOR_MAX_CPUS) {
		pending_nmi[cpu] = 1;
		return;
	}
	log_line(cpu, LOG_ERROR,
		 "monitor exception %llu (error 0x%llx) at rip 0x%llx rsp 0x%llx: stopping this CPU",
		 (unsigned long long)f->vector, (unsigned long long)f->error_code,
		 (unsigned long long)f->rip, (unsigned long long)f->rsp);
	log_line(cpu, LOG_ERROR, "rax 0x%llx rbx 0x%llx rcx 0x%llx rdx 0x%llx rsi 0x%llx rdi 0x%llx",
		 (unsigned long long)f->rax, (unsigned long long)f->rbx,
		 (unsigned long long)f->rcx, (unsigned long long)f->rdx,
		 (unsigned long long)f->rsi, (unsigned long long)f->rdi);
	hw_halt_forever();
}

void host_note_nmi(unsigned cpu)
{
	if (cpu < MONITOR_MAX_CPUS)
		pending_nmi[cpu] = 1;
}

bool host_take_pending_nmi(unsigned cpu)
{
	if (cpu >= MONITOR_MAX_CPUS || !pending_nmi[cpu])
		return false;
	pending_nmi[cpu] = 0;
	return true;
}
