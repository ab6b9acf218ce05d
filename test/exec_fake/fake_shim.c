// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in for the host shim's exec transport, so that `virt exec`'s
 * relay (tools/virt_exec.c) and the cappsule's init (tools/cappsule_init.c)
 * run against each other on an ordinary Linux: the "cappsule" is a child
 * process in its own UTS namespace, the device two SOCK_SEQPACKET pairs.
 * Host writes become STDIN records, STDIN_EOF an EOF record, the init's
 * records go to the host as they are, and GUEST_EXIT's wait status becomes
 * EXEC_STATUS after the last output. SIGNAL and WINSIZE go out of band as
 * in the shim: the host side posts them straight into a live area shared
 * with the "cappsule" (hostshim/exec_live.c, the shim's own code), and
 * the init's poll looks at the area (every 10 ms: the init closes every
 * fd but its device, so no fd could wake it) to report POLLPRI. No
 * file view: the command sees this system's files. Needs root (the init
 * makes namespaces and mounts /proc).
 *
 * Usage: exec_fake [-t|-T] CMD [ARG...]; FAKE_UID, FAKE_GID: the ids the
 * command gets (default: ours).
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hostshim/exec_live.h"
#include "tools/cappsule_init.h"
#include "tools/exec_proto.h"
#include "tools/virt_exec.h"
#include "tools/virt_fs.h"
#include "test/exec_fake/fake_dev.h"

#undef ioctl
#undef read
#undef poll

#define CTL "CTL!"
#define STS "STS!"
#define PKT_MAX (sizeof(struct cappsule_io_rec) + CAPPSULE_IO_REC_MAX)

static int host_end = -1, shim_end = -1;
static struct cappsule_ioc_guest_request request;
static char request_blob[CAPPSULE_EXEC_BLOB_MAX];
static struct cappsule_ioc_exec_status status;

/* The out-of-band path: the live area (shared memory), its writer on the
 * host side, its reader in the "cappsule". */
#define LIVE_LOOK_MS 10
static void *live_area;
static struct exec_live_writer live_writer;
static struct exec_live_reader live_reader;
static int guest_dev = -1;

int fake_device_open(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		return -errno;
	host_end = sv[0];
	shim_end = sv[1];
	return host_end;
}

/* ---------------------------------------------------------------- shim -- */

struct queue {
	unsigned n, next;
	size_t len[20];
	unsigned char pkt[20][PKT_MAX];
};

static void queue_record(struct queue *q, uint8_t stream, const void *data, uint32_t len,
			 uint32_t value)
{
	q->len[q->n] = exec_rec_put(q->pkt[q->n], PKT_MAX, stream, data, len, value);
	q->n++;
}

/* A host packet: the end of stdin, or stdin bytes cut into records. */
static void from_host(struct queue *q, const unsigned char *p, size_t n)
{
	q->n = q->next = 0;
	if (n >= 5 && memcmp(p, CTL, 4) == 0) {
		queue_record(q, CAPPSULE_STREAM_EOF, NULL, 0, 0);
		return;
	}
	for (size_t off = 0; off < n; off += CAPPSULE_IO_REC_MAX)
		queue_record(q, CAPPSULE_STREAM_STDIN, p + off,
			     (uint32_t)(n - off < CAPPSULE_IO_REC_MAX ? n - off : CAPPSULE_IO_REC_MAX), 0);
}

static bool send_queue(int fd, struct queue *q)
{
	while (q->next < q->n) {
		if (send(fd, q->pkt[q->next], q->len[q->next], MSG_DONTWAIT) < 0)
			return errno == EAGAIN;
		q->next++;
	}
	return true;
}

/* The "cappsule" ends with stdin packets still queued for it: its socket
 * reports ECONNRESET once, ahead of the last packets it sent (its exit
 * status among them); they follow on the next call. */
static ssize_t recv_from_guest(int g, void *buf, size_t cap)
{
	ssize_t n = recv(g, buf, cap, 0);

	if (n < 0 && errno == ECONNRESET)
		n = recv(g, buf, cap, 0);
	return n;
}

static void run_shim(int g, pid_t guest) __attribute__((noreturn));
static void run_shim(int g, pid_t guest)
{
	static unsigned char buf[CAPPSULE_EXEC_BLOB_MAX * 5];
	static struct queue to_g, to_h;
	bool ending = false;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = shim_end, .events = (to_g.next == to_g.n || ending ? POLLIN : 0) |
						    (to_h.next < to_h.n ? POLLOUT : 0) },
			{ .fd = ending ? -1 : g, .events = (to_h.next == to_h.n ? POLLIN : 0) |
					     (to_g.next < to_g.n ? POLLOUT : 0) },
		};
		ssize_t n;

		poll(p, 2, -1);
		if (p[0].revents & (POLLHUP | POLLERR))
			break;	/* the host closed the device: kill the cappsule */
		if ((p[0].revents & POLLIN) && (n = recv(shim_end, buf, sizeof(buf), 0)) > 0 &&
		    !ending)
			from_host(&to_g, buf, (size_t)n);
		if ((p[1].revents & POLLIN) && (n = recv_from_guest(g, buf, PKT_MAX)) > 0) {
			to_h.n = 1;
			to_h.next = 0;
			to_h.len[0] = (size_t)n;
			memcpy(to_h.pkt[0], buf, (size_t)n);
			if (n >= 4 && memcmp(buf, CTL, 4) == 0) {
				memcpy(to_h.pkt[0], STS, 4);
				ending = true;
			}
		} else if (p[1].revents & POLLHUP) {
			break;
		}
		send_queue(g, &to_g);
		if (!send_queue(shim_end, &to_h))
			break;
		/* Ended: stdin goes nowhere until the host closes the device
		 * (dropping it unread would make its next read fail). */
		if (ending && to_h.next == to_h.n)
			to_g.n = to_g.next = 0;
	}
	kill(guest, SIGKILL);
	waitpid(guest, NULL, 0);
	_exit(0);
}

/* The live area, before any fork: all three processes see it. */
static int make_live_area(void)
{
	live_area = mmap(NULL, sizeof(struct exec_window_live), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (live_area == MAP_FAILED)
		return -1;
	exec_live_writer_init(&live_writer, live_area);
	exec_live_reader_init(&live_reader, live_area);
	return 0;
}

/* EXEC: the "cappsule" is a child of the shim process. */
static int start(const struct cappsule_ioc_exec *req)
{
	int g[2];
	pid_t shim, guest;

	if (make_live_area() != 0)
		return -1;
	memcpy(request_blob, (const void *)(uintptr_t)req->blob, req->blob_len);
	request = (struct cappsule_ioc_guest_request){
		.id = 1, .flags = req->flags & ~CAPPSULE_EXEC_FS,
		.rows = req->rows, .cols = req->cols,
		.argc = req->argc, .envc = req->envc, .blob_len = req->blob_len,
		.uid = getenv("FAKE_UID") ? (uint32_t)atoi(getenv("FAKE_UID")) : getuid(),
		.gid = getenv("FAKE_GID") ? (uint32_t)atoi(getenv("FAKE_GID")) : getgid(),
	};
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, g) != 0)
		return -1;
	shim = fork();
	if (shim != 0) {
		close(g[0]);
		close(g[1]);
		close(shim_end);
		return shim < 0 ? -1 : 0;
	}
	close(host_end);
	setsid();	/* the shim is the kernel: signals for virt's group are not for it */
	guest = fork();
	if (guest == 0) {
		close(g[1]);
		close(shim_end);
		if (unshare(CLONE_NEWUTS) != 0)
			_exit(99);
		guest_dev = g[0];
		cappsule_init_main(g[0], 1);
	}
	close(g[0]);
	run_shim(g[1], guest);
}

/* ----------------------------------------------------------- the calls -- */

static int control(int fd, char op, uint32_t v)
{
	char pkt[9] = CTL;

	pkt[4] = op;
	memcpy(pkt + 5, &v, 4);
	return send(fd, pkt, sizeof(pkt), 0) == (ssize_t)sizeof(pkt) ? 0 : -1;
}

/* SIGNAL, WINSIZE on the host side: as the shim does, never waiting. */
static int post_live(unsigned long req, uint32_t v)
{
	bool ok = req == CAPPSULE_IOC_SIGNAL ? exec_live_post_signal(&live_writer, v)
					     : exec_live_post_winsize(&live_writer, v);

	if (ok)
		return 0;
	errno = EINVAL;
	return -1;
}

static int take_live(struct cappsule_ioc_guest_control *c)
{
	struct exec_live_news n;

	exec_live_take(&live_reader, &n);
	*c = (struct cappsule_ioc_guest_control){ .signals = n.signals, .rows = n.rows,
						  .cols = n.cols };
	return 0;
}

static int guest_call(int fd, unsigned long req, void *arg)
{
	if (req == CAPPSULE_IOC_GUEST_CONTROL)
		return take_live(arg);
	if (req == CAPPSULE_IOC_GUEST_REQUEST) {
		struct cappsule_ioc_guest_request *r = arg;
		uint64_t buf = r->blob;

		*r = request;
		r->blob = buf;
		memcpy((void *)(uintptr_t)buf, request_blob, request.blob_len);
		return 0;
	}
	/* GUEST_EXIT: the wait status, then this "cappsule" is over. */
	control(fd, 'X', *(uint32_t *)arg);
	_exit(0);
}

int fake_require_abi(int fd)
{
	return fd;
}

int fake_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	switch (req) {
	case CAPPSULE_IOC_EXEC:
		((struct cappsule_ioc_exec *)arg)->id = 1;
		return start(arg);
	case CAPPSULE_IOC_STDIN_EOF:
		return control(fd, 'E', 0);
	case CAPPSULE_IOC_SIGNAL:
	case CAPPSULE_IOC_WINSIZE:
		return post_live(req, *(uint32_t *)arg);
	case CAPPSULE_IOC_EXEC_STATUS:
		*(struct cappsule_ioc_exec_status *)arg = status;
		return 0;
	case CAPPSULE_IOC_GUEST_REQUEST:
	case CAPPSULE_IOC_GUEST_CONTROL:
	case CAPPSULE_IOC_GUEST_EXIT:
		return guest_call(fd, req, arg);
	}
	return ioctl(fd, req, arg);
}

/* The host's reads: the last packet carries the wait status. */
ssize_t fake_read(int fd, void *buf, size_t n)
{
	ssize_t got = read(fd, buf, n);
	uint32_t ws;

	if (fd != host_end || got < 9 || memcmp(buf, STS, 4) != 0)
		return got;
	memcpy(&ws, (char *)buf + 5, 4);
	status.kind = WIFSIGNALED(ws) ? CAPPSULE_EXEC_SIGNALED : CAPPSULE_EXEC_EXITED;
	status.code = WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws);
	return 0;
}

/* The init's poll (it waits for ever): POLLPRI on its device while the
 * live area has news, looked at between slices of a real poll. */
int fake_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	nfds_t dev = n;

	for (nfds_t i = 0; i < n; i++)
		if (fds[i].fd == guest_dev && guest_dev >= 0 && (fds[i].events & POLLPRI))
			dev = i;
	if (dev == n || timeout >= 0)
		return poll(fds, n, timeout);
	for (;;) {
		bool news = exec_live_pending(&live_reader);
		int got = poll(fds, n, news ? 0 : LIVE_LOOK_MS);

		if (got < 0)
			return got;
		if (got == 0 && !news)
			continue;
		if (news) {
			got += fds[dev].revents == 0;
			fds[dev].revents |= POLLPRI;
		}
		return got;
	}
}

/* The file view is not faked: nothing to prepare, no server. */
int fake_fs_prepare(const struct virt_fs_request *rq, struct virt_fs *fs)
{
	(void)rq;
	memset(fs, 0, sizeof(*fs));
	fs->server = -1;
	return 0;
}

int fake_fs_start(struct virt_fs *fs, int dev)
{
	(void)fs;
	(void)dev;
	return 0;
}

void fake_fs_finish(struct virt_fs *fs)
{
	(void)fs;
}

int main(int argc, char **argv)
{
	struct virt_exec_opts o = { .tty = VIRT_EXEC_TTY_AUTO };
	int i = 1;

	if (i < argc && strcmp(argv[i], "-t") == 0)
		o.tty = VIRT_EXEC_TTY_ON, i++;
	else if (i < argc && strcmp(argv[i], "-T") == 0)
		o.tty = VIRT_EXEC_TTY_OFF, i++;
	if (i >= argc) {
		fputs("usage: exec_fake [-t|-T] CMD [ARG...]\n", stderr);
		return 2;
	}
	return virt_exec_run(argv + i, (size_t)(argc - i), &o);
}
