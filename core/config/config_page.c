/*
 * report.page: which page preset (docs/config.md, "Page presets") and
 * single geometry values over it. Only the values are read here; the
 * presets' numbers live in the engine (core/engine/report_page.c), so the
 * config keeps "not given" apart from "given as the preset has it".
 *
 *   page: NAME
 *   page: { preset: NAME, margin_top: 37mm, ..., header: BOOL, footer: STYLE }
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/config_node.h"

static const char *const page_keys[] = { "preset",      "margin_top", "margin_bottom",
					 "margin_left", "margin_right", "body_size",
					 "line_pitch",  "header",     "footer",
					 NULL };
static const char *const page_presets[] = { "report", "gongwen", "bulletin", NULL };
static const char *const page_footers[] = { "page-of", "gongwen", "none", NULL };

#define MM_PT (72.0 / 25.4)

void cfg_page_defaults(struct cfg_page *p)
{
	p->preset = CFG_PAGE_REPORT;
	p->margin_top = p->margin_bottom = p->margin_left = p->margin_right = NAN;
	p->body_size = p->line_pitch = NAN;
	p->header = -1;
	p->footer = -1;
}

/* A length: a number with a unit (mm, cm, pt), or a bare number in the
 * key's own unit (mm for margins, pt for type sizes, as typesetters
 * speak of them). Returns the points, or -1 on anything else. */
static double length_pt(const char *s, double bare_unit)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || !isfinite(v) || v < 0)
		return -1;
	if (*end == '\0')
		return v * bare_unit;
	if (strcmp(end, "mm") == 0)
		return v * MM_PT;
	if (strcmp(end, "cm") == 0)
		return v * 10 * MM_PT;
	if (strcmp(end, "pt") == 0)
		return v;
	return -1;
}

/* One length key of m within [lo, hi] points into *out. */
static void get_length(struct cfg_ctx *ctx, const struct cfg_node *m, const char *key,
		       double bare_unit, double lo, double hi, double *out)
{
	const struct cfg_node *v = cfg_map_get(m, key);
	double pt;

	if (cfg_is_null(v))
		return;
	pt = v->kind == CFG_SCALAR ? length_pt(v->s, bare_unit) : -1;
	if (pt < lo || pt > hi) {
		/* The bounds in the unit a bare number of this key has. */
		double u = bare_unit == 1 ? 1 : MM_PT;
		const char *un = bare_unit == 1 ? "pt" : "mm";

		diag_error(ctx->d, v->pos, "'%s' must be a length from %.0f%s to %.0f%s, got %s",
			   key, lo / u, un, hi / u, un, cfg_node_desc(ctx, v));
		return;
	}
	*out = pt;
}

static void walk_page_map(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_page *p)
{
	cfg_check_keys(ctx, m, page_keys, " in page");
	cfg_get_enum(ctx, m, "preset", page_presets, &p->preset);
	/* Bounds that keep a type area on A4 and text a reader can see. */
	get_length(ctx, m, "margin_top", MM_PT, 0, 100 * MM_PT, &p->margin_top);
	get_length(ctx, m, "margin_bottom", MM_PT, 0, 100 * MM_PT, &p->margin_bottom);
	get_length(ctx, m, "margin_left", MM_PT, 0, 80 * MM_PT, &p->margin_left);
	get_length(ctx, m, "margin_right", MM_PT, 0, 80 * MM_PT, &p->margin_right);
	get_length(ctx, m, "body_size", 1, 6, 48, &p->body_size);
	get_length(ctx, m, "line_pitch", 1, 6, 96, &p->line_pitch);
	cfg_get_bool(ctx, m, "header", &p->header);
	cfg_get_enum(ctx, m, "footer", page_footers, &p->footer);
}

void cfg_walk_page(struct cfg_ctx *ctx, const struct cfg_node *report)
{
	const struct cfg_node *v = cfg_map_get(report, "page");
	struct cfg_page *p = &ctx->c->report.page;

	if (cfg_is_null(v))
		return;
	if (v->kind == CFG_MAP) {
		walk_page_map(ctx, v, p);
		return;
	}
	cfg_get_enum(ctx, report, "page", page_presets, &p->preset);
}

void cfg_get_length(struct cfg_ctx *ctx, const struct cfg_node *m, const char *key,
		    double bare_unit, double lo, double hi, double *out)
{
	get_length(ctx, m, key, bare_unit, lo, hi, out);
}
