; SPDX-License-Identifier: GPL-2.0-only
; VM-exit entry (HOST_RIP). The CPU arrives here in VMX root mode with
; RSP = HOST_RSP, where the monitor stored this CPU's struct vcpu pointer.
; Saves the guest's general-purpose registers in SDM order (RAX lowest),
; calls vmexit_handler(regs, vcpu), restores them and resumes the guest.

default rel
bits 64

extern vmexit_handler
extern vmresume_failed
global vmexit_entry

section .text
vmexit_entry:
	push r15
	push r14
	push r13
	push r12
	push r11
	push r10
	push r9
	push r8
	push rdi
	push rsi
	push rbp
	push rbp                      ; RSP slot: the guest's RSP is in the VMCS
	push rbx
	push rdx
	push rcx
	push rax
	mov rdi, rsp                  ; struct guest_regs *
	mov rsi, [rsp + 16 * 8]       ; struct vcpu *, stored at HOST_RSP
	call vmexit_handler
	pop rax
	pop rcx
	pop rdx
	pop rbx
	add rsp, 8
	pop rbp
	pop rsi
	pop rdi
	pop r8
	pop r9
	pop r10
	pop r11
	pop r12
	pop r13
	pop r14
	pop r15
	vmresume
	; Only reached if VMRESUME failed: report and stop this CPU.
	mov rdi, [rsp]
	call vmresume_failed
.halt:
	cli
	hlt
	jmp .halt

section .note.GNU-stack noalloc noexec nowrite progbits
