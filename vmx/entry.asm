; SPDX-License-Identifier: GPL-2.0-only
; Monitor entry from the loader: uint64_t monitor_entry(struct monitor_boot_info *)
; (System V ABI, info in RDI). Runs monitor_main on the monitor's own stack so
; that nothing of the monitor lives in firmware memory, and returns its result.

default rel
bits 64

extern monitor_main
global monitor_entry

section .text.entry
monitor_entry:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov rbx, rsp                  ; the caller's stack, restored on return
	lea rsp, [boot_stack_top]
	call monitor_main             ; RDI passes through unchanged
	mov rsp, rbx
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

section .bss
align 16
boot_stack:
	resb 16384
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
