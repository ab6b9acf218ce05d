; SPDX-License-Identifier: GPL-2.0-only
; VM-exit entry (HOST_RIP). The CPU arrives here in VMX root mode with
; RSP = HOST_RSP, where the monitor stored this CPU's struct vcpu pointer.
; Saves the guest's general-purpose registers in SDM order (RAX lowest),
; calls vmexit_handler(regs, vcpu), restores them and enters the guest
; again: VMRESUME, or VMLAUNCH when the handler returns 1 (it switched this
; CPU to a cappsule's VMCS that has not been launched yet).

default rel
bits 64

extern vmexit_handler
extern vmentry_failed
global vmexit_entry
global vmx_enter_regs

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
	cmp eax, 1                    ; flags survive the pops and the LEA below
	pop rax
	pop rcx
	pop rdx
	pop rbx
	lea rsp, [rsp + 8]
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
	je .launch
	vmresume
	jmp .failed
.launch:
	vmlaunch
.failed:
	; Only reached if the VM entry failed. vmentry_failed switches back to
	; the host when a cappsule could not be entered (and does not return);
	; if the host itself cannot be entered, it returns and the CPU stops.
	mov rdi, [rsp]
	call vmentry_failed
.halt:
	cli
	hlt
	jmp .halt

; void vmx_enter_regs(const struct guest_regs *regs): loads the guest's
; registers from *regs and resumes the current VMCS (used to go back to the
; host after a failed cappsule entry). Does not return.
vmx_enter_regs:
	mov rax, [rdi + 0 * 8]
	mov rcx, [rdi + 1 * 8]
	mov rdx, [rdi + 2 * 8]
	mov rbx, [rdi + 3 * 8]
	mov rbp, [rdi + 5 * 8]
	mov rsi, [rdi + 6 * 8]
	mov r8,  [rdi + 8 * 8]
	mov r9,  [rdi + 9 * 8]
	mov r10, [rdi + 10 * 8]
	mov r11, [rdi + 11 * 8]
	mov r12, [rdi + 12 * 8]
	mov r13, [rdi + 13 * 8]
	mov r14, [rdi + 14 * 8]
	mov r15, [rdi + 15 * 8]
	mov rdi, [rdi + 7 * 8]
	vmresume
.stuck:
	cli
	hlt
	jmp .stuck

section .note.GNU-stack noalloc noexec nowrite progbits
