#include "core/util/namecoll.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/xalloc.h"

/* Six characters after the name, as afile's temporary files have, so a
 * probe a killed run left is removed like one of them (afile_clean). */
#define PROBE_TAG "Cc0prb"

static int posix_create(void *ctx, const char *path, const char *mark)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600), e;
	size_t n = strlen(mark);

	(void)ctx;
	if (fd < 0)
		return -1;
	if (write(fd, mark, n) != (ssize_t)n) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

static int posix_read(void *ctx, const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	ssize_t n;

	(void)ctx;
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static void posix_remove(void *ctx, const char *path)
{
	(void)ctx;
	unlink(path);
}

const struct namecoll_fs *namecoll_posix(void)
{
	static const struct namecoll_fs fs = {posix_create, posix_read, posix_remove, NULL};

	return &fs;
}

static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path + 1) : 0;
}

/* The folder part of path (with its '/'), then ".NAME." and the tag. */
static char *probe_path(const char *path, size_t dlen, const char *name)
{
	char *p = xmalloc(dlen + strlen(name) + sizeof(PROBE_TAG) + 3);

	memcpy(p, path, dlen);
	strcpy(p + dlen, ".");
	strcat(strcat(strcat(p, name), "."), PROBE_TAG);
	return p;
}

/* Whether the file at path holds mark. */
static int holds(const struct namecoll_fs *fs, const char *path, const char *mark)
{
	char buf[32];

	return fs->read(fs->ctx, path, buf, sizeof(buf)) == 0 && strcmp(buf, mark) == 0;
}

/* Does the folder of path fold case? A name with letters is created, and
 * read with their case swapped. 0 when it cannot be probed. */
static int folds_case(const struct namecoll_fs *fs, const char *path)
{
	size_t dlen = dir_len(path);
	char *lower = probe_path(path, dlen, "progrep-Case");
	char *upper = probe_path(path, dlen, "PROGREP-cASE");
	char mark[32];
	int folds = 0, made;

	snprintf(mark, sizeof(mark), "progrep %ld", (long)getpid());
	made = fs->create(fs->ctx, lower, mark) == 0;
	if (!made && errno == EEXIST) { /* a killed run's */
		fs->remove(fs->ctx, lower);
		made = fs->create(fs->ctx, lower, mark) == 0;
	}
	if (made) {
		folds = holds(fs, upper, mark);
		fs->remove(fs->ctx, lower);
	}
	free(lower);
	free(upper);
	return folds;
}

/* The probe of name m exists already: which earlier probe is it? Each
 * holds its number. 1 with *q set, or 0 (a killed run's leftover). */
static int twin_of(const struct namecoll_fs *fs, const char *p, char **probe, size_t m, size_t *q)
{
	char buf[32], *end;
	unsigned long v;

	if (fs->read(fs->ctx, p, buf, sizeof(buf)) != 0)
		return 0;
	v = strtoul(buf, &end, 10);
	if (end == buf || *end || v >= m || !probe[v])
		return 0;
	*q = v;
	return 1;
}

/* Probe every name of the folder group idx[0..k) of paths; the first
 * whose probe exists already collides with the earlier one it is. */
static int probe_all(const struct namecoll_fs *fs, const char *const *paths, const size_t *idx,
		     size_t k, size_t *a, size_t *b)
{
	char **probe = xcalloc(k, sizeof(*probe)), mark[32];
	size_t m, q;
	int found = 0;

	for (m = 0; m < k && !found; m++) {
		size_t dlen = dir_len(paths[idx[m]]);
		char *p = probe_path(paths[idx[m]], dlen, paths[idx[m]] + dlen);

		snprintf(mark, sizeof(mark), "%zu", m);
		if (fs->create(fs->ctx, p, mark) == 0) {
			probe[m] = p;
			continue;
		}
		if (errno == EEXIST && twin_of(fs, p, probe, m, &q)) {
			*a = idx[q] < idx[m] ? idx[q] : idx[m];
			*b = idx[q] < idx[m] ? idx[m] : idx[q];
			found = 1;
		} else if (errno == EEXIST) { /* a killed run's: ours now */
			fs->remove(fs->ctx, p);
			if (fs->create(fs->ctx, p, mark) == 0) {
				probe[m] = p;
				continue;
			}
		}
		free(p);
	}
	for (m = 0; m < k; m++) {
		if (probe[m])
			fs->remove(fs->ctx, probe[m]);
		free(probe[m]);
	}
	free(probe);
	return found;
}

static const char *const *sort_paths; /* qsort has no context argument */

static int cmp_dir(const void *x, const void *y)
{
	const char *p = sort_paths[*(const size_t *)x], *q = sort_paths[*(const size_t *)y];
	size_t dp = dir_len(p), dq = dir_len(q);
	int c = memcmp(p, q, dp < dq ? dp : dq);

	if (c == 0 && dp != dq)
		return dp < dq ? -1 : 1;
	if (c)
		return c;
	return (*(const size_t *)x > *(const size_t *)y) - (*(const size_t *)x < *(const size_t *)y);
}

int namecoll_find(const struct namecoll_fs *fs, const char *const *paths, size_t n, size_t *a,
		  size_t *b)
{
	size_t *idx = xcalloc(n ? n : 1, sizeof(*idx)), i, j, d;
	int found = 0;

	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_paths = paths;
	qsort(idx, n, sizeof(*idx), cmp_dir);
	for (i = 0; i < n && !found; i = j) {
		d = dir_len(paths[idx[i]]);
		for (j = i + 1; j < n && dir_len(paths[idx[j]]) == d &&
				memcmp(paths[idx[i]], paths[idx[j]], d) == 0;
		     j++)
			;
		if (j - i > 1 && folds_case(fs, paths[idx[i]]))
			found = probe_all(fs, paths, idx + i, j - i, a, b);
	}
	free(idx);
	return found;
}
