// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitor's log: every line goes to an in-memory ring (read by the host
 * through CAPPSULE_HC_LOG_READ) and to the serial port. The firmware has
 * already programmed the UART (OVMF: 115200 8N1), and Linux will use it too,
 * so the monitor only writes characters: it never changes the line settings
 * under them.
 */
#include <stdarg.h>

#include "vmx/cpu_hw.h"
#include "vmx/format.h"
#include "vmx/log_ring.h"
#include "vmx/serial_log.h"
#include "vmx/spinlock.h"

#define UART_THR 0          /* transmit holding register */
#define UART_LSR 5          /* line status register */
#define UART_LSR_THRE 0x20  /* transmit holding register empty */
#define UART_SPIN_LIMIT 100000 /* a missing UART must not hang the monitor */

static uint16_t log_port;
static enum log_level log_max = LOG_INFO;
static struct spinlock log_lock; /* one line at a time across CPUs */
static struct log_ring ring;     /* under log_lock */

static const char *const level_names[] = {
	[LOG_ERROR] = "error", [LOG_WARN] = "warn",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

void log_init(uint16_t port, enum log_level max_level)
{
	log_port = port;
	log_max = max_level;
}

static void uart_put(char c)
{
	unsigned spins = 0;

	while (!(hw_inb(log_port + UART_LSR) & UART_LSR_THRE)) {
		if (++spins > UART_SPIN_LIMIT)
			return;
		hw_pause();
	}
	hw_outb(log_port + UART_THR, (uint8_t)c);
}

void log_line(unsigned cpu, enum log_level level, const char *fmt, ...)
{
	char line[256];
	size_t n, i;
	va_list ap;

	if (level > log_max)
		return;
	n = format(line, sizeof(line), "[cappsule cpu%u] %s: ", cpu,
		   level_names[level]);
	va_start(ap, fmt);
	n += format_v(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (n + 1 < sizeof(line))
		line[n++] = '\n';
	spin_lock(&log_lock);
	log_ring_write(&ring, line, n);
	for (i = 0; log_port && i < n; i++) {
		if (line[i] == '\n')
			uart_put('\r');
		uart_put(line[i]);
	}
	spin_unlock(&log_lock);
}

struct log_ring_result log_read(uint64_t pos, char *out, uint64_t size)
{
	struct log_ring_result r;

	spin_lock(&log_lock);
	r = log_ring_read(&ring, pos, out, size);
	spin_unlock(&log_lock);
	return r;
}

uint64_t log_position(void)
{
	uint64_t head;

	spin_lock(&log_lock);
	head = ring.head;
	spin_unlock(&log_lock);
	return head;
}
