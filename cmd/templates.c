/*
 * Finding shipped templates by name, so `progrep render xinjiang-2019` works
 * from any folder once progrep is installed. The search path:
 *   1. PROGREP_TEMPLATE_PATH, folders separated by ':';
 *   2. ../share/progrep/templates beside the binary (the install prefix:
 *      /usr/bin/progrep -> /usr/share/progrep/templates);
 *   3. ../templates beside the binary (a build folder inside the source
 *      tree, so the same names work before installing).
 * The binary's folder comes from /proc/self/exe, not argv[0], which may be
 * a bare name found through PATH.
 */
/* realpath() is XSI, not in plain POSIX.1-2008. */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/util/arena.h"

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder holding the running binary, or NULL. */
static const char *exe_dir(struct arena *a)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0 || n >= (ssize_t)sizeof(buf) - 1)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return arena_strdup(a, buf);
}

/* Add dir, made canonical (so a/bin/../share reads as a/share and the
 * same folder is listed once), if it exists. */
static size_t add_dir(const char **dirs, size_t n, size_t max, const char *dir,
		      struct arena *a)
{
	char *real;
	size_t i;

	if (n >= max || !is_dir(dir))
		return n;
	real = realpath(dir, NULL);
	if (real) {
		dir = arena_strdup(a, real);
		free(real);
	}
	for (i = 0; i < n; i++)
		if (strcmp(dirs[i], dir) == 0)
			return n;
	dirs[n] = dir;
	return n + 1;
}

size_t templates_dirs(const char **dirs, size_t max, struct arena *a)
{
	const char *env = getenv("PROGREP_TEMPLATE_PATH");
	const char *exe;
	size_t n = 0;

	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t len = colon ? (size_t)(colon - env) : strlen(env);
		if (len > 0)
			n = add_dir(dirs, n, max, arena_strndup(a, env, len), a);
		env = colon ? colon + 1 : NULL;
	}
	exe = exe_dir(a);
	if (exe) {
		n = add_dir(dirs, n, max, arena_printf(a, "%s/../share/progrep/templates", exe),
			    a);
		n = add_dir(dirs, n, max, arena_printf(a, "%s/../templates", exe), a);
	}
	return n;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *templates_resolve(const char *config, struct arena *a)
{
	const char *dirs[TEMPLATES_MAX_DIRS];
	size_t i, n;

	/* A file the user can see wins; a path with a folder in it is never
	 * a template name. */
	if (is_file(config) || strchr(config, '/') || !*config)
		return config;
	n = templates_dirs(dirs, TEMPLATES_MAX_DIRS, a);
	for (i = 0; i < n; i++) {
		const char *p = has_suffix(config, ".yaml")
					? arena_printf(a, "%s/%s", dirs[i], config)
					: arena_printf(a, "%s/%s.yaml", dirs[i], config);
		if (is_file(p))
			return p;
	}
	return config;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

size_t templates_list(const char *dir, const char ***names, struct arena *a)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	const char **v = NULL;
	size_t n = 0, cap = 0;

	*names = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		const char **grown;
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".yaml"))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = arena_alloc(a, cap * sizeof(*grown));
			if (n)
				memcpy(grown, v, n * sizeof(*grown));
			v = grown;
		}
		v[n++] = arena_strndup(a, e->d_name, len - 5);
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*names = v;
	return n;
}
