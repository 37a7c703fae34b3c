#include <string.h>

#include "cmd/cmd.h"

/*
 * progrep check CONFIG [--format text|json]
 * Validates the config and the data and computes every indicator; prints
 * every diagnostic. Exit 0 when there is no error (warnings allowed).
 */
int cmd_check(int argc, char **argv)
{
	struct args a = {argc, argv, 1, "check"};
	const char *config = NULL, *fmt = NULL;
	struct run r;
	int rc, json = 0;

	while (a.i < argc) {
		if ((rc = args_value(&a, "format", 'f', &fmt))) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		if (argv[a.i][0] == '-' && argv[a.i][1])
			return usage_error("check", "unknown option '%s'", argv[a.i]);
		if (config)
			return usage_error("check", "only one config, got '%s' and '%s'", config,
					   argv[a.i]);
		config = argv[a.i++];
	}
	if (!config)
		return usage_error("check", "which config? usage: progrep check CONFIG");
	if (fmt && strcmp(fmt, "json") == 0)
		json = 1;
	else if (fmt && strcmp(fmt, "text") != 0)
		return usage_error("check", "'--format' is text or json, not '%s'", fmt);

	rc = run_load(&r, config, json ? NULL : stderr);
	if (json) {
		diag_print_json(&r.diag, stdout);
	} else if (rc == EXIT_OK) {
		printf("%s: ok: %zu indicators, %zu regions, %d periods, %zu values; %zu warnings\n",
		       config, r.cfg.nind, r.res.nreg, r.res.nper, r.ds.nvalues,
		       r.diag.nwarnings);
	} else {
		fprintf(stderr, "%s: %zu errors, %zu warnings\n", config, r.diag.nerrors,
			r.diag.nwarnings);
	}
	run_release(&r);
	return rc;
}
