// SPDX-License-Identifier: GPL-2.0-only
/* MSR bitmap construction and lookup (see msr_bitmap.h). */
#include <stddef.h>

#include "vmx/msr.h"
#include "vmx/msr_bitmap.h"

#define LOW_LAST   0x00001fffu
#define HIGH_FIRST 0xc0000000u
#define HIGH_LAST  0xc0001fffu
#define READ_LOW   0
#define READ_HIGH  1024
#define WRITE_LOW  2048
#define WRITE_HIGH 3072

/* Byte offset of the quarter that holds msr for this direction, or -1. */
static int quarter(uint32_t msr, bool write)
{
	if (msr <= LOW_LAST)
		return write ? WRITE_LOW : READ_LOW;
	if (msr >= HIGH_FIRST && msr <= HIGH_LAST)
		return write ? WRITE_HIGH : READ_HIGH;
	return -1;
}

static void set_bit(uint8_t *bitmap, int base, uint32_t msr)
{
	uint32_t bit = msr & 0x1fff;

	bitmap[base + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

bool msr_bitmap_intercept(uint8_t *bitmap, uint32_t msr, enum msr_direction dir)
{
	if (quarter(msr, false) < 0 || !(dir & MSR_READ_WRITE))
		return false;
	if (dir & MSR_READ)
		set_bit(bitmap, quarter(msr, false), msr);
	if (dir & MSR_WRITE)
		set_bit(bitmap, quarter(msr, true), msr);
	return true;
}

bool msr_bitmap_exits(const uint8_t *bitmap, uint32_t msr, bool write)
{
	int q = quarter(msr, write);
	uint32_t bit = msr & 0x1fff;

	if (q < 0)
		return true;
	return (bitmap[q + bit / 8] >> (bit % 8)) & 1;
}

void msr_bitmap_for_host(uint8_t *bitmap)
{
	uint32_t msr;
	size_t i;

	for (i = 0; i < MSR_BITMAP_SIZE; i++)
		bitmap[i] = 0;
	msr_bitmap_intercept(bitmap, IA32_FEATURE_CONTROL, MSR_READ_WRITE);
	for (msr = IA32_VMX_BASIC; msr <= IA32_VMX_VMFUNC; msr++)
		msr_bitmap_intercept(bitmap, msr, MSR_READ_WRITE);
}
