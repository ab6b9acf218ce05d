// SPDX-License-Identifier: GPL-2.0-only
/* The MSRs a cappsule may read (see cappsule_msr.h). */
#include "vmx/cappsule_msr.h"

#include "vmx/msr.h"

bool cappsule_msr_read(uint32_t msr, uint64_t tsc, uint64_t *value)
{
	switch (msr) {
	case IA32_APERF:
	case IA32_MPERF:
		*value = tsc;
		return true;
	default:
		return false;
	}
}
