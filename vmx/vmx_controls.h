/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Computing the VMCS control fields from the capability MSRs (SDM Vol. 3D,
 * A.3-A.5): each control MSR says which bits may be 0 (allowed0) and which
 * may be 1 (allowed1). The monitor states what it requires, what it would
 * like, and what it cannot tolerate; this code finds the value or says
 * exactly why there is none. Pure code, unit-tested.
 */
#ifndef CAPPSULE_VMX_CONTROLS_H
#define CAPPSULE_VMX_CONTROLS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmx/vmx_caps.h"

struct control_request {
	uint32_t required;   /* must be 1, or the monitor cannot run */
	uint32_t optional;   /* 1 when the CPU allows it */
	uint32_t forbidden;  /* must be 0, or the monitor cannot run */
};

enum control_set {
	CONTROLS_PIN,
	CONTROLS_PROC,
	CONTROLS_PROC2,
	CONTROLS_EXIT,
	CONTROLS_ENTRY,
	CONTROL_SET_COUNT,
};

struct control_error {
	enum control_set set;
	uint32_t bits;          /* the offending bits */
	const char *reason;
};

/* Adjusts one control field; false (err filled, *value untouched) if the
 * request cannot be met. */
bool control_adjust(uint64_t cap_msr, const struct control_request *req,
		    enum control_set set, uint32_t *value, struct control_error *err);

struct vmcs_controls {
	uint32_t pin, proc, proc2, exit, entry;
};

/*
 * The controls for running the trusted host as a guest: EPT, unrestricted
 * guest and MSR bitmaps required; no interrupt or I/O interception; every
 * instruction-enabling control the CPU has (RDTSCP, INVPCID, XSAVES, ...)
 * turned on so the host keeps the instructions CPUID advertises. The
 * "IA-32e mode guest" entry control depends on the guest state and is left
 * to the caller.
 */
bool vmx_controls_for_host(const struct vmx_caps *caps, struct vmcs_controls *out,
			   struct control_error *err);

/* The controls for a cappsule, from the host's (see vmx_controls.c). */
bool vmx_controls_for_cappsule(const struct vmx_caps *caps, const struct vmcs_controls *host,
			       struct vmcs_controls *out, struct control_error *err);

const char *control_set_name(enum control_set set);

#endif /* CAPPSULE_VMX_CONTROLS_H */
