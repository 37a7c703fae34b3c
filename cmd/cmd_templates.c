#include <string.h>

#include "cmd/cmd.h"
#include "core/util/arena.h"

/*
 * progrep templates [--names] [--path]
 * Lists the shipped templates found in the search path (cmd/templates.c):
 * name and description, the first folder winning for a name that is in
 * several. --names prints bare names (for shell completion), --path the
 * folders searched.
 */

/* The report's description, else its title: loading the config reads no
 * data, so this is cheap even for a big report. */
static const char *describe(const char *path, struct arena *a)
{
	struct diag d;
	struct cfg c;
	const char *s;

	diag_init(&d);
	if (cfg_load(path, &c, a, &d) < 0 && !c.report.title)
		s = "(the config has errors: progrep check shows them)";
	else
		s = c.report.description ? c.report.description : c.report.title;
	diag_release(&d);
	return s ? s : "";
}

static int seen(const char **names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

static void list(const char *const *dirs, size_t ndirs, int bare, struct arena *a)
{
	const char **done = NULL, **names;
	size_t i, j, n, ndone = 0, cap = 0;

	for (i = 0; i < ndirs; i++) {
		n = templates_list(dirs[i], &names, a);
		for (j = 0; j < n; j++) {
			if (seen(done, ndone, names[j]))
				continue;
			if (ndone == cap) {
				const char **grown;
				cap = cap ? 2 * cap : 16;
				grown = arena_alloc(a, cap * sizeof(*grown));
				if (ndone)
					memcpy(grown, done, ndone * sizeof(*grown));
				done = grown;
			}
			done[ndone++] = names[j];
			if (bare)
				printf("%s\n", names[j]);
			else
				printf("%-20s %s\n", names[j],
				       describe(arena_printf(a, "%s/%s.yaml", dirs[i], names[j]), a));
		}
	}
}

int cmd_templates(int argc, char **argv)
{
	struct args a = {argc, argv, 1, "templates"};
	const char *dirs[TEMPLATES_MAX_DIRS];
	struct arena *arena;
	int bare = 0, path = 0;
	size_t i, n;

	while (a.i < argc) {
		if (args_flag(&a, "names", 0)) {
			bare = 1;
			continue;
		}
		if (args_flag(&a, "path", 0)) {
			path = 1;
			continue;
		}
		return usage_error("templates", "unexpected argument '%s'", argv[a.i]);
	}
	arena = arena_new();
	n = templates_dirs(dirs, TEMPLATES_MAX_DIRS, arena);
	if (path)
		for (i = 0; i < n; i++)
			printf("%s\n", dirs[i]);
	else
		list(dirs, n, bare, arena);
	arena_free(arena);
	if (n == 0 && !bare) {
		struct diag d;
		diag_init(&d);
		diag_warning(&d, (struct src_pos){NULL, 0, 0},
			     "no template folder found (set PROGREP_TEMPLATE_PATH)");
		diag_print(&d, stderr);
		diag_release(&d);
	}
	return EXIT_OK;
}
