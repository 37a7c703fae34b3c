#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/util/arena.h"
#include "core/engine/checks.h"

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "progrep%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'progrep --help' for more information.\n");
	return EXIT_USAGE;
}

static int match(const char *arg, const char *name, char letter, const char **inline_val)
{
	size_t n = strlen(name);

	*inline_val = NULL;
	if (arg[0] == '-' && arg[1] == '-' && strncmp(arg + 2, name, n) == 0) {
		if (arg[2 + n] == '\0')
			return 1;
		if (arg[2 + n] == '=') {
			*inline_val = arg + 3 + n;
			return 1;
		}
	}
	return letter && arg[0] == '-' && arg[1] == letter && arg[2] == '\0';
}

int args_value(struct args *a, const char *name, char letter, const char **val)
{
	const char *inl;

	if (a->i >= a->argc || !match(a->argv[a->i], name, letter, &inl))
		return 0;
	a->i++;
	if (inl) {
		*val = inl;
		return 1;
	}
	if (a->i >= a->argc) {
		usage_error(a->cmd, "option '--%s' needs a value", name);
		return -1;
	}
	*val = a->argv[a->i++];
	return 1;
}

int args_flag(struct args *a, const char *name, char letter)
{
	const char *inl;

	if (a->i >= a->argc || !match(a->argv[a->i], name, letter, &inl) || inl)
		return 0;
	a->i++;
	return 1;
}

/* --period for the queries: a period, or latest[-N] which only the loaded
 * data can resolve. A malformed one is left to run_period to report. */
static void period_arg(struct cfg_report *rep, const char *text)
{
	if (!text)
		return;
	if (strncmp(text, "latest", 6) == 0)
		rep->period_arg = PERIOD_ARG_LATEST;
	else if (period_parse(text, strlen(text), &rep->period_given) == 0)
		rep->period_arg = PERIOD_ARG_GIVEN;
}

int run_load(struct run *r, const char *config, FILE *diag_out)
{
	return run_load_period(r, config, NULL, diag_out);
}

int run_load_period(struct run *r, const char *config, const char *period, FILE *diag_out)
{
	int rc = EXIT_OK;

	memset(r, 0, sizeof(*r));
	r->arena = arena_new();
	diag_init(&r->diag);
	/* A bare name like xinjiang-2019 names a shipped template. */
	config = templates_resolve(config, r->arena);
	if (cfg_load(config, &r->cfg, r->arena, &r->diag) < 0) {
		rc = EXIT_DATA;
		goto out;
	}
	r->loaded = 1;
	period_arg(&r->cfg.report, period);
	rc = ds_load(&r->cfg, &r->ds, r->arena, &r->diag);
	if (rc < 0) {
		rc = rc == -2 ? EXIT_RUNTIME : EXIT_DATA;
		goto out;
	}
	r->loaded = 2;
	if (metrics_compute(&r->cfg, &r->ds, &r->res, &r->diag) < 0) {
		rc = EXIT_DATA;
		goto out;
	}
	r->loaded = 3;
	if (checks_collect(&r->cfg, &r->res, &r->diag, &r->findings) > 0)
		rc = EXIT_DATA;
	r->res.findings = &r->findings;
out:
	if (diag_out)
		diag_print(&r->diag, diag_out);
	return rc;
}

void run_release(struct run *r)
{
	checks_findings_release(&r->findings);
	results_release(&r->res);
	ds_release(&r->ds);
	diag_release(&r->diag);
	arena_free(r->arena);
	memset(r, 0, sizeof(*r));
}

int run_period(struct run *r, const char *text)
{
	static const struct src_pos nowhere = {NULL, 0, 0};
	const struct period_axis *ax = &r->res.axis;
	struct period p;
	int i;

	if (strncmp(text, "latest", 6) == 0) {
		const char *rest = text + 6;
		char *end;
		long back = 0;
		if (*rest == '-') {
			back = strtol(rest + 1, &end, 10);
			if (end == rest + 1 || *end || back < 0 || back > 100000)
				goto bad;
		} else if (*rest) {
			goto bad;
		}
		i = ax->n - 1 - (int)back;
		if (i < 0) {
			return diag_error(&r->diag, nowhere,
					  "period '%s' is before the first period in the data", text);
		}
		return i;
	}
	if (period_parse(text, strlen(text), &p) < 0)
		goto bad;
	i = period_index(ax, p);
	if (i < 0) {
		char a[16], b[16];
		diag_error(&r->diag, nowhere, "period '%s' is not in the data (%s to %s)", text,
			   period_format(period_at(ax, 0), a, sizeof(a)),
			   period_format(period_at(ax, ax->n - 1), b, sizeof(b)));
	}
	return i;
bad:
	return diag_error(&r->diag, nowhere,
			  "'%s' is not a period (2019, 2019Q3, 2019-03, latest, latest-1)", text);
}
