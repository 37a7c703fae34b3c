/* Sections and their blocks: text, table, chart, kpi, pagebreak. */
#include <math.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config_node.h"

static const char *const section_keys[] = { "title", "each", "blocks", "sections", "levels",
					    NULL };
static const char *const block_kinds[] = { "text", "table", "chart", "kpi", "pagebreak", NULL };
static const char *const table_keys[] = { "title",   "rows",  "level", "indicators",
					  "columns", "total", "total_label", "sort", "note", "top",
					  "group_by", "orientation", "units", "label_width", "label_align",
					  NULL };
static const char *const orientation_names[] = { "auto", "portrait", "landscape", NULL };
static const char *const group_names[] = { "none", "parent", NULL }; /* cfg_table.group_by */
static const char *const column_keys[] = { "indicator", "period", "measure", "from",
					   "title",     "decimals", "width", "align", NULL };
/* enum cfg_align and enum cfg_units */
static const char *const align_names[] = { "left", "right", "center", "decimal", NULL };
static const char *const units_names[] = { "cells", "header", "line", NULL };
#define MM_PT (72.0 / 25.4)
/* A column narrower than this holds no figure; wider than an A4 page's
 * type area (landscape included) never fits. */
#define COL_MIN_MM 5
#define COL_MAX_MM 280
static const char *const sort_keys[] = { "column", "descending", NULL };
static const char *const text_keys[] = { "say", "when", "otherwise", NULL };
static const char *const rows_names[] = { "indicators", "children", "level", NULL };
static const char *const measure_names[] = { "value",  "change",   "growth",
					     "target", "progress", "status", NULL };
static const char *const chart_types[] = { "line", "bar", "progress", NULL };
static const char *const over_names[] = { "children", "level", NULL };
static const char *const sort_names[] = { "ascending", "descending", NULL };
static const char *const line_keys[] = { "type", "title", "indicator", "indicators",
					 "from", "to",    "target",    NULL };
static const char *const bar_keys[] = { "type",  "title", "indicator",  "indicators", "over",
					"level", "sort",  "horizontal", "periods",    "top", NULL };
static const char *const progress_keys[] = { "type", "title", "indicator", "indicators", NULL };
static const char *const any_chart_keys[] = { "type",  "title", "indicator",  "indicators",
					      "from",  "to",    "target",     "over",
					      "level", "sort",  "horizontal", "periods", "top", NULL };

/* Optional title: the text as written and its template. */
static void title(struct cfg_ctx *ctx, const struct cfg_node *m, const char **text,
		  struct cfg_template *tpl)
{
	const struct cfg_node *t = cfg_map_get(m, "title");

	if (cfg_get_str(ctx, m, "title", text) > 0)
		cfg_template(ctx, t, tpl);
}

static int needs_target(struct cfg_ctx *ctx, const struct cfg_node *at, int ind,
			const char *why)
{
	if (ind < 0 || ctx->c->ind[ind].target.present)
		return 0;
	return diag_error(ctx->d, at->pos, "indicator '%s' has no target (%s)",
			  ctx->c->ind[ind].id, why);
}

static void walk_column(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_column *col,
			enum row_kind rows)
{
	const struct cfg_node *ind = cfg_map_get(m, "indicator");
	int meas = 0;

	col->ind = -1;
	col->decimals = -1;
	col->width = NAN;
	col->align = -1;
	col->pos = m->pos;
	if (cfg_want(ctx, m, CFG_MAP, "columns") < 0)
		return;
	cfg_check_keys(ctx, m, column_keys, " in column");
	if (rows == ROWS_INDICATORS && !cfg_is_null(ind))
		diag_error(ctx->d, cfg_map_key(m, "indicator")->pos,
			   "'indicator' in a column is used only when rows are regions");
	else if (rows != ROWS_INDICATORS)
		if (cfg_require(ctx, m, "indicator", " in column (rows are regions)") == 0)
			col->ind = cfg_ref_ind(ctx, ind);
	if (cfg_get_enum(ctx, m, "measure", measure_names, &meas) > 0)
		col->measure = (enum measure)meas;
	col->has_period = cfg_get_pref(ctx, m, "period", &col->period) > 0;
	col->has_from = cfg_get_pref(ctx, m, "from", &col->from) > 0;
	if (col->has_from && col->measure != MEASURE_CHANGE && col->measure != MEASURE_GROWTH)
		diag_error(ctx->d, cfg_map_key(m, "from")->pos,
			   "'from' is used only with measure change or growth");
	if (col->measure >= MEASURE_TARGET)
		needs_target(ctx, m, col->ind,
			     arena_printf(ctx->a, "needed by measure '%s'",
					  cfg_measure_name(col->measure)));
	cfg_get_int(ctx, m, "decimals", 0, 15, &col->decimals);
	cfg_get_length(ctx, m, "width", MM_PT, COL_MIN_MM * MM_PT, COL_MAX_MM * MM_PT, &col->width);
	cfg_get_enum(ctx, m, "align", align_names, &col->align);
	title(ctx, m, &col->title, &col->title_tpl);
}

static void walk_sort(struct cfg_ctx *ctx, const struct cfg_node *s, struct cfg_table *t)
{
	if (cfg_want(ctx, s, CFG_MAP, "sort") < 0)
		return;
	cfg_check_keys(ctx, s, sort_keys, " in sort");
	if (cfg_require(ctx, s, "column", " in sort") == 0)
		cfg_get_int(ctx, s, "column", 1, t->ncols ? (int)t->ncols : 1, &t->sort_col);
	cfg_get_bool(ctx, s, "descending", &t->sort_desc);
}

static void walk_columns(struct cfg_ctx *ctx, const struct cfg_node *c, struct cfg_table *t)
{
	size_t i;

	if (c->kind != CFG_SEQ || c->n == 0) {
		diag_error(ctx->d, c->pos, "'columns' must be a list of columns, got %s",
			   c->kind == CFG_SEQ ? "an empty list" : cfg_node_desc(ctx, c));
		return;
	}
	t->cols = arena_zalloc(ctx->a, c->n * sizeof(*t->cols));
	t->ncols = c->n;
	for (i = 0; i < c->n; i++)
		walk_column(ctx, c->kids[i], &t->cols[i], t->rows);
}

/* Keys that only make sense for some kinds of rows. */
static void only_with(struct cfg_ctx *ctx, const struct cfg_node *m, const char *key, int ok,
		      const char *when)
{
	const struct cfg_node *k = cfg_map_key(m, key);

	if (k && !ok)
		diag_error(ctx->d, k->pos, "'%s' is used only when %s", key, when);
}

static void walk_table(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_table *t)
{
	const char *where = " in table";
	const struct cfg_node *v;
	int rows = ROWS_INDICATORS;

	t->level = -1;
	t->top = -1;
	t->group_by = -1;
	t->units = -1;
	t->label_width = NAN;
	t->label_align = -1;
	if (cfg_want(ctx, m, CFG_MAP, "table") < 0)
		return;
	cfg_check_keys(ctx, m, table_keys, where);
	title(ctx, m, &t->title, &t->title_tpl);
	cfg_get_enum(ctx, m, "rows", rows_names, &rows);
	t->rows = (enum row_kind)rows;
	cfg_require(ctx, m, "columns", where);
	only_with(ctx, m, "indicators", rows == ROWS_INDICATORS, "rows are indicators");
	only_with(ctx, m, "level", rows == ROWS_LEVEL, "rows: level");
	only_with(ctx, m, "total", rows != ROWS_INDICATORS, "rows are regions");
	only_with(ctx, m, "sort", rows != ROWS_INDICATORS, "rows are regions");
	if (rows == ROWS_INDICATORS && cfg_require(ctx, m, "indicators", where) == 0)
		cfg_ref_list(ctx, cfg_map_get(m, "indicators"), "indicators", &t->inds, &t->ninds);
	if (rows == ROWS_LEVEL && cfg_require(ctx, m, "level", " in table (rows: level)") == 0)
		cfg_get_level(ctx, m, "level", &t->level);
	v = cfg_map_get(m, "columns");
	if (!cfg_is_null(v))
		walk_columns(ctx, v, t);
	cfg_get_bool(ctx, m, "total", &t->total);
	/* rows of one parent (children) make one group: only rows: level */
	only_with(ctx, m, "group_by", rows == ROWS_LEVEL, "rows: level");
	cfg_get_enum(ctx, m, "group_by", group_names, &t->group_by);
	cfg_get_enum(ctx, m, "orientation", orientation_names, &t->orientation);
	only_with(ctx, m, "top", rows != ROWS_INDICATORS, "rows are regions");
	cfg_get_int(ctx, m, "top", 0, 100000, &t->top);
	only_with(ctx, m, "total_label", t->total, "total: true");
	cfg_get_str(ctx, m, "total_label", &t->total_label);
	v = cfg_map_get(m, "sort");
	if (!cfg_is_null(v) && rows != ROWS_INDICATORS)
		walk_sort(ctx, v, t);
	if (cfg_get_str(ctx, m, "note", &t->note) > 0) /* figures as in a text block */
		cfg_template(ctx, cfg_map_get(m, "note"), &t->note_tpl);
	cfg_get_enum(ctx, m, "units", units_names, &t->units);
	cfg_get_length(ctx, m, "label_width", MM_PT, COL_MIN_MM * MM_PT, COL_MAX_MM * MM_PT,
		       &t->label_width);
	cfg_get_enum(ctx, m, "label_align", align_names, &t->label_align);
}

static void chart_keys(struct cfg_ctx *ctx, const struct cfg_node *m, int type)
{
	static const char *const *const lists[] = { line_keys, bar_keys, progress_keys };
	const char *const *allowed = type < 0 ? any_chart_keys : lists[type];
	size_t i, j, k;

	for (i = 0; i < m->n; i++) {
		const struct cfg_node *key = m->kids[2 * i];
		if (key->kind != CFG_SCALAR)
			continue;
		for (j = 0; allowed[j] && strcmp(allowed[j], key->s) != 0; j++)
			;
		if (allowed[j])
			continue;
		for (k = 0; any_chart_keys[k] && strcmp(any_chart_keys[k], key->s) != 0; k++)
			;
		if (any_chart_keys[k])
			diag_error(ctx->d, key->pos, "'%s' does not apply to a %s chart", key->s,
				   chart_types[type]);
		else
			diag_error(ctx->d, key->pos, "unknown key '%s' in chart%s", key->s,
				   cfg_hint(ctx, key->s, allowed, j));
	}
}

static void walk_chart_inds(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_chart *ch)
{
	const struct cfg_node *one = cfg_map_get(m, "indicator"), *many = cfg_map_get(m, "indicators");
	size_t i;

	if (!cfg_is_null(one) && !cfg_is_null(many)) {
		diag_error(ctx->d, cfg_map_key(m, "indicators")->pos,
			   "a chart takes 'indicator' or 'indicators', not both");
		return;
	}
	if (cfg_is_null(one) && cfg_is_null(many)) {
		diag_error(ctx->d, m->pos, "missing key 'indicators' in chart");
		return;
	}
	if (cfg_ref_list(ctx, one ? one : many, one ? "indicator" : "indicators", &ch->inds,
			 &ch->ninds) < 0 || ch->kind != CHART_PROGRESS)
		return;
	for (i = 0; i < ch->ninds; i++)
		needs_target(ctx, one ? one : many->kids[i], ch->inds[i],
			     "a progress chart needs one");
}

static void walk_bar(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_chart *ch)
{
	const struct cfg_node *p = cfg_map_get(m, "periods");
	int over = 0, sort = -2;
	size_t i;

	if (cfg_get_enum(ctx, m, "over", over_names, &over) > 0 && over == 1)
		ch->over = ROWS_LEVEL;
	if (ch->over == ROWS_LEVEL && cfg_require(ctx, m, "level", " in chart (over: level)") == 0)
		cfg_get_level(ctx, m, "level", &ch->level);
	only_with(ctx, m, "level", ch->over == ROWS_LEVEL, "over: level");
	if (cfg_get_enum(ctx, m, "sort", sort_names, &sort) > 0) {
		ch->sort = sort == 0 ? 1 : -1;
		ch->sort_pos = cfg_map_get(m, "sort")->keypos;
	}
	cfg_get_bool(ctx, m, "horizontal", &ch->horizontal);
	cfg_get_int(ctx, m, "top", 0, 100000, &ch->top);
	if (cfg_is_null(p))
		return;
	if (p->kind != CFG_SEQ || p->n == 0) {
		diag_error(ctx->d, p->pos, "'periods' must be a list of periods, got %s",
			   p->kind == CFG_SEQ ? "an empty list" : cfg_node_desc(ctx, p));
		return;
	}
	ch->periods = arena_zalloc(ctx->a, p->n * sizeof(*ch->periods));
	ch->nperiods = p->n;
	for (i = 0; i < p->n; i++)
		cfg_scalar_pref(ctx, p->kids[i], "periods", &ch->periods[i]);
}

static void walk_chart(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_chart *ch)
{
	int type = -1;

	ch->over = ROWS_CHILDREN;
	ch->level = -1;
	ch->horizontal = -1;
	ch->top = -1;
	if (cfg_want(ctx, m, CFG_MAP, "chart") < 0)
		return;
	if (cfg_require(ctx, m, "type", " in chart") == 0)
		cfg_get_enum(ctx, m, "type", chart_types, &type);
	chart_keys(ctx, m, type);
	if (type < 0)
		return;
	ch->kind = (enum chart_kind)type;
	title(ctx, m, &ch->title, &ch->title_tpl);
	walk_chart_inds(ctx, m, ch);
	if (ch->kind == CHART_LINE) {
		ch->has_from = cfg_get_pref(ctx, m, "from", &ch->from) > 0;
		ch->has_to = cfg_get_pref(ctx, m, "to", &ch->to) > 0;
		cfg_get_bool(ctx, m, "target", &ch->show_target);
	} else if (ch->kind == CHART_BAR) {
		walk_bar(ctx, m, ch);
	}
}

static int is_levels_key(const struct cfg_node *k)
{
	return k->kind == CFG_SCALAR && strcmp(k->s, "levels") == 0;
}

/* text: WORDING | [WORDING, ...] | {say: WORDING, when: FORMULA,
 * otherwise: WORDING}. A list gives alternative wordings (the first whose
 * figures are all present is printed); when: prints the paragraph only
 * where the formula holds (not 0, not missing). */
static int walk_text(struct cfg_ctx *ctx, const struct cfg_node *v, struct cfg_block *b)
{
	const struct cfg_node *w;
	size_t i;

	if (v->kind == CFG_SEQ && v->n > 0) {
		b->alts = arena_zalloc(ctx->a, v->n * sizeof(*b->alts));
		b->nalts = v->n;
		for (i = 0; i < v->n; i++)
			cfg_template(ctx, v->kids[i], &b->alts[i]);
		b->text = b->alts[0];
		return 0;
	}
	if (v->kind != CFG_MAP)
		return cfg_template(ctx, v, &b->text);
	cfg_check_keys(ctx, v, text_keys, " in text");
	if (cfg_require(ctx, v, "say", " in text") < 0)
		return -1;
	w = cfg_map_get(v, "when");
	if (!cfg_is_null(w) && w->kind == CFG_SCALAR)
		b->when = cfg_formula(ctx, w, 0, w->s, w->len);
	else if (!cfg_is_null(w))
		diag_error(ctx->d, w->pos, "'when' must be a formula, got %s", cfg_node_desc(ctx, w));
	if (!cfg_is_null(cfg_map_get(v, "otherwise"))) {
		b->has_otherwise = 1;
		cfg_template(ctx, cfg_map_get(v, "otherwise"), &b->otherwise);
	}
	return cfg_template(ctx, cfg_map_get(v, "say"), &b->text);
}

/* A block is a mapping with one key, its kind (and optionally `levels:`). Returns 0 when the block is
 * kept, -1 when it is dropped (an error, or pagebreak: false). */
static int walk_block(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_block *b)
{
	const struct cfg_node *k, *v;
	size_t i;
	int kind, on = 1;

	b->pos = m->pos;
	if (m->kind != CFG_MAP || m->n == 0)
		return diag_error(ctx->d, m->pos, "a block must be a mapping with one key (text, "
				  "table, chart, kpi or pagebreak), got %s", cfg_node_desc(ctx, m));
	/* `levels:` may stand beside the kind, before or after it. */
	i = m->n > 1 && is_levels_key(m->kids[0]);
	k = m->kids[2 * i];
	v = m->kids[2 * i + 1];
	if (k->kind != CFG_SCALAR)
		return -1;
	cfg_get_levels(ctx, m, &b->levels);
	for (i = 0; i < m->n; i++)
		if (m->kids[2 * i] != k && m->kids[2 * i]->kind == CFG_SCALAR &&
		    !is_levels_key(m->kids[2 * i]))
			diag_error(ctx->d, m->kids[2 * i]->pos, "unexpected key '%s' after block '%s' "
			   "(a block has one key; indent it under '%s'?)", m->kids[2 * i]->s, k->s,
			   k->s);
	for (kind = 0; block_kinds[kind] && strcmp(block_kinds[kind], k->s) != 0; kind++)
		;
	if (!block_kinds[kind])
		return diag_error(ctx->d, k->pos, "unknown block '%s'%s", k->s,
				  cfg_hint(ctx, k->s, block_kinds, 5));
	b->kind = (enum block_kind)kind;
	switch (b->kind) {
	case BLOCK_TEXT:
		return walk_text(ctx, v, b);
	case BLOCK_TABLE:
		walk_table(ctx, v, &b->table);
		return 0;
	case BLOCK_CHART:
		walk_chart(ctx, v, &b->chart);
		return 0;
	case BLOCK_KPI:
		return cfg_ref_list(ctx, v, "kpi", &b->kpis, &b->nkpis);
	case BLOCK_PAGEBREAK:
		if (!cfg_is_null(v))
			cfg_get_bool(ctx, m, "pagebreak", &on);
		return on ? 0 : -1;
	}
	return -1;
}

static void walk_blocks(struct cfg_ctx *ctx, const struct cfg_node *s, struct cfg_section *sec)
{
	size_t i;

	if (s->kind != CFG_SEQ) {
		diag_error(ctx->d, s->pos, "'blocks' must be a list of blocks, got %s",
			   cfg_node_desc(ctx, s));
		return;
	}
	sec->blocks = arena_zalloc(ctx->a, (s->n ? s->n : 1) * sizeof(*sec->blocks));
	for (i = 0; i < s->n; i++)
		if (walk_block(ctx, s->kids[i], &sec->blocks[sec->nblocks]) == 0)
			sec->nblocks++;
		else
			memset(&sec->blocks[sec->nblocks], 0, sizeof(*sec->blocks));
}

static void walk_section(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_section *sec,
			 int depth)
{
	const struct cfg_node *v;

	sec->pos = m->pos;
	sec->each = -1;
	if (cfg_want(ctx, m, CFG_MAP, "sections") < 0)
		return;
	cfg_check_keys(ctx, m, section_keys, " in section");
	if (cfg_require(ctx, m, "title", " in section") == 0)
		cfg_template(ctx, cfg_map_get(m, "title"), &sec->title);
	cfg_get_level(ctx, m, "each", &sec->each);
	cfg_get_levels(ctx, m, &sec->levels);
	v = cfg_map_get(m, "blocks");
	if (!cfg_is_null(v))
		walk_blocks(ctx, v, sec);
	v = cfg_map_get(m, "sections");
	if (!cfg_is_null(v))
		cfg_walk_sections(ctx, v, &sec->subs, &sec->nsubs, depth + 1);
}

void cfg_walk_sections(struct cfg_ctx *ctx, const struct cfg_node *s, struct cfg_section **out,
		       size_t *nout, int depth)
{
	size_t i;

	if (s->kind != CFG_SEQ) {
		diag_error(ctx->d, s->pos, "'sections' must be a list of sections, got %s",
			   cfg_node_desc(ctx, s));
		return;
	}
	*out = arena_zalloc(ctx->a, (s->n ? s->n : 1) * sizeof(**out));
	*nout = s->n;
	for (i = 0; i < s->n; i++)
		walk_section(ctx, s->kids[i], &(*out)[i], depth);
}
