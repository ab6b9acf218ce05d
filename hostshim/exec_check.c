// SPDX-License-Identifier: GPL-2.0-only
/* virt exec checks (see exec_check.h). */
#include "exec_check.h"

#define SIG_MAX 64

enum ioc_verdict exec_check_request(const struct cappsule_ioc_exec *r)
{
	unsigned int i;

	if (r->flags & ~CAPPSULE_EXEC_FLAGS || r->id != 0 || r->blob == 0)
		return IOC_BAD_FIELD;
	for (i = 0; i < sizeof(r->reserved) / sizeof(r->reserved[0]); i++)
		if (r->reserved[i] != 0)
			return IOC_BAD_FIELD;
	if (!(r->flags & CAPPSULE_EXEC_TTY) && (r->rows || r->cols))
		return IOC_BAD_FIELD;
	if (r->mem_mb > CAPPSULE_EXEC_MEM_MAX_MB || r->argc == 0 ||
	    r->argc > CAPPSULE_EXEC_ARGS_MAX || r->envc > CAPPSULE_EXEC_ARGS_MAX - r->argc ||
	    r->blob_len == 0 || r->blob_len > CAPPSULE_EXEC_BLOB_MAX)
		return IOC_OUT_OF_RANGE;
	return IOC_OK;
}

bool exec_blob_valid(const char *blob, __u32 len, __u32 argc, __u32 envc)
{
	__u64 strings = 0, want = (__u64)argc + envc + 1;
	__u32 i, start = 0;

	if (len == 0 || blob[len - 1] != '\0' || argc == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (blob[i] != '\0')
			continue;
		if (strings == 0 && i == 0)
			return false;              /* argv[0] empty */
		if (strings == want - 1 && (i == start || blob[start] != '/'))
			return false;              /* cwd: absolute */
		strings++;
		start = i + 1;
	}
	return strings == want;
}

static bool reserved_clear(const struct cappsule_io_rec *r)
{
	return !r->reserved[0] && !r->reserved[1] && !r->reserved[2] && !r->reserved2;
}

bool exec_record_in_ok(const struct cappsule_io_rec *r)
{
	if (!reserved_clear(r))
		return false;
	if (r->stream == CAPPSULE_STREAM_STDIN)
		return r->len >= 1 && r->len <= CAPPSULE_IO_REC_MAX;
	return r->len == 0 && r->stream == CAPPSULE_STREAM_EOF;
}

bool exec_record_out_ok(const struct cappsule_io_rec *r, __u64 total)
{
	return reserved_clear(r) && r->len >= 1 && r->len <= CAPPSULE_IO_REC_MAX &&
	       total == sizeof(*r) + r->len &&
	       (r->stream == CAPPSULE_STREAM_STDOUT || r->stream == CAPPSULE_STREAM_STDERR);
}

__u32 exec_page_limit(__u32 mem_mb)
{
	return (mem_mb ? mem_mb : CAPPSULE_EXEC_MEM_DEFAULT_MB) * 256u;
}

bool exec_signal_ok(__u32 sig)
{
	return sig >= 1 && sig <= SIG_MAX;
}

bool exec_winsize_ok(__u32 rows_cols)
{
	return (rows_cols >> 16) != 0 && (rows_cols & 0xffff) != 0;
}

void exec_status_decode(__u32 end, __u64 end_value, bool killed,
			struct cappsule_ioc_exec_status *st)
{
	__u32 low = (__u32)(end_value & 0x7f);

	st->end = end;
	st->end_value = end_value;
	st->code = 0;
	if (killed) {
		st->kind = CAPPSULE_EXEC_KILLED;
	} else if (end != CAPPSULE_END_EXITED || end_value > 0xffff) {
		st->kind = CAPPSULE_EXEC_ENDED;
	} else if (low == 0) {                        /* WIFEXITED */
		st->kind = CAPPSULE_EXEC_EXITED;
		st->code = (__s32)((end_value >> 8) & 0xff);
	} else if (low != 0x7f && (end_value >> 8) == 0 && low <= SIG_MAX) {
		st->kind = CAPPSULE_EXEC_SIGNALED;    /* WIFSIGNALED (core bit aside) */
		st->code = (__s32)low;
	} else {
		st->kind = CAPPSULE_EXEC_ENDED;        /* not a wait status */
	}
}
