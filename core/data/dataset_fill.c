/*
 * The fill: one ds_load's rows, from every source, into the value cube
 * (core/data/dataset_fill.h). dataset.c drives the sources; the headers
 * and rows of CSV files and Excel sheets are read by dataset_fill_csv.c
 * (the long rows' loop here), the database sources hand over their rows
 * through fill_row.
 *
 * One pass over each source. The period axis must be known to lay out the
 * cube [indicator][region][period], so it is guessed from a sample of the
 * head and tail of each file (core/data/dataset_sample.c), grown exactly when a
 * row falls outside it, and trimmed to the periods actually seen at the
 * end. The guess only decides how often the cube is re-laid out, never the
 * result.
 *
 * Rows come grouped by region and period with the indicators in a fixed
 * order: quick_row takes such a row inline, load_row any other.
 */
#include "core/data/dataset_fill.h"
#include "core/data/dataset_fill_int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/csv.h"
#include "core/data/dataset_int.h"
#include "core/data/dataset_text.h"
#include "core/util/numparse.h"
#include "core/util/strbuf.h"
#include "core/util/xalloc.h"

#define DS_MAX_PERIODS 1200
#define DS_MAX_CELLS ((size_t)1 << 30) /* 8 GiB of doubles */

static const char *kind_name(enum period_kind k, int plural)
{
	static const char *const names[3][2] = {
		{"year", "years"}, {"quarter", "quarters"}, {"month", "months"}};
	return names[k][plural];
}

/* v[0 .. n) = NaN, by copies (memcpy beats a loop of stores) of a first
 * 1 KiB, made by doubling. */
static void fill_nan(double *v, size_t n)
{
	size_t k, chunk = 128;

	if (n > 0)
		v[0] = NAN;
	for (k = 1; k < n && k < chunk; k *= 2)
		memcpy(v + k, v, (k < n - k ? k : n - k) * sizeof(*v));
	for (; k < n; k += chunk)
		memcpy(v + k, v, (chunk < n - k ? chunk : n - k) * sizeof(*v));
}

/* Re-lay the cube (and the per-cell sources) out on the axis first ..
 * first + n - 1, which covers the current one. In place: the block is
 * grown with realloc (for a big cube an mremap, no copy and no second
 * cube at the peak), then every row of periods moves to its new offset,
 * last row first, so a row never lands on one not yet moved. */
static void relayout(struct fill *f, enum period_kind kind, int first, int n)
{
	struct dataset *ds = f->ds;
	size_t rows = ds->nind * ds->reg.n, r, j, on = ds->v ? (size_t)ds->axis.n : 0;
	size_t nn = (size_t)n, off = ds->v ? (size_t)(ds->axis.first - first) : 0;
	double *v = xrealloc(ds->v, rows * nn * sizeof(*v));
	uint8_t *from = NULL;

	if (!on)
		fill_nan(v, rows * nn);
	for (r = rows; on && r-- > 0;) {
		double *dst = v + r * nn;
		memmove(dst + off, v + r * on, on * sizeof(*v));
		for (j = 0; j < off; j++)
			dst[j] = NAN;
		for (j = off + on; j < nn; j++)
			dst[j] = NAN;
	}
	if (f->cfg->nsources > 1) {
		int had = f->from != NULL;
		from = xrealloc(f->from, rows * nn);
		for (r = rows; r-- > 0;) {
			if (had && on)
				memmove(from + r * nn + off, from + r * on, on);
			else
				memset(from + r * nn + off, 0, on);
			memset(from + r * nn, 0, off);
			memset(from + r * nn + off + on, 0, nn - off - on);
		}
	}
	ds->v = v;
	f->from = from;
	ds->axis.kind = kind;
	ds->axis.first = first;
	ds->axis.n = n;
}

/* Shrink the axis in place to first .. first + n - 1, inside the current
 * one: each row moves down, never over data not yet moved. */
static void trim(struct fill *f, int first, int n)
{
	struct dataset *ds = f->ds;
	size_t rows = ds->nind * ds->reg.n, r, on = (size_t)ds->axis.n;
	size_t off = (size_t)(first - ds->axis.first);

	if (first == ds->axis.first && n == ds->axis.n)
		return;
	for (r = 0; r < rows; r++)
		memmove(ds->v + r * (size_t)n, ds->v + r * on + off, (size_t)n * sizeof(double));
	ds->v = xrealloc(ds->v, rows * (size_t)n * sizeof(double));
	ds->axis.first = first;
	ds->axis.n = n;
}

static int too_big(const struct fill *f, const struct ds_range *r)
{
	size_t n = (size_t)(r->hi - r->lo) + 1;
	size_t rows = f->ds->nind * f->ds->reg.n;

	return n > DS_MAX_PERIODS || (rows > 0 && n > DS_MAX_CELLS / rows);
}

/* Make the axis cover lo..hi and, the first time in a source, the guess.
 * Past the limits the error is reported once and nothing more is stored. */
static int extend(struct fill *f, int lo, int hi, struct src_pos pos)
{
	struct dataset *ds = f->ds;
	struct ds_range want = {0, f->seen.kind, 0, 0}, with_guess;
	char a[16], b[16];

	if (f->full)
		return -1;
	ds_range_add(&want, f->seen.kind, lo, hi);
	if (ds->axis.n > 0)
		ds_range_add(&want, f->seen.kind, ds->axis.first, ds->axis.first + ds->axis.n - 1);
	if (f->guess.ok && f->guess.kind == f->seen.kind) {
		with_guess = want;
		ds_range_add(&with_guess, f->seen.kind, f->guess.lo, f->guess.hi);
		if (!too_big(f, &with_guess))
			want = with_guess;
	}
	f->guess.ok = 0;
	if (too_big(f, &want)) {
		period_format((struct period){want.kind, want.lo}, a, sizeof(a));
		period_format((struct period){want.kind, want.hi}, b, sizeof(b));
		diag_error(f->d, pos, "the periods from '%s' to '%s' make the data cube too big "
			   "(at most %d periods and %zu values)", a, b, DS_MAX_PERIODS,
			   DS_MAX_CELLS);
		f->full = 1;
		return -1;
	}
	relayout(f, want.kind, want.lo, want.hi - want.lo + 1);
	return 0;
}

/* Where column col of the current row is: its CSV field, else the source
 * in the config. */
static int field_of(const struct fill *f, int col)
{
	return col < 0 ? 0 : f->col[col];
}

static struct src_pos here(const struct fill *f, int col)
{
	if (f->in_csv && field_of(f, col) >= 0)
		return csv_pos(&f->c, (size_t)field_of(f, col));
	return f->spos;
}

/* Report an error at column col of the current row (COL_ROW: the row). */
static int fail(struct fill *f, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct fill *f, int col, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (f->in_csv && field_of(f, col) >= 0)
		return csv_error(&f->c, (size_t)field_of(f, col), "%s", msg);
	if (f->in_csv || !f->row)
		return diag_error(f->d, f->spos, "%s: %s", f->what, msg);
	return diag_error(f->d, f->spos, "%s, row %zu: %s", f->what, f->row, msg);
}

static inline uint64_t load8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
	return x;
}

static inline uint32_t load4(const char *p)
{
	uint32_t x;
	memcpy(&x, p, 4);
	return x;
}

/* a[0..n) == b[0..n), for the short texts of the lookup caches: inline, by
 * two overlapping loads from each end (a memcmp call costs more). */
static inline int same_text(const char *a, const char *b, size_t n)
{
	if (n > 32)
		return memcmp(a, b, n) == 0;
	if (n > 16)
		return ((load8(a) ^ load8(b)) | (load8(a + 8) ^ load8(b + 8)) |
			(load8(a + n - 16) ^ load8(b + n - 16)) |
			(load8(a + n - 8) ^ load8(b + n - 8))) == 0;
	if (n >= 8)
		return ((load8(a) ^ load8(b)) | (load8(a + n - 8) ^ load8(b + n - 8))) == 0;
	if (n >= 4)
		return ((load4(a) ^ load4(b)) | (load4(a + n - 4) ^ load4(b + n - 4))) == 0;
	for (; n > 0; n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

/* Not a code: a region's name, when no other region has it. */
static int lookup_region(struct fill *f, const char *s, size_t len)
{
	int r = smap_get(&f->ds->reg.by_code, s, len);
	const char *cands = "";

	if (r < 0 && len > 0)
		r = ds_text_region(&f->names, &f->ds->reg, s, len, &cands, f->a);
	if (r == -2)
		return fail(f, COL_REGION, "region name '%.*s' is not unique: %s; give the "
			    "region's code instead", (int)len, s, cands);
	if (r < 0)
		return fail(f, COL_REGION, "unknown region '%.*s'", (int)len, s);
	f->creg = r;
	f->creg_len = len;
	return r;
}

/* The lookups try the last row's answer first, inline: rows come grouped,
 * so it is usually the answer again. */
static inline int find_region(struct fill *f, const char *s, size_t len)
{
	int r = f->creg;

	if (r >= 0 && len == f->creg_len && same_text(f->ds->reg.code[r], s, len))
		return r;
	return lookup_region(f, s, len);
}

static int parse_period(struct fill *f, const char *s, size_t len, int *ord)
{
	struct period p;
	char had[16];

	if (period_parse(s, len, &p) < 0 && ds_text_period(s, len, &p) < 0)
		return fail(f, COL_PERIOD,
			    "period '%.*s' is not a year (2019), a quarter (2019Q3) or a "
			    "month (2019-03)", (int)len, s);
	if (!f->kind_set) {
		f->kind_set = 1;
		f->seen.kind = p.kind;
	} else if (p.kind != f->seen.kind) {
		if (f->report_kind)
			return fail(f, COL_PERIOD, "period '%.*s' is a %s, but the report "
				    "period '%s' is a %s", (int)len, s, kind_name(p.kind, 0),
				    period_format(f->cfg->report.period, had, sizeof(had)),
				    kind_name(f->seen.kind, 0));
		return fail(f, COL_PERIOD, "period '%.*s' is a %s, but this data set has %s",
			    (int)len, s, kind_name(p.kind, 0), kind_name(f->seen.kind, 1));
	}
	if (len < sizeof(f->cper)) {
		memcpy(f->cper, s, len);
		f->cper_len = len;
		f->cper_ord = p.ord;
	}
	*ord = p.ord;
	return 0;
}

static inline int find_period(struct fill *f, const char *s, size_t len, int *ord)
{
	if (len == f->cper_len && same_text(s, f->cper, len)) {
		*ord = f->cper_ord;
		return 0;
	}
	return parse_period(f, s, len, ord);
}

static const char *column_name(const struct cfg *cfg, int i)
{
	return cfg->ind[i].column ? cfg->ind[i].column : cfg->ind[i].id;
}

/* A name not in the config: one warning per name, then ignored. Returns
 * the name, kept for the lookup cache. */
static const char *unknown_indicator(struct fill *f, const char *s, size_t len)
{
	int k = smap_get(&f->warned, s, len);
	char *name;

	if (k >= 0)
		return f->wnames[k];
	name = arena_strndup(f->a, s, len);
	xgrow((void **)&f->wnames, &f->capw, f->nw + 1, sizeof(*f->wnames));
	f->wnames[f->nw] = name;
	smap_put(&f->warned, name, len, (int)f->nw++);
	if (f->in_csv) {
		size_t n;
		const char *line = csv_line(&f->c, (size_t)f->col[COL_INDICATOR], &n);
		diag_warning_line(f->d, here(f, COL_INDICATOR), line, n,
				  "indicator '%s' in the data is not in the config; its values "
				  "are ignored", name);
	} else
		diag_warning(f->d, f->spos, "%s: indicator '%s' in the data is not in the "
			     "config; its values are ignored", f->what, name);
	return name;
}

/* The indicator named s, not the last one nor its successor: hashed. */
static int new_indicator(struct fill *f, const char *s, size_t len, int prev)
{
	int i;

	if (len == 0)
		return fail(f, COL_INDICATOR, "empty indicator name");
	i = smap_get(&f->cols, s, len);
	if (i < 0) {
		f->cind = unknown_indicator(f, s, len);
		f->cind_len = len;
		i = IND_IGNORED;
	}
	if (i != prev) {
		if (prev >= 0 && i >= 0)
			f->ic[prev].succ = i;
		f->cind_idx = i;
	}
	return i;
}

static int derived(struct fill *f, int i)
{
	return fail(f, COL_INDICATOR, "indicator '%s' is derived (it has a formula); the data "
		    "cannot give its values", f->cfg->ind[i].id);
}

/* Indicators usually cycle in a fixed order within a region and period:
 * after the last one, try the one that followed it the last time (never
 * the last one itself), and only then hash. */
static inline int find_indicator(struct fill *f, const char *s, size_t len)
{
	int i = f->cind_idx, next = i >= 0 ? f->ic[i].succ : -1;

	/* The successor first: both cannot match, as indices come from the
	 * hash, which has one per name, and next != i. */
	if (next >= 0 && len == f->ic[next].len && same_text(s, f->ic[next].name, len)) {
		i = f->cind_idx = next;
	} else if (i >= 0 ? len == f->ic[i].len && same_text(s, f->ic[i].name, len)
			  : f->cind && len == f->cind_len && same_text(s, f->cind, len)) {
		/* i: the last one again */
	} else {
		i = new_indicator(f, s, len, i);
	}
	if (i >= 0 && f->ic[i].derived)
		return derived(f, i);
	return i;
}

static inline void note_period(struct fill *f, int ord)
{
	if (!f->seen.ok) {
		ds_range_add(&f->seen, f->seen.kind, ord, ord);
	} else if (ord < f->seen.lo) {
		f->seen.lo = ord;
	} else if (ord > f->seen.hi) {
		f->seen.hi = ord;
	}
}

/* "csv source 'values.csv'", "postgres source '$PROGREP_PG'" */
static const char *source_what(struct arena *a, const struct cfg_source *s)
{
	const char *label = s->label ? s->label : s->path ? s->path : "";

	return arena_printf(a, "%s source '%s'", s->type ? s->type : "csv", label);
}

/* The cell already holds a value: from this source, or from another one
 * (then both are named, and a note points at the other in the config). */
static void duplicate(struct fill *f, size_t cell, int ind, int reg, int ord)
{
	const struct cfg_source *other = NULL;
	char per[16];

	period_format((struct period){f->ds->axis.kind, ord}, per, sizeof(per));
	if (f->from && f->src && f->from[cell] != (uint8_t)f->srcno)
		other = &f->cfg->sources[f->from[cell]];
	if (!other) {
		fail(f, COL_ROW, "value for indicator '%s', region '%s', period '%s' is given "
		     "twice", f->cfg->ind[ind].id, f->ds->reg.code[reg], per);
		return;
	}
	fail(f, COL_ROW, "value for indicator '%s', region '%s', period '%s' is given "
	     "twice: by %s and by %s", f->cfg->ind[ind].id, f->ds->reg.code[reg], per,
	     source_what(f->a, other), f->what);
	diag_note(f->d, other->pos, "%s is here", source_what(f->a, other));
}

/* store() for a value outside the axis or in a cell already set. */
static void store_slow(struct fill *f, int ind, int reg, int ord, double x)
{
	struct dataset *ds = f->ds;
	int j = ord - ds->axis.first;
	size_t cell;

	if (j < 0 || j >= ds->axis.n) {
		if (extend(f, ord, ord, here(f, COL_PERIOD)) < 0)
			return;
		j = ord - ds->axis.first;
	}
	cell = ds_index(ds, ind, reg, j);
	if (!isnan(ds->v[cell])) {
		duplicate(f, cell, ind, reg, ord);
		return;
	}
	ds->v[cell] = x;
	if (f->from)
		f->from[cell] = (uint8_t)f->srcno;
	ds->nvalues++;
}

/* Store one value of the current source: the one place every source's
 * values go through. The common case inline. */
static inline void store(struct fill *f, int ind, int reg, int ord, double x)
{
	struct dataset *ds = f->ds;
	int j = ord - ds->axis.first;
	size_t cell;

	note_period(f, ord);
	if (j >= 0 && j < ds->axis.n && isnan(ds->v[cell = ds_index(ds, ind, reg, j)])) {
		ds->v[cell] = x;
		if (f->from)
			f->from[cell] = (uint8_t)f->srcno;
		ds->nvalues++;
		return;
	}
	store_slow(f, ind, reg, ord, x);
}

/* Why numparse_double refused text s: NaN text (what many exports write
 * for a missing value), infinity, overflow, or anything else. */
const char *ds_not_a_number(const char *s, size_t len)
{
	char buf[64], *end;
	double x;

	if (len >= sizeof(buf))
		return "is not a number";
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	x = strtod(buf, &end);
	if (end == buf || *end || isspace((unsigned char)buf[0]))
		return "is not a number";
	if (isnan(x))
		return "is not a number (leave the value empty for a missing value)";
	if (isinf(x) && errno == ERANGE)
		return "is too large for a number (beyond 1.8e308)";
	if (isinf(x))
		return "is not a finite number";
	return "is not a number (only decimal digits, '.', a sign and an exponent)";
}

/* A text the strict parse refused: as typed in Excel, missing, or an
 * error. 1: *x is the value; 0: missing or refused (reported). */
static int typed_value(struct fill *f, const struct csv_field *v, double *x)
{
	const char *why = "";
	int r = ds_text_value(f->src, v->s, v->len, x, &why, f->a);

	if (r == DS_TEXT_BAD)
		fail(f, COL_VALUE, "value '%.*s' %s", (int)v->len, v->s,
		     why ? why : ds_not_a_number(v->s, v->len));
	return r == DS_TEXT_VALUE;
}

/* A value given as text (CSV): empty is missing. */
static inline void store_text(struct fill *f, int ind, int reg, int ord, int bad,
		       const struct csv_field *v)
{
	double x;

	if (v->len == 0) {
		if (!bad)
			note_period(f, ord); /* a missing value still names its period */
		return;
	}
	if (numparse_double(v->s, v->len, &x) < 0 && !typed_value(f, v, &x)) {
		if (!bad)
			note_period(f, ord);
		return;
	}
	if (!bad)
		store(f, ind, reg, ord, x);
}

/* The lookups and the store, for the layouts of dataset_fill_csv.c. */

int fill_find_region(struct fill *f, const char *s, size_t len)
{
	return find_region(f, s, len);
}

int fill_find_period(struct fill *f, const char *s, size_t len, int *ord)
{
	return find_period(f, s, len, ord);
}

int fill_find_indicator(struct fill *f, const char *s, size_t len)
{
	return find_indicator(f, s, len);
}

void fill_store_text(struct fill *f, int ind, int reg, int ord, int bad,
		     const struct csv_field *v)
{
	store_text(f, ind, reg, ord, bad, v);
}

/* row := region, period, indicator, value (in the header's order) */
static void load_row(struct fill *f, const struct csv_field *r, const struct csv_field *p,
		     const struct csv_field *i, const struct csv_field *v)
{
	int reg, ord = 0, ind, bad;

	reg = find_region(f, r->s, r->len);
	bad = reg < 0;
	bad |= find_period(f, p->s, p->len, &ord) < 0;
	ind = find_indicator(f, i->s, i->len);
	if (ind == IND_IGNORED)
		return;
	bad |= ind < 0;
	store_text(f, ind, reg, ord, bad, v);
}

/* What the rows of one region and period share, for quick_row. */
struct quick {
	uint8_t *from;    /* f->from */
	size_t base;      /* the cell of indicator 0 */
	size_t stride;    /* from one indicator's cell to the next */
};

/*
 * The common row, inline: the region and the period of the last row, the
 * indicator that followed the last one (not derived), a number, for a cell
 * on the axis that is still empty. That is what load_row would find, and
 * it stores the value as load_row would; anything else returns 0 having
 * changed nothing, and load_row takes the row. same: the region and the
 * period are those of the last row, which took this path: q holds them,
 * and the axis has not moved since (only load_row moves it).
 */
static inline int quick_row(struct fill *f, struct quick *q, const struct csv_field *fl,
			    const size_t col[4], int same)
{
	const struct csv_field *i = &fl[col[COL_INDICATOR]], *v = &fl[col[COL_VALUE]];
	struct dataset *ds = f->ds;
	int prev = f->cind_idx, ind;
	size_t cell;
	double x;

	if (!same) {
		const struct csv_field *r = &fl[col[COL_REGION]], *p = &fl[col[COL_PERIOD]];
		int reg = f->creg, j = f->cper_ord - ds->axis.first;
		if (reg < 0 || r->len != f->creg_len ||
		    !same_text(ds->reg.code[reg], r->s, r->len) || p->len != f->cper_len ||
		    !same_text(p->s, f->cper, p->len) || j < 0 || j >= ds->axis.n)
			return 0;
		q->from = f->from;
		q->base = ds_index(ds, 0, reg, j);
		q->stride = ds->reg.n * (size_t)ds->axis.n;
	}
	if (prev < 0 || (ind = f->ic[prev].succ) < 0 || i->len != f->ic[ind].quick_len ||
	    !same_text(i->s, f->ic[ind].name, i->len))
		return 0;
	cell = q->base + (size_t)ind * q->stride;
	if (!isnan(ds->v[cell]))
		return 0;
	if (numparse_fast(v->s, v->len, &x) < 0)
		return 0; /* also an empty value: load_row notes its period */
	f->cind_idx = ind;
	if (!same)
		note_period(f, f->cper_ord); /* else noted by the last row */
	ds->v[cell] = x;
	if (q->from)
		q->from[cell] = (uint8_t)f->srcno;
	ds->nvalues++;
	return 1;
}

void fill_load_rows(struct fill *f)
{
	const size_t col[4] = {(size_t)f->col[0], (size_t)f->col[1], (size_t)f->col[2],
			       (size_t)f->col[3]};
	/* the fields that must be the same as the last row's */
	size_t need = (col[COL_REGION] > col[COL_PERIOD] ? col[COL_REGION] : col[COL_PERIOD]) + 1;
	struct quick q = {NULL, 0, 0};
	int quick = 0;

	while (csv_next(&f->c) > 0) {
		const struct csv_field *fl = f->c.f;
		quick = quick_row(f, &q, fl, col, quick && f->c.same >= need);
		if (!quick)
			load_row(f, &fl[col[COL_REGION]], &fl[col[COL_PERIOD]],
				 &fl[col[COL_INDICATOR]], &fl[col[COL_VALUE]]);
	}
}

void fill_row(struct fill *f, size_t row, struct src_text region, struct src_text period,
	      struct src_text indicator, double value)
{
	int reg, ord = 0, ind, bad;

	f->row = row;
	reg = find_region(f, region.s, region.len);
	bad = reg < 0;
	bad |= find_period(f, period.s, period.len, &ord) < 0;
	ind = find_indicator(f, indicator.s, indicator.len);
	if (ind == IND_IGNORED || bad || ind < 0)
		return;
	if (isnan(value))
		note_period(f, ord);
	else
		store(f, ind, reg, ord, value);
}

struct fill *fill_new(const struct cfg *cfg, struct dataset *ds, struct arena *a,
		      struct diag *d)
{
	struct fill *f = xcalloc(1, sizeof(*f));
	size_t i;

	f->cfg = cfg;
	f->ds = ds;
	f->a = a;
	f->d = d;
	f->creg = -1;
	f->cind_idx = IND_IGNORED;
	f->cper_len = (size_t)-1;
	smap_init(&f->cols, cfg->nind);
	f->ic = xmalloc(cfg->nind * sizeof(*f->ic));
	for (i = 0; i < cfg->nind; i++) {
		struct ind_col *ic = &f->ic[i];
		ic->name = column_name(cfg, (int)i);
		ic->len = strlen(ic->name);
		ic->derived = cfg->ind[i].is_derived != 0;
		ic->quick_len = ic->derived ? (size_t)-1 : ic->len;
		ic->succ = -1;
		smap_put(&f->cols, ic->name, ic->len, (int)i);
	}
	smap_init(&f->warned, 16);
	if (!ds->v)
		ds->nind = cfg->nind;
	if (ds->axis.n > 0) {
		f->kind_set = 1;
		ds_range_add(&f->seen, ds->axis.kind, ds->axis.first,
			  ds->axis.first + ds->axis.n - 1);
	}
	return f;
}

void fill_report_period(struct fill *f)
{
	const struct period p = f->cfg->report.period;

	f->kind_set = f->report_kind = 1;
	ds_range_add(&f->seen, p.kind, p.ord, p.ord);
}

void fill_source_begin(struct fill *f, size_t i)
{
	const struct cfg_source *s = &f->cfg->sources[i];

	f->src = s;
	f->srcno = (int)i;
	f->spos = s->pos;
	f->what = source_what(f->a, s);
	f->row = 0;
	f->errors0 = f->d->nerrors;
	f->creg = -1; /* the lookup caches point into the last source's text */
	f->cind = NULL;
	f->cind_idx = IND_IGNORED;
	f->cper_len = (size_t)-1;
}

void fill_source_end(struct fill *f) { f->src = NULL; }

/* The axis: exactly the periods seen, plus the one the caller had. */
int fill_end(struct fill *f, struct src_pos where)
{
	struct dataset *ds = f->ds;
	int seen = f->seen.ok;

	if (f->seen.ok && !f->full && ds->reg.n > 0) {
		if (ds->axis.n == 0 || f->seen.lo < ds->axis.first ||
		    f->seen.hi >= ds->axis.first + ds->axis.n)
			extend(f, f->seen.lo, f->seen.hi, where);
		if (!f->full)
			trim(f, f->seen.lo, f->seen.hi - f->seen.lo + 1);
	}
	smap_release(&f->cols);
	smap_release(&f->warned);
	ds_names_release(&f->names);
	free(f->wnames);
	free(f->ic);
	free(f->from);
	free(f);
	return seen ? 0 : -1;
}

/* The side the database sources see. */

const char *const source_columns[4] = {"region", "period", "indicator", "value"};

static int vfill_error(struct fill *f, size_t row, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!row)
		return diag_error(f->d, f->spos, "%s: %s", f->what, msg);
	return diag_error(f->d, f->spos, "%s, row %zu: %s", f->what, row, msg);
}

int fill_error(struct fill *f, size_t row, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfill_error(f, row, fmt, ap);
	va_end(ap);
	return -1;
}

int fill_fail(struct fill *f, const char *fmt, ...)
{
	va_list ap;

	f->failed = 1;
	va_start(ap, fmt);
	vfill_error(f, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int fill_failed(const struct fill *f)
{
	return f->failed;
}

const struct cfg_source *fill_source(const struct fill *f)
{
	return f->src;
}

int fill_gave_up(const struct fill *f)
{
	return f->full || f->d->nerrors - f->errors0 >= f->d->max_errors;
}

const char *fill_period_param(struct fill *f, char *buf, size_t n)
{
	if (f->cfg->report.period_arg == PERIOD_ARG_GIVEN)
		return period_format(f->cfg->report.period_given, buf, n);
	if (f->cfg->report.period_arg == PERIOD_ARG_LATEST) {
		/* binding report.period would quietly report on that period */
		fill_error(f, 0, "the query uses $period, which --period latest cannot fill: the "
			   "latest period is known only once the data is loaded; give the period "
			   "(--period 2019) or leave $period out of the query");
		return NULL;
	}
	if (!f->cfg->report.has_period) {
		fill_error(f, 0, "the query uses $period, but the config sets no report period "
			   "(report: period:)");
		return NULL;
	}
	return period_format(f->cfg->report.period, buf, n);
}

int fill_regions(struct fill *f, const char *csv, size_t len)
{
	const char *name = arena_printf(f->a, "%s regions_query", f->what);

	return ds_load_regions_text(f->cfg, name, csv, len, f->ds, f->a, f->d);
}

void fill_csv_field(struct strbuf *b, const char *s, size_t n, char sep)
{
	size_t i;

	if (memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) || memchr(s, '\r', n)) {
		strbuf_grow(b, 2 * n + 3);
		strbuf_addch(b, '"');
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				strbuf_addch(b, '"');
			strbuf_addch(b, s[i]);
		}
		strbuf_addch(b, '"');
	} else {
		strbuf_add(b, s, n);
	}
	strbuf_addch(b, sep);
}
