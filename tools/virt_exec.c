// SPDX-License-Identifier: GPL-2.0-only
/*
 * `virt exec` (see virt_exec.h): the host side. Builds the request, asks
 * the shim for a cappsule, then relays until the device says the cappsule
 * has ended and all its output was read:
 *
 *   our stdin       -> write(2) on the device (raw bytes), then STDIN_EOF;
 *   device records  -> our stdout and stderr (full writes);
 *   SIGINT, SIGTERM, SIGHUP, SIGQUIT -> CAPPSULE_IOC_SIGNAL;
 *   SIGWINCH        -> CAPPSULE_IOC_WINSIZE (terminal mode);
 * the last two go out of band: they never wait behind stdin.
 *
 * The device is non-blocking and written only when poll says it has room,
 * so a command that writes while we still feed its stdin (cat of 1 MiB)
 * never deadlocks against us. In terminal mode, our terminal is raw (the
 * cappsule's pty does the line editing and turns Ctrl-C into SIGINT) and
 * is restored on every way out, fatal signals included.
 */
#include "tools/virt_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "tools/exec_proto.h"
#include "tools/exit_report.h"
#include "tools/shim_device.h"
#include "tools/virt_fs.h"

extern char **environ;

#define STDIN_CHUNK 65536
#define OUTPUT_CHUNK 65536
#define DEFAULT_ROWS 24
#define DEFAULT_COLS 80

/* --------------------------------------------------------- the terminal -- */

static struct termios saved_termios;
static volatile sig_atomic_t termios_saved;

static void restore_terminal(void)
{
	if (termios_saved)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_termios);
}

/* Fatal signals we do not forward: put the terminal back, then die of it. */
static void die_restored(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_fatal_signals(void)
{
	static const int fatal[] = { SIGALRM, SIGUSR1, SIGUSR2, SIGPROF, SIGVTALRM, SIGXCPU,
				     SIGXFSZ, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP };
	struct sigaction sa = { .sa_handler = die_restored };

	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
}

static void make_terminal_raw(void)
{
	struct termios raw;

	if (!termios_saved) {
		if (tcgetattr(STDIN_FILENO, &saved_termios) != 0)
			return;
		termios_saved = 1;
	}
	raw = saved_termios;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
}

/* The size of our terminal (stdin's, else stdout's), or 24x80. */
static void terminal_size(uint16_t *rows, uint16_t *cols)
{
	struct winsize ws;

	if ((ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 ||
	     ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) && ws.ws_row && ws.ws_col) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
		return;
	}
	*rows = DEFAULT_ROWS;
	*cols = DEFAULT_COLS;
}

/* ------------------------------------------------------------ requests -- */

static uint32_t count_strings(char *const *v)
{
	uint32_t n = 0;

	while (v && v[n] && n <= CAPPSULE_EXEC_ARGS_MAX)
		n++;
	return n;
}

/* Encodes args, environ and the working directory into blob; on failure
 * says why and returns false. */
static bool build_blob(char *const *args, size_t n_args, char *blob, uint32_t *len)
{
	char *cwd = getcwd(NULL, 0);
	struct exec_strings s = { args, (uint32_t)n_args, environ, count_strings(environ), cwd };
	enum exec_proto_err err;

	if (!cwd) {
		fprintf(stderr, "virt: exec: cannot name the working directory: %s\n",
			strerror(errno));
		return false;
	}
	if (n_args > CAPPSULE_EXEC_ARGS_MAX)
		s.argc = CAPPSULE_EXEC_ARGS_MAX + 1;
	err = exec_blob_encode(&s, blob, CAPPSULE_EXEC_BLOB_MAX, len);
	if (err == EXEC_PROTO_TOO_BIG)
		fprintf(stderr, "virt: exec: the arguments, environment and working directory "
			"take %zu bytes; a cappsule accepts at most %u\n", exec_blob_size(&s),
			CAPPSULE_EXEC_BLOB_MAX);
	else if (err == EXEC_PROTO_TOO_MANY)
		fprintf(stderr, "virt: exec: more than %u arguments and environment variables\n",
			CAPPSULE_EXEC_ARGS_MAX);
	else if (err)
		fprintf(stderr, "virt: exec: %s\n", exec_proto_strerror(err));
	free(cwd);
	return err == EXEC_PROTO_OK;
}

static const char *exec_refused(int err)
{
	switch (err) {
	case ENOENT:
	case ENOEXEC:
	case EAGAIN:
		return "there is no snapshot that can run commands: run 'virt snapshot' as root";
	case EBUSY:
	case ENOSPC:
		return "no free cappsule slot: too many cappsules run already (see 'virt ps'), "
		       "or the pool is full";
	case EPERM:
	case EACCES:
		return "permission denied: /dev/cappsule is for root and the 'cappsule' group "
		       "(sudo adduser $USER cappsule, then log in again)";
	case ENOTTY:
		return "this host shim cannot run commands (is it older than this virt?)";
	default:
		return strerror(err);
	}
}

static int open_device(void)
{
	int fd = shim_device_open();

	if (fd == -EACCES || fd == -EPERM)
		fprintf(stderr, "virt: %s\n", exec_refused(-fd));
	else if (fd < 0)
		fprintf(stderr, "virt: %s\n", shim_device_open_hint(fd));
	return fd < 0 ? fd : shim_device_require_abi(fd);
}

/* ----------------------------------------------------------- the relay -- */

struct relay {
	int dev;
	int sigfd;
	bool tty;
	bool stdin_open;	/* still reading our stdin */
	bool eof_sent;		/* STDIN_EOF issued */
	bool ended;		/* the device read returned 0 */
	int fatal;		/* exit status of a failure, 0 if none */
	uint32_t id;
	size_t in_len, in_off;	/* stdin bytes not yet taken by the device */
	char in[STDIN_CHUNK];
	char out[OUTPUT_CHUNK];
	bool stats;		/* --stats: print the cost at the end */
	struct virt_fs fs;	/* the file view and its server */
};

__attribute__((format(printf, 3, 4)))
static void relay_fail(struct relay *r, int status, const char *fmt, ...)
{
	va_list ap;

	if (r->fatal)
		return;
	restore_terminal();
	fputs("virt: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	r->fatal = status;
}

/* Writes all of buf to fd, whatever interrupts or splits the writes. */
static bool write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			poll(&pfd, 1, -1);
		} else if (n < 0 && errno != EINTR) {
			return false;
		}
	}
	return true;
}

/* Our stdin is over and the device took all of it: the end goes next. */
static bool eof_due(const struct relay *r)
{
	return !r->stdin_open && !r->eof_sent && !r->in_len;
}

/* The end of input queues behind the bytes in the ring: with no room it
 * is refused (EAGAIN), and POLLOUT brings us back, so that we never sleep
 * in the ioctl while a signal waits to be forwarded. */
static void send_eof_when_drained(struct relay *r)
{
	if (!eof_due(r))
		return;
	if (ioctl(r->dev, CAPPSULE_IOC_STDIN_EOF) != 0 && (errno == EAGAIN || errno == EINTR))
		return;
	/* Sent, or the cappsule has ended and takes no more input: no matter. */
	r->eof_sent = true;
}

static void read_stdin(struct relay *r)
{
	ssize_t n = read(STDIN_FILENO, r->in, sizeof(r->in));

	if (n > 0) {
		r->in_len = (size_t)n;
		r->in_off = 0;
	} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
		/* End of file, or a stdin that cannot be read (closed, EIO
		 * from a lost terminal): either way, no more input. */
		r->stdin_open = false;
		send_eof_when_drained(r);
	}
}

static void drop_stdin(struct relay *r)
{
	r->in_len = r->in_off = 0;
	r->stdin_open = false;
	r->eof_sent = true;
}

static void feed_device(struct relay *r)
{
	ssize_t n = write(r->dev, r->in + r->in_off, r->in_len - r->in_off);

	if (n > 0) {
		r->in_off += (size_t)n;
		if (r->in_off == r->in_len)
			r->in_len = r->in_off = 0;
		send_eof_when_drained(r);
	} else if (n < 0 && errno == EPIPE) {
		drop_stdin(r);	/* the command takes no more input */
	} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
		relay_fail(r, EXEC_EXIT_CAPPSULE, "exec: writing to the cappsule: %s",
			   strerror(errno));
	}
}

static void write_output(struct relay *r, const struct exec_rec *rec)
{
	int fd = rec->stream == CAPPSULE_STREAM_STDOUT ? STDOUT_FILENO : STDERR_FILENO;

	if (write_all(fd, rec->data, rec->len))
		return;
	if (errno == EPIPE)	/* like the command would: die of SIGPIPE */
		r->fatal = 128 + SIGPIPE;
	else
		relay_fail(r, EXEC_EXIT_CAPPSULE, "exec: writing the command's %s: %s",
			   fd == STDOUT_FILENO ? "output" : "errors", strerror(errno));
}

static void read_device(struct relay *r)
{
	ssize_t n = read(r->dev, r->out, sizeof(r->out));
	enum exec_proto_err err = EXEC_PROTO_END;
	struct exec_rec rec;
	size_t pos = 0;

	if (n == 0) {
		r->ended = true;
		return;
	}
	if (n < 0) {
		if (errno != EINTR && errno != EAGAIN)
			relay_fail(r, EXEC_EXIT_CAPPSULE, "exec: reading from the cappsule: %s",
				   strerror(errno));
		return;
	}
	while (!r->fatal && (err = exec_rec_next(r->out, (size_t)n, &pos, EXEC_REC_TO_HOST,
						 &rec)) == EXEC_PROTO_OK)
		write_output(r, &rec);
	if (!r->fatal && err != EXEC_PROTO_END)
		relay_fail(r, EXEC_EXIT_CAPPSULE, "exec: the host shim sent bad output: %s",
			   exec_proto_strerror(err));
}

static void send_winsize(struct relay *r)
{
	uint16_t rows, cols;
	__u32 packed;

	terminal_size(&rows, &cols);
	packed = exec_winsize_pack(rows, cols);
	ioctl(r->dev, CAPPSULE_IOC_WINSIZE, &packed);	/* it may have ended: no matter */
}

static void handle_signal(struct relay *r)
{
	unsigned char signo;
	__u32 sig;

	if (read(r->sigfd, &signo, 1) != 1)
		return;
	if (signo == SIGWINCH || signo == SIGCONT) {
		if (r->tty && signo == SIGCONT)
			make_terminal_raw();	/* a stopped virt's shell may have reset it */
		if (r->tty)
			send_winsize(r);
		return;
	}
	sig = signo;
	ioctl(r->dev, CAPPSULE_IOC_SIGNAL, &sig);	/* it may have ended: no matter */
}

enum { P_STDIN, P_DEV, P_SIG, P_COUNT };

static void relay_step(struct relay *r)
{
	struct pollfd p[P_COUNT] = {
		[P_STDIN] = { .fd = r->stdin_open && !r->in_len ? STDIN_FILENO : -1,
			      .events = POLLIN },
		[P_DEV] = { .fd = r->dev,
			    .events = POLLIN | (r->in_len || eof_due(r) ? POLLOUT : 0) },
		[P_SIG] = { .fd = r->sigfd, .events = POLLIN },
	};

	if (poll(p, P_COUNT, -1) < 0) {
		if (errno != EINTR)
			relay_fail(r, EXEC_EXIT_CAPPSULE, "exec: poll: %s", strerror(errno));
		return;
	}
	if (p[P_SIG].revents)
		handle_signal(r);
	if (p[P_DEV].revents & (POLLIN | POLLHUP | POLLERR))
		read_device(r);
	if (!r->fatal && !r->ended && (p[P_DEV].revents & POLLOUT)) {
		if (r->in_len)
			feed_device(r);
		else
			send_eof_when_drained(r);
	}
	if (!r->fatal && (p[P_STDIN].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
		read_stdin(r);
}

/* ---------------------------------------------------------------- main -- */

/* The signals we relay arrive as bytes on a pipe (the self-pipe: a
 * handler may only write(2); signalfd is not in every kernel). */
static int signal_pipe[2] = { -1, -1 };

static void note_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;

	if (write(signal_pipe[1], &b, 1) < 0) {
		/* full: this signal is dropped, as a pending duplicate would be */
	}
	errno = saved;
}

static int relay_signals(void)
{
	static const int relayed[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGCONT };
	struct sigaction sa;

	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(relayed) / sizeof(relayed[0]); i++)
		if (sigaction(relayed[i], &sa, NULL) != 0)
			return -1;
	return signal_pipe[0];
}

static bool want_tty(enum virt_exec_tty tty)
{
	if (tty == VIRT_EXEC_TTY_AUTO)
		return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	return tty == VIRT_EXEC_TTY_ON;
}

/* Asks for the cappsule; on success r->dev is bound to it. */
static int start(struct relay *r, char *const *args, size_t n_args, bool tty,
		 unsigned long mem_mb)
{
	static char blob[CAPPSULE_EXEC_BLOB_MAX];
	struct cappsule_ioc_exec req = { .mem_mb = (uint32_t)mem_mb };

	if (!build_blob(args, n_args, blob, &req.blob_len))
		return EXEC_EXIT_CANNOT_RUN;
	req.argc = (uint32_t)n_args;
	req.envc = count_strings(environ);
	req.blob = (uint64_t)(uintptr_t)blob;
	req.flags = CAPPSULE_EXEC_FS;
	if (tty) {
		req.flags |= CAPPSULE_EXEC_TTY;
		terminal_size(&req.rows, &req.cols);
	}
	r->dev = open_device();
	if (r->dev < 0)
		return EXEC_EXIT_CAPPSULE;
	if (ioctl(r->dev, CAPPSULE_IOC_EXEC, &req) != 0) {
		fprintf(stderr, "virt: exec: %s\n", exec_refused(errno));
		return EXEC_EXIT_CAPPSULE;
	}
	r->id = req.id;
	if (virt_fs_start(&r->fs, r->dev) != 0)
		return EXEC_EXIT_CAPPSULE;
	if (fcntl(r->dev, F_SETFL, fcntl(r->dev, F_GETFL) | O_NONBLOCK) != 0) {
		fprintf(stderr, "virt: exec: %s\n", strerror(errno));
		return EXEC_EXIT_CAPPSULE;
	}
	return 0;
}

/* --stats: what the cappsule cost the machine, on stderr. */
static void print_stats(uint32_t id, const struct cappsule_ioc_exec_status *st)
{
	const struct cappsule_info *i = &st->info;

	fprintf(stderr, "virt: cappsule %u: %llu us; pages: %llu copied, %llu mapped "
		"read-only, %u private at the end (limit %u); VM exits: %llu\n", id,
		(unsigned long long)(st->uptime_ns / 1000), (unsigned long long)i->pages_copied,
		(unsigned long long)i->pages_mapped, i->pages_private, i->page_limit,
		(unsigned long long)i->exits.total);
	exit_report_text(stderr, &i->exits, "    ");
}

/* After the device said the end: the command's status, told the user
 * when it is not the command's own. */
static int finish(struct relay *r)
{
	struct cappsule_ioc_exec_status st;
	char msg[256];
	int code;

	memset(&st, 0, sizeof(st));
	if (ioctl(r->dev, CAPPSULE_IOC_EXEC_STATUS, &st) != 0) {
		fprintf(stderr, "virt: cappsule %u: cannot read how it ended: %s\n", r->id,
			strerror(errno));
		return EXEC_EXIT_CAPPSULE;
	}
	code = exec_status_exit_code(&st, r->id, msg, sizeof(msg));
	if (msg[0])
		fprintf(stderr, "%s\n", msg);
	if (r->stats)
		print_stats(r->id, &st);
	return code;
}

int virt_exec_run(char *const *args, size_t n_args, const struct virt_exec_opts *o)
{
	static struct relay r;
	struct virt_fs_request fsr = { .policy = o->policy, .shared = o->shared,
				       .n_shared = o->n_shared, .program = args[0] };
	int status;

	memset(&r, 0, sizeof(r));
	r.dev = r.sigfd = -1;
	r.tty = want_tty(o->tty);
	r.stats = o->stats;
	r.stdin_open = true;
	signal(SIGPIPE, SIG_IGN);
	status = virt_fs_prepare(&fsr, &r.fs);
	if (status)
		return status;
	status = start(&r, args, n_args, r.tty, o->mem_mb);
	if (status == 0) {
		r.sigfd = relay_signals();
		if (r.sigfd < 0) {
			fprintf(stderr, "virt: exec: signal relay: %s\n", strerror(errno));
			status = EXEC_EXIT_CAPPSULE;
		}
	}
	if (status == 0) {
		catch_fatal_signals();
		if (r.tty && isatty(STDIN_FILENO))
			make_terminal_raw();
		while (!r.ended && !r.fatal)
			relay_step(&r);
		restore_terminal();
		status = r.fatal ? r.fatal : finish(&r);
	}
	/* The server holds the cappsule's file too: it goes first. */
	virt_fs_finish(&r.fs);
	if (r.dev >= 0)
		close(r.dev);	/* kills the cappsule if it still runs */
	return status;
}
