/*
 * ds_load: the regions file and the long CSV sources -> the value cube.
 *
 * One pass over each source. The period axis must be known to lay out the
 * cube [indicator][region][period], so it is guessed from a sample of the
 * head and tail of each file (data sorted by region or by period shows its
 * whole range there), grown exactly when a row falls outside it, and
 * trimmed to the periods actually seen at the end. The guess only decides
 * how often the cube is re-laid out, never the result.
 */
#include "core/dataset.h"

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/csv.h"
#include "core/numparse.h"
#include "core/xalloc.h"

#define DS_MAX_PERIODS 1200
#define DS_MAX_CELLS ((size_t)1 << 30) /* 8 GiB of doubles */
#define DS_SAMPLE ((size_t)256 << 10)

enum { COL_REGION, COL_PERIOD, COL_INDICATOR, COL_VALUE };
enum { IND_ERROR = -1, IND_IGNORED = -2 };

struct range {
	int ok;
	enum period_kind kind;
	int lo, hi;
};

/* The state of one load, across sources. */
struct fill {
	const struct cfg *cfg;
	struct dataset *ds;
	struct arena *a;
	struct diag *d;
	struct smap cols;    /* name in the data -> indicator */
	struct smap warned;  /* names not in the config, warned about once */
	const char **wnames; /* their names, by the value in warned */
	size_t nw, capw;
	struct range seen;   /* the axis so far plus every period of the data */
	struct range guess;  /* from the sample of the current source */
	int kind_set;        /* seen.kind is the kind of the data set */
	int report_kind;     /* ... set by the report period */
	int full;            /* the cube hit a limit (reported): store no more */
	struct csv c;
	int col[4];          /* field index of region, period, indicator, value */
	/* Rows come grouped, so the last lookup usually answers the next. */
	int creg;
	size_t creg_len;
	const char *cind;
	size_t cind_len;
	int cind_idx;
	int *succ;           /* indicator -> the one that followed it last */
	size_t *collen;      /* indicator -> length of its column name */
	char cper[16];
	size_t cper_len;
	int cper_ord;        /* -1: the cached text is not a usable period */
};

static const char *kind_name(enum period_kind k, int plural)
{
	static const char *const names[3][2] = {
		{"year", "years"}, {"quarter", "quarters"}, {"month", "months"}};
	return names[k][plural];
}

static void range_add(struct range *r, enum period_kind kind, int lo, int hi)
{
	if (!r->ok) {
		r->ok = 1;
		r->kind = kind;
		r->lo = lo;
		r->hi = hi;
		return;
	}
	if (lo < r->lo)
		r->lo = lo;
	if (hi > r->hi)
		r->hi = hi;
}

/* Re-lay the cube out on the axis first .. first + n - 1, which covers the
 * current one: every row of periods is copied to its new offset. */
static void relayout(struct dataset *ds, enum period_kind kind, int first, int n)
{
	size_t rows = ds->nind * ds->reg.n, r, j, on = (size_t)ds->axis.n;
	size_t off = ds->v ? (size_t)(ds->axis.first - first) : 0;
	double *v = xmalloc(rows * (size_t)n * sizeof(*v));

	for (r = 0; r < rows; r++) {
		double *dst = v + r * (size_t)n;
		for (j = 0; j < (size_t)n; j++)
			dst[j] = NAN;
		if (ds->v && on)
			memcpy(dst + off, ds->v + r * on, on * sizeof(*v));
	}
	free(ds->v);
	ds->v = v;
	ds->axis.kind = kind;
	ds->axis.first = first;
	ds->axis.n = n;
}

/* Shrink the axis in place to first .. first + n - 1, inside the current
 * one: each row moves down, never over data not yet moved. */
static void trim(struct dataset *ds, int first, int n)
{
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

static int too_big(const struct fill *f, const struct range *r)
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
	struct range want = {0, f->seen.kind, 0, 0}, with_guess;
	char a[16], b[16];

	if (f->full)
		return -1;
	range_add(&want, f->seen.kind, lo, hi);
	if (ds->axis.n > 0)
		range_add(&want, f->seen.kind, ds->axis.first, ds->axis.first + ds->axis.n - 1);
	if (f->guess.ok && f->guess.kind == f->seen.kind) {
		with_guess = want;
		range_add(&with_guess, f->seen.kind, f->guess.lo, f->guess.hi);
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
	relayout(ds, want.kind, want.lo, want.hi - want.lo + 1);
	return 0;
}

/* The period column of the complete lines in buf[0..n), after the first
 * line (a header, or a line cut by the sample). Lines with quotes are
 * skipped: this is a guess, not a parse. */
static void sample_lines(const char *buf, size_t n, int pcol, struct range *r)
{
	const char *p = memchr(buf, '\n', n), *end = buf + n, *nl;
	struct period per;

	for (p = p ? p + 1 : end; p < end && (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
		const char *s = p, *e;
		int k;
		if (memchr(p, '"', (size_t)(nl - p)))
			continue;
		for (k = 0; k < pcol && s; k++) {
			s = memchr(s, ',', (size_t)(nl - s));
			if (s)
				s++;
		}
		if (!s)
			continue;
		e = memchr(s, ',', (size_t)(nl - s));
		if (period_parse(s, (size_t)((e ? e : nl) - s), &per) == 0 &&
		    (!r->ok || per.kind == r->kind))
			range_add(r, per.kind, per.ord, per.ord);
	}
}

/* The index of "period" in the header line at the start of buf, or -1. */
static int sample_header(const char *buf, size_t n)
{
	const char *p = buf, *end;
	int k = 0;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	end = memchr(p, '\n', (size_t)(buf + n - p));
	if (!end)
		return -1;
	while (p < end) {
		const char *e = memchr(p, ',', (size_t)(end - p));
		size_t len = (size_t)((e ? e : end) - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 6 && memcmp(p, "period", 6) == 0)
			return k;
		if (!e)
			break;
		p = e + 1;
		k++;
	}
	return -1;
}

/* Guess the period range of a file from its first and last DS_SAMPLE
 * bytes (a regular file only). */
static void sample(const char *path, struct range *r)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd = open(path, O_RDONLY), pcol;

	memset(r, 0, sizeof(*r));
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	buf = xmalloc(DS_SAMPLE);
	n = pread(fd, buf, DS_SAMPLE, 0);
	pcol = n > 0 ? sample_header(buf, (size_t)n) : -1;
	if (pcol >= 0) {
		sample_lines(buf, (size_t)n, pcol, r);
		if ((size_t)st.st_size > DS_SAMPLE) {
			n = pread(fd, buf, DS_SAMPLE, st.st_size - (off_t)DS_SAMPLE);
			if (n > 0)
				sample_lines(buf, (size_t)n, pcol, r);
		}
	}
	free(buf);
	close(fd);
}

static int find_region(struct fill *f, size_t fi)
{
	const struct csv_field *x = &f->c.f[fi];
	const struct regions *rg = &f->ds->reg;
	int r = f->creg;

	if (r >= 0 && x->len == f->creg_len && memcmp(rg->code[r], x->s, x->len) == 0)
		return r;
	r = smap_get(&rg->by_code, x->s, x->len);
	if (r < 0)
		return csv_error(&f->c, fi, "unknown region '%.*s'", (int)x->len, x->s);
	f->creg = r;
	f->creg_len = x->len;
	return r;
}

static int find_period(struct fill *f, size_t fi, int *ord)
{
	const struct csv_field *x = &f->c.f[fi];
	struct period p;
	char had[16];

	if (x->len == f->cper_len && memcmp(x->s, f->cper, x->len) == 0) {
		*ord = f->cper_ord;
		return 0;
	}
	if (period_parse(x->s, x->len, &p) < 0)
		return csv_error(&f->c, fi,
				 "period '%.*s' is not a year (2019), a quarter (2019Q3) or a "
				 "month (2019-03)", (int)x->len, x->s);
	if (!f->kind_set) {
		f->kind_set = 1;
		f->seen.kind = p.kind;
	} else if (p.kind != f->seen.kind) {
		if (f->report_kind)
			return csv_error(&f->c, fi, "period '%.*s' is a %s, but the report "
					 "period '%s' is a %s", (int)x->len, x->s,
					 kind_name(p.kind, 0),
					 period_format(f->cfg->report.period, had, sizeof(had)),
					 kind_name(f->seen.kind, 0));
		return csv_error(&f->c, fi, "period '%.*s' is a %s, but this data set has %s",
				 (int)x->len, x->s, kind_name(p.kind, 0),
				 kind_name(f->seen.kind, 1));
	}
	if (x->len < sizeof(f->cper)) {
		memcpy(f->cper, x->s, x->len);
		f->cper_len = x->len;
		f->cper_ord = p.ord;
	}
	*ord = p.ord;
	return 0;
}

static const char *column_name(const struct cfg *cfg, int i)
{
	return cfg->ind[i].column ? cfg->ind[i].column : cfg->ind[i].id;
}

/* A name not in the config: one warning per name, then ignored. Returns
 * the name, kept for the lookup cache. */
static const char *unknown_indicator(struct fill *f, size_t fi)
{
	const struct csv_field *x = &f->c.f[fi];
	int k = smap_get(&f->warned, x->s, x->len);
	char *name;

	if (k >= 0)
		return f->wnames[k];
	name = arena_strndup(f->a, x->s, x->len);
	xgrow((void **)&f->wnames, &f->capw, f->nw + 1, sizeof(*f->wnames));
	f->wnames[f->nw] = name;
	smap_put(&f->warned, name, x->len, (int)f->nw++);
	diag_warning(f->d, csv_pos(&f->c, fi),
		     "indicator '%s' in the data is not in the config; its values are ignored",
		     name);
	return name;
}

/* Is field x the column name of indicator i? */
static int is_column(const struct fill *f, const struct csv_field *x, int i)
{
	return i >= 0 && x->len == f->collen[i] && memcmp(x->s, column_name(f->cfg, i), x->len) == 0;
}

/* Indicators usually cycle in a fixed order within a region and period:
 * after the last one, try the one that followed it the last time, and only
 * then hash. */
static int find_indicator(struct fill *f, size_t fi)
{
	const struct csv_field *x = &f->c.f[fi];
	int i, prev = f->cind_idx;

	if (f->cind && x->len == f->cind_len && memcmp(x->s, f->cind, x->len) == 0) {
		i = prev;
	} else if (prev >= 0 && is_column(f, x, f->succ[prev])) {
		i = f->succ[prev];
	} else if (x->len == 0) {
		return csv_error(&f->c, fi, "empty indicator name");
	} else {
		i = smap_get(&f->cols, x->s, x->len);
		f->cind = i >= 0 ? column_name(f->cfg, i) : unknown_indicator(f, fi);
		f->cind_len = x->len;
		if (i < 0)
			i = IND_IGNORED;
	}
	if (i != prev) {
		if (prev >= 0 && i >= 0)
			f->succ[prev] = i;
		if (i >= 0) {
			f->cind = column_name(f->cfg, i);
			f->cind_len = f->collen[i];
		}
		f->cind_idx = i;
	}
	if (i >= 0 && f->cfg->ind[i].is_derived)
		return csv_error(&f->c, fi, "indicator '%s' is derived (it has a formula); the "
				 "data cannot give its values", f->cfg->ind[i].id);
	return i;
}

static void note_period(struct fill *f, int ord)
{
	if (!f->seen.ok) {
		range_add(&f->seen, f->seen.kind, ord, ord);
	} else if (ord < f->seen.lo) {
		f->seen.lo = ord;
	} else if (ord > f->seen.hi) {
		f->seen.hi = ord;
	}
}

static void store(struct fill *f, int ind, int reg, int ord, double x)
{
	struct dataset *ds = f->ds;
	int j = ord - ds->axis.first;
	double *cell;
	char per[16];

	note_period(f, ord);
	if (j < 0 || j >= ds->axis.n) {
		if (extend(f, ord, ord, csv_pos(&f->c, (size_t)f->col[COL_PERIOD])) < 0)
			return;
		j = ord - ds->axis.first;
	}
	cell = &ds->v[ds_index(ds, ind, reg, j)];
	if (!isnan(*cell)) {
		csv_error(&f->c, 0, "value for indicator '%s', region '%s', period '%s' is given "
			  "twice", f->cfg->ind[ind].id, ds->reg.code[reg],
			  period_format((struct period){ds->axis.kind, ord}, per, sizeof(per)));
		return;
	}
	*cell = x;
	ds->nvalues++;
}

/* row := region, period, indicator, value (in the header's order) */
static void load_row(struct fill *f)
{
	const struct csv_field *v = &f->c.f[f->col[COL_VALUE]];
	int reg, ord = 0, ind, bad;
	double x;

	reg = find_region(f, (size_t)f->col[COL_REGION]);
	bad = reg < 0;
	bad |= find_period(f, (size_t)f->col[COL_PERIOD], &ord) < 0;
	ind = find_indicator(f, (size_t)f->col[COL_INDICATOR]);
	if (ind == IND_IGNORED)
		return;
	bad |= ind < 0;
	if (v->len == 0) {
		if (!bad)
			note_period(f, ord); /* a missing value still names its period */
		return;
	}
	if (numparse_double(v->s, v->len, &x) < 0) {
		csv_error(&f->c, (size_t)f->col[COL_VALUE], "value '%.*s' is not a number",
			  (int)v->len, v->s);
		return;
	}
	if (!bad)
		store(f, ind, reg, ord, x);
}

/* header := the four names, in any order */
static int check_header(struct fill *f)
{
	static const char *const names[4] = {"region", "period", "indicator", "value"};
	struct csv *c = &f->c;
	int found = 0;
	size_t i, k;

	for (i = 0; i < c->nf && c->nf == 4; i++)
		for (k = 0; k < 4; k++)
			if (csv_field_is(c, i, names[k]) && !(found & (1 << k))) {
				found |= 1 << k;
				f->col[k] = (int)i;
			}
	if (found == 15)
		return 0;
	return csv_error(c, 0, "bad header in the data file: expected "
			 "'region,period,indicator,value'");
}

static void load_source(struct fill *f, const char *path, struct src_pos where)
{
	const char *file = arena_strdup(f->a, path);
	int r;

	if (csv_open(&f->c, file, where, f->d) < 0)
		return;
	sample(file, &f->guess);
	r = csv_next(&f->c);
	if (r == 0)
		diag_error(f->d, (struct src_pos){file, 0, 0}, "the data file is empty");
	if (r > 0 && check_header(f) == 0)
		while (csv_next(&f->c) > 0)
			load_row(f);
	csv_close(&f->c);
	f->guess.ok = 0;
}

static void fill_init(struct fill *f, const struct cfg *cfg, struct dataset *ds,
		      struct arena *a, struct diag *d)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->cfg = cfg;
	f->ds = ds;
	f->a = a;
	f->d = d;
	f->creg = -1;
	f->cind_idx = IND_IGNORED;
	smap_init(&f->cols, cfg->nind);
	f->succ = xmalloc(cfg->nind * sizeof(*f->succ));
	f->collen = xmalloc(cfg->nind * sizeof(*f->collen));
	for (i = 0; i < cfg->nind; i++) {
		const char *name = column_name(cfg, (int)i);
		f->collen[i] = strlen(name);
		f->succ[i] = -1;
		smap_put(&f->cols, name, f->collen[i], (int)i);
	}
	smap_init(&f->warned, 16);
	if (!ds->v)
		ds->nind = cfg->nind;
	if (ds->axis.n > 0) {
		f->kind_set = 1;
		range_add(&f->seen, ds->axis.kind, ds->axis.first,
			  ds->axis.first + ds->axis.n - 1);
	}
}

/* The axis: exactly the periods seen, plus the one the caller had. */
static void fill_finish(struct fill *f, struct src_pos where)
{
	struct dataset *ds = f->ds;

	if (f->seen.ok && !f->full) {
		if (ds->axis.n == 0 || f->seen.lo < ds->axis.first ||
		    f->seen.hi >= ds->axis.first + ds->axis.n)
			extend(f, f->seen.lo, f->seen.hi, where);
		if (!f->full)
			trim(ds, f->seen.lo, f->seen.hi - f->seen.lo + 1);
	}
	smap_release(&f->cols);
	smap_release(&f->warned);
	free(f->wnames);
	free(f->succ);
	free(f->collen);
}

int ds_load_long_csv(const struct cfg *cfg, const char *path, struct dataset *ds,
		     struct arena *a, struct diag *d)
{
	size_t errors = d->nerrors;
	struct fill f;

	fill_init(&f, cfg, ds, a, d);
	load_source(&f, path, (struct src_pos){NULL, 0, 0});
	fill_finish(&f, (struct src_pos){path, 0, 0});
	return d->nerrors > errors ? -1 : 0;
}

static void load_sources(struct fill *f)
{
	const struct cfg *cfg = f->cfg;
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		const struct cfg_source *s = &cfg->sources[i];
		if (!s->type || strcmp(s->type, "csv") != 0) {
			diag_error(f->d, s->pos, "unsupported data source type '%s' (supported: csv)",
				   s->type ? s->type : "");
			continue;
		}
		load_source(f, s->resolved ? s->resolved : s->path, s->pos);
	}
}

int ds_load(const struct cfg *cfg, struct dataset *ds, struct arena *a, struct diag *d)
{
	size_t errors = d->nerrors;
	struct src_pos where = cfg->nsources ? cfg->sources[0].pos : cfg->regions_pos;
	struct fill f;

	memset(ds, 0, sizeof(*ds));
	if (!cfg->regions_path) {
		diag_error(d, cfg->regions_pos, "no regions file in the config");
		return -1;
	}
	if (ds_load_regions_at(cfg, cfg->regions_path, cfg->regions_pos, ds, a, d) < 0) {
		ds_release(ds);
		return -1;
	}
	fill_init(&f, cfg, ds, a, d);
	if (cfg->report.has_period) {
		f.kind_set = f.report_kind = 1;
		range_add(&f.seen, cfg->report.period.kind, cfg->report.period.ord,
			  cfg->report.period.ord);
	}
	load_sources(&f);
	fill_finish(&f, where);
	if (!f.seen.ok && d->nerrors == errors)
		diag_error(d, where, "the data has no values, so no period to report on");
	if (d->nerrors > errors) {
		ds_release(ds);
		return -1;
	}
	return 0;
}

void ds_release(struct dataset *ds)
{
	free(ds->v);
	if (ds->reg.by_code.slots)
		smap_release(&ds->reg.by_code);
	memset(ds, 0, sizeof(*ds));
}
