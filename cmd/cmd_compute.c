#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/util/json.h"
#include "core/util/strbuf.h"

/*
 * progrep compute CONFIG [--period P] [--level L] [--format csv|json] [--excel]
 * One row per region x period x indicator (and, for indicators with a
 * target, rows ID:progress and ID:status), columns
 * region,name,level,period,indicator,value,display. --excel: the CSV with a
 * UTF-8 BOM and CRLF line ends.
 */

enum out_format { OUT_CSV, OUT_JSON };

struct compute_opts {
	const char *config;
	const char *period;
	const char *level;
	enum out_format format;
	int excel; /* CSV with a BOM and CRLF */
};

/* A CSV field, quoted when it holds a separator, a quote or a line end. */
static void line_csv(struct strbuf *l, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		strbuf_adds(l, s);
		return;
	}
	strbuf_addch(l, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(l, '"');
		strbuf_addch(l, *s);
	}
	strbuf_addch(l, '"');
}

struct row {
	const char *region, *name, *level, *period, *indicator;
	struct strbuf prefix; /* CSV: "region,name,level,period," */
	/* The CSV row is built here and written with one fwrite: the full
	 * output of the large benchmark is 21 million rows, and a locked stdio
	 * call per field was a fifth of its time. Reused, so rows allocate
	 * nothing. */
	struct strbuf line;
	double value;
	const char *display;
	const char *eol; /* CSV line end */
};

static void emit(FILE *out, enum out_format f, struct row *w, int *first)
{
	char val[40];

	fmt_roundtrip(w->value, val, sizeof(val));
	if (f == OUT_CSV) {
		struct strbuf *l = &w->line;
		strbuf_reset(l);
		strbuf_add(l, w->prefix.s, w->prefix.len);
		line_csv(l, w->indicator);
		strbuf_addch(l, ',');
		strbuf_adds(l, val);
		strbuf_addch(l, ',');
		line_csv(l, w->display);
		strbuf_adds(l, w->eol);
		fwrite(l->s, 1, l->len, out);
		return;
	}
	fputs(*first ? "[\n{\"region\":" : ",\n{\"region\":", out);
	*first = 0;
	json_write_str(out, w->region);
	fputs(",\"name\":", out);
	json_write_str(out, w->name);
	fputs(",\"level\":", out);
	json_write_str(out, w->level);
	fputs(",\"period\":", out);
	json_write_str(out, w->period);
	fputs(",\"indicator\":", out);
	json_write_str(out, w->indicator);
	/* JSON has no NaN or infinity: null for both (metrics refuses an
	 * infinite rollup, so this is only a last guard). */
	fprintf(out, ",\"value\":%s,\"display\":",
		val[0] && isfinite(w->value) ? val : "null");
	json_write_str(out, w->display);
	fputc('}', out);
}

/* The rows of one indicator at one cell: its value, and for a target its
 * progress and status. */
static void emit_indicator(FILE *out, const struct compute_opts *o, const struct run *r,
			   int i, struct row *w, int reg, int per, int *first)
{
	const struct cfg_indicator *ci = &r->cfg.ind[i];
	static const struct numfmt pct = {"%", 0, "", 1, ROUND_HALF_UP, 0};
	char disp[512], id[300];
	double st;

	w->indicator = ci->id;
	w->value = res_get(&r->res, i, reg, per);
	if (fmt_display(w->value, &ci->fmt, disp, sizeof(disp)) < 0)
		strcpy(disp, "#");
	w->display = disp;
	emit(out, o->format, w, first);
	if (!ci->target.present)
		return;
	snprintf(id, sizeof(id), "%s:progress", ci->id);
	w->indicator = id;
	w->value = metrics_measure(&r->res, i, reg, per, MEASURE_PROGRESS, -1);
	fmt_display(w->value, &pct, disp, sizeof(disp));
	emit(out, o->format, w, first);
	snprintf(id, sizeof(id), "%s:status", ci->id);
	st = metrics_measure(&r->res, i, reg, per, MEASURE_STATUS, -1);
	w->value = st;
	w->display = metrics_status_label(isnan(st) ? -1 : (int)st);
	emit(out, o->format, w, first);
}

/* The columns a region and period share: "region,name,level,period,". */
static void csv_prefix(struct row *w)
{
	line_csv(&w->prefix, w->region);
	strbuf_addch(&w->prefix, ',');
	line_csv(&w->prefix, w->name);
	strbuf_addch(&w->prefix, ',');
	line_csv(&w->prefix, w->level);
	strbuf_addch(&w->prefix, ',');
	strbuf_adds(&w->prefix, w->period);
	strbuf_addch(&w->prefix, ',');
}

static int write_table(const struct compute_opts *o, struct run *r, int only_per,
		       int only_level)
{
	const struct regions *rg = r->res.reg;
	static char obuf[1 << 20];
	FILE *out = stdout;
	int reg, per, first = 1;
	size_t i;
	char ptext[16];
	struct row w;

	memset(&w, 0, sizeof(w));
	/* Excel reads a CSV without a byte order mark in the ANSI code page
	 * (GBK on Chinese Windows), so UTF-8 names came out garbled; CRLF is
	 * the line end of RFC 4180 and of every Windows tool. */
	w.eol = o->excel ? "\r\n" : "\n";

	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	if (o->format == OUT_CSV)
		fprintf(out, "%sregion,name,level,period,indicator,value,display%s",
			o->excel ? "\xEF\xBB\xBF" : "", w.eol);
	for (reg = 0; reg < (int)rg->n; reg++) {
		if (only_level >= 0 && rg->level[reg] != only_level)
			continue;
		w.region = rg->code[reg];
		w.name = rg->name[reg];
		w.level = r->cfg.levels[rg->level[reg]];
		for (per = 0; per < r->res.nper; per++) {
			if (only_per >= 0 && per != only_per)
				continue;
			w.period = period_format(period_at(&r->res.axis, per), ptext, sizeof(ptext));
			strbuf_reset(&w.prefix);
			if (o->format == OUT_CSV)
				csv_prefix(&w);
			for (i = 0; i < r->cfg.nind; i++)
				emit_indicator(out, o, r, (int)i, &w, reg, per, &first);
		}
	}
	strbuf_release(&w.prefix);
	strbuf_release(&w.line);
	if (o->format == OUT_JSON)
		fputs(first ? "[]\n" : "\n]\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		diag_errno(&r->diag, (struct src_pos){NULL, 0, 0}, "cannot write the output");
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static int parse_opts(int argc, char **argv, struct compute_opts *o)
{
	struct args a = {argc, argv, 1, "compute"};
	const char *fmt = NULL;
	int rc;

	memset(o, 0, sizeof(*o));
	while (a.i < argc) {
		if ((rc = args_value(&a, "period", 'p', &o->period)) ||
		    (rc = args_value(&a, "level", 'l', &o->level)) ||
		    (rc = args_value(&a, "format", 'f', &fmt))) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		if (args_flag(&a, "excel", 0)) {
			o->excel = 1;
			continue;
		}
		if (argv[a.i][0] == '-' && argv[a.i][1])
			return usage_error("compute", "unknown option '%s'", argv[a.i]);
		if (o->config)
			return usage_error("compute", "only one config, got '%s' and '%s'", o->config,
					   argv[a.i]);
		o->config = argv[a.i++];
	}
	if (!o->config)
		return usage_error("compute", "which config? usage: progrep compute CONFIG");
	if (fmt && strcmp(fmt, "json") == 0)
		o->format = OUT_JSON;
	else if (fmt && strcmp(fmt, "csv") != 0)
		return usage_error("compute", "'--format' is csv or json, not '%s'", fmt);
	if (o->excel && o->format == OUT_JSON)
		return usage_error("compute", "'--excel' writes CSV, not json");
	return EXIT_OK;
}

int cmd_compute(int argc, char **argv)
{
	struct compute_opts o;
	struct run r;
	size_t shown;
	int rc, per = -1, level = -1;

	if ((rc = parse_opts(argc, argv, &o)) != EXIT_OK)
		return rc;
	rc = run_load_period(&r, o.config, o.period, stderr);
	shown = r.diag.n; /* run_load_period showed those */
	if (rc != EXIT_OK)
		goto out;
	if (o.period && (per = run_period(&r, o.period)) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (o.level && (level = cfg_find_level(&r.cfg, o.level)) < 0) {
		rc = usage_error("compute", "no level '%s' in the config", o.level);
		goto out;
	}
	rc = write_table(&o, &r, per, level);
out:
	diag_print_from(&r.diag, shown, stderr);
	run_release(&r);
	return rc;
}
