/*
 * The formula corpus: runs every case of tests/formulas/corpus.txt (found
 * through PROGREP_SOURCE_DIR, else the working directory). The file's own
 * header explains the format. Each failing case is printed with its line
 * in the corpus; the test fails if any case does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/config/expr.h"
#include "core/data/regions.h"
#include "core/util/xalloc.h"

#define MAX_IND 16
#define MAX_LINES 32

/* The fixed region tree of every case:
 *   R ─┬─ A ─┬─ A1
 *      │     └─ A2
 *      ├─ B
 *      └─ C                                           (pre-order) */
static const char *const reg_codes[] = { "R", "A", "A1", "A2", "B", "C" };
static int reg_parent[] = { -1, 0, 1, 1, 0, 0 };
static int reg_child_start[] = { 0, 3, 5, 5, 5, 5, 5 };
static int reg_child_list[] = { 1, 4, 5, 2, 3 };
#define NREG 6

struct corpus_case {
	int line;            /* of its first line in the file */
	char *text[MAX_LINES];
	int n;
};

struct runner {
	struct arena *a;
	const char *names[MAX_IND];
	size_t nind;
	struct cfg_indicator ind[MAX_IND];
	struct period_axis axis;
	int failures, cases;
	int line; /* of the current case, for messages */
};

static void complain(struct runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void complain(struct runner *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("corpus.txt:%d: %s\n", r->line, msg);
	r->failures++;
}

static int ind_of(struct runner *r, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < r->nind; i++)
		if (strlen(r->names[i]) == len && memcmp(r->names[i], name, len) == 0)
			return (int)i;
	if (r->nind == MAX_IND)
		return -1;
	r->names[r->nind] = arena_strndup(r->a, name, len);
	memset(&r->ind[r->nind], 0, sizeof(r->ind[0]));
	r->ind[r->nind].id = r->names[r->nind];
	return (int)r->nind++;
}

/* Unknown names become indicators with no data: a corpus case only names
 * what it needs. */
static int resolve(void *user, const struct expr *ref)
{
	return ind_of(user, ref->name, strlen(ref->name));
}

static int region_of(const char *code, size_t len)
{
	int i;

	for (i = 0; i < NREG; i++)
		if (strlen(reg_codes[i]) == len && memcmp(reg_codes[i], code, len) == 0)
			return i;
	return -1;
}

static int period_arg(struct runner *r, const char *s, size_t len, int *out)
{
	struct period p;

	if (period_parse(s, len, &p) < 0 || (*out = period_index(&r->axis, p)) < 0) {
		complain(r, "bad period '%.*s'", (int)len, s);
		return -1;
	}
	return 0;
}

/* "axis: 2013..2020" */
static int parse_axis(struct runner *r, const char *s)
{
	const char *dots = strstr(s, "..");
	struct period a, b;

	if (!dots || period_parse(s, (size_t)(dots - s), &a) < 0 ||
	    period_parse(dots + 2, strlen(dots + 2), &b) < 0 || a.kind != b.kind || b.ord < a.ord) {
		complain(r, "bad axis '%s'", s);
		return -1;
	}
	r->axis.kind = a.kind;
	r->axis.first = a.ord;
	r->axis.n = b.ord - a.ord + 1;
	return 0;
}

/* "data: x = 2725@2015 A:9195@2019 B:7" (region default R, period default
 * the evaluation period) */
static int parse_data(struct runner *r, const char *s, double *cube, int at_per)
{
	const char *eq = strchr(s, '=');
	char *end, *tok, *save = NULL, buf[1024];
	int ind;

	if (!eq || strlen(eq) >= sizeof(buf)) {
		complain(r, "bad data line '%s'", s);
		return -1;
	}
	while (eq > s && eq[-1] == ' ')
		eq--;
	ind = ind_of(r, s, (size_t)(eq - s));
	strcpy(buf, strchr(s, '=') + 1);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		const char *colon = strchr(tok, ':'), *v = colon ? colon + 1 : tok;
		const char *atp = strchr(v, '@');
		int reg = colon ? region_of(tok, (size_t)(colon - tok)) : 0, per = at_per;
		double x = strtod(v, &end);
		if (reg < 0 || (atp && period_arg(r, atp + 1, strlen(atp + 1), &per) < 0) ||
		    end != (atp ? atp : v + strlen(v))) {
			complain(r, "bad value '%s'", tok);
			return -1;
		}
		cube[((size_t)ind * NREG + (size_t)reg) * (size_t)r->axis.n + (size_t)per] = x;
	}
	return 0;
}

/* "target: x value=0 by=2020 baseline=2013 direction=down on_track=90
 * at_risk=70" */
static int parse_target(struct runner *r, const char *s)
{
	char buf[256], *tok, *save = NULL;
	struct cfg_target *t;
	int ind;

	snprintf(buf, sizeof(buf), "%s", s);
	tok = strtok_r(buf, " ", &save);
	if (!tok || (ind = ind_of(r, tok, strlen(tok))) < 0)
		return complain(r, "bad target line"), -1;
	t = &r->ind[ind].target;
	t->present = 1;
	t->direction = DIR_UP;
	t->on_track = 90;
	t->at_risk = 70;
	while ((tok = strtok_r(NULL, " ", &save))) {
		char *v = strchr(tok, '=');
		if (!v)
			return complain(r, "bad target field '%s'", tok), -1;
		*v++ = '\0';
		if (!strcmp(tok, "value"))
			t->value = strtod(v, NULL);
		else if (!strcmp(tok, "by"))
			period_parse(v, strlen(v), &t->by);
		else if (!strcmp(tok, "baseline"))
			t->has_baseline = period_parse(v, strlen(v), &t->baseline) == 0;
		else if (!strcmp(tok, "direction"))
			t->direction = !strcmp(v, "down") ? DIR_DOWN : DIR_UP;
		else if (!strcmp(tok, "on_track"))
			t->on_track = strtod(v, NULL);
		else if (!strcmp(tok, "at_risk"))
			t->at_risk = strtod(v, NULL);
		else
			return complain(r, "unknown target field '%s'", tok), -1;
	}
	return 0;
}

static const char *field(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) != 0 || line[n] != ':')
		return NULL;
	line += n + 1;
	while (*line == ' ')
		line++;
	return line;
}

/* "fail: 1:7: message" against the parse error; line:col from the
 * code-point offset. */
static void check_fail(struct runner *r, const char *formula, const struct expr *e,
		       const struct expr_error *err, const char *want)
{
	char got[256];
	int line = 1, col = 1, cp = 0;
	const char *s;

	if (e) {
		complain(r, "'%s' parsed, want failure '%s'", formula, want);
		return;
	}
	for (s = formula; *s && cp < err->pos; s++) {
		if ((*s & 0xC0) == 0x80)
			continue;
		cp++;
		if (*s == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(got, sizeof(got), "%d:%d: %s", line, col, err->msg);
	if (strcmp(got, want) != 0)
		complain(r, "'%s': got failure '%s', want '%s'", formula, got, want);
}

/* "want: 35.5334..." = the value rounded or truncated to the digits written; "want:
 * 2" = equal within 1e-9 relative; "want: missing" = NaN. */
static void check_value(struct runner *r, const char *formula, double got, const char *want)
{
	size_t n = strlen(want);
	int approx = n > 3 && strcmp(want + n - 3, "...") == 0;
	const char *dot = strchr(want, '.');
	double w, tol;

	if (!strcmp(want, "missing")) {
		if (!isnan(got))
			complain(r, "'%s' = %.17g, want missing", formula, got);
		return;
	}
	w = strtod(want, NULL);
	tol = 1e-9 * (fabs(w) > 1 ? fabs(w) : 1);
	if (approx) {
		/* the digits written are the value rounded or truncated there */
		double unit = pow(10, -(double)(dot && dot < want + n - 3 ? want + n - 3 - dot - 1 : 0));
		double over = fabs(got) - fabs(w);
		if (!isnan(got) && (got < 0) == (w < 0) && over >= 0 && over < unit)
			return;
		tol = unit / 2 * (1 + 1e-9);
	}
	if (isnan(got) || !(fabs(got - w) <= tol))
		complain(r, "'%s' = %.17g, want %s", formula, got, want);
}

static void run_case(struct runner *r, struct corpus_case *c)
{
	const char *formula = NULL, *v;
	struct expr_error err;
	struct expr *e;
	struct regions reg;
	struct cfg cfg;
	struct expr_ctx ctx = {0};
	double *cube;
	int i, region = 0, per = -1;
	size_t k;

	r->line = c->line;
	r->nind = 0;
	r->axis.kind = PERIOD_YEAR;
	r->axis.first = 2013;
	r->axis.n = 8;
	for (i = 0; i < c->n; i++) {
		if ((v = field(c->text[i], "expr")))
			formula = v;
		else if ((v = field(c->text[i], "axis")) && parse_axis(r, v) < 0)
			return;
	}
	if (!formula) {
		complain(r, "case without 'expr:'");
		return;
	}
	r->cases++;
	e = expr_parse(formula, strlen(formula), r->a, &err);
	for (i = 0; i < c->n; i++) {
		if ((v = field(c->text[i], "fail"))) {
			check_fail(r, formula, e, &err, v);
			return;
		}
	}
	if (!e) {
		complain(r, "'%s': unexpected failure %d: %s", formula, err.pos, err.msg);
		return;
	}
	expr_resolve(e, resolve, r);
	cube = xmalloc(MAX_IND * NREG * (size_t)r->axis.n * sizeof(*cube));
	for (k = 0; k < MAX_IND * NREG * (size_t)r->axis.n; k++)
		cube[k] = NAN;
	per = r->axis.n - 1;
	for (i = 0; i < c->n; i++) {
		const char *at = field(c->text[i], "at");
		if (at) {
			const char *sp = strchr(at, ' ');
			region = region_of(at, sp ? (size_t)(sp - at) : strlen(at));
			if (region < 0 || (sp && period_arg(r, sp + 1, strlen(sp + 1), &per) < 0))
				goto out;
		}
	}
	for (i = 0; i < c->n; i++) {
		if ((v = field(c->text[i], "data")) && parse_data(r, v, cube, per) < 0)
			goto out;
		if ((v = field(c->text[i], "target")) && parse_target(r, v) < 0)
			goto out;
	}
	memset(&reg, 0, sizeof(reg));
	reg.n = NREG;
	reg.parent = reg_parent;
	reg.child_start = reg_child_start;
	reg.child_list = reg_child_list;
	memset(&cfg, 0, sizeof(cfg));
	cfg.ind = r->ind;
	cfg.nind = r->nind;
	ctx.cube = cube;
	ctx.nreg = NREG;
	ctx.nper = r->axis.n;
	ctx.reg = &reg;
	ctx.axis = r->axis;
	ctx.cfg = &cfg;
	for (i = 0; i < c->n; i++) {
		char buf[512];
		if ((v = field(c->text[i], "want")))
			check_value(r, formula, expr_eval(e, &ctx, region, per), v);
		if ((v = field(c->text[i], "parse")) &&
		    (expr_sexp(e, buf, sizeof(buf)), strcmp(buf, v) != 0))
			complain(r, "'%s' parsed as '%s', want '%s'", formula, buf, v);
	}
out:
	free(cube);
}

static char *read_corpus(void)
{
	const char *dir = getenv("PROGREP_SOURCE_DIR");
	char path[1024];
	FILE *f;
	char *text;
	long n;

	snprintf(path, sizeof(path), "%s/tests/formulas/corpus.txt", dir ? dir : ".");
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = xmalloc((size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void test_formulas_corpus_cases_all_pass(void **state)
{
	struct runner r;
	struct corpus_case c;
	char *text = read_corpus(), *line, *save = NULL;
	int lineno = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&c, 0, sizeof(c));
	r.a = arena_new();
	/* strtok_r would merge blank lines, which end cases: split by hand */
	for (line = text; line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		if (line[0] == '#')
			continue;
		if (line[0] == '\0' || line[0] == '\r') {
			if (c.n)
				run_case(&r, &c);
			c.n = 0;
			continue;
		}
		if (c.n == 0)
			c.line = lineno;
		if (c.n < MAX_LINES)
			c.text[c.n++] = line;
	}
	if (c.n)
		run_case(&r, &c);
	print_message("%d corpus cases, %d failed\n", r.cases, r.failures);
	arena_free(r.a);
	free(text);
	assert_int_equal(r.failures, 0);
	assert_true(r.cases >= 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formulas_corpus_cases_all_pass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
