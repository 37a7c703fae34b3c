#include "core/util/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/xalloc.h"

/* Six name characters, like mkstemp's, from the clock, the process and a
 * counter: unique enough that O_EXCL rarely has to try again. */
static void fill_suffix(char *x)
{
	static const char chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long counter;
	struct timespec ts;
	unsigned long long v;
	int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	v = (unsigned long long)ts.tv_nsec * 2654435761u ^ (unsigned long long)ts.tv_sec << 20 ^
	    (unsigned long long)getpid() << 32 ^ ++counter * 0x9E3779B97F4A7C15ull;
	for (i = 0; i < 6; i++, v /= 62)
		x[i] = chars[v % 62];
}

static void release(struct afile *af)
{
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof(*af));
	af->fd = -1;
}

/* open() rather than mkstemp(): the kernel then applies the umask to 0666,
 * which is what a report, config or database should get, without reading
 * the process-wide umask (umask(0) and back would race other threads). */
int afile_open(struct afile *af, const char *path, int flags)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path + 1) : 0, n = strlen(path);
	int tries;

	memset(af, 0, sizeof(*af));
	af->fd = -1;
	/* Everything allocated before the file exists: out of memory exits
	 * (xalloc.h), and must not leave a temporary file behind. */
	af->path = xstrdup(path);
	af->tmp = xmalloc(n + 9);
	/* ".NAME.XXXXXX" in the folder of path (cmd/batch_files.c) */
	memcpy(af->tmp, path, dl);
	af->tmp[dl] = '.';
	memcpy(af->tmp + dl + 1, path + dl, n - dl);
	af->tmp[n + 1] = '.';
	af->tmp[n + 8] = '\0';
	for (tries = 0; tries < 100 && af->fd < 0; tries++) {
		fill_suffix(af->tmp + n + 2);
		af->fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (af->fd < 0 && errno != EEXIST)
			break;
	}
	if (af->fd < 0) {
		int e = errno;

		release(af);
		errno = e;
		return -1;
	}
	/* Marks the file as in use for afile_is_stale. A file system
	 * without flock leaves it unmarked: then only age protects it. */
	(void)flock(af->fd, LOCK_EX | LOCK_NB);
	af->flags = flags;
	return 0;
}

FILE *afile_stream(struct afile *af)
{
	if (!af->f)
		af->f = fdopen(af->fd, "w");
	return af->f;
}

int afile_write(struct afile *af, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t k;

	while (n > 0) {
		k = write(af->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = ENOSPC;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Sync the folder of the temporary file (the final one's), named by
 * cutting tmp at its last slash: nothing is allocated once the file is in
 * place, so running out of memory cannot fail a run that wrote its file.
 * Best effort: the rename is done; a failure here only means it may not
 * survive a power cut, which the caller cannot repair either. */
static void sync_dir(char *tmp)
{
	char *slash = strrchr(tmp, '/');
	const char *dir = ".";
	int fd;

	if (slash == tmp)
		dir = "/";
	else if (slash)
		*slash = '\0', dir = tmp;
	fd = open(dir, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Get the bytes to the file and close it; the first errno, or 0. */
static int finish(struct afile *af)
{
	int err = 0;

	/* ferror: a write that failed earlier may have left nothing to flush */
	if (af->f && (fflush(af->f) != 0 || ferror(af->f)))
		err = errno ? errno : EIO;
	if (!err && (af->flags & AFILE_SYNC_FILE) && fsync(af->fd) != 0)
		err = errno;
	if (af->f) {
		if (fclose(af->f) != 0 && !err)
			err = errno;
	} else if (close(af->fd) != 0 && !err) {
		err = errno;
	}
	af->f = NULL;
	af->fd = -1;
	return err;
}

int afile_commit(struct afile *af)
{
	int err = finish(af);

	if (!err && rename(af->tmp, af->path) != 0)
		err = errno;
	if (err) {
		unlink(af->tmp);
	} else if (af->flags & AFILE_SYNC_DIR) {
		sync_dir(af->tmp);
	}
	release(af);
	errno = err;
	return err ? -1 : 0;
}

void afile_abort(struct afile *af)
{
	int e = errno;

	if (af->f)
		fclose(af->f);
	else if (af->fd >= 0)
		close(af->fd);
	if (af->tmp)
		unlink(af->tmp);
	release(af);
	errno = e;
}

int afile_is_temp_of(const char *name, const char *base)
{
	size_t len = strlen(name), bl = strlen(base);

	return len == bl + 8 && name[0] == '.' && memcmp(name + 1, base, bl) == 0 &&
	       name[bl + 1] == '.';
}

int afile_is_stale(const char *tmp)
{
	int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), stale = 0;
	struct stat st;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    time(NULL) - st.st_mtime >= AFILE_STALE_AGE)
		stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return stale;
}

/* The folder part of path ("." when none) and the name after it. */
static char *split_dir(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	*base = slash ? slash + 1 : path;
	if (!slash)
		return xstrdup(".");
	dir = xstrdup(path);
	dir[slash == path ? 1 : slash - path] = '\0';
	return dir;
}

int afile_clean(const char *path)
{
	const char *base;
	char *dir = split_dir(path, &base), *p;
	struct dirent *e;
	int n = 0;
	DIR *dp = opendir(dir);

	while (dp && (e = readdir(dp)) != NULL) {
		if (!afile_is_temp_of(e->d_name, base))
			continue;
		p = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		strcat(strcat(strcpy(p, dir), "/"), e->d_name);
		if (afile_is_stale(p) && unlink(p) == 0)
			n++;
		free(p);
	}
	if (dp)
		closedir(dp);
	free(dir);
	return n;
}
