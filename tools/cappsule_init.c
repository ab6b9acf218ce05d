// SPDX-License-Identifier: GPL-2.0-only
/* The init of a cappsule (see cappsule_init.h). */
#include "tools/cappsule_init.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "tools/cappsule_fsview.h"
#include "tools/exec_proto.h"
#include "tools/init_relay.h"

extern char **environ;

#define STATUS_FD 3	/* the reaper's end of the status pipe */
#define FS_FD 4		/* the reaper's file channel, until it mounts it */
#define MSG_MAX 512

struct init {
	int dev;
	uint32_t id;
	struct cappsule_ioc_guest_request req;
	struct exec_decoded cmd;
	bool tty;
	/* The command's stdio on our side: cmd_in takes its stdin; out[0]
	 * and out[1] give its stdout and stderr (with a pty, cmd_in and
	 * out[0] are the master and out[1] is -1); child[] are its ends. */
	int cmd_in, out[2], child[3];
	int status_rd, status_wr;
	int fs;			/* the file channel, or -1 (no file view) */
	pid_t reaper;
	int wstatus;
	bool stdin_ended;	/* EOF record seen, or the command closed its stdin */
	bool stdin_closed;	/* the end-of-input was passed on */
	struct byte_queue in;
	uint8_t rec[sizeof(struct cappsule_io_rec) + CAPPSULE_IO_REC_MAX];
	size_t rec_len, rec_off;	/* the output record being written */
	struct init_progress progress;
	uint8_t dev_buf[BYTE_QUEUE_CAP];
};

static char blob[CAPPSULE_EXEC_BLOB_MAX];

/* ------------------------------------------------------------ the end -- */

static void guest_exit(int dev, int wstatus) __attribute__((noreturn));
static void guest_exit(int dev, int wstatus)
{
	__u32 st = (__u32)wstatus;

	ioctl(dev, CAPPSULE_IOC_GUEST_EXIT, &st);
	_exit(EXEC_EXIT_CAPPSULE);	/* not reached: the cappsule has ended */
}

/* Writes all of buf to the device, waiting for room. */
static bool dev_write_all(int dev, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(dev, buf, len);
		struct pollfd p = { .fd = dev, .events = POLLOUT };

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			poll(&p, 1, -1);
		} else if (n < 0 && errno != EINTR) {
			return false;
		}
	}
	return true;
}

/* "PREFIX<formatted>\n" into msg (MSG_MAX bytes, cut to fit); its length. */
__attribute__((format(printf, 3, 0)))
static int format_line(char msg[MSG_MAX], const char *prefix, const char *fmt, va_list ap)
{
	int n = snprintf(msg, MSG_MAX, "%s", prefix);

	n += vsnprintf(msg + n, MSG_MAX - (size_t)n - 1, fmt, ap);
	if (n > MSG_MAX - 2)
		n = MSG_MAX - 2;
	msg[n++] = '\n';
	return n;
}

/* Tells the user on the command's stderr what went wrong, and ends the
 * cappsule with exit status 125. Never writes the host's old fds. */
__attribute__((noreturn, format(printf, 2, 3)))
static void init_fail(int dev, const char *fmt, ...)
{
	uint8_t rec[sizeof(struct cappsule_io_rec) + MSG_MAX];
	char msg[MSG_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_line(msg, "virt: cappsule init: ", fmt, ap);
	va_end(ap);
	dev_write_all(dev, rec, exec_rec_put(rec, sizeof(rec), CAPPSULE_STREAM_STDERR, msg,
					     (uint32_t)n, 0));
	guest_exit(dev, exec_wait_status_exited(EXEC_EXIT_CAPPSULE));
}

/* -------------------------------------------------------- first steps -- */

/* The fds inherited from the host lead to its terminals and files: any
 * use would end the cappsule. Keep only the device; 0, 1 and 2 become
 * /dev/null so that no later fd takes their numbers. */
static void drop_host_fds(int dev)
{
	int null, p[2] = { -1, -1 };

	if (dev > 3)
		close_range(3, (unsigned)dev - 1, 0);
	close_range((unsigned)dev + 1, ~0u, 0);
	for (int fd = 0; fd < 3; fd++)
		if (fd != dev)
			close(fd);
	null = open("/dev/null", O_RDWR);
	if (null < 0 && pipe(p) == 0)
		null = p[0];	/* no /dev/null: a pipe's read end holds the places */
	for (int fd = 0; null >= 0 && fd < 3; fd++)
		if (fd != null && fd != dev && fcntl(fd, F_GETFD) < 0)
			dup2(null, fd);
	if (null > 2)
		close(null);
	if (p[1] >= 0)
		close(p[1]);
}

static void fetch_request(struct init *in)
{
	enum exec_proto_err err;

	memset(&in->req, 0, sizeof(in->req));
	in->req.blob = (uint64_t)(uintptr_t)blob;
	if (ioctl(in->dev, CAPPSULE_IOC_GUEST_REQUEST, &in->req) != 0)
		init_fail(in->dev, "cannot read the request: %s", strerror(errno));
	err = exec_blob_decode(blob, in->req.blob_len, in->req.argc, in->req.envc, &in->cmd);
	if (err)
		init_fail(in->dev, "bad request: %s", exec_proto_strerror(err));
	if (in->req.ngroups > CAPPSULE_GUEST_GROUPS_MAX)
		init_fail(in->dev, "bad request: %u groups", in->req.ngroups);
	in->tty = in->req.flags & CAPPSULE_EXEC_TTY;
	if (in->req.flags & CAPPSULE_EXEC_FS) {
		in->fs = ioctl(in->dev, CAPPSULE_IOC_GUEST_FS);
		if (in->fs < 0)
			init_fail(in->dev, "no file channel: %s", strerror(errno));
	}
}

static void set_hostname(struct init *in)
{
	char name[32];

	snprintf(name, sizeof(name), "cappsule-%u", in->id);
	if (sethostname(name, strlen(name)) != 0)
		init_fail(in->dev, "sethostname: %s", strerror(errno));
}

/* What ps shows for this process: the name (comm) and the arguments
 * (/proc/PID/cmdline, read from the range the kernel keeps as argv). Both
 * were `virt snapshot`'s, which this process was forked from; the range
 * now points at a static copy of name. The kernel wants start <= end
 * after each of the two calls: when the new range lies above the old one,
 * the end must move first. Best effort: a name is not worth failing for. */
static void name_process(const char *name)
{
	static char title[32];
	size_t len = strlen(name) + 1;
	unsigned long start = (unsigned long)title, end = start + len;

	if (len > sizeof(title))
		return;
	memcpy(title, name, len);
	prctl(PR_SET_NAME, name, 0, 0, 0);
	if (prctl(PR_SET_MM, PR_SET_MM_ARG_START, start, 0, 0) == 0) {
		prctl(PR_SET_MM, PR_SET_MM_ARG_END, end, 0, 0);
		return;
	}
	if (prctl(PR_SET_MM, PR_SET_MM_ARG_END, end, 0, 0) == 0)
		prctl(PR_SET_MM, PR_SET_MM_ARG_START, start, 0, 0);
}

/* ---------------------------------------------------------- the stdio -- */

static void make_pipes(struct init *in)
{
	int p[3][2];

	for (int i = 0; i < 3; i++)
		if (pipe2(p[i], O_CLOEXEC) != 0)
			init_fail(in->dev, "pipe: %s", strerror(errno));
	in->child[0] = p[0][0];
	in->cmd_in = p[0][1];
	for (int i = 1; i < 3; i++) {
		in->out[i - 1] = p[i][0];
		in->child[i] = p[i][1];
	}
}

/* /dev/pts mounted, /dev/ptmx present: the copy of the host's /dev may
 * lack them (a container, a minimal system). */
static void ensure_devpts(int dev)
{
	struct stat st;

	if (stat("/dev/pts/ptmx", &st) != 0) {
		mkdir("/dev/pts", 0755);
		if (mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
			  "newinstance,ptmxmode=0666,mode=0620") != 0)
			init_fail(dev, "mount devpts on /dev/pts: %s", strerror(errno));
	}
	if (stat("/dev/ptmx", &st) != 0 && symlink("pts/ptmx", "/dev/ptmx") != 0)
		init_fail(dev, "create /dev/ptmx: %s", strerror(errno));
}

static void make_pty(struct init *in)
{
	struct winsize ws = { .ws_row = in->req.rows, .ws_col = in->req.cols };
	int master, slave;
	const char *name;

	ensure_devpts(in->dev);
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
	    !(name = ptsname(master)))
		init_fail(in->dev, "cannot get a pty: %s", strerror(errno));
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		init_fail(in->dev, "open %s: %s", name, strerror(errno));
	/* The command's own terminal, as login gives it. */
	if (fchown(slave, in->req.uid, (gid_t)-1) != 0)
		init_fail(in->dev, "chown %s: %s", name, strerror(errno));
	if (ws.ws_row && ws.ws_col)
		ioctl(master, TIOCSWINSZ, &ws);
	in->cmd_in = in->out[0] = master;
	in->out[1] = -1;
	in->child[0] = in->child[1] = in->child[2] = slave;
}

/* ----------------------------------------------------------- the command -- */

/* Writes "virt: MSG" on the command's stderr (fd 2, once set up). */
__attribute__((format(printf, 1, 2)))
static void command_error(const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_line(msg, "virt: ", fmt, ap);
	va_end(ap);
	if (write(STDERR_FILENO, msg, (size_t)n) < 0)
		return;
}

static void reset_signals(void)
{
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* The caller's ids, all of them, or nothing runs: the init is root, and
 * the command must never be by accident. */
static void become_caller(const struct cappsule_ioc_guest_request *r)
{
	gid_t groups[CAPPSULE_GUEST_GROUPS_MAX];

	for (uint32_t i = 0; i < r->ngroups; i++)
		groups[i] = r->groups[i];
	if (setgroups(r->ngroups, groups) != 0 || setgid(r->gid) != 0 || setuid(r->uid) != 0) {
		command_error("cannot take the caller's ids: %s", strerror(errno));
		_exit(EXEC_EXIT_CAPPSULE);
	}
	if (getuid() != r->uid || geteuid() != r->uid || getgid() != r->gid ||
	    getegid() != r->gid || (r->uid != 0 && setuid(0) == 0)) {
		command_error("the caller's ids did not stick");
		_exit(EXEC_EXIT_CAPPSULE);
	}
}

static void run_command(const struct init *in) __attribute__((noreturn));
static void run_command(const struct init *in)
{
	const char *cmd = in->cmd.argv[0];

	reset_signals();
	setsid();
	if (in->tty && ioctl(STDIN_FILENO, TIOCSCTTY, 0) != 0) {
		command_error("cannot make the pty its terminal: %s", strerror(errno));
		_exit(EXEC_EXIT_CAPPSULE);
	}
	become_caller(&in->req);
	if (chdir(in->cmd.cwd) != 0) {
		command_error("cannot enter the working directory %s in the cappsule: %s",
			      in->cmd.cwd, strerror(errno));
		_exit(EXEC_EXIT_CANNOT_RUN);
	}
	/* execvpe() searches our PATH, not envp's: make envp ours. */
	environ = in->cmd.envp;
	execvp(cmd, in->cmd.argv);
	command_error("%s: %s", cmd, strerror(errno));
	_exit(exec_exit_code_for_exec_errno(errno));
}

/* ------------------------------------------------------------ the reaper -- */

static volatile pid_t command_pid;

/* Signals from the init go to the command's process group. */
static void pass_on(int sig)
{
	pid_t pid = command_pid;

	if (pid > 0 && kill(-pid, sig) != 0)
		kill(pid, sig);
}

static void catch_relayed_signals(void)
{
	struct sigaction sa = { .sa_handler = pass_on, .sa_flags = SA_RESTART };

	for (int sig = 1; sig <= 31; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			sigaction(sig, &sa, NULL);
}

/* Its stdio is the command's; fd 3 the status pipe; fd 4 the file
 * channel if there is one; nothing else. */
static void reaper_fds(const struct init *in)
{
	int status = dup(in->status_wr), fs = in->fs >= 0 ? dup(in->fs) : -1;

	for (int fd = 0; fd < 3; fd++)
		dup2(in->child[fd], fd);
	dup2(status, STATUS_FD);
	fcntl(STATUS_FD, F_SETFD, FD_CLOEXEC);
	if (fs >= 0) {
		dup2(fs, FS_FD);
		fcntl(FS_FD, F_SETFD, FD_CLOEXEC);
	}
	close_range(fs >= 0 ? FS_FD + 1 : STATUS_FD + 1, ~0u, 0);
}

/* The host's files as the policy shows them, as the root. */
static bool own_view(void)
{
	char err[MSG_MAX];

	if (fsview_enter(FS_FD, err, sizeof(err)))
		return true;
	command_error("the file view: %s", err);
	return false;
}

/* A private mount namespace with a /proc of the new PID namespace, so
 * that ps inside shows the cappsule's own processes only. */
static bool own_proc(void)
{
	if (unshare(CLONE_NEWNS) != 0) {
		command_error("unshare(CLONE_NEWNS): %s", strerror(errno));
		return false;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
		command_error("mounting /proc: %s", strerror(errno));
		return false;
	}
	return true;
}

static void report(int wstatus) __attribute__((noreturn));
static void report(int wstatus)
{
	if (write(STATUS_FD, &wstatus, sizeof(wstatus)) != (ssize_t)sizeof(wstatus))
		_exit(EXEC_EXIT_CAPPSULE);
	_exit(0);
}

static void run_reaper(const struct init *in) __attribute__((noreturn));
static void run_reaper(const struct init *in)
{
	sigset_t none;
	int wstatus;
	pid_t pid;

	name_process("cappsule-reaper");
	reaper_fds(in);
	if (!(in->fs >= 0 ? own_view() : own_proc()))
		report(exec_wait_status_exited(EXEC_EXIT_CAPPSULE));
	catch_relayed_signals();
	pid = fork();
	if (pid == 0)
		run_command(in);
	if (pid < 0) {
		command_error("fork: %s", strerror(errno));
		report(exec_wait_status_exited(EXEC_EXIT_CAPPSULE));
	}
	command_pid = pid;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (;;) {
		pid_t done = waitpid(-1, &wstatus, 0);

		if (done == pid)
			report(wstatus);
		if (done < 0 && errno == ECHILD)
			report(exec_wait_status_exited(EXEC_EXIT_CAPPSULE));
	}
}

/* Signals stay blocked from here until the reaper has its handlers and
 * knows the command, so none is lost or kills it. */
static void start_reaper(struct init *in)
{
	sigset_t all;
	int st[2];

	if (pipe2(st, O_CLOEXEC) != 0)
		init_fail(in->dev, "pipe: %s", strerror(errno));
	in->status_rd = st[0];
	in->status_wr = st[1];
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	if (unshare(CLONE_NEWPID) != 0)
		init_fail(in->dev, "unshare(CLONE_NEWPID): %s", strerror(errno));
	in->reaper = fork();
	if (in->reaper == 0)
		run_reaper(in);
	if (in->reaper < 0)
		init_fail(in->dev, "fork: %s", strerror(errno));
	close(in->status_wr);
	if (in->fs >= 0)
		close(in->fs);
	for (int i = 0; i < 3; i++)
		if (i == 0 || in->child[i] != in->child[i - 1])
			close(in->child[i]);
}

/* ------------------------------------------------------------ the relay -- */

static void end_input(struct init *in)
{
	struct termios t;
	char eof;

	in->stdin_closed = true;
	if (!in->tty) {
		close(in->cmd_in);
		in->cmd_in = -1;
		return;
	}
	/* A pty has no end of file: its EOF character does the same for a
	 * reader in canonical mode (as script(1) does). */
	eof = tcgetattr(in->cmd_in, &t) == 0 ? (char)t.c_cc[VEOF] : 4;
	if (write(in->cmd_in, &eof, 1) < 0)
		return;
}

static void feed_command(struct init *in)
{
	size_t len;
	const uint8_t *p = byte_queue_peek(&in->in, &len);
	ssize_t n = len ? write(in->cmd_in, p, len) : 0;

	if (n > 0)
		byte_queue_drop(&in->in, (size_t)n);
	else if (n < 0 && errno == EPIPE) {
		/* It closed its stdin: what comes is for nobody. */
		byte_queue_drop(&in->in, in->in.len);
		in->stdin_ended = true;
	}
	if (in->stdin_ended && !in->stdin_closed && in->in.len == 0)
		end_input(in);
}

static void apply_input(struct init *in, const struct exec_rec *rec)
{
	switch (init_input_decide(rec, in->stdin_ended)) {
	case INIT_INPUT_STDIN:
		byte_queue_push(&in->in, rec->data, rec->len);	/* room checked before the read */
		break;
	case INIT_INPUT_EOF:
		in->stdin_ended = true;
		if (in->in.len == 0)
			end_input(in);
		break;
	case INIT_INPUT_IGNORE:
		break;
	}
}

static void read_device(struct init *in)
{
	ssize_t n = read(in->dev, in->dev_buf, byte_queue_room(&in->in));
	enum exec_proto_err err;
	struct exec_rec rec;
	size_t pos = 0;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0)
		init_fail(in->dev, "reading the device: %s", n ? strerror(errno) : "end of file");
	while ((err = exec_rec_next(in->dev_buf, (size_t)n, &pos, EXEC_REC_TO_CAPPSULE,
				    &rec)) == EXEC_PROTO_OK)
		apply_input(in, &rec);
	if (err != EXEC_PROTO_END)
		init_fail(in->dev, "bad input from the host: %s", exec_proto_strerror(err));
}

/* Signals and a size the host sent out of band (POLLPRI): applied at once,
 * however much stdin waits in the queue. */
static void take_control(struct init *in)
{
	struct cappsule_ioc_guest_control c;
	struct init_control what;
	struct winsize ws;

	memset(&c, 0, sizeof(c));
	if (ioctl(in->dev, CAPPSULE_IOC_GUEST_CONTROL, &c) != 0)
		init_fail(in->dev, "reading signals from the host: %s", strerror(errno));
	init_control_decide(&c, in->tty, &what);
	for (unsigned i = 0; i < what.n_signals; i++)
		kill(in->reaper, what.signals[i]);	/* the reaper passes it on */
	if (what.resize) {
		ws = (struct winsize){ .ws_row = what.rows, .ws_col = what.cols };
		ioctl(in->cmd_in, TIOCSWINSZ, &ws);	/* the pty sends SIGWINCH */
	}
}

/* One read of the command's output i, as one record for the device. */
static void read_output(struct init *in, int i)
{
	uint8_t *data = in->rec + sizeof(struct cappsule_io_rec);
	ssize_t n = read(in->out[i], data, CAPPSULE_IO_REC_MAX);

	if (n > 0) {
		in->rec_len = exec_rec_put(in->rec, sizeof(in->rec), (uint8_t)(CAPPSULE_STREAM_STDOUT + i),
					   data, (uint32_t)n, 0);
		in->rec_off = 0;
		in->progress.output_pending = in->rec_len;
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	/* End of file; EIO from a pty master once no one holds its slave. */
	close(in->out[i]);
	if (in->tty)
		in->cmd_in = -1;
	in->out[i] = -1;
	in->progress.outputs_open--;
}

static void send_output(struct init *in)
{
	ssize_t n = write(in->dev, in->rec + in->rec_off, in->rec_len - in->rec_off);

	if (n > 0) {
		in->rec_off += (size_t)n;
		if (in->rec_off == in->rec_len)
			in->rec_len = in->rec_off = 0;
		in->progress.output_pending = in->rec_len - in->rec_off;
	} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
		init_fail(in->dev, "writing the device: %s", strerror(errno));
	}
}

static void read_status(struct init *in)
{
	ssize_t n = read(in->status_rd, &in->wstatus, sizeof(in->wstatus));

	if (n < 0 && errno == EINTR)
		return;
	if (n != (ssize_t)sizeof(in->wstatus)) {
		/* The reaper died without a word: say so, keep relaying. */
		in->wstatus = exec_wait_status_exited(EXEC_EXIT_CAPPSULE);
	}
	close(in->status_rd);
	in->status_rd = -1;
	in->progress.status_known = true;
}

enum { P_DEV, P_IN, P_OUT, P_ERR, P_STATUS, P_COUNT };

static void relay_step(struct init *in)
{
	bool can_take = byte_queue_room(&in->in) >= sizeof(struct cappsule_io_rec) + CAPPSULE_IO_REC_MAX;
	bool idle = in->rec_len == 0;
	struct pollfd p[P_COUNT] = {
		[P_DEV] = { .fd = in->dev,
			    .events = POLLPRI | (can_take ? POLLIN : 0) | (idle ? 0 : POLLOUT) },
		[P_IN] = { .fd = in->in.len && !in->stdin_closed ? in->cmd_in : -1,
			   .events = POLLOUT },
		[P_OUT] = { .fd = idle ? in->out[0] : -1, .events = POLLIN },
		[P_ERR] = { .fd = idle ? in->out[1] : -1, .events = POLLIN },
		[P_STATUS] = { .fd = in->status_rd, .events = POLLIN },
	};

	if (poll(p, P_COUNT, -1) < 0) {
		if (errno != EINTR)
			init_fail(in->dev, "poll: %s", strerror(errno));
		return;
	}
	if (p[P_DEV].revents & POLLPRI)
		take_control(in);
	if (p[P_DEV].revents & POLLOUT)
		send_output(in);
	if (p[P_DEV].revents & (POLLIN | POLLHUP | POLLERR))
		read_device(in);
	if (p[P_IN].revents && in->cmd_in >= 0)
		feed_command(in);
	for (int i = 0; i < 2; i++)
		if (p[P_OUT + i].revents && in->out[i] >= 0 && in->rec_len == 0)
			read_output(in, i);
	if (p[P_STATUS].revents)
		read_status(in);
}

static void set_nonblocking(int dev, int fd)
{
	if (fd >= 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
		init_fail(dev, "fcntl: %s", strerror(errno));
}

/* ------------------------------------------------------------------ main -- */

void cappsule_init_main(int dev, uint32_t id)
{
	static struct init in;

	memset(&in, 0, sizeof(in));
	in.dev = dev;
	in.id = id;
	in.status_rd = in.status_wr = in.cmd_in = in.out[0] = in.out[1] = in.fs = -1;
	drop_host_fds(dev);
	name_process("cappsule-init");
	set_nonblocking(dev, dev);
	fetch_request(&in);
	set_hostname(&in);
	if (in.tty)
		make_pty(&in);
	else
		make_pipes(&in);
	in.progress.outputs_open = in.tty ? 1 : 2;
	start_reaper(&in);
	for (int fd = 0; fd < 2; fd++)
		set_nonblocking(dev, in.out[fd]);
	if (!in.tty)
		set_nonblocking(dev, in.cmd_in);
	while (!init_finished(&in.progress))
		relay_step(&in);
	waitpid(in.reaper, NULL, 0);
	guest_exit(dev, in.wstatus);
}
