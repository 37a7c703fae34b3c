/*
 * The keys of a file source (csv, xlsx): its table's layout, the names of
 * its columns, the texts that mean "missing", its encoding, and for Excel
 * the sheet and the cell range. Checked here, so the loader only reads.
 */
#include <string.h>

#include "core/util/cellref.h"
#include "core/util/arena.h"
#include "core/config/config_node.h"

static const char *const formats[] = { "long", "wide", "periods", NULL };
static const char *const column_keys[] = { "region", "period", "indicator", "value", NULL };
static const char *const encodings[] = { "auto", "utf-8", "utf8", "gb18030", "gbk", "gb2312",
					 NULL };
static const enum cfg_encoding encoding_of[] = { CFG_ENC_AUTO, CFG_ENC_UTF8, CFG_ENC_UTF8,
						 CFG_ENC_GB18030, CFG_ENC_GB18030,
						 CFG_ENC_GB18030 };

int cfg_get_encoding(struct cfg_ctx *ctx, const struct cfg_node *m, enum cfg_encoding *out)
{
	int k = 0, r = cfg_get_enum(ctx, m, "encoding", encodings, &k);

	if (r > 0)
		*out = encoding_of[k];
	return r;
}

/* wide: key: CODE_COLUMN, period: PERIOD_COLUMN | a fixed period */
static void walk_wide(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src)
{
	const struct cfg_node *p = cfg_map_get(m, "period");
	const struct cfg_node *c = cfg_map_key(m, "columns");
	const char *where = src->kind == SRC_XLSX ? " in a wide xlsx source" :
						    " in a wide csv source";

	if (c)
		diag_error(ctx->d, c->pos, "'columns' is for long and periods sources; a wide "
			   "source names its columns with 'key' and 'period'");
	cfg_require(ctx, m, "key", where);
	cfg_require(ctx, m, "period", where);
	cfg_get_str(ctx, m, "key", &src->key);
	if (p && p->kind == CFG_SCALAR && period_parse(p->s, p->len, &src->period) == 0)
		src->has_period = 1;
	else
		cfg_get_str(ctx, m, "period", &src->period_col);
}

/* columns: {region: 地区代码, period: 年份, indicator: 指标, value: 数值} */
static void walk_columns(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src)
{
	const struct cfg_node *c = cfg_map_get(m, "columns");
	int k;

	if (!c || cfg_is_null(c) || cfg_want(ctx, c, CFG_MAP, "columns") < 0)
		return;
	cfg_check_keys(ctx, c, column_keys, " in columns");
	for (k = 0; k < 4; k++) {
		const struct cfg_node *kn = cfg_map_key(c, column_keys[k]);
		if (cfg_get_str(ctx, c, column_keys[k], &src->columns[k]) <= 0)
			continue;
		if (src->layout == CFG_PERIODS && (k == 1 || k == 3))
			diag_error(ctx->d, kn->pos, "'%s' is not a column of a periods source: its "
				   "periods and values are the columns after region and indicator",
				   column_keys[k]);
	}
}

/* missing: ["—", "-", "…"] (a single text is a list of one) */
static void walk_missing(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src)
{
	const struct cfg_node *v = cfg_map_get(m, "missing");
	size_t i, n;

	if (!v || cfg_is_null(v))
		return;
	n = v->kind == CFG_SEQ ? v->n : 1;
	src->missing = arena_zalloc(ctx->a, n * sizeof(*src->missing));
	for (i = 0; i < n; i++) {
		const struct cfg_node *e = v->kind == CFG_SEQ ? v->kids[i] : v;
		if (e->kind != CFG_SCALAR) {
			diag_error(ctx->d, e->pos, "'missing' must list texts, got %s",
				   cfg_node_desc(ctx, e));
			continue;
		}
		src->missing[src->nmissing++] = e->s;
	}
}

/* range: A1:K200 (Excel's own limits: columns to XFD, rows to 1048576) */
static void walk_range(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src)
{
	const struct cfg_node *v = cfg_map_get(m, "range");
	const char *p;
	int *r = src->range;

	if (!v || cfg_is_null(v))
		return;
	if (v->kind == CFG_SCALAR && cellref_parse(v->s, &r[0], &r[1], &p) == 0 && *p == ':' &&
	    cellref_parse(p + 1, &r[2], &r[3], &p) == 0 && !*p && r[0] <= r[2] && r[1] <= r[3]) {
		src->has_range = 1;
		return;
	}
	diag_error(ctx->d, v->pos, "'range' must be a cell range like A1:K200 (top left, "
		   "bottom right), got %s", cfg_node_desc(ctx, v));
}

void cfg_walk_file_source(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src)
{
	int layout = CFG_LONG;

	if (cfg_get_enum(ctx, m, "format", formats, &layout) > 0)
		src->layout = (enum cfg_layout)layout;
	src->wide = src->layout == CFG_WIDE;
	cfg_get_encoding(ctx, m, &src->encoding);
	cfg_get_str(ctx, m, "sheet", &src->sheet);
	walk_range(ctx, m, src);
	walk_missing(ctx, m, src);
	if (src->wide) {
		walk_wide(ctx, m, src);
		return;
	}
	walk_columns(ctx, m, src);
	if (cfg_map_key(m, "key") || cfg_map_key(m, "period")) {
		const struct cfg_node *k = cfg_map_key(m, "key");
		if (!k)
			k = cfg_map_key(m, "period");
		diag_error(ctx->d, k->pos, "'%s' is only for 'format: wide' sources", k->s);
	}
}
