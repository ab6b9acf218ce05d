// SPDX-License-Identifier: GPL-2.0-only
/* The bytes of `virt exec` (see exec_proto.h). No system calls here. */
#include "tools/exec_proto.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "vmx/exit_reasons.h"

const char *exec_proto_strerror(enum exec_proto_err err)
{
	switch (err) {
	case EXEC_PROTO_OK:
		return "no error";
	case EXEC_PROTO_END:
		return "no more records";
	case EXEC_PROTO_NO_COMMAND:
		return "no command given";
	case EXEC_PROTO_TOO_MANY:
		return "too many arguments and environment variables";
	case EXEC_PROTO_TOO_BIG:
		return "the arguments and environment are too long";
	case EXEC_PROTO_BAD_CWD:
		return "the working directory is not an absolute path";
	case EXEC_PROTO_BAD_LENGTH:
		return "the request's length is out of range";
	case EXEC_PROTO_UNTERMINATED:
		return "the request ends inside a string";
	case EXEC_PROTO_TOO_FEW:
		return "the request holds fewer strings than announced";
	case EXEC_PROTO_TRAILING:
		return "the request has bytes after its last string";
	case EXEC_PROTO_REC_SHORT:
		return "a record is cut short";
	case EXEC_PROTO_REC_STREAM:
		return "a record names a stream that does not go this way";
	case EXEC_PROTO_REC_LENGTH:
		return "a record's length is out of range";
	case EXEC_PROTO_REC_RESERVED:
		return "a record's reserved field is not zero";
	}
	return "unknown error";
}

/* ---------------------------------------------------------- the blob -- */

static size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t strings_size(char *const *v, uint32_t n)
{
	size_t total = 0;

	for (uint32_t i = 0; i < n; i++)
		total = add_sat(total, add_sat(strlen(v[i]), 1));
	return total;
}

size_t exec_blob_size(const struct exec_strings *s)
{
	size_t total = add_sat(strings_size(s->argv, s->argc), strings_size(s->envp, s->envc));

	return add_sat(total, add_sat(strlen(s->cwd), 1));
}

/* Limits both sides share: counts and the working directory. */
static enum exec_proto_err check_shape(uint32_t argc, uint32_t envc, const char *cwd)
{
	if (argc == 0)
		return EXEC_PROTO_NO_COMMAND;
	if (argc > CAPPSULE_EXEC_ARGS_MAX || envc > CAPPSULE_EXEC_ARGS_MAX - argc)
		return EXEC_PROTO_TOO_MANY;
	if (cwd && cwd[0] != '/')
		return EXEC_PROTO_BAD_CWD;
	return EXEC_PROTO_OK;
}

static char *put_strings(char *p, char *const *v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		memcpy(p, v[i], len);
		p += len;
	}
	return p;
}

enum exec_proto_err exec_blob_encode(const struct exec_strings *s, char *blob,
				     size_t cap, uint32_t *len)
{
	enum exec_proto_err err = check_shape(s->argc, s->envc, s->cwd);
	size_t need;
	char *p;

	*len = 0;
	if (err)
		return err;
	if (!s->cwd)
		return EXEC_PROTO_BAD_CWD;
	need = exec_blob_size(s);
	if (need > CAPPSULE_EXEC_BLOB_MAX || need > cap)
		return EXEC_PROTO_TOO_BIG;
	p = put_strings(blob, s->argv, s->argc);
	p = put_strings(p, s->envp, s->envc);
	memcpy(p, s->cwd, strlen(s->cwd) + 1);
	*len = (uint32_t)need;
	return EXEC_PROTO_OK;
}

/* Points out[0..n-1] at the next n strings of blob[*pos..len-1] and puts
 * NULL after them. */
static enum exec_proto_err take_strings(char *blob, uint32_t len, uint32_t *pos,
					uint32_t n, char **out)
{
	for (uint32_t i = 0; i < n; i++) {
		char *nul;

		if (*pos >= len)
			return EXEC_PROTO_TOO_FEW;
		nul = memchr(blob + *pos, '\0', len - *pos);
		if (!nul)
			return EXEC_PROTO_UNTERMINATED;
		out[i] = blob + *pos;
		*pos = (uint32_t)(nul - blob) + 1;
	}
	out[n] = NULL;
	return EXEC_PROTO_OK;
}

enum exec_proto_err exec_blob_decode(char *blob, uint32_t len, uint32_t argc,
				     uint32_t envc, struct exec_decoded *out)
{
	enum exec_proto_err err = check_shape(argc, envc, NULL);
	uint32_t pos = 0;
	char *cwd[2];

	memset(out, 0, sizeof(*out));
	if (err)
		return err;
	if (len == 0 || len > CAPPSULE_EXEC_BLOB_MAX)
		return EXEC_PROTO_BAD_LENGTH;
	out->argv = out->ptrs;
	out->envp = out->ptrs + argc + 1;
	err = take_strings(blob, len, &pos, argc, out->argv);
	if (!err)
		err = take_strings(blob, len, &pos, envc, out->envp);
	if (!err)
		err = take_strings(blob, len, &pos, 1, cwd);
	if (!err && pos != len)
		err = EXEC_PROTO_TRAILING;
	if (!err && cwd[0][0] != '/')
		err = EXEC_PROTO_BAD_CWD;
	if (err) {
		memset(out, 0, sizeof(*out));
		return err;
	}
	out->cwd = cwd[0];
	return EXEC_PROTO_OK;
}

/* ------------------------------------------------------- I/O records -- */

static bool has_data(uint8_t stream)
{
	return stream == CAPPSULE_STREAM_STDIN || stream == CAPPSULE_STREAM_STDOUT ||
	       stream == CAPPSULE_STREAM_STDERR;
}

static bool stream_goes(uint8_t stream, enum exec_rec_dir dir)
{
	if (dir == EXEC_REC_TO_HOST)
		return stream == CAPPSULE_STREAM_STDOUT || stream == CAPPSULE_STREAM_STDERR;
	return stream == CAPPSULE_STREAM_STDIN || stream == CAPPSULE_STREAM_EOF;
}

static bool length_ok(uint8_t stream, uint32_t len)
{
	if (has_data(stream))
		return len >= 1 && len <= CAPPSULE_IO_REC_MAX;
	return len == 0;
}

enum exec_proto_err exec_rec_next(const void *buf, size_t len, size_t *pos,
				  enum exec_rec_dir dir, struct exec_rec *rec)
{
	const uint8_t *p = (const uint8_t *)buf + *pos;
	size_t left = len - *pos;
	struct cappsule_io_rec h;

	if (left == 0)
		return EXEC_PROTO_END;
	if (left < sizeof(h))
		return EXEC_PROTO_REC_SHORT;
	memcpy(&h, p, sizeof(h));	/* records are packed: no alignment */
	if (h.reserved[0] || h.reserved[1] || h.reserved[2] || h.reserved2)
		return EXEC_PROTO_REC_RESERVED;
	if (!stream_goes(h.stream, dir))
		return EXEC_PROTO_REC_STREAM;
	if (!length_ok(h.stream, h.len))
		return EXEC_PROTO_REC_LENGTH;
	if (left - sizeof(h) < h.len)
		return EXEC_PROTO_REC_SHORT;
	rec->stream = h.stream;
	rec->len = h.len;
	rec->value = h.value;
	rec->data = p + sizeof(h);
	*pos += sizeof(h) + h.len;
	return EXEC_PROTO_OK;
}

enum exec_proto_err exec_rec_check_all(const void *buf, size_t len, enum exec_rec_dir dir)
{
	struct exec_rec rec;
	size_t pos = 0;
	enum exec_proto_err err;

	while ((err = exec_rec_next(buf, len, &pos, dir, &rec)) == EXEC_PROTO_OK)
		;
	return err == EXEC_PROTO_END ? EXEC_PROTO_OK : err;
}

size_t exec_rec_put(void *buf, size_t cap, uint8_t stream, const void *data,
		    uint32_t len, uint32_t value)
{
	struct cappsule_io_rec h = { .stream = stream, .len = len };

	if (len > CAPPSULE_IO_REC_MAX || cap < exec_rec_size(len))
		return 0;
	if (len == 0)
		h.value = value;
	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy((uint8_t *)buf + sizeof(h), data, len);
	return exec_rec_size(len);
}

/* ------------------------------------------------------ how it ended -- */

int exec_exit_code_from_wait(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXEC_EXIT_CAPPSULE;
}

int exec_wait_status_exited(int code)
{
	return (code & 0xff) << 8;
}

int exec_exit_code_for_exec_errno(int err)
{
	return err == ENOENT || err == ENOTDIR ? EXEC_EXIT_NOT_FOUND : EXEC_EXIT_CANNOT_RUN;
}

void exec_end_text(uint32_t end, uint64_t value, char *buf, size_t cap)
{
	unsigned long long v = (unsigned long long)value;

	switch (end) {
	case CAPPSULE_END_NONE:
		snprintf(buf, cap, "no reason recorded");
		break;
	case CAPPSULE_END_EXITED:
		snprintf(buf, cap, "its kernel exited (value %llu)", v);
		break;
	case CAPPSULE_END_IO:
		snprintf(buf, cap, "I/O port access (port %#llx)", v);
		break;
	case CAPPSULE_END_MEMORY:
		snprintf(buf, cap, "access to memory outside its view (address %#llx)", v);
		break;
	case CAPPSULE_END_LIMIT:
		snprintf(buf, cap, "over its memory limit (address %#llx; raise it with virt exec -m MB)", v);
		break;
	case CAPPSULE_END_MSR:
		snprintf(buf, cap, "MSR access (MSR %#llx)", v);
		break;
	case CAPPSULE_END_VMX:
		snprintf(buf, cap, "VMX instruction (exit reason %llu)", v);
		break;
	case CAPPSULE_END_TRIPLE_FAULT:
		snprintf(buf, cap, "triple fault (its kernel crashed)");
		break;
	case CAPPSULE_END_HYPERCALL:
		snprintf(buf, cap, "malformed hypercall (RAX %#llx)", v);
		break;
	case CAPPSULE_END_FORBIDDEN:
		snprintf(buf, cap, "forbidden operation (exit reason %llu, %s)", v,
			 value < CAPPSULE_EXIT_SLOTS ? exit_reason_name((unsigned)value) : "unknown");
		break;
	case CAPPSULE_END_ENTRY_FAILED:
		snprintf(buf, cap, "VM entry failed (error %llu)", v);
		break;
	default:
		snprintf(buf, cap, "unknown reason %u (value %#llx)", end, v);
		break;
	}
}

int exec_status_exit_code(const struct cappsule_ioc_exec_status *st, uint32_t id,
			  char *msg, size_t cap)
{
	char why[128];

	if (cap)
		msg[0] = '\0';
	switch (st->kind) {
	case CAPPSULE_EXEC_EXITED:
		return st->code & 0xff;
	case CAPPSULE_EXEC_SIGNALED:
		if (st->code > 0 && st->code < 128)
			return 128 + st->code;
		snprintf(msg, cap, "virt: cappsule %u: the command was killed by an invalid signal %d",
			 id, st->code);
		return EXEC_EXIT_CAPPSULE;
	case CAPPSULE_EXEC_ENDED:
		exec_end_text(st->end, st->end_value, why, sizeof(why));
		snprintf(msg, cap, "virt: cappsule %u ended: %s", id, why);
		return EXEC_EXIT_CAPPSULE;
	case CAPPSULE_EXEC_KILLED:
		snprintf(msg, cap, "virt: cappsule %u was killed from the host", id);
		return EXEC_EXIT_KILLED;
	}
	snprintf(msg, cap, "virt: cappsule %u: unknown end (kind %u)", id, st->kind);
	return EXEC_EXIT_CAPPSULE;
}
