#include <string.h>

#include "cmd/cmd.h"
#include "core/util/arena.h"
#include "core/engine/checks.h"
#include "core/engine/report.h"

static const char *const rule_names[] = {"sum_of_children", "range", "not_exceed", "stated"};

/* The values of a finding, named by what they are for its rule. */
static void json_values(const struct cfg_check *ck, const struct check_finding *f)
{
	const char *a = "value", *b = "max";

	switch (ck->kind) {
	case CHECK_RANGE:
		b = f->value < ck->min ? "min" : "max";
		break;
	case CHECK_NOT_EXCEED:
		break;
	case CHECK_SUM_OF_CHILDREN:
		b = "children";
		break;
	case CHECK_STATED:
		a = "computed";
		b = "stated";
		break;
	}
	printf("{\"%s\": ", a);
	json_write_num(stdout, f->value);
	printf(", \"%s\": ", b);
	json_write_num(stdout, f->other);
	putchar('}');
}

static void json_finding(const struct run *r, const struct check_finding *f)
{
	const struct cfg_check *ck = &r->cfg.checks[f->check];
	char per[16];

	printf("  {\"rule\": \"%s\", \"id\": ", rule_names[ck->kind]);
	json_write_str(stdout, ck->id);
	printf(", \"position\": ");
	/* The file name is the user's: escaped like any other string. */
	json_write_str(stdout, arena_printf(r->arena, "%s:%d:%d", ck->pos.file, ck->pos.line,
					    ck->pos.col));
	printf(", \"severity\": \"%s\", \"indicator\": ",
	       ck->severity == DIAG_ERROR ? "error" : "warning");
	json_write_str(stdout, r->cfg.ind[ck->ind].id);
	printf(", \"region\": ");
	json_write_str(stdout, r->res.reg->code[f->region]);
	printf(", \"region_name\": ");
	json_write_str(stdout, r->res.reg->name[f->region]);
	printf(", \"period\": ");
	json_write_str(stdout, period_format(period_at(&r->res.axis, f->period), per, sizeof(per)));
	printf(", \"values\": ");
	json_values(ck, f);
	printf(", \"message\": ");
	json_write_str(stdout, f->msg);
	putchar('}');
}

/* {"ok": bool, "findings": [...], "diagnostics": [...]}: every failed cell
 * of every check (not only the first few the text shows), then every
 * diagnostic. */
static void print_json(const struct run *r, int rc)
{
	const struct check_findings *fs = r->res.findings;
	struct check_findings none = {0};
	const struct check_findings f = fs ? *fs : none;
	size_t i;

	printf("{\"ok\": %s,\n\"findings\": [", rc == EXIT_OK ? "true" : "false");
	for (i = 0; i < f.n; i++) {
		fputs(i ? ",\n" : "\n", stdout);
		json_finding(r, &f.v[i]);
	}
	printf("%s],\n\"findings_dropped\": %zu,\n\"not_run\": [", f.n ? "\n" : "",
	       f.dropped);
	for (i = 0; i < f.nnot_run; i++) {
		fputs(i ? ", " : "", stdout);
		json_write_str(stdout, r->cfg.checks[f.not_run[i]].id);
	}
	printf("],\n\"diagnostics\": ");
	diag_print_json(&r->diag, stdout);
	printf("}\n");
}

/* Build the report model too: what render would refuse, check refuses,
 * with the same positions. The model itself is not kept. */
static int check_report(struct run *r, FILE *diag_out)
{
	size_t shown = r->diag.n;
	struct report rep;
	int rc = report_build(&r->cfg, &r->res, r->arena, &r->diag, &rep);

	if (diag_out)
		diag_print_from(&r->diag, shown, diag_out);
	return rc < 0 ? EXIT_DATA : EXIT_OK;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * progrep check CONFIG [--format text|json]
 * Validates the config and the data, computes every indicator and builds
 * the report model (core/engine/report.h) as render would; prints
 * every diagnostic (json: the failed checks as data, then the
 * diagnostics). Exit 0 when there is no error (warnings allowed).
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
	if (rc == EXIT_OK)
		rc = check_report(&r, json ? NULL : stderr);
	if (json) {
		print_json(&r, rc);
	} else if (rc == EXIT_OK) {
		printf("%s: ok: %zu indicators, %zu regions, %d periods, %zu values; %zu %s\n",
		       config, r.cfg.nind, r.res.nreg, r.res.nper, r.ds.nvalues,
		       r.diag.nwarnings, plural(r.diag.nwarnings, "warning", "warnings"));
	} else {
		fprintf(stderr, "%s: %zu %s, %zu %s\n", config, r.diag.nerrors,
			plural(r.diag.nerrors, "error", "errors"), r.diag.nwarnings,
			plural(r.diag.nwarnings, "warning", "warnings"));
	}
	run_release(&r);
	return rc;
}
