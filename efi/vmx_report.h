/* SPDX-License-Identifier: GPL-2.0-only */
/* The loader's report of this CPU's VMX support, on the firmware console. */
#ifndef CAPPSULE_EFI_VMX_REPORT_H
#define CAPPSULE_EFI_VMX_REPORT_H

#include "vmx/vmx_caps.h"

/* Reads CPUID and the capability MSRs, prints them, returns the verdict. */
enum vmx_verdict vmx_report(void);

#endif /* CAPPSULE_EFI_VMX_REPORT_H */
