#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/format.h"

/*
 * Figures as a reader gets them. An indicator's format (unit, 万/亿,
 * decimals) is written for its usual size; a report shows it for every
 * region, where a county's 32 people must not read "0.00万人" and a
 * region's 3089000 people read better as "308.90万人". So the report
 * fits the format to the figures it shows together (one sentence figure,
 * one KPI, one table column), never to one cell of a column alone, and
 * writes a minus as a minus sign, not a hyphen. The sign is U+FF0D (－),
 * the minus of Chinese print: the report's fonts (AR PL UMing, WenQuanYi
 * Zen Hei) have no U+2212, which would print as an empty box. `compute` keeps the
 * configured format: it feeds other programs, not readers.
 */

/* Below this magnitude a figure needs no 万 to be read. */
#define FIGURE_PLAIN_MAX 1e5
/* More places than this never make a figure clearer. */
#define FIGURE_MAX_DECIMALS 6

#define MINUS_SIGN "\xef\xbc\x8d" /* U+FF0D FULLWIDTH HYPHEN-MINUS */

/* Does x read as zero (or as a bare minus) at f? */
static int reads_zero(double x, const struct numfmt *f)
{
	char buf[64];
	const char *p;

	if (!isfinite(x) || x == 0)
		return 0;
	if (fmt_number(x, f->scale, f->decimals, f->rounding, 0, buf, sizeof(buf)) < 0)
		return 0;
	for (p = buf; *p; p++)
		if (*p >= '1' && *p <= '9')
			return 0;
	return 1;
}

/* Counts, people, money: units whose figures may take 万 or 亿. */
static int scalable(const struct numfmt *f)
{
	return f->unit && *f->unit && strcmp(f->unit, "%") != 0 && !strstr(f->unit, "百分点");
}

static int all_integers(const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isfinite(v[i]) && v[i] != floor(v[i]))
			return 0;
	return 1;
}

struct numfmt report_fig_fit(const struct numfmt *base, int mode, const double *v, size_t n)
{
	struct numfmt f = *base;
	double big = 0;
	size_t i;
	int zero = 0;

	for (i = 0; i < n; i++)
		if (isfinite(v[i]) && fabs(v[i]) > big)
			big = fabs(v[i]);
	if (mode == SCALE_AUTO && f.scale == 0 && scalable(&f) && big >= FIGURE_PLAIN_MAX) {
		f.scale = big >= 1e9 ? 8 : 4;
		f.scale_label = big >= 1e9 ? "亿" : "万";
		f.decimals = 2;
	}
	for (i = 0; i < n; i++)
		zero |= reads_zero(v[i], &f);
	if (zero && mode != SCALE_PINNED && f.scale > 0 && big < FIGURE_PLAIN_MAX) {
		/* "32人", not "0.0032万人": a small figure needs no 万 */
		f.scale = 0;
		f.scale_label = "";
		if (all_integers(v, n))
			f.decimals = 0;
	}
	for (i = 0; i < n && f.decimals < FIGURE_MAX_DECIMALS; i++)
		while (reads_zero(v[i], &f) && f.decimals < FIGURE_MAX_DECIMALS)
			f.decimals++;
	return f;
}

const char *report_fig_text(struct report_ctx *r, double x, const struct numfmt *f)
{
	char buf[160];

	if (isnan(x))
		return FMT_MISSING;
	r->nfigures++;
	r->nonzero += x != 0;
	if (x == 0 && f->scale > 0) /* nothing needs no 万: "0人", not "0.00万人" */
		return arena_printf(r->a, "0%s", f->unit ? f->unit : "");
	if (fmt_display(x, f, buf + 2, sizeof(buf) - 2) < 0)
		return FMT_MISSING;
	if (buf[2] != '-')
		return arena_strdup(r->a, buf + 2);
	/* the ASCII hyphen becomes a minus sign: 3 bytes for 1 */
	memcpy(buf, MINUS_SIGN, 3);
	return arena_strdup(r->a, buf);
}

const char *report_fig_bare(struct report_ctx *r, double x, const struct numfmt *f)
{
	struct numfmt g = *f;
	char buf[FMT_DISPLAY_MAX];

	g.unit = "";
	g.scale_label = "";
	if (isnan(x) || x != 0)
		return report_fig_text(r, x, &g);
	/* The header or the 单位 line says 万人: a zero reads "0.00" like the
	 * rest of its column, not "0" beside "0.44". */
	r->nfigures++;
	if (fmt_display(0, &g, buf, sizeof(buf)) < 0)
		return FMT_MISSING;
	return arena_strdup(r->a, buf);
}

const char *report_fig(struct report_ctx *r, double x, const struct numfmt *f, int mode)
{
	struct numfmt g = report_fig_fit(f, mode, &x, 1);

	return report_fig_text(r, x, &g);
}

const char *report_fig_ind(struct report_ctx *r, double x, int ind)
{
	const struct cfg_indicator *ci = &r->cfg->ind[ind];

	return report_fig(r, x, &ci->fmt, ci->scale_mode);
}

int report_target_met(struct report_ctx *r, int ind, int region, int per)
{
	const struct cfg_target *t = &r->cfg->ind[ind].target;
	double v;

	if (!t->present || per < 0 || isnan(v = res_get(r->res, ind, region, per)))
		return 0;
	return t->direction == DIR_DOWN ? v <= t->value : v >= t->value;
}

double report_total_value(struct report_ctx *r, int ind, double v)
{
	const struct expr *e = r->cfg->ind[ind].expr;
	double x;

	/* share(x) of the total row is the whole: its parent may lie outside
	 * the report, or not exist at all */
	if (!e || e->op != EXPR_CALL || e->fn != FN_SHARE)
		return v;
	x = expr_eval(e->args[0], &r->ctx, r->region, r->res->report_period);
	return isfinite(x) && x != 0 ? 100 : v;
}
