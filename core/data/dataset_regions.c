/*
 * The regions file: code,name,parent,level -> the region tree of
 * core/data/regions.h, in pre-order with children in file order.
 */
#include "core/data/dataset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/csv.h"
#include "core/data/encoding.h"
#include "core/util/xalloc.h"

#define DS_MAX_REGIONS 10000000

enum { F_CODE, F_NAME, F_PARENT, F_LEVEL };

/* One line of the file, kept until the tree is built: checks that span
 * lines (parents, cycles) report after the file is read, with the line. */
struct rrow {
	const char *code, *name, *parent;
	int level;  /* index into cfg->levels, -1 if unknown */
	int up;     /* row of the parent, -1 for the root or an unknown parent */
	int line;
	int col[4]; /* of each field */
	const char *text;
	size_t textlen;
};

struct rtab {
	const struct cfg *cfg;
	const char *file;
	struct arena *a;
	struct diag *d;
	struct rrow *row;
	size_t n, cap;
	struct smap by_code; /* code -> row */
	int root;
};

static void row_error(struct rtab *t, const struct rrow *r, int field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void row_error(struct rtab *t, const struct rrow *r, int field, const char *fmt, ...)
{
	char msg[1024];
	struct src_pos pos = {t->file, r->line, r->col[field]};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_error_line(t->d, pos, r->text, r->textlen, "%s", msg);
}

/* A level by name, or by number: tables from statistics systems give the
 * level as 1, 2, 3..., the config's levels in order from the top. */
static int find_level(const struct cfg *cfg, const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < cfg->nlevels; i++)
		if (strlen(cfg->levels[i]) == len && memcmp(cfg->levels[i], s, len) == 0)
			return (int)i;
	for (i = 0; i < len && i < 3 && s[i] >= '0' && s[i] <= '9'; i++)
		n = n * 10 + (size_t)(s[i] - '0');
	if (i == len && len > 0 && n >= 1 && n <= cfg->nlevels)
		return (int)n - 1;
	return -1;
}

static const char *level_list(const struct rtab *t)
{
	const char *s = "";
	size_t i;

	for (i = 0; i < t->cfg->nlevels; i++)
		s = arena_printf(t->a, "%s%s%s", s, i ? ", " : "", t->cfg->levels[i]);
	return s;
}

static int check_header(struct csv *c)
{
	static const char *const want[4] = {"code", "name", "parent", "level"};
	size_t i;

	for (i = 0; i < 4 && i < c->nf; i++)
		if (!csv_field_is(c, i, want[i]))
			break;
	if (i == 4 && c->nf == 4)
		return 0;
	return csv_error(c, i < c->nf ? i : 0,
			 "bad header in the regions file: expected 'code,name,parent,level'");
}

/* The checks one line allows: empty or duplicate code, unknown level. */
static void add_row(struct rtab *t, struct csv *c)
{
	struct rrow *r;
	size_t i, len;
	const char *line;
	int prev;

	xgrow((void **)&t->row, &t->cap, t->n + 1, sizeof(*t->row));
	r = &t->row[t->n];
	r->code = arena_strndup(t->a, c->f[F_CODE].s, c->f[F_CODE].len);
	r->name = arena_strndup(t->a, c->f[F_NAME].s, c->f[F_NAME].len);
	r->parent = arena_strndup(t->a, c->f[F_PARENT].s, c->f[F_PARENT].len);
	r->line = c->f[F_CODE].lineno;
	for (i = 0; i < 4; i++)
		r->col[i] = c->f[i].col;
	line = csv_line(c, F_CODE, &len);
	r->textlen = len > 200 ? 200 : len;
	r->text = arena_strndup(t->a, line, r->textlen);
	r->up = -1;
	r->level = find_level(t->cfg, c->f[F_LEVEL].s, c->f[F_LEVEL].len);
	if (r->level < 0)
		row_error(t, r, F_LEVEL, "unknown level '%.*s' (the levels are: %s)",
			  (int)c->f[F_LEVEL].len, c->f[F_LEVEL].s, level_list(t));
	if (!*r->code) {
		row_error(t, r, F_CODE, "empty region code");
	} else {
		prev = smap_put(&t->by_code, r->code, strlen(r->code), (int)t->n);
		if (prev >= 0)
			row_error(t, r, F_CODE, "duplicate region code '%s' (first on line %d)",
				  r->code, t->row[prev].line);
	}
	t->n++;
}

/* From the file path, or from text[0..len) when text is not NULL. */
static int read_rows(struct rtab *t, const char *path, struct src_pos where, const char *text,
		     size_t len)
{
	struct csv c;
	int r;

	if (text)
		csv_open_mem(&c, path, text, len, t->d);
	else if (encoding_csv_open(&c, path, where, t->cfg->regions_encoding, t->d) < 0) {
		csv_close(&c);
		return -1;
	}
	r = csv_next(&c);
	if (r == 0)
		diag_error(t->d, (struct src_pos){path, 0, 0}, "the regions file is empty");
	if (r <= 0 || check_header(&c) < 0) {
		csv_close(&c);
		return -1;
	}
	while ((r = csv_next(&c)) > 0) {
		if (t->n == DS_MAX_REGIONS) {
			csv_error(&c, 0, "more than %d regions", DS_MAX_REGIONS);
			break;
		}
		add_row(t, &c);
	}
	csv_close(&c);
	return r < 0 ? -1 : 0;
}

/* Parents exist; exactly one root. */
static void link_parents(struct rtab *t)
{
	size_t i;

	t->root = -1;
	for (i = 0; i < t->n; i++) {
		struct rrow *r = &t->row[i];
		if (!*r->parent) {
			if (t->root < 0)
				t->root = (int)i;
			else
				row_error(t, r, F_PARENT,
					  "second root region '%s' (the root is '%s' on line %d)",
					  r->code, t->row[t->root].code, t->row[t->root].line);
			continue;
		}
		r->up = smap_get(&t->by_code, r->parent, strlen(r->parent));
		if (r->up < 0)
			row_error(t, r, F_PARENT, "unknown parent region '%s' of region '%s'",
				  r->parent, r->code);
	}
	if (t->root < 0 && t->n > 0)
		diag_error(t->d, (struct src_pos){t->file, 0, 0},
			   "no root region: exactly one region must have an empty parent");
}

static void report_cycle(struct rtab *t, const int *path, size_t from, size_t to)
{
	const struct rrow *first;
	char list[512];
	size_t i, k, best = from, used = 0;

	for (i = from; i < to; i++)
		if (path[i] < path[best])
			best = i;
	first = &t->row[path[best]];
	if (to - from == 1) {
		row_error(t, first, F_PARENT, "region '%s' is its own parent", first->code);
		return;
	}
	/* Name the members in parent order, starting from the first in the file. */
	list[0] = '\0';
	for (k = 0; k < to - from && k < 6; k++) {
		i = from + (best - from + k) % (to - from);
		used += (size_t)snprintf(list + used, sizeof(list) - used, "'%s' -> ",
					 t->row[path[i]].code);
		if (used >= sizeof(list))
			break;
	}
	if (used < sizeof(list))
		snprintf(list + used, sizeof(list) - used, "%s'%s'", k < to - from ? "... -> " : "",
			 first->code);
	row_error(t, first, F_PARENT, "the parents of regions %s form a cycle", list);
}

/* Follow parent links from every row; a walk that meets its own path found
 * a cycle. Each row is walked once (state: 0 new, 1 on the path, 2 done). */
static void find_cycles(struct rtab *t, unsigned char *oncycle)
{
	unsigned char *state = xcalloc(t->n ? t->n : 1, 1);
	int *path = xmalloc((t->n ? t->n : 1) * sizeof(*path));
	size_t i, k, len;

	for (i = 0; i < t->n; i++) {
		int j = (int)i;
		len = 0;
		while (j >= 0 && state[j] == 0) {
			state[j] = 1;
			path[len++] = j;
			j = t->row[j].up;
		}
		if (j >= 0 && state[j] == 1) {
			for (k = len; path[k - 1] != j; k--)
				;
			report_cycle(t, path, k - 1, len);
			for (; k - 1 < len; k++)
				oncycle[path[k - 1]] = 1;
		}
		for (k = 0; k < len; k++)
			state[path[k]] = 2;
	}
	free(state);
	free(path);
}

static void check_levels(struct rtab *t, const unsigned char *oncycle)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct rrow *r = &t->row[i], *p;
		if (r->up < 0 || oncycle[i] || r->level < 0)
			continue;
		p = &t->row[r->up];
		if (p->level >= 0 && r->level <= p->level)
			row_error(t, r, F_LEVEL,
				  "region '%s' has level '%s', which is not below the level '%s' "
				  "of its parent '%s'",
				  r->code, t->cfg->levels[r->level], t->cfg->levels[p->level],
				  p->code);
	}
}

/* Children of each row in file order, as CSR over row numbers. */
static void row_children(const struct rtab *t, int *start, int *list)
{
	size_t i;
	int *fillp;

	memset(start, 0, (t->n + 1) * sizeof(*start));
	for (i = 0; i < t->n; i++)
		if (t->row[i].up >= 0)
			start[t->row[i].up + 1]++;
	for (i = 0; i < t->n; i++)
		start[i + 1] += start[i];
	fillp = xmalloc((t->n + 1) * sizeof(*fillp));
	memcpy(fillp, start, (t->n + 1) * sizeof(*fillp));
	for (i = 0; i < t->n; i++)
		if (t->row[i].up >= 0)
			list[fillp[t->row[i].up]++] = (int)i;
	free(fillp);
}

/* Pre-order from the root: order[k] is the row of region k. */
static void preorder(const struct rtab *t, const int *start, const int *list, int *order)
{
	int *stack = xmalloc(t->n * sizeof(*stack));
	size_t sp = 0, k = 0;
	int j;

	stack[sp++] = t->root;
	while (sp > 0) {
		int r = stack[--sp];
		order[k++] = r;
		/* Pushed last child first, so the first child comes out first. */
		for (j = start[r + 1]; j-- > start[r];)
			stack[sp++] = list[j];
	}
	free(stack);
}

static void build_tree(struct rtab *t, struct regions *rg)
{
	size_t n = t->n, k;
	int *start = xmalloc((n + 1) * sizeof(int)), *list = xmalloc(n * sizeof(int));
	int *order = xmalloc(n * sizeof(int)), *newidx = xmalloc(n * sizeof(int));
	int c = 0;

	row_children(t, start, list);
	preorder(t, start, list, order);
	rg->n = n;
	rg->code = arena_alloc(t->a, n * sizeof(*rg->code));
	rg->name = arena_alloc(t->a, n * sizeof(*rg->name));
	rg->parent = arena_alloc(t->a, n * sizeof(int));
	rg->level = arena_alloc(t->a, n * sizeof(int));
	rg->line = arena_alloc(t->a, n * sizeof(int));
	rg->child_start = arena_alloc(t->a, (n + 1) * sizeof(int));
	rg->child_list = arena_alloc(t->a, (n ? n : 1) * sizeof(int));
	for (k = 0; k < n; k++)
		newidx[order[k]] = (int)k;
	smap_init(&rg->by_code, n);
	for (k = 0; k < n; k++) {
		const struct rrow *r = &t->row[order[k]];
		int j;
		rg->code[k] = r->code;
		rg->name[k] = r->name;
		rg->parent[k] = r->up >= 0 ? newidx[r->up] : -1;
		rg->level[k] = r->level;
		rg->line[k] = r->line;
		smap_put(&rg->by_code, r->code, strlen(r->code), (int)k);
		rg->child_start[k] = c;
		for (j = start[order[k]]; j < start[order[k] + 1]; j++)
			rg->child_list[c++] = newidx[list[j]];
	}
	rg->child_start[n] = c;
	free(start);
	free(list);
	free(order);
	free(newidx);
}

static int load_regions(const struct cfg *cfg, const char *path, struct src_pos where,
			const char *text, size_t len, struct dataset *ds, struct arena *a,
			struct diag *d)
{
	struct rtab t;
	unsigned char *oncycle;
	size_t errors = d->nerrors;
	int ok;

	memset(&t, 0, sizeof(t));
	t.cfg = cfg;
	t.file = arena_strdup(a, path);
	t.a = a;
	t.d = d;
	smap_init(&t.by_code, 1024);
	ok = read_rows(&t, t.file, where, text, len) == 0;
	if (ok && t.n == 0) {
		diag_error(d, (struct src_pos){t.file, 0, 0}, "the regions file has no regions");
		ok = 0;
	}
	if (ok) {
		link_parents(&t);
		oncycle = xcalloc(t.n, 1);
		find_cycles(&t, oncycle);
		check_levels(&t, oncycle);
		free(oncycle);
		ok = d->nerrors == errors;
	}
	if (ok) {
		build_tree(&t, &ds->reg);
		ds->reg.file = t.file;
	}
	smap_release(&t.by_code);
	free(t.row);
	return ok ? 0 : -1;
}

int ds_load_regions_at(const struct cfg *cfg, const char *path, struct src_pos where,
		       struct dataset *ds, struct arena *a, struct diag *d)
{
	return load_regions(cfg, path, where, NULL, 0, ds, a, d);
}

int ds_load_regions_text(const struct cfg *cfg, const char *name, const char *text, size_t len,
			 struct dataset *ds, struct arena *a, struct diag *d)
{
	return load_regions(cfg, name, (struct src_pos){NULL, 0, 0}, text, len, ds, a, d);
}

int ds_load_regions(const struct cfg *cfg, const char *path, struct dataset *ds,
		    struct arena *a, struct diag *d)
{
	struct src_pos where = {NULL, 0, 0};

	return ds_load_regions_at(cfg, path, where, ds, a, d);
}
