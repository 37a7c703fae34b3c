#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/util/arena.h"
#include "core/engine/explain.h"
#include "core/util/format.h"
#include "core/util/suggest.h"

/*
 * progrep explain CONFIG INDICATOR [--region R] [--period P] [--format text|json]
 * How one figure was computed: the formula, every input with its value
 * (recursively), and where each base value came from (a source row, or the
 * rollup of the children). Exit 0; 1 when the config or the data has errors;
 * 2 for a bad command line, an unknown indicator, region or period.
 */

struct explain_opts {
	const char *config, *ind, *region, *period;
	int json;
};

static int parse_opts(int argc, char **argv, struct explain_opts *o)
{
	struct args a = {argc, argv, 1, "explain"};
	const char *fmt = NULL;
	int rc;

	memset(o, 0, sizeof(*o));
	while (a.i < argc) {
		if ((rc = args_value(&a, "region", 'r', &o->region)) ||
		    (rc = args_value(&a, "period", 'p', &o->period)) ||
		    (rc = args_value(&a, "format", 'f', &fmt))) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		if (argv[a.i][0] == '-' && argv[a.i][1])
			return usage_error("explain", "unknown option '%s'", argv[a.i]);
		if (!o->config)
			o->config = argv[a.i++];
		else if (!o->ind)
			o->ind = argv[a.i++];
		else
			return usage_error("explain", "unexpected argument '%s'", argv[a.i]);
	}
	if (!o->config || !o->ind)
		return usage_error("explain", "usage: progrep explain CONFIG INDICATOR "
				   "[--region R] [--period P]");
	if (fmt && strcmp(fmt, "json") == 0)
		o->json = 1;
	else if (fmt && strcmp(fmt, "text") != 0)
		return usage_error("explain", "'--format' is text or json, not '%s'", fmt);
	return EXIT_OK;
}

static void value_text(const struct cfg *cfg, const struct explain_node *n, char *buf,
		       size_t len)
{
	char raw[40];
	int k;

	if (isnan(n->value)) {
		snprintf(buf, len, "%s (missing)", FMT_MISSING);
		return;
	}
	fmt_roundtrip(n->value, raw, sizeof(raw));
	if (n->ind < 0) {
		snprintf(buf, len, "%s", raw);
		return;
	}
	k = fmt_display(n->value, &cfg->ind[n->ind].fmt, buf, len);
	if (k < 0) {
		/* no display form (too large for the buffer): the exact value */
		snprintf(buf, len, "%s", raw);
		return;
	}
	/* the exact value too, unless the display already is it ("5400元") */
	if (k >= 0 && strncmp(buf, raw, strlen(raw)) == 0 &&
	    !strchr("0123456789.", buf[strlen(raw)] ? buf[strlen(raw)] : '0'))
		return;
	if (k >= 0 && strcmp(buf, raw) != 0 && (size_t)k + strlen(raw) + 4 < len)
		snprintf(buf + k, len - (size_t)k, " (%s)", raw);
}

static void print_node(FILE *f, const struct results *res, const struct explain_node *n,
		       const struct explain_node *up, int depth)
{
	const struct regions *rg = res->reg;
	char v[160], per[16];
	size_t i;
	int ind = 2 * depth;

	value_text(res->cfg, n, v, sizeof(v));
	fprintf(f, "%*s%s = %s", ind, "", n->label, v);
	if (n->period >= 0 && (!up || n->region != up->region || n->period != up->period)) {
		period_format(period_at(&res->axis, n->period), per, sizeof(per));
		fprintf(f, "  [%s %s, %s]", rg->code[n->region], rg->name[n->region], per);
	}
	fputc('\n', f);
	if (n->formula)
		fprintf(f, "%*s  formula: %s\n", ind, "", n->formula);
	if (n->note)
		fprintf(f, "%*s  %s\n", ind, "", n->note);
	if (n->kind == EXPLAIN_DATA && n->file)
		fprintf(f, "%*s  from %s%s%.0d\n", ind, "", n->file, n->line ? ":" : "", n->line);
	else if (n->kind == EXPLAIN_DATA)
		fprintf(f, "%*s  from the data\n", ind, "");
	for (i = 0; i < n->nkids; i++)
		print_node(f, res, n->kids[i], n, depth + 1);
	if (n->nmore)
		fprintf(f, "%*s  ... and %zu more\n", ind, "", n->nmore);
}

void explain_print(FILE *f, const struct results *res, const struct explain_node *n)
{
	print_node(f, res, n, NULL, 0);
}

static const char *kind_name(enum explain_kind k)
{
	static const char *const names[] = {"derived", "data", "rollup", "missing", "step"};
	return names[k];
}

static void json_node(const struct results *res, const struct explain_node *n, int depth)
{
	char per[16], disp[80];
	size_t i;

	printf("%*s{\"label\": ", 2 * depth, "");
	json_write_str(stdout, n->label);
	printf(", \"kind\": \"%s\", \"indicator\": ", kind_name(n->kind));
	if (n->ind >= 0)
		json_write_str(stdout, res->cfg->ind[n->ind].id);
	else
		fputs("null", stdout);
	printf(", \"region\": ");
	json_write_str(stdout, res->reg->code[n->region]);
	printf(", \"period\": ");
	if (n->period >= 0)
		json_write_str(stdout, period_format(period_at(&res->axis, n->period), per, sizeof(per)));
	else
		fputs("null", stdout);
	printf(", \"value\": ");
	json_write_num(stdout, n->value);
	if (n->ind >= 0 && fmt_display(n->value, &res->cfg->ind[n->ind].fmt, disp, sizeof(disp)) >= 0) {
		printf(", \"display\": ");
		json_write_str(stdout, disp);
	}
	if (n->formula) {
		printf(", \"formula\": ");
		json_write_str(stdout, n->formula);
	}
	if (n->note) {
		printf(", \"note\": ");
		json_write_str(stdout, n->note);
	}
	if (n->file) {
		printf(", \"source\": {\"file\": ");
		json_write_str(stdout, n->file);
		printf(", \"line\": %d}", n->line);
	}
	if (n->nmore)
		printf(", \"more\": %zu", n->nmore);
	printf(", \"inputs\": [");
	for (i = 0; i < n->nkids; i++) {
		printf(i ? ",\n" : "\n");
		json_node(res, n->kids[i], depth + 1);
	}
	if (n->nkids)
		printf("\n%*s", 2 * depth, "");
	printf("]}");
}

/* The known indicator close enough to word to be what was meant, or NULL. */
static const char *nearest(const struct cfg *cfg, const char *word)
{
	struct suggest sg;
	size_t i;

	suggest_init(&sg, word, strlen(word));
	for (i = 0; i < cfg->nind; i++)
		suggest_consider(&sg, cfg->ind[i].id);
	return sg.pick;
}

/* The indicator, region and period asked for; EXIT_USAGE with the error
 * in r->diag when one is not known. */
static int find_target(struct run *r, const struct explain_opts *o, int *ind, int *reg,
		       int *per)
{
	static const struct src_pos nowhere = {NULL, 0, 0};
	const char *near;

	*ind = cfg_find_indicator(&r->cfg, o->ind);
	if (*ind < 0) {
		near = nearest(&r->cfg, o->ind);
		if (near)
			diag_error(&r->diag, nowhere, "unknown indicator '%s' (did you mean '%s'?)",
				   o->ind, near);
		else
			diag_error(&r->diag, nowhere, "unknown indicator '%s'", o->ind);
		return EXIT_USAGE;
	}
	*reg = o->region ? regions_find(r->res.reg, o->region) : r->res.report_region;
	if (*reg < 0) {
		diag_error(&r->diag, nowhere, "unknown region '%s' (not in %s)", o->region,
			   r->res.reg->file ? r->res.reg->file : "the regions");
		return EXIT_USAGE;
	}
	*per = o->period ? run_period(r, o->period) : r->res.report_period;
	return *per < 0 ? EXIT_USAGE : EXIT_OK;
}

int cmd_explain(int argc, char **argv)
{
	struct explain_opts o;
	struct explain_node *root;
	struct run r;
	size_t first;
	int rc, ind, reg, per;

	if ((rc = parse_opts(argc, argv, &o)) != EXIT_OK)
		return rc;
	/* Failed checks do not stop explain: a wrong figure is what it is for. */
	rc = run_load_period(&r, o.config, o.period, NULL);
	if (r.loaded < 3) {
		diag_print(&r.diag, stderr);
		run_release(&r);
		return rc;
	}
	first = r.diag.n;
	rc = find_target(&r, &o, &ind, &reg, &per);
	diag_print_from(&r.diag, first, stderr);
	if (rc == EXIT_OK) {
		first = r.diag.n;
		root = explain_build(&r.res, ind, reg, per, r.arena, &r.diag);
		diag_print_from(&r.diag, first, stderr);
		if (o.json) {
			json_node(&r.res, root, 0);
			putchar('\n');
		} else {
			explain_print(stdout, &r.res, root);
		}
	}
	run_release(&r);
	return rc;
}
