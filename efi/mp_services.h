/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PI specification's MP Services protocol (PI 1.2+, volume 2), which
 * gnu-efi does not ship. Only the members the loader calls are typed; the
 * order of all members is the specification's.
 */
#ifndef CAPPSULE_EFI_MP_SERVICES_H
#define CAPPSULE_EFI_MP_SERVICES_H

#include <efi.h>

#define EFI_MP_SERVICES_PROTOCOL_GUID \
	{ 0x3fdda605, 0xa76e, 0x4f46, { 0xad, 0x29, 0x12, 0xf4, 0x53, 0x1b, 0x3d, 0x08 } }

typedef VOID (EFIAPI *EFI_AP_PROCEDURE)(VOID *argument);

typedef struct _EFI_MP_SERVICES_PROTOCOL EFI_MP_SERVICES_PROTOCOL;

struct _EFI_MP_SERVICES_PROTOCOL {
	EFI_STATUS (EFIAPI *GetNumberOfProcessors)(EFI_MP_SERVICES_PROTOCOL *self,
						   UINTN *processors, UINTN *enabled);
	VOID *GetProcessorInfo;
	VOID *StartupAllAPs;
	EFI_STATUS (EFIAPI *StartupThisAP)(EFI_MP_SERVICES_PROTOCOL *self,
					   EFI_AP_PROCEDURE procedure, UINTN processor,
					   EFI_EVENT wait_event, UINTN timeout_us,
					   VOID *argument, BOOLEAN *finished);
	VOID *SwitchBSP;
	VOID *EnableDisableAP;
	EFI_STATUS (EFIAPI *WhoAmI)(EFI_MP_SERVICES_PROTOCOL *self, UINTN *processor);
};

#endif /* CAPPSULE_EFI_MP_SERVICES_H */
