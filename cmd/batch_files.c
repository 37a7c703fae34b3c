#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/batch.h"
#include "core/util/afile.h"
#include "core/util/xalloc.h"

/* Files and folders of a batch run: output folders, and what a killed run
 * leaves behind. */

int batch_mkdirs(const char *path, int dir_itself)
{
	char *p = xstrdup(path), *s;
	size_t len = strlen(p);
	int rc = 0;

	if (!dir_itself) {
		while (len > 0 && p[len - 1] != '/')
			len--;
		p[len] = '\0';
	}
	/* Every prefix that ends before a '/', then the whole. */
	for (s = p + 1; rc == 0 && *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && *p && mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/* Is name ".BASE.XXXXXX" (mkstemp's six characters) with BASE among the
 * sorted base names base[0..n)? */
static int is_temp_of(const char *name, char **base, size_t n)
{
	size_t len = strlen(name);
	char *b;
	int hit;

	if (len < 9 || name[0] != '.' || name[len - 7] != '.')
		return 0;
	b = xmalloc(len - 7);
	memcpy(b, name + 1, len - 8);
	b[len - 8] = '\0';
	hit = bsearch(&b, base, n, sizeof(*base), cmp_str) != NULL;
	free(b);
	return hit;
}

/* Remove the temporary files of the paths paths[0..n), which share the
 * folder of paths[0] (dlen bytes of it): the stale ones (afile_is_stale:
 * never a running writer's), or every one when force. */
static void clean_dir(char **paths, size_t n, size_t dlen, int force)
{
	char *dir = xmalloc(dlen + 2), **base = xcalloc(n, sizeof(*base));
	struct dirent *e;
	size_t i;
	DIR *dp;

	size_t skip = dlen ? dlen + 1 : paths[0][0] == '/';

	memcpy(dir, paths[0], dlen);
	strcpy(dir + dlen, dlen ? "" : paths[0][0] == '/' ? "/" : ".");
	for (i = 0; i < n; i++)
		base[i] = paths[i] + skip;
	qsort(base, n, sizeof(*base), cmp_str);
	dp = opendir(dir);
	while (dp && (e = readdir(dp)) != NULL) {
		if (!is_temp_of(e->d_name, base, n))
			continue;
		char *p = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		strcat(strcat(strcpy(p, dir), "/"), e->d_name);
		if (force || afile_is_stale(p))
			unlink(p);
		free(p);
	}
	if (dp)
		closedir(dp);
	free(base);
	free(dir);
}

static int cmp_dir_then_name(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t dx = dir_len(x), dy = dir_len(y);
	int c = memcmp(x, y, dx < dy ? dx : dy);

	if (c == 0 && dx != dy)
		return dx < dy ? -1 : 1;
	return c ? c : strcmp(x, y);
}

void batch_clean_temps(char *const *paths, size_t n, int force)
{
	char **s = xcalloc(n ? n : 1, sizeof(*s));
	size_t i, j, d;

	memcpy(s, paths, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_dir_then_name);
	for (i = 0; i < n; i = j) {
		d = dir_len(s[i]);
		for (j = i + 1; j < n && dir_len(s[j]) == d && memcmp(s[i], s[j], d) == 0; j++)
			;
		clean_dir(s + i, j - i, d, force);
	}
	free(s);
}
