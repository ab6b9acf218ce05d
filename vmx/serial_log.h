/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The monitor's own log: lines on a 16550 serial port, each prefixed with
 * the level and the CPU, e.g. "[cappsule cpu0] info: VMXON done".
 */
#ifndef CAPPSULE_VMX_SERIAL_LOG_H
#define CAPPSULE_VMX_SERIAL_LOG_H

#include <stdint.h>

#include "vmx/log_ring.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* port 0: no serial output (the ring still records); the loader passes the
 * port the firmware uses. */
void log_init(uint16_t port, enum log_level max_level);
void log_line(unsigned cpu, enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads the ring (see log_ring_read); out is written under the log lock. */
struct log_ring_result log_read(uint64_t pos, char *out, uint64_t size);
uint64_t log_position(void);

#endif /* CAPPSULE_VMX_SERIAL_LOG_H */
