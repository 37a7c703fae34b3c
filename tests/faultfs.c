/*
 * An LD_PRELOAD shim for the fault tests (tests/golden/integrity.sh): it
 * makes chosen file-system calls fail with a chosen errno, as a full disk
 * or an NFS server does, for files whose path matches a pattern. Never
 * linked into progrep.
 *
 *   FAULTFS_PATH   fnmatch(3) pattern ('*' crosses '/') of the path: of the
 *                  file an fd is open on (from /proc/self/fd), of rename's
 *                  target, of the folder syncfs is given
 *   FAULTFS_OPS    comma-separated: write,close,fsync,fdatasync,syncfs,
 *                  rename,fflush,fclose (fflush/fclose cover stdio, whose
 *                  own writes do not go through write())
 *   FAULTFS_ERRNO  the errno number (default 28, ENOSPC)
 *   FAULTFS_NTH    fail only the Nth matching call of each process (1 =
 *                  the first); unset or 0: every matching call
 *   FAULTFS_HOLD   a file: instead of failing, a matching call creates
 *                  FILE.held and waits (up to 60 s) until FILE is removed,
 *                  then goes on; for a test to act while a run is inside
 *                  that call (holding its locks, say)
 *
 * A failing close or fclose still closes, as the kernel does on EIO.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int op_listed(const char *op)
{
	const char *ops = getenv("FAULTFS_OPS"), *p;
	size_t n = strlen(op);

	for (p = ops; p && (p = strstr(p, op)) != NULL; p += n)
		if ((p == ops || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* FAULTFS_HOLD: announce, then wait for the test to let go. */
static void hold(const char *file)
{
	char held[4096];
	FILE *f;
	int i;

	snprintf(held, sizeof(held), "%s.held", file);
	if ((f = fopen(held, "w")) != NULL)
		fclose(f);
	for (i = 0; i < 6000 && access(file, F_OK) == 0; i++)
		usleep(10000);
}

/* Whether this call of op on path fails; counts the matching calls. */
static int should_fail(const char *op, const char *path)
{
	static long seen;
	const char *pat = getenv("FAULTFS_PATH"), *nth = getenv("FAULTFS_NTH");

	if (!pat || !path || !op_listed(op) || fnmatch(pat, path, 0) != 0)
		return 0;
	seen++;
	if (nth && atol(nth) != 0 && atol(nth) != seen)
		return 0;
	if (getenv("FAULTFS_HOLD")) {
		hold(getenv("FAULTFS_HOLD"));
		return 0;
	}
	return 1;
}

static int fault_errno(void)
{
	const char *e = getenv("FAULTFS_ERRNO");

	return e ? atoi(e) : ENOSPC;
}

static int fd_fails(const char *op, int fd)
{
	char link[64], path[4096];
	ssize_t n;

	if (!getenv("FAULTFS_PATH"))
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	return should_fail(op, path);
}

/* The next definition of name, in var; memcpy because ISO C has no cast
 * from dlsym's object pointer to a function pointer. */
#define REAL(var, name)                                  \
	do {                                             \
		void *sym_ = dlsym(RTLD_NEXT, name);     \
		memcpy(&(var), &sym_, sizeof(var));      \
	} while (0)

ssize_t write(int fd, const void *buf, size_t n)
{
	ssize_t (*real)(int, const void *, size_t);

	if (fd_fails("write", fd)) {
		errno = fault_errno();
		return -1;
	}
	REAL(real, "write");
	return real(fd, buf, n);
}

int close(int fd)
{
	int (*real)(int);
	int fail = fd_fails("close", fd), rc;

	REAL(real, "close");
	rc = real(fd);

	if (fail) {
		errno = fault_errno();
		return -1;
	}
	return rc;
}

static int sync_call(const char *op, int fd)
{
	int (*real)(int);

	if (fd_fails(op, fd)) {
		errno = fault_errno();
		return -1;
	}
	REAL(real, op);
	return real(fd);
}

int fsync(int fd)
{
	return sync_call("fsync", fd);
}

int fdatasync(int fd)
{
	return sync_call("fdatasync", fd);
}

int syncfs(int fd)
{
	return sync_call("syncfs", fd);
}

int rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *);

	if (should_fail("rename", to)) {
		errno = fault_errno();
		return -1;
	}
	REAL(real, "rename");
	return real(from, to);
}

int fflush(FILE *f)
{
	int (*real)(FILE *);

	if (f && fd_fails("fflush", fileno(f))) {
		errno = fault_errno();
		return EOF;
	}
	REAL(real, "fflush");
	return real(f);
}

int fclose(FILE *f)
{
	int (*real)(FILE *);
	int fail = fd_fails("fclose", fileno(f)), rc;

	REAL(real, "fclose");
	rc = real(f);

	if (fail) {
		errno = fault_errno();
		return EOF;
	}
	return rc;
}
