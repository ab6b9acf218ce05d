/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The monitor image as the loader sees it: a flat binary (linker.ld) that
 * starts with this header. It is linked at address 0 as a static PIE; the
 * loader copies it to memory it reserved and applies its R_X86_64_RELATIVE
 * relocations (the only kind the build and the loader accept).
 */
#ifndef CAPPSULE_VMX_MONITOR_IMAGE_H
#define CAPPSULE_VMX_MONITOR_IMAGE_H

#include <stdint.h>

#define MONITOR_IMAGE_MAGIC 0x52544e4d50504143ull /* "CAPPMNTR" */
#define MONITOR_BOOT_ABI 2                          /* loader <-> monitor */

/* Field order and sizes are fixed by linker.ld, which writes the header. */
struct monitor_image_header {
	uint64_t magic;
	uint32_t header_size;
	uint32_t boot_abi;
	uint64_t file_size;      /* bytes of the flat image */
	uint64_t memory_size;    /* bytes in memory, .bss included */
	uint64_t entry_offset;   /* monitor_entry */
	uint64_t rela_offset;    /* Elf64_Rela table inside the file */
	uint64_t rela_size;      /* bytes */
	uint64_t version_offset; /* NUL-terminated version string */
};

/*
 * What the loader tells the monitor at entry (pointer in RDI). The guest_*
 * fields are filled by efi/launch.asm: where this CPU resumes, as a guest,
 * once the monitor has started on it.
 */
struct monitor_boot_info {
	uint32_t boot_abi;        /* MONITOR_BOOT_ABI */
	uint32_t cpu_index;
	uint64_t image_base;      /* where the image was placed */
	uint64_t memory_size;     /* all of the monitor's memory, image included */
	uint64_t serial_port;     /* 0: no serial log */
	uint64_t guest_rip;
	uint64_t guest_rsp;
	uint64_t guest_rflags;
	/* The host's RAM (struct ram_range[], ept/ram_map.h) as the loader read
	 * it from the UEFI memory map; the monitor copies and re-checks it. */
	uint64_t ram_ranges;
	uint32_t ram_range_count;
	uint32_t reserved;
};
_Static_assert(__builtin_offsetof(struct monitor_boot_info, guest_rip) == 32,
	       "efi/launch.asm INFO_GUEST_RIP");
_Static_assert(__builtin_offsetof(struct monitor_boot_info, guest_rsp) == 40,
	       "efi/launch.asm INFO_GUEST_RSP");
_Static_assert(__builtin_offsetof(struct monitor_boot_info, guest_rflags) == 48,
	       "efi/launch.asm INFO_GUEST_RFLAGS");

/* Monitor entry results (the entry returns only on failure). */
enum monitor_result {
	MONITOR_OK,             /* not returned by the entry: the CPU is a guest */
	MONITOR_BAD_ABI,
	MONITOR_VMX_UNUSABLE,
	MONITOR_CONTROLS_UNSUPPORTED,
	MONITOR_EPT_FAILED,
	MONITOR_VMXON_FAILED,
	MONITOR_VMCS_FAILED,
	MONITOR_VMLAUNCH_FAILED,
	MONITOR_TOO_MANY_CPUS,
	MONITOR_RESULT_COUNT,
};

#endif /* CAPPSULE_VMX_MONITOR_IMAGE_H */
