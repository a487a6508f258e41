/*
 * faultshim.c: an LD_PRELOAD library for the fault tests.  It makes the
 * Nth call of a kind fail as a full or failing disk would, or kills the
 * process right there, so a test can walk a fault through every write
 * of an apply, one run per N, with no sleep and no luck involved.
 *
 *	FC_FAULT=kind:n:what
 *		kind	write (write, pwrite, pwrite64), sync (fsync,
 *			fdatasync) or send (send, as libpq talks)
 *		n	the call to hit, counting from 1; "n+" hits that
 *			one and every one after it (a disk that stays full)
 *		what	ENOSPC or EIO: the call fails with it, having done
 *			nothing; KILL: SIGKILL before the call; KILLAFTER:
 *			SIGKILL once it returns (a COMMIT sent, its answer
 *			not read); RUN: runs $FC_FAULT_RUN with sh -c, then
 *			makes the call
 *	FC_FAULT_PATH=pattern
 *		counts only calls on a descriptor whose path (readlink
 *		of /proc/self/fd/N) matches, as fnmatch(3) without flags;
 *		unset or empty, every call counts
 *	FC_FAULT_LOG=file
 *		appends "kind n path what" for each fault, before it
 *
 * Calls the shim makes itself (the log, the readlink) are not counted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

enum kind { K_WRITE, K_SYNC, K_SEND, K_NONE };
static const char *const kinds[] = { "write", "sync", "send" };

static struct {
	int		 ready;
	enum kind	 kind;
	long		 n;
	int		 plus;
	int		 err;		/* 0: kill or run */
	int		 after;		/* kill after the call */
	int		 run;
	const char	*path;
	const char	*log;
	long		 calls;
} f;

static ssize_t	(*real_write)(int, const void *, size_t);
static ssize_t	(*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t	(*real_pwrite64)(int, const void *, size_t, off64_t);
static int	(*real_fsync)(int);
static int	(*real_fdatasync)(int);
static ssize_t	(*real_send)(int, const void *, size_t, int);

static void
setup(void)
{
	const char *s;
	char *end, what[16];
	int i;

	if (f.ready)
		return;
	f.ready = 1;
	f.kind = K_NONE;
	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
	real_fsync = dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	real_send = dlsym(RTLD_NEXT, "send");
	if ((s = getenv("FC_FAULT")) == NULL)
		return;
	for (i = 0; i < K_NONE; i++)
		if (strncmp(s, kinds[i], strlen(kinds[i])) == 0 &&
		    s[strlen(kinds[i])] == ':')
			break;
	if (i == K_NONE)
		return;
	s += strlen(kinds[i]) + 1;
	f.n = strtol(s, &end, 10);
	if (end == s || f.n < 1)
		return;
	if (*end == '+') {
		f.plus = 1;
		end++;
	}
	if (*end != ':' || strlen(end + 1) >= sizeof(what))
		return;
	strcpy(what, end + 1);
	if (strcmp(what, "ENOSPC") == 0)
		f.err = ENOSPC;
	else if (strcmp(what, "EIO") == 0)
		f.err = EIO;
	else if (strcmp(what, "RUN") == 0)
		f.run = 1;
	else if (strcmp(what, "KILLAFTER") == 0)
		f.after = 1;
	else if (strcmp(what, "KILL") != 0)
		return;
	if ((f.path = getenv("FC_FAULT_PATH")) != NULL && *f.path == '\0')
		f.path = NULL;
	f.log = getenv("FC_FAULT_LOG");
	f.kind = (enum kind)i;
}

/* 0: make the call; 1: make it, then die; -1: fail it, errno set. */
static int
hit(enum kind k, int fd)
{
	char proc[64], path[4096], line[4200];
	ssize_t n;
	int saved = errno, lfd;

	setup();
	if (k != f.kind)
		return 0;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if ((n = readlink(proc, path, sizeof(path) - 1)) == -1)
		n = 0;
	path[n] = '\0';
	if (f.path != NULL && fnmatch(f.path, path, 0) != 0)
		return 0;
	f.calls++;
	if (f.calls < f.n || (f.calls > f.n && !f.plus))
		return 0;
	if (f.log != NULL &&
	    (lfd = open(f.log, O_WRONLY | O_APPEND | O_CREAT, 0666)) != -1) {
		n = snprintf(line, sizeof(line), "%s %ld %s %s\n", kinds[k],
		    f.calls, path, f.err == ENOSPC ? "ENOSPC" :
		    f.err == EIO ? "EIO" : f.run ? "RUN" :
		    f.after ? "KILLAFTER" : "KILL");
		(void)real_write(lfd, line, (size_t)n);
		close(lfd);
	}
	if (f.run) {
		/* the command is not to be faulted itself */
		unsetenv("LD_PRELOAD");
		if (system(getenv("FC_FAULT_RUN")) == -1)
			abort();
		errno = saved;
		return 0;
	}
	if (f.after) {
		errno = saved;
		return 1;
	}
	if (f.err == 0)
		raise(SIGKILL);
	errno = f.err;
	return -1;
}

/* The call's result, unless it was to be the last thing done. */
static ssize_t
done(int how, ssize_t rv)
{
	if (how == 1)
		raise(SIGKILL);
	return rv;
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	int how;

	if ((how = hit(K_WRITE, fd)) == -1)
		return -1;
	return done(how, real_write(fd, buf, len));
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	int how;

	if ((how = hit(K_WRITE, fd)) == -1)
		return -1;
	return done(how, real_pwrite(fd, buf, len, off));
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	int how;

	if ((how = hit(K_WRITE, fd)) == -1)
		return -1;
	return done(how, real_pwrite64(fd, buf, len, off));
}

int
fsync(int fd)
{
	int how;

	if ((how = hit(K_SYNC, fd)) == -1)
		return -1;
	return (int)done(how, real_fsync(fd));
}

int
fdatasync(int fd)
{
	int how;

	if ((how = hit(K_SYNC, fd)) == -1)
		return -1;
	return (int)done(how, real_fdatasync(fd));
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	int how;

	if ((how = hit(K_SEND, fd)) == -1)
		return -1;
	return done(how, real_send(fd, buf, len, flags));
}
