/*
 * progrep import CONFIG --to DB.sqlite: the config's data (regions and
 * every value of its sources) into a new SQLite database with the schema of
 * docs/data.md, then the config snippet that reads it back.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/util/arena.h"
#include "core/data/source.h"

static int parse_args(int argc, char **argv, const char **config, const char **to)
{
	struct args a = {argc, argv, 1, "import"};
	int rc;

	*config = *to = NULL;
	while (a.i < argc) {
		if ((rc = args_value(&a, "to", 'o', to)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
		} else if (argv[a.i][0] == '-' && argv[a.i][1]) {
			return usage_error("import", "unknown option '%s'", argv[a.i]);
		} else if (!*config) {
			*config = argv[a.i++];
		} else {
			return usage_error("import", "unexpected argument '%s'", argv[a.i]);
		}
	}
	if (!*config)
		return usage_error("import", "which config? (progrep import CONFIG --to DB.sqlite)");
	if (!*to)
		return usage_error("import", "where to? (--to DB.sqlite)");
	return EXIT_OK;
}

/* The data: block that reads the new database, for the user to paste. */
static void print_snippet(const char *to, size_t nvalues, size_t nreg)
{
	printf("# progrep import: %zu values of %zu regions written to %s\n"
	       "# To read them, replace the data: block of the config with this\n"
	       "# (regions_query keeps the order of the regions):\n"
	       "data:\n"
	       "  sources:\n"
	       "    - type: sqlite\n"
	       "      path: %s\n"
	       "      regions_query: SELECT code, name, parent, level FROM regions ORDER BY rowid\n"
	       "      query: SELECT region, period, indicator, value FROM indicator_values\n",
	       nvalues, nreg, to, to);
}

int cmd_import(int argc, char **argv)
{
	const char *config, *to;
	struct arena *a;
	struct diag d;
	struct cfg cfg;
	struct dataset ds;
	int rc = parse_args(argc, argv, &config, &to);

	if (rc != EXIT_OK)
		return rc;
	a = arena_new();
	diag_init(&d);
	memset(&ds, 0, sizeof(ds));
	config = templates_resolve(config, a);
	if (cfg_load(config, &cfg, a, &d) < 0) {
		rc = EXIT_DATA;
	} else if ((rc = ds_load(&cfg, &ds, a, &d)) < 0) {
		rc = rc == -2 ? EXIT_RUNTIME : EXIT_DATA;
	} else if (source_sqlite_write(&cfg, &ds, to, &d) < 0) {
		rc = EXIT_RUNTIME;
	} else {
		/* Absolute: right wherever the config that uses it lives. */
		char cwd[4096];
		const char *abs = to;
		if (to[0] != '/' && getcwd(cwd, sizeof(cwd)))
			abs = arena_printf(a, "%s/%s", cwd, to);
		print_snippet(abs, ds.nvalues, ds.reg.n);
	}
	diag_print(&d, stderr);
	ds_release(&ds);
	diag_release(&d);
	arena_free(a);
	return rc;
}
