#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/batch.h"

/*
 * The run lock: flock(2) on a file, so the kernel drops it when the holder
 * dies however it dies (kill -9 included); no stale lock to clean up. The
 * holder writes its pid into the file for the message of the next run.
 * The file is never removed: removing it would let a third run lock a new
 * file while the second still holds the old one.
 *
 * The output folder may be shared, so the lock path may be planted: it is
 * opened without following a symlink and used only when it is a regular
 * file with one link, else a symlink or hard link to any file the batch
 * account can write would be truncated by the pid write.
 */

static long read_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int lock_acquire(const char *path, long *holder)
{
	char pid[32];
	int fd, len;
	struct stat st;

	*holder = 0;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int err = errno;
		if (err == EWOULDBLOCK)
			*holder = read_pid(fd);
		close(fd);
		errno = err;
		return -1;
	}
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		/* The pid is only for messages: the lock holds without it. */
	}
	return fd;
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
