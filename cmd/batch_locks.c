/* syncfs: Linux; elsewhere sync() does the same for every file system */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/batch.h"
#include "core/util/xalloc.h"

/*
 * Locks where the files land. Two runs whose patterns differ but reach
 * the same files (out/{period}/{code}.pdf and out/2019/{code}.pdf) have
 * different roots, so one lock at the root let both write, and each
 * manifest then listed files the other had replaced. Each run therefore
 * locks every folder it writes into (the lock file of lock.c there). The
 * folders are locked in sorted order and without waiting: a run that
 * finds one held gives up at once and releases what it took, so two runs
 * never hold each other's locks waiting, and the second one exits 3.
 */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder of path, xmalloc'd ("." for a bare name). */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	char *d;

	if (!slash)
		return xstrdup(".");
	if (len == 0)
		return xstrdup("/");
	d = xmalloc(len + 1);
	memcpy(d, path, len);
	d[len] = '\0';
	return d;
}

/* The distinct folders of paths[0..n), sorted, in l->dir. */
static void collect(struct batch_locks *l, char *const *paths, size_t n)
{
	size_t i, k = 0;

	l->dir = xcalloc(n ? n : 1, sizeof(*l->dir));
	for (i = 0; i < n; i++)
		l->dir[i] = folder_of(paths[i]);
	qsort(l->dir, n, sizeof(*l->dir), cmp_str);
	for (i = 0; i < n; i++) {
		if (k > 0 && strcmp(l->dir[k - 1], l->dir[i]) == 0) {
			free(l->dir[i]);
			continue;
		}
		l->dir[k++] = l->dir[i];
	}
	l->n = k;
	l->fd = xcalloc(k ? k : 1, sizeof(*l->fd));
	for (i = 0; i < k; i++)
		l->fd[i] = -1;
}

void batch_lock_error(struct diag *errs, const char *lock, long holder)
{
	static const struct src_pos nowhere = {NULL, 0, 0};

	if (errno == EWOULDBLOCK && holder)
		diag_error(errs, nowhere, "another progrep run holds the lock '%s' (pid %ld)", lock,
			   holder);
	else if (errno == EWOULDBLOCK)
		diag_error(errs, nowhere, "another progrep run holds the lock '%s'", lock);
	else
		diag_errno(errs, nowhere, "cannot lock '%s'", lock);
}

/* One descriptor per folder stays open for the run: a pattern with a
 * folder per region can need more than the usual soft limit of 1024, so
 * raise it towards the hard limit. Past that, lock_acquire fails with
 * EMFILE and the run stops with "cannot lock": no folder goes unlocked. */
static void room_for(size_t nfd)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)nfd + 256;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

int batch_locks_take(struct batch_locks *l, char *const *paths, size_t n, const char *name,
		     struct diag *errs)
{
	size_t i;
	long holder;
	char *lock;

	collect(l, paths, n);
	room_for(l->n);
	for (i = 0; i < l->n; i++) {
		lock = xmalloc(strlen(l->dir[i]) + strlen(name) + 2);
		strcat(strcat(strcpy(lock, l->dir[i]), "/"), name);
		l->fd[i] = lock_acquire(lock, &holder);
		if (l->fd[i] < 0)
			batch_lock_error(errs, lock, holder);
		free(lock);
		if (l->fd[i] < 0) {
			batch_locks_release(l);
			return -1;
		}
	}
	return 0;
}

/* Was a folder on the same file system as fd synced already? */
static int synced_dev(const struct batch_locks *l, size_t upto, dev_t dev)
{
	struct stat st;
	size_t i;

	for (i = 0; i < upto; i++)
		if (fstat(l->fd[i], &st) == 0 && st.st_dev == dev)
			return 1;
	return 0;
}

int batch_locks_sync(const struct batch_locks *l, const char **dir)
{
#ifdef __linux__
	struct stat st;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (fstat(l->fd[i], &st) == 0 && synced_dev(l, i, st.st_dev))
			continue;
		if (syncfs(l->fd[i]) != 0) {
			*dir = l->dir[i];
			return -1;
		}
	}
#else
	(void)l;
	(void)dir;
	sync();
#endif
	return 0;
}

void batch_locks_release(struct batch_locks *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		lock_release(l->fd[i]);
		free(l->dir[i]);
	}
	free(l->fd);
	free(l->dir);
	memset(l, 0, sizeof(*l));
}
