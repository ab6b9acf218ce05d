; SPDX-License-Identifier: GPL-2.0-only
; uint64_t monitor_launch(uint64_t entry, struct monitor_boot_info *info)
;
; Calls the monitor's entry so that, if it blue-pills this CPU, the CPU
; resumes as a guest right here, in loader code on the loader's stack: the
; monitor's own memory is hidden from the guest by EPT. The monitor takes
; guest_rip, guest_rsp and guest_rflags from info (offsets are checked by
; static asserts in vmx/monitor_image.h). Returns 0 when this CPU now runs
; as a guest, or the monitor's error code.

default rel
bits 64

INFO_GUEST_RIP    equ 32
INFO_GUEST_RSP    equ 40
INFO_GUEST_RFLAGS equ 48

global monitor_launch

section .text
monitor_launch:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	sub rsp, 8                        ; keep the stack 16-byte aligned
	mov rbx, rsi                      ; info survives the call in RBX
	pushfq
	pop rax
	mov [rbx + INFO_GUEST_RFLAGS], rax
	mov [rbx + INFO_GUEST_RSP], rsp
	lea rax, [.as_guest]
	mov [rbx + INFO_GUEST_RIP], rax
	cli                               ; no firmware interrupt while in the monitor
	mov rax, rdi
	mov rdi, rbx
	call rax                          ; returns only if the monitor did not start
	push qword [rbx + INFO_GUEST_RFLAGS]
	popfq                             ; give the caller its interrupt flag back
	jmp .out
.as_guest:                            ; VM entry lands here, RFLAGS restored
	xor eax, eax
.out:
	add rsp, 8
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
