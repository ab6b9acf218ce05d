; SPDX-License-Identifier: GPL-2.0-only
; The monitor's flat image (build/monitor.bin), carried inside cappsule.efi.
; MONITOR_BIN is passed by the Makefile.
section .data
global monitor_blob_start
global monitor_blob_end
align 16
monitor_blob_start:
	incbin MONITOR_BIN
monitor_blob_end:

section .note.GNU-stack noalloc noexec nowrite progbits
