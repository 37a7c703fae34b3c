#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/xalloc.h"

/*
 * progrep compute CONFIG [--period P] [--level L] [--format csv|json]
 * One row per region x period x indicator (and, for indicators with a
 * target, rows ID:progress and ID:status), columns
 * region,name,level,period,indicator,value,display.
 */

enum out_format { OUT_CSV, OUT_JSON };

struct compute_opts {
	const char *config;
	const char *period;
	const char *level;
	enum out_format format;
};

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/*
 * The CSV rows are built in a line buffer and written with one fwrite:
 * the full output of the large benchmark is 21 million rows, and a
 * locked stdio call per field was a fifth of its time.
 */
struct line {
	char *buf;
	size_t n, cap;
	FILE *out; /* where a full buffer goes; NULL: grow it instead */
};

static void line_put(struct line *l, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (n > l->cap - l->n && l->out) {
		fwrite(l->buf, 1, l->n, l->out);
		l->n = 0;
		if (n > l->cap) {
			fwrite(s, 1, n, l->out);
			return;
		}
	}
	if (n > l->cap - l->n) {
		l->cap = (l->n + n) * 2;
		l->buf = xrealloc(l->buf, l->cap);
	}
	memcpy(l->buf + l->n, s, n);
	l->n += n;
}

static void line_str(struct line *l, const char *s)
{
	line_put(l, s, strlen(s));
}

static void line_csv(struct line *l, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		line_str(l, s);
		return;
	}
	line_put(l, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			line_put(l, "\"", 1);
		line_put(l, s, 1);
	}
	line_put(l, "\"", 1);
}

/*
 * fmt_roundtrip for a value with at most 6 decimals, such as 12.5 or
 * 0.0375, without printf and strtod (the general path tries %.15g, %.16g,
 * %.17g, each read back). If x is the double nearest to m / 10^k (checked
 * exactly: m and 10^k are exact doubles and IEEE division rounds
 * correctly, as strtod does), that decimal has at most 15 significant
 * digits, so %.15g prints exactly it (trailing zeros stripped) and it
 * reads back to x: the text is the one fmt_roundtrip writes. The range
 * keeps %g in fixed notation. Returns the length, or -1 to take the
 * general path.
 */
static int short_decimal(double x, char *buf)
{
	static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
	double ax = fabs(x), m;
	unsigned long long u;
	char tmp[24];
	int k, d, len = 0;

	if (!(ax >= 1e-4 && ax < 1e9) || ax == floor(ax))
		return -1;
	for (k = 1; k <= 6; k++) {
		m = floor(ax * p10[k] + 0.5);
		if (m / p10[k] == ax)
			break;
	}
	if (k > 6)
		return -1;
	u = (unsigned long long)m;
	for (d = 0; d < k || u; d++) {
		tmp[d] = (char)('0' + u % 10);
		u /= 10;
	}
	if (x < 0)
		buf[len++] = '-';
	if (d == k)
		buf[len++] = '0';
	while (d > k)
		buf[len++] = tmp[--d];
	buf[len++] = '.';
	while (d > 0)
		buf[len++] = tmp[--d];
	buf[len] = '\0';
	return len;
}

/*
 * Write the P-digit decimal dig[0..p) * 10^(exp - p + 1) as printf's %.Pg
 * does: fixed notation when -4 <= exp < p, else d.ddde+XX; trailing zeros
 * of the fraction and a bare point dropped.
 */
static int g_format(int neg, const char *dig, int p, int exp, char *buf)
{
	int len = 0, last = p, i;

	while (last > 1 && dig[last - 1] == '0')
		last--;
	if (neg)
		buf[len++] = '-';
	if (exp < -4 || exp >= p) {
		buf[len++] = dig[0];
		if (last > 1) {
			buf[len++] = '.';
			for (i = 1; i < last; i++)
				buf[len++] = dig[i];
		}
		i = exp < 0 ? -exp : exp;
		buf[len++] = 'e';
		buf[len++] = exp < 0 ? '-' : '+';
		if (i >= 100)
			buf[len++] = (char)('0' + i / 100);
		buf[len++] = (char)('0' + i / 10 % 10);
		buf[len++] = (char)('0' + i % 10);
		buf[len] = '\0';
		return len;
	}
	if (exp < 0) {
		buf[len++] = '0';
		buf[len++] = '.';
		for (i = exp + 1; i < 0; i++)
			buf[len++] = '0';
		for (i = 0; i < last; i++)
			buf[len++] = dig[i];
	} else {
		for (i = 0; i <= exp; i++)
			buf[len++] = dig[i];
		if (last > exp + 1) {
			buf[len++] = '.';
			for (i = exp + 1; i < last; i++)
				buf[len++] = dig[i];
		}
	}
	buf[len] = '\0';
	return len;
}

/*
 * fmt_roundtrip's general path (%.15g, %.16g, then %.17g, the first that
 * reads back) from one conversion: the 17 significant digits of x are
 * rounded to 15 and 16 in decimal. That equals printf's rounding of x
 * itself unless the dropped digits are exactly half (x lies within half a
 * unit of the 17th digit of them, and a rounding boundary is such a
 * 17-digit number), so that case takes printf. Returns the length.
 */
static int roundtrip_digits(double x, char *buf, size_t n)
{
	char e17[40], d17[17], dig[17];
	int exp, p, i, len;
	const char *s = e17;

	snprintf(e17, sizeof(e17), "%.16e", x);
	if (*s == '-')
		s++;
	d17[0] = s[0];
	memcpy(d17 + 1, s + 2, 16);
	exp = atoi(s + 19);
	for (p = 15; p <= 16; p++) {
		int e = exp, half = 1, up;
		for (i = p; i < 17; i++)
			if (d17[i] != (i == p ? '5' : '0'))
				half = 0;
		if (half) {
			len = snprintf(buf, n, "%.*g", p, x);
		} else {
			up = d17[p] >= '5';
			memcpy(dig, d17, (size_t)p);
			for (i = p - 1; up && i >= 0; i--) {
				if (dig[i] == '9') {
					dig[i] = '0';
				} else {
					dig[i]++;
					up = 0;
				}
			}
			if (up) { /* 9.99... became 10.0... */
				dig[0] = '1';
				e++;
			}
			len = g_format(x < 0, dig, p, e, buf);
		}
		if (strtod(buf, NULL) == x)
			return len;
	}
	return g_format(x < 0, d17, 17, exp, buf);
}

/* fmt_roundtrip(x), faster: integers and missing values go to it, others
 * are taken apart above. */
static int roundtrip(double x, char *buf, size_t n)
{
	int len = short_decimal(x, buf);

	if (len >= 0)
		return len;
	if (!isfinite(x) || (fabs(x) < 1e15 && x == floor(x)))
		return fmt_roundtrip(x, buf, n);
	return roundtrip_digits(x, buf, n);
}

/* fmt_display with the number, scale label and unit joined by memcpy
 * instead of snprintf: the same text and the same -1 when buf is too
 * small. */
static int display(double x, const struct numfmt *f, char *buf, size_t n)
{
	char num[480];
	const char *sl = f->scale_label ? f->scale_label : "", *u = f->unit ? f->unit : "";
	size_t ln, ls, lu;
	int len;

	if (isnan(x))
		return fmt_display(x, f, buf, n);
	len = fmt_number(x, f->scale, f->decimals, f->rounding, f->thousands, num, sizeof(num));
	if (len < 0)
		return -1;
	ln = (size_t)len;
	ls = strlen(sl);
	lu = strlen(u);
	if (ln + ls + lu >= n)
		return -1;
	memcpy(buf, num, ln);
	memcpy(buf + ln, sl, ls);
	memcpy(buf + ln + ls, u, lu + 1);
	return (int)(ln + ls + lu);
}

struct row {
	const char *region, *name, *level, *period, *indicator;
	struct line prefix; /* CSV: "region,name,level,period," */
	double value;
	const char *display;
};

static void emit(FILE *out, enum out_format f, const struct row *w, int *first)
{
	char val[40];

	roundtrip(w->value, val, sizeof(val));
	if (f == OUT_CSV) {
		char lbuf[1024];
		struct line l = {lbuf, 0, sizeof(lbuf), out};
		line_put(&l, w->prefix.buf, w->prefix.n);
		line_csv(&l, w->indicator);
		line_put(&l, ",", 1);
		line_str(&l, val);
		line_put(&l, ",", 1);
		line_csv(&l, w->display);
		line_put(&l, "\n", 1);
		fwrite(l.buf, 1, l.n, out);
		return;
	}
	fputs(*first ? "[\n{\"region\":" : ",\n{\"region\":", out);
	*first = 0;
	json_str(out, w->region);
	fputs(",\"name\":", out);
	json_str(out, w->name);
	fputs(",\"level\":", out);
	json_str(out, w->level);
	fputs(",\"period\":", out);
	json_str(out, w->period);
	fputs(",\"indicator\":", out);
	json_str(out, w->indicator);
	fprintf(out, ",\"value\":%s,\"display\":", val[0] ? val : "null");
	json_str(out, w->display);
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
	if (display(w->value, &ci->fmt, disp, sizeof(disp)) < 0)
		strcpy(disp, "#");
	w->display = disp;
	emit(out, o->format, w, first);
	if (!ci->target.present)
		return;
	snprintf(id, sizeof(id), "%s:progress", ci->id);
	w->indicator = id;
	w->value = metrics_measure(&r->res, i, reg, per, MEASURE_PROGRESS, -1);
	display(w->value, &pct, disp, sizeof(disp));
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
	line_put(&w->prefix, ",", 1);
	line_csv(&w->prefix, w->name);
	line_put(&w->prefix, ",", 1);
	line_csv(&w->prefix, w->level);
	line_put(&w->prefix, ",", 1);
	line_str(&w->prefix, w->period);
	line_put(&w->prefix, ",", 1);
}

static int write_table(const struct compute_opts *o, const struct run *r, int only_per,
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

	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	if (o->format == OUT_CSV)
		fputs("region,name,level,period,indicator,value,display\n", out);
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
			w.prefix.n = 0;
			if (o->format == OUT_CSV)
				csv_prefix(&w);
			for (i = 0; i < r->cfg.nind; i++)
				emit_indicator(out, o, r, (int)i, &w, reg, per, &first);
		}
	}
	free(w.prefix.buf);
	if (o->format == OUT_JSON)
		fputs(first ? "[]\n" : "\n]\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		fprintf(stderr, "progrep compute: cannot write the output\n");
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
	return EXIT_OK;
}

int cmd_compute(int argc, char **argv)
{
	struct compute_opts o;
	struct run r;
	int rc, per = -1, level = -1;

	if ((rc = parse_opts(argc, argv, &o)) != EXIT_OK)
		return rc;
	rc = run_load(&r, o.config, stderr);
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
	run_release(&r);
	return rc;
}
