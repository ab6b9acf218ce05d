; SPDX-License-Identifier: GPL-2.0-only
; The monitor's own exception entry points (IDT vectors 0-31) and a common
; path to host_exception(struct exception_frame *). Exceptions in the
; monitor are bugs and stop the CPU; an NMI is recorded for the guest and
; returns.

default rel
bits 64

extern host_exception
global host_exception_stubs

; Vectors for which the CPU pushes an error code.
%define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

section .text
%assign v 0
%rep 32
stub_ %+ v:
%if HAS_ERROR(v) == 0
	push 0                        ; uniform frame: dummy error code
%endif
	push v
	jmp exception_common
%assign v v + 1
%endrep

exception_common:
	push rbx                      ; used below to undo the alignment
	push rax
	push rcx
	push rdx
	push rsi
	push rdi
	push r8
	push r9
	push r10
	push r11
	mov rdi, rsp                  ; frame: 10 saved regs, vector, error, iret frame
	mov rbx, rsp
	and rsp, -16
	call host_exception           ; returns only for an NMI
	mov rsp, rbx
	pop r11
	pop r10
	pop r9
	pop r8
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rax
	pop rbx
	add rsp, 16                   ; vector and error code
	iretq

section .data
align 8
host_exception_stubs:
%assign v 0
%rep 32
	dq stub_ %+ v
%assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
