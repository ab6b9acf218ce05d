/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cappsule's shared ABI: the one header that the UEFI loader, the monitor,
 * the host shim (kernel module) and the user tools all include.
 *
 * It must compile in four environments (gnu-efi, the freestanding monitor,
 * the Linux kernel, hosted user space), so it uses only fixed-width types
 * that each of them provides and no function declarations.
 */
#ifndef CAPPSULE_HYPERCALL_ABI_H
#define CAPPSULE_HYPERCALL_ABI_H

#define CAPPSULE_VERSION "0.1.0"

/*
 * Monitor detection. The monitor answers CPUID leaf 0x40000000 (the range
 * Intel reserves for hypervisors) with the highest hypervisor leaf in EAX and
 * a 12-byte signature in EBX, ECX, EDX. It never claims to be KVM or Hyper-V,
 * so Linux does not try paravirtual interfaces the monitor does not offer.
 */
#define CAPPSULE_CPUID_LEAF_SIGNATURE 0x40000000u
#define CAPPSULE_CPUID_SIGNATURE "CappsuleVMX!" /* exactly 12 bytes */
#define CAPPSULE_CPUID_SIGNATURE_EBX 0x70706143u /* "Capp" */
#define CAPPSULE_CPUID_SIGNATURE_ECX 0x656c7573u /* "sule" */
#define CAPPSULE_CPUID_SIGNATURE_EDX 0x21584d56u /* "VMX!" */
/* Leaf 0x40000001: EAX = ABI version (major << 16 | minor), EBX/ECX/EDX 0. */
#define CAPPSULE_CPUID_LEAF_INFO 0x40000001u
#define CAPPSULE_CPUID_LEAF_MAX CAPPSULE_CPUID_LEAF_INFO
#define CAPPSULE_ABI_VERSION_MAJOR 0
#define CAPPSULE_ABI_VERSION_MINOR 1

/*
 * The loader's record of this boot: a volatile EFI variable (boot-service
 * and runtime access, never written to NVRAM) that Linux shows through
 * efivarfs as /sys/firmware/efi/efivars/CappsuleStatus-<GUID>. Its value is
 * one line of printable ASCII, at most CAPPSULE_STATUS_MAX bytes:
 *   "running: monitor <version> on <n> CPU(s) at 0x<base>, <size> KiB"
 *   "not started: <reason>"
 */
#define CAPPSULE_STATUS_VAR_NAME "CappsuleStatus"
#define CAPPSULE_STATUS_VAR_GUID "9d8963a7-049b-45bb-be51-aa3ec26078a0"
#define CAPPSULE_STATUS_VAR_GUID_INIT \
	{ 0x9d8963a7, 0x049b, 0x45bb, { 0xbe, 0x51, 0xaa, 0x3e, 0xc2, 0x60, 0x78, 0xa0 } }
#define CAPPSULE_STATUS_MAX 160

/*
 * Hypercalls: VMCALL with the number in RAX, arguments in RBX, RCX, RDX;
 * the result in RAX (0 or a negative CAPPSULE_E_* code). Accepted only at
 * CPL 0 of the trusted host; elsewhere VMCALL raises #UD, as on a CPU
 * without a hypervisor. The full ABI comes with the host shim.
 */
#define CAPPSULE_HC_VERSION   0 /* out: RBX = ABI version, RCX = CPUs running */
#define CAPPSULE_HC_LOG_STATS 1 /* the monitor logs every CPU's exit counters */

#define CAPPSULE_E_NOSYS  (-1) /* unknown hypercall number */

#endif /* CAPPSULE_HYPERCALL_ABI_H */
