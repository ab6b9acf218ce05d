/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bytes `virt exec` and the cappsule's init exchange through
 * /dev/cappsule (hostshim/cappsule_ioctl.h, "virt exec"). Pure logic: no
 * system calls, no allocation; both sides of the device use it.
 *
 *   the request blob   argv, environment and working directory of the
 *                      command, as NUL-terminated strings: encoded by
 *                      `virt exec`, decoded and checked by the init;
 *   I/O records        struct cappsule_io_rec + data, packed back to back
 *                      (no padding) in what read(2) returns and write(2)
 *                      takes;
 *   how it ended       a wait status or the shim's exec status, turned into
 *                      the exit status `virt exec` returns, and a message.
 *
 * Exit statuses of `virt exec` (shell conventions, like env(1) or docker):
 *   N        the command exited with N;
 *   128 + N  the command was killed by signal N;
 *   125      the cappsule itself ended (the monitor stopped it for a
 *            forbidden operation, it ran out of memory, ...) or virt or the
 *            init failed: the command's status is unknown;
 *   126      the command was found but could not be run, or its working
 *            directory cannot be entered in the cappsule;
 *   127      the command was not found;
 *   137      the cappsule was killed from the host (virt kill): 128 + SIGKILL.
 */
#ifndef CAPPSULE_TOOLS_EXEC_PROTO_H
#define CAPPSULE_TOOLS_EXEC_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hostshim/cappsule_ioctl.h"

#define EXEC_EXIT_CAPPSULE 125  /* the cappsule, the init or virt failed */
#define EXEC_EXIT_CANNOT_RUN 126
#define EXEC_EXIT_NOT_FOUND 127
#define EXEC_EXIT_KILLED 137

enum exec_proto_err {
	EXEC_PROTO_OK,
	EXEC_PROTO_END,           /* records: no more in the buffer */
	EXEC_PROTO_NO_COMMAND,    /* argc is 0 */
	EXEC_PROTO_TOO_MANY,      /* argc + envc > CAPPSULE_EXEC_ARGS_MAX */
	EXEC_PROTO_TOO_BIG,       /* blob > CAPPSULE_EXEC_BLOB_MAX, or no room */
	EXEC_PROTO_BAD_CWD,       /* the working directory is not absolute */
	EXEC_PROTO_BAD_LENGTH,    /* blob_len 0 or over the maximum */
	EXEC_PROTO_UNTERMINATED,  /* the blob ends inside a string */
	EXEC_PROTO_TOO_FEW,       /* fewer strings than argc + envc + 1 */
	EXEC_PROTO_TRAILING,      /* bytes after the working directory */
	EXEC_PROTO_REC_SHORT,     /* a record cut by the end of the buffer */
	EXEC_PROTO_REC_STREAM,    /* a stream that direction does not carry */
	EXEC_PROTO_REC_LENGTH,    /* a data length out of range for its stream */
	EXEC_PROTO_REC_RESERVED,  /* a reserved field is not 0 */
};

/* One line, no newline, for a message. */
const char *exec_proto_strerror(enum exec_proto_err err);

/* --------------------------------------------------------- the blob -- */

/* What the command is: argv[0..argc-1], envp[0..envc-1], cwd. */
struct exec_strings {
	char *const *argv;
	uint32_t argc;
	char *const *envp;
	uint32_t envc;
	const char *cwd;
};

/* Bytes the blob of s needs, saturating at SIZE_MAX. */
size_t exec_blob_size(const struct exec_strings *s);

/*
 * Writes the blob of s into blob[0..cap-1]; *len is its length. Refuses
 * (writing nothing useful) an empty argv, more than CAPPSULE_EXEC_ARGS_MAX
 * strings, a relative cwd, or a blob over CAPPSULE_EXEC_BLOB_MAX or cap.
 */
enum exec_proto_err exec_blob_encode(const struct exec_strings *s, char *blob,
				     size_t cap, uint32_t *len);

/* A decoded blob: argv and envp point into the blob, each NULL-terminated. */
struct exec_decoded {
	char **argv;
	char **envp;
	const char *cwd;
	char *ptrs[CAPPSULE_EXEC_ARGS_MAX + 2]; /* storage for argv and envp */
};

/*
 * Checks blob[0..len-1] against the counts the shim gave: exactly
 * argc + envc + 1 strings, each NUL-terminated, nothing after the last,
 * argc >= 1, limits respected, cwd absolute. The blob comes from another
 * machine's side of the device: nothing in it is trusted before this.
 */
enum exec_proto_err exec_blob_decode(char *blob, uint32_t len, uint32_t argc,
				     uint32_t envc, struct exec_decoded *out);

/* ------------------------------------------------------ I/O records -- */

/* Who reads the records being parsed. */
enum exec_rec_dir {
	EXEC_REC_TO_HOST,      /* output: STDOUT, STDERR with data */
	EXEC_REC_TO_CAPPSULE,  /* input: STDIN with data; EOF without */
};

struct exec_rec {
	uint8_t stream;        /* CAPPSULE_STREAM_* */
	uint32_t len;
	uint32_t value;        /* for records without data */
	const uint8_t *data;   /* len bytes, inside the parsed buffer */
};

/*
 * Parses the record at buf[*pos]; on EXEC_PROTO_OK fills *rec and moves
 * *pos past it; EXEC_PROTO_END when *pos == len. Any other answer means
 * the buffer is malformed: the peer broke the protocol. value is not
 * checked on data records (it has no meaning there).
 */
enum exec_proto_err exec_rec_next(const void *buf, size_t len, size_t *pos,
				  enum exec_rec_dir dir, struct exec_rec *rec);

/* Checks a whole buffer; EXEC_PROTO_OK if every record is well formed. */
enum exec_proto_err exec_rec_check_all(const void *buf, size_t len, enum exec_rec_dir dir);

/* Bytes a record with len data bytes takes. */
static inline size_t exec_rec_size(uint32_t len)
{
	return sizeof(struct cappsule_io_rec) + len;
}

/*
 * Writes one record at buf: a data record (stream with data, 1 <= len <=
 * CAPPSULE_IO_REC_MAX) or, with len 0, a value record. Returns its size,
 * or 0 if it does not fit in cap or len is out of range.
 */
size_t exec_rec_put(void *buf, size_t cap, uint8_t stream, const void *data,
		    uint32_t len, uint32_t value);

/* ------------------------------------------------------ how it ended -- */

/* rows << 16 | cols, as CAPPSULE_IOC_WINSIZE takes it. */
static inline uint32_t exec_winsize_pack(uint16_t rows, uint16_t cols)
{
	return (uint32_t)rows << 16 | cols;
}

/* A wait status (waitpid) as a shell reports it: the exit code, or 128 +
 * the signal; anything else (stopped, ...) is EXEC_EXIT_CAPPSULE. */
int exec_exit_code_from_wait(int wstatus);

/* The wait status of a process that exited with code (0..255). */
int exec_wait_status_exited(int code);

/* The exit status for an exec that failed with errno err: 127 if the
 * command was not found, else 126. */
int exec_exit_code_for_exec_errno(int err);

/*
 * The exit status `virt exec` returns for the shim's answer, and, for
 * ENDED and KILLED (and anything unknown), a message for stderr in msg
 * ("virt: cappsule 3 ended: I/O port access (port 0x80)", no newline);
 * msg is "" when the command's own status speaks for itself.
 */
int exec_status_exit_code(const struct cappsule_ioc_exec_status *st, uint32_t id,
			  char *msg, size_t cap);

/* "I/O port access (port 0x80)": why the monitor ended a cappsule. */
void exec_end_text(uint32_t end, uint64_t value, char *buf, size_t cap);

#endif /* CAPPSULE_TOOLS_EXEC_PROTO_H */
