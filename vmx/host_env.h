/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The monitor's own execution environment in VMX root mode: GDT with a TSS,
 * IDT, and identity page tables. After a VM exit the CPU runs only on these,
 * never on tables that the firmware or Linux can change.
 */
#ifndef CAPPSULE_VMX_HOST_ENV_H
#define CAPPSULE_VMX_HOST_ENV_H

#include <stdbool.h>
#include <stdint.h>

#define HOST_CS_SEL 0x08
#define HOST_DS_SEL 0x10
#define HOST_TR_SEL 0x18
/* The host page tables identity-map this much with 2 MiB pages. */
#define HOST_MAPPED_BYTES (64ull << 30)

struct host_env {
	uint64_t cr3;
	uint64_t gdt_base;
	uint64_t idt_base;
	uint64_t tr_base;
};

/* Builds the tables (once, on the first CPU). */
void host_env_init(void);
const struct host_env *host_env_get(void);

/* Frame built by vmx/host_exceptions.asm. */
struct exception_frame {
	uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax, rbx;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

void host_exception(struct exception_frame *f);

/* NMIs taken in root mode are owed to the guest of this CPU. */
bool host_take_pending_nmi(unsigned cpu);
/* An NMI for the host arrived elsewhere (a cappsule ran): deliver it. */
void host_note_nmi(unsigned cpu);

#endif /* CAPPSULE_VMX_HOST_ENV_H */
