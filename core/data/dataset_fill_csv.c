/*
 * The fill's CSV side (core/data/dataset_fill.h): a file source's header
 * and rows in each layout (long, wide, periods), read from a CSV file
 * (UTF-8 or GB18030, core/data/encoding.h) or an Excel sheet
 * (core/data/xlsx.h), both through the CSV reader. The long rows' hot
 * loop stays beside the lookups it inlines, in dataset_fill.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/dataset_fill_int.h"
#include "core/data/encoding.h"
#include "core/data/xlsx.h"
#include "core/util/xalloc.h"

static const struct csv_field *field(const struct fill *f, int col)
{
	return &f->c.f[f->col[col]];
}

/* The header's fields without the empty ones at its end (an Excel sheet
 * saved as CSV often has them), with one note when there are some. */
static size_t header_width(struct fill *f)
{
	struct csv *c = &f->c;
	size_t n = c->nf;

	while (n > 1 && c->f[n - 1].len == 0)
		n--;
	if (n < c->nf)
		diag_note(f->d, csv_pos(c, n), "%zu empty column%s at the end of the header "
			  "%s ignored", c->nf - n, c->nf - n == 1 ? "" : "s",
			  c->nf - n == 1 ? "is" : "are");
	return n;
}

/* The name of column k in the header: the source's columns:, or its own. */
static const char *header_name(const struct fill *f, int k)
{
	return f->src && f->src->columns[k] ? f->src->columns[k] : source_columns[k];
}

/* The field of the header named name among the first n, or -1 after an
 * error naming the key of columns: that gave it. */
static int named_column(struct fill *f, size_t n, int k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (csv_field_is(&f->c, i, header_name(f, k)))
			return (int)i;
	return csv_error(&f->c, 0, "no column '%s' in the header (the %s column%s)",
			 header_name(f, k), source_columns[k],
			 f->src && f->src->columns[k] ? " named in 'columns'" : "; name yours "
			 "with 'columns' on the source");
}

/* header := the four names, in any order (the source's names when it maps
 * them, and then other columns are ignored) */
static int check_header(struct fill *f)
{
	struct csv *c = &f->c;
	size_t n = header_width(f), k;
	int mapped = 0, bad = 0, found = 0;
	size_t i;

	for (k = 0; k < 4; k++)
		mapped |= f->src && f->src->columns[k];
	for (i = 0; i < n && n == 4 && !mapped; i++)
		for (k = 0; k < 4; k++)
			if (csv_field_is(c, i, source_columns[k]) && !(found & (1 << k))) {
				found |= 1 << k;
				f->col[k] = (int)i;
			}
	if (found == 15)
		return 0;
	if (!mapped)
		return csv_error(c, 0, "bad header in the data file: expected "
				 "'region,period,indicator,value'");
	for (k = 0; k < 4; k++)
		bad |= (f->col[k] = named_column(f, n, (int)k)) < 0;
	return bad ? -1 : 0;
}

/* The field of the header named name, or -1 after an error. */
static int wide_column(struct fill *f, const char *name, const char *key)
{
	struct csv *c = &f->c;
	size_t i;

	for (i = 0; i < c->nf; i++)
		if (csv_field_is(c, i, name))
			return (int)i;
	return csv_error(c, 0, "no column '%s' (the '%s' of the source) in the header", name,
			 key);
}

/* header := key column, optional period column, one column per indicator.
 * Indicators are resolved once here, so unknown names warn once. */
static int wide_header(struct fill *f)
{
	const struct cfg_source *s = f->src;
	struct csv *c = &f->c;
	size_t i, n = header_width(f);

	f->col[COL_REGION] = wide_column(f, s->key ? s->key : "region", "key");
	f->col[COL_PERIOD] = -1;
	if (s->period_col)
		f->col[COL_PERIOD] = wide_column(f, s->period_col, "period");
	if (f->col[COL_REGION] < 0 || (s->period_col && f->col[COL_PERIOD] < 0))
		return -1;
	f->wide = xmalloc(c->nf * sizeof(*f->wide));
	for (i = 0; i < c->nf; i++) {
		f->wide[i] = IND_IGNORED;
		if (i >= n || (int)i == f->col[COL_REGION] || (int)i == f->col[COL_PERIOD])
			continue;
		f->col[COL_INDICATOR] = (int)i;
		f->wide[i] = fill_find_indicator(f, c->f[i].s, c->f[i].len);
	}
	return 0;
}

/* row := a region, a period (or the source's), a value per indicator */
static void wide_row(struct fill *f, int fixed_ord)
{
	const struct csv_field *r = field(f, COL_REGION);
	int reg, ord = fixed_ord, bad;
	size_t i;

	reg = fill_find_region(f, r->s, r->len);
	bad = reg < 0;
	if (f->col[COL_PERIOD] >= 0) {
		const struct csv_field *p = field(f, COL_PERIOD);
		bad |= fill_find_period(f, p->s, p->len, &ord) < 0;
	}
	for (i = 0; i < f->c.nf; i++) {
		if (f->wide[i] == IND_IGNORED)
			continue;
		f->col[COL_INDICATOR] = f->col[COL_VALUE] = (int)i;
		fill_store_text(f, f->wide[i], reg, ord, bad || f->wide[i] < 0, &f->c.f[i]);
	}
}

#define PORD_NONE (-1 - (1 << 30))

static int is_period(const char *s, size_t len)
{
	struct period p;

	return period_parse(s, len, &p) == 0 || ds_text_period(s, len, &p) == 0;
}

/* A column of a periods table that names no period (a unit, a note): its
 * values are not data. */
static void not_a_period_column(struct fill *f, size_t i)
{
	size_t n;
	const char *line = csv_line(&f->c, i, &n);

	if (f->c.sheet)
		line = NULL, n = 0;
	diag_warning_line(f->d, csv_pos(&f->c, i), line, n, "column '%.*s' is not a period "
			  "(2012 or 2012年); its values are ignored", (int)f->c.f[i].len,
			  f->c.f[i].s);
}

/* header := region, indicator, then one column per period (2012, 2012年);
 * another column is ignored with a warning, once. */
static int periods_header(struct fill *f)
{
	struct csv *c = &f->c;
	size_t n = header_width(f), i;

	f->col[COL_REGION] = named_column(f, n, COL_REGION);
	f->col[COL_INDICATOR] = named_column(f, n, COL_INDICATOR);
	if (f->col[COL_REGION] < 0 || f->col[COL_INDICATOR] < 0)
		return -1;
	f->pord = xmalloc(c->nf * sizeof(*f->pord));
	for (i = 0; i < c->nf; i++) {
		int ord = 0;
		f->pord[i] = PORD_NONE;
		if (i >= n || (int)i == f->col[COL_REGION] || (int)i == f->col[COL_INDICATOR])
			continue;
		f->col[COL_PERIOD] = (int)i;
		if (!is_period(c->f[i].s, c->f[i].len))
			not_a_period_column(f, i);
		else if (fill_find_period(f, c->f[i].s, c->f[i].len, &ord) == 0)
			f->pord[i] = ord;
	}
	return 0;
}

/* row := a region, an indicator, a value per period column */
static void periods_row(struct fill *f)
{
	const struct csv_field *r = field(f, COL_REGION), *in = field(f, COL_INDICATOR);
	int reg = fill_find_region(f, r->s, r->len), ind;
	size_t i;

	ind = fill_find_indicator(f, in->s, in->len);
	if (ind == IND_IGNORED)
		return;
	for (i = 0; i < f->c.nf; i++) {
		if (f->pord[i] == PORD_NONE)
			continue;
		f->col[COL_PERIOD] = f->col[COL_VALUE] = (int)i;
		fill_store_text(f, ind, reg, f->pord[i], reg < 0 || ind < 0, &f->c.f[i]);
	}
}

/* The fixed period of a wide source, checked against the data's kind. */
static int fixed_period(struct fill *f, int *ord)
{
	char text[16];

	if (!f->src || !f->src->wide || f->src->period_col)
		return 0;
	period_format(f->src->period, text, sizeof(text));
	f->col[COL_PERIOD] = -1;
	return fill_find_period(f, text, strlen(text), ord);
}

/* Open the current source's file (or a long CSV when none is begun). */
static int open_file(struct fill *f, const char *file, struct src_pos where)
{
	if (f->src && f->src->kind == SRC_XLSX)
		return xlsx_open(&f->c, file, f->src, where, f->a, f->d);
	return encoding_csv_open(&f->c, file, where, f->src ? f->src->encoding : CFG_ENC_AUTO,
				 f->d);
}

static void read_table(struct fill *f, enum cfg_layout layout)
{
	int ord = 0;

	if (layout == CFG_WIDE && fixed_period(f, &ord) == 0 && wide_header(f) == 0)
		while (csv_next(&f->c) > 0)
			wide_row(f, ord);
	else if (layout == CFG_PERIODS && periods_header(f) == 0)
		while (csv_next(&f->c) > 0)
			periods_row(f);
	else if (layout == CFG_LONG && check_header(f) == 0)
		fill_load_rows(f);
}

void fill_csv(struct fill *f, const char *path, struct src_pos where)
{
	const char *file = arena_strdup(f->a, path);
	enum cfg_layout layout = !f->src ? CFG_LONG : f->src->wide ? CFG_WIDE : f->src->layout;
	int r;

	if (open_file(f, file, where) < 0) {
		csv_close(&f->c);
		return;
	}
	f->in_csv = 1;
	if (layout == CFG_LONG && f->c.fd >= 0)
		ds_sample_periods(file, &f->guess);
	r = csv_next(&f->c);
	if (r == 0)
		diag_error(f->d, (struct src_pos){file, 0, 0}, "the data file is empty");
	else if (r > 0)
		read_table(f, layout);
	csv_close(&f->c);
	free(f->wide);
	free(f->pord);
	f->wide = NULL;
	f->pord = NULL;
	f->in_csv = 0;
	f->guess.ok = 0;
}
