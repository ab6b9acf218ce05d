/* SPDX-License-Identifier: GPL-2.0-only */
/* VM-execution, VM-exit and VM-entry control bits, named as in the SDM
 * (Vol. 3C, 25.6 / 25.7 / 25.8). */
#ifndef CAPPSULE_VMX_VMCS_CONTROL_BITS_H
#define CAPPSULE_VMX_VMCS_CONTROL_BITS_H

/* Pin-based VM-execution controls. */
#define PIN_EXTERNAL_INTERRUPT_EXITING   (1u << 0)
#define PIN_NMI_EXITING                  (1u << 3)
#define PIN_VIRTUAL_NMIS                 (1u << 5)
#define PIN_ACTIVATE_PREEMPTION_TIMER    (1u << 6)
#define PIN_PROCESS_POSTED_INTERRUPTS    (1u << 7)

/* Primary processor-based VM-execution controls. */
#define PROC_INTERRUPT_WINDOW_EXITING    (1u << 2)
#define PROC_USE_TSC_OFFSETTING          (1u << 3)
#define PROC_HLT_EXITING                 (1u << 7)
#define PROC_INVLPG_EXITING              (1u << 9)
#define PROC_MWAIT_EXITING               (1u << 10)
#define PROC_RDPMC_EXITING               (1u << 11)
#define PROC_RDTSC_EXITING               (1u << 12)
#define PROC_CR3_LOAD_EXITING            (1u << 15)
#define PROC_CR3_STORE_EXITING           (1u << 16)
#define PROC_CR8_LOAD_EXITING            (1u << 19)
#define PROC_CR8_STORE_EXITING           (1u << 20)
#define PROC_USE_TPR_SHADOW              (1u << 21)
#define PROC_NMI_WINDOW_EXITING          (1u << 22)
#define PROC_MOV_DR_EXITING              (1u << 23)
#define PROC_UNCONDITIONAL_IO_EXITING    (1u << 24)
#define PROC_USE_IO_BITMAPS              (1u << 25)
#define PROC_MONITOR_TRAP_FLAG           (1u << 27)
#define PROC_USE_MSR_BITMAPS             (1u << 28)
#define PROC_MONITOR_EXITING             (1u << 29)
#define PROC_PAUSE_EXITING               (1u << 30)
#define PROC_ACTIVATE_SECONDARY_CONTROLS (1u << 31)

/* Secondary processor-based VM-execution controls. */
#define PROC2_VIRTUALIZE_APIC_ACCESSES   (1u << 0)
#define PROC2_ENABLE_EPT                 (1u << 1)
#define PROC2_DESCRIPTOR_TABLE_EXITING   (1u << 2)
#define PROC2_ENABLE_RDTSCP              (1u << 3)
#define PROC2_VIRTUALIZE_X2APIC_MODE     (1u << 4)
#define PROC2_ENABLE_VPID                (1u << 5)
#define PROC2_WBINVD_EXITING             (1u << 6)
#define PROC2_UNRESTRICTED_GUEST         (1u << 7)
#define PROC2_PAUSE_LOOP_EXITING         (1u << 10)
#define PROC2_RDRAND_EXITING             (1u << 11)
#define PROC2_ENABLE_INVPCID             (1u << 12)
#define PROC2_ENABLE_VM_FUNCTIONS        (1u << 13)
#define PROC2_VMCS_SHADOWING             (1u << 14)
#define PROC2_RDSEED_EXITING             (1u << 16)
#define PROC2_ENABLE_PML                 (1u << 17)
#define PROC2_EPT_VIOLATION_VE           (1u << 18)
#define PROC2_ENABLE_XSAVES_XRSTORS      (1u << 20)
#define PROC2_ENABLE_USER_WAIT_PAUSE     (1u << 26)

/* Primary VM-exit controls. */
#define EXIT_SAVE_DEBUG_CONTROLS         (1u << 2)
#define EXIT_HOST_ADDRESS_SPACE_SIZE     (1u << 9)
#define EXIT_LOAD_IA32_PERF_GLOBAL_CTRL  (1u << 12)
#define EXIT_ACK_INTERRUPT_ON_EXIT       (1u << 15)
#define EXIT_SAVE_IA32_PAT               (1u << 18)
#define EXIT_LOAD_IA32_PAT               (1u << 19)
#define EXIT_SAVE_IA32_EFER              (1u << 20)
#define EXIT_LOAD_IA32_EFER              (1u << 21)
#define EXIT_SAVE_PREEMPTION_TIMER       (1u << 22)

/* VM-entry controls. */
#define ENTRY_LOAD_DEBUG_CONTROLS        (1u << 2)
#define ENTRY_IA32E_MODE_GUEST           (1u << 9)
#define ENTRY_TO_SMM                     (1u << 10)
#define ENTRY_DEACTIVATE_DUAL_MONITOR    (1u << 11)
#define ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL (1u << 13)
#define ENTRY_LOAD_IA32_PAT              (1u << 14)
#define ENTRY_LOAD_IA32_EFER             (1u << 15)

/* Guest interruptibility state (SDM Vol. 3C, 25.4.2). */
#define BLOCKING_BY_STI_MOVSS 3u         /* by STI | by MOV SS */
#define BLOCKING_BY_SMI       (1u << 2)
#define BLOCKING_BY_NMI       (1u << 3)

#endif /* CAPPSULE_VMX_VMCS_CONTROL_BITS_H */
