/*
 * bench_gen: synthetic Xinjiang-shaped data for the benchmark.
 *
 *   bench_gen --villages N --years 2013-2020 --indicators K --out DIR [--seed S]
 *
 * Writes DIR/regions.csv (code,name,parent,level: one region, 14
 * prefectures, about N/38.5 counties, N villages) and DIR/values.csv (long
 * CSV region,period,indicator,value: every village x year x indicator).
 * The output depends only on the arguments: each village draws from its own
 * splitmix64 stream, so the files are byte-identical for a seed on any
 * machine. Prints one summary line.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define NPREF 14
#define NNAMED 12
#define MAXIND 999
#define OUTBUF (1 << 22)

/* Real prefecture codes and names; the weights put most villages in the
 * south (Kashgar, Hotan, Aksu, Kizilsu), as in the real poor-village list. */
static const struct {
	const char *code, *name, *shortname;
	double weight;
	int south;
} prefs[NPREF] = {
	{"6501", "乌鲁木齐市", "乌鲁木齐", 1.0, 0},
	{"6502", "克拉玛依市", "克拉玛依", 0.4, 0},
	{"6504", "吐鲁番市", "吐鲁番", 2.0, 0},
	{"6505", "哈密市", "哈密", 2.0, 0},
	{"6523", "昌吉回族自治州", "昌吉", 2.5, 0},
	{"6527", "博尔塔拉蒙古自治州", "博州", 1.2, 0},
	{"6528", "巴音郭楞蒙古自治州", "巴州", 4.0, 0},
	{"6529", "阿克苏地区", "阿克苏", 12.0, 1},
	{"6530", "克孜勒苏柯尔克孜自治州", "克州", 8.0, 1},
	{"6531", "喀什地区", "喀什", 38.0, 1},
	{"6532", "和田地区", "和田", 27.0, 1},
	{"6540", "伊犁哈萨克自治州", "伊犁", 6.0, 0},
	{"6542", "塔城地区", "塔城", 3.0, 0},
	{"6543", "阿勒泰地区", "阿勒泰", 3.0, 0},
};

static const char *const named[NNAMED] = {
	"registered_persons", "lifted_persons", "rural_population",
	"registered_households", "lifted_households", "poor_village",
	"village_exited", "income_per_capita", "income_poor_households",
	"collective_income", "relocated_persons", "employed_persons",
};

struct opts {
	long villages;
	int y0, y1;
	int nind;
	const char *out;
	uint64_t seed;
};

struct out {
	FILE *f;
	char *buf;
	size_t len;
	unsigned long long bytes;
};

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double unif(uint64_t *s)
{
	return (double)(splitmix64(s) >> 11) * (1.0 / 9007199254740992.0);
}

static double uniform(uint64_t *s, double lo, double hi)
{
	return lo + (hi - lo) * unif(s);
}

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "bench_gen: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	exit(2);
}

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		die("write failed:", strerror(errno));
	o->bytes += o->len;
	o->len = 0;
}

static void out_str(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n > OUTBUF)
		out_flush(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Append v / 10^dec with exactly dec decimals; v >= 0. Hand-rolled because
 * printf would dominate the run time. */
static void out_fixed(struct out *o, long long v, int dec)
{
	char tmp[32];
	int n = 0;
	if (o->len + 40 > OUTBUF)
		out_flush(o);
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
		if (n == dec)
			tmp[n++] = '.';
	} while (v > 0 || n <= dec + (dec > 0));
	while (n > 0)
		o->buf[o->len++] = tmp[--n];
}

static FILE *open_out(const char *dir, const char *name, struct out *o)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	o->f = fopen(path, "wb");
	if (!o->f)
		die("cannot create", path);
	o->len = 0;
	o->bytes = 0;
	return o->f;
}

static void close_out(struct out *o)
{
	out_flush(o);
	if (fclose(o->f) != 0)
		die("write failed:", strerror(errno));
}

/* Split total into n parts proportional to w, each at least 1 (total >= n),
 * by largest remainder. */
static void allocate(long total, int n, const double *w, long *part)
{
	double sum = 0, *rem = malloc((size_t)n * sizeof *rem);
	long given = 0;
	if (!rem)
		die("out of memory", NULL);
	for (int i = 0; i < n; i++)
		sum += w[i];
	for (int i = 0; i < n; i++) {
		double exact = 1 + (double)(total - n) * w[i] / sum;
		part[i] = (long)exact;
		rem[i] = exact - (double)part[i];
		given += part[i];
	}
	while (given < total) {
		int best = 0;
		for (int i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		part[best]++;
		rem[best] = -1;
		given++;
	}
	free(rem);
}

static int parse_years(const char *s, int *y0, int *y1)
{
	char *end;
	long a = strtol(s, &end, 10), b = a;
	if (*end == '-')
		b = strtol(end + 1, &end, 10);
	if (*end || a < 1900 || b > 2100 || b < a)
		return -1;
	*y0 = (int)a;
	*y1 = (int)b;
	return 0;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	o->villages = 3700;
	o->y0 = 2013;
	o->y1 = 2020;
	o->nind = 20;
	o->out = NULL;
	o->seed = 20200424;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			die("missing value after", a);
		i++;
		if (!strcmp(a, "--villages"))
			o->villages = strtol(v, NULL, 10);
		else if (!strcmp(a, "--years")) {
			if (parse_years(v, &o->y0, &o->y1))
				die("bad --years (want e.g. 2013-2020):", v);
		} else if (!strcmp(a, "--indicators"))
			o->nind = atoi(v);
		else if (!strcmp(a, "--out"))
			o->out = v;
		else if (!strcmp(a, "--seed"))
			o->seed = strtoull(v, NULL, 10);
		else
			die("unknown option", a);
	}
	if (!o->out)
		die("usage: bench_gen --villages N --years 2013-2020 --indicators K "
		    "--out DIR [--seed S]", NULL);
	if (o->villages < 14 || o->villages > 10000000)
		die("--villages must be 14..10000000", NULL);
	if (o->nind < 1 || o->nind > MAXIND)
		die("--indicators must be 1..999", NULL);
}

struct layout {
	long ncounty;
	long cpref[NPREF];  /* counties per prefecture */
	long *vcounty;      /* villages per county */
	int cwidth, vwidth; /* digits of the county and village code suffixes */
};

static int digits(long n, int min)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d < min ? min : d;
}

static void plan(const struct opts *o, struct layout *l)
{
	double w[NPREF], *cw;
	long vpref[NPREF], c = 0;
	uint64_t s = o->seed ^ 0x5eed;

	/* About 38.5 villages per county: 96 for 3,700, 2,597 for 100,000. */
	l->ncounty = lround((double)o->villages / 38.5);
	if (l->ncounty < NPREF)
		l->ncounty = NPREF;
	for (int p = 0; p < NPREF; p++)
		w[p] = prefs[p].weight;
	allocate(l->ncounty, NPREF, w, l->cpref);
	/* Villages follow the same weights; a prefecture needs a village for
	 * each of its counties. */
	for (int p = 0; p < NPREF; p++)
		w[p] = prefs[p].weight;
	allocate(o->villages, NPREF, w, vpref);
	for (int p = 0; p < NPREF; p++)
		if (vpref[p] < l->cpref[p])
			die("too few villages for the counties", NULL);
	l->vcounty = malloc((size_t)l->ncounty * sizeof *l->vcounty);
	cw = malloc((size_t)l->ncounty * sizeof *cw);
	if (!l->vcounty || !cw)
		die("out of memory", NULL);
	for (int p = 0; p < NPREF; p++) {
		for (long i = 0; i < l->cpref[p]; i++)
			cw[i] = uniform(&s, 0.4, 1.6);
		allocate(vpref[p], (int)l->cpref[p], cw, l->vcounty + c);
		c += l->cpref[p];
	}
	free(cw);
	/* Fixed widths keep codes unique and prefix-free at any scale. */
	/* Like the real 12-digit village codes when the counts allow:
	 * 65 31 21 001 001 = region, prefecture, county, township, village. */
	l->cwidth = 2;
	for (int p = 0; p < NPREF; p++)
		l->cwidth = digits(l->cpref[p], l->cwidth);
	l->vwidth = 8 - l->cwidth;
	for (long i = 0; i < l->ncounty; i++)
		l->vwidth = digits(l->vcounty[i], l->vwidth);
}

static void county_code(char *buf, size_t n, const struct layout *l, int p, long i)
{
	if (snprintf(buf, n, "%s%0*ld", prefs[p].code, l->cwidth, i + 1) >= (int)n)
		die("code too long", NULL);
}

static void write_regions(const struct opts *o, const struct layout *l, struct out *w)
{
	char line[512], cc[32];
	/* A code suffix has a handful of digits; the mask tells gcc so (its
	 * -Wformat-truncation cannot bound a %0*ld width otherwise). */
	int vw = l->vwidth & 31;
	long c = 0;
	open_out(o->out, "regions.csv", w);
	out_str(w, "code,name,parent,level\n65,新疆维吾尔自治区,,region\n");
	for (int p = 0; p < NPREF; p++) {
		snprintf(line, sizeof line, "%s,%s,65,prefecture\n", prefs[p].code, prefs[p].name);
		out_str(w, line);
	}
	for (int p = 0; p < NPREF; p++)
		for (long i = 0; i < l->cpref[p]; i++, c++) {
			county_code(cc, sizeof cc, l, p, i);
			snprintf(line, sizeof line, "%s,%s第%ld县,%s,county\n", cc,
				 prefs[p].shortname, i + 1, prefs[p].code);
			out_str(w, line);
			for (long v = 0; v < l->vcounty[c]; v++) {
				snprintf(line, sizeof line, "%s%0*ld,%s第%ld县第%ld村,%s,village\n",
					 cc, vw, v + 1, prefs[p].shortname, i + 1, v + 1, cc);
				out_str(w, line);
			}
		}
	close_out(w);
}

/* A village's fixed traits, drawn once from its own stream. */
struct village {
	double pop, poor_share, hh_size, income, income_growth;
	double poor_income, collective, relocate_share, employ_share;
	int exit_year, poor;
	double generic[MAXIND];
};

static void village_init(struct village *v, uint64_t *s, int south, int nind, int y0, int y1)
{
	v->pop = 250 + 2500 * pow(unif(s), 1.5);
	v->poor_share = south ? uniform(s, 0.15, 0.55) : uniform(s, 0.03, 0.25);
	v->poor = v->poor_share >= 0.08;
	v->hh_size = uniform(s, 3.4, 4.6);
	v->income = south ? uniform(s, 2500, 6000) : uniform(s, 5000, 11000);
	v->income_growth = uniform(s, 0.07, 0.13);
	v->poor_income = uniform(s, 1800, 2800);
	v->collective = uniform(s, 0, 8);
	v->relocate_share = unif(s) < 0.2 ? uniform(s, 0.05, 0.3) : 0;
	v->employ_share = uniform(s, 0.1, 0.35);
	/* Exit years cluster at the end in the south, as they did. */
	v->exit_year = y0 + 1 + (int)((y1 - y0) * pow(unif(s), south ? 0.5 : 1.5));
	if (v->exit_year > y1)
		v->exit_year = y1;
	for (int k = NNAMED; k < nind; k++)
		v->generic[k] = uniform(s, 5, 1500);
}

/* Values of one village in year index t, scaled to integers with dec[k]
 * decimals. */
static void village_year(const struct village *v, uint64_t *s, int t, int year, int nind,
			 long long *val)
{
	double pop = v->pop * pow(1.012, t);
	double reg = round(v->pop * v->poor_share * (1 + 0.015 * (t < 3 ? t : 3)));
	int span = v->exit_year - (year - t);
	double done = t >= span ? 1.0 : pow((double)t / span, 1.3) * 0.9;
	double lifted = floor(reg * done);
	long long all[NNAMED];
	all[0] = llround(reg);
	all[1] = (long long)lifted;
	all[2] = llround(pop);
	all[3] = llround(reg / v->hh_size);
	all[4] = llround(lifted / v->hh_size);
	all[5] = v->poor;
	all[6] = v->poor && year >= v->exit_year;
	all[7] = llround(10 * v->income * pow(1 + v->income_growth, t) * uniform(s, 0.97, 1.03));
	all[8] = llround(100 * v->poor_income * pow(1.16, t) * uniform(s, 0.95, 1.05));
	all[9] = llround(100 * v->collective * pow(1.25, t) * uniform(s, 0.8, 1.2));
	all[10] = llround(reg * v->relocate_share * (t < 6 ? t / 6.0 : 1.0));
	all[11] = llround(pop * v->employ_share * (0.6 + 0.06 * t) * uniform(s, 0.9, 1.1));
	for (int k = 0; k < nind && k < NNAMED; k++)
		val[k] = all[k];
	for (int k = NNAMED; k < nind; k++)
		val[k] = llround(v->generic[k] * (1 + 0.05 * t) * uniform(s, 0.9, 1.1));
}

static int decimals(int k)
{
	return k == 7 ? 1 : k == 8 || k == 9 ? 2 : 0;
}

static unsigned long long write_values(const struct opts *o, const struct layout *l,
				       struct out *w)
{
	char ind[MAXIND][48], cc[32], vc[64];
	long long val[MAXIND];
	unsigned long long rows = 0;
	struct village *v = malloc(sizeof *v);
	long c = 0, vi = 0;
	if (!v)
		die("out of memory", NULL);
	for (int k = 0; k < o->nind; k++) {
		if (k < NNAMED)
			snprintf(ind[k], sizeof ind[k], ",%s,", named[k]);
		else
			snprintf(ind[k], sizeof ind[k], ",ind_%02d,", k + 1);
	}
	open_out(o->out, "values.csv", w);
	out_str(w, "region,period,indicator,value\n");
	for (int p = 0; p < NPREF; p++)
		for (long i = 0; i < l->cpref[p]; i++, c++) {
			county_code(cc, sizeof cc, l, p, i);
			for (long n = 0; n < l->vcounty[c]; n++, vi++) {
				uint64_t s = o->seed * 0x100000001b3ULL + (uint64_t)vi;
				splitmix64(&s);
				village_init(v, &s, prefs[p].south, o->nind, o->y0, o->y1);
				if (snprintf(vc, sizeof vc, "%s%0*ld,", cc, l->vwidth, n + 1)
				    >= (int)sizeof vc)
					die("code too long", NULL);
				for (int y = o->y0; y <= o->y1; y++) {
					char yr[8];
					snprintf(yr, sizeof yr, "%d", y);
					village_year(v, &s, y - o->y0, y, o->nind, val);
					for (int k = 0; k < o->nind; k++) {
						out_str(w, vc);
						out_str(w, yr);
						out_str(w, ind[k]);
						out_fixed(w, val[k], decimals(k));
						w->buf[w->len++] = '\n';
						rows++;
					}
				}
			}
		}
	close_out(w);
	free(v);
	return rows;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct layout l;
	struct out w;
	struct timespec t0, t1;
	unsigned long long rows, rbytes;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	parse_args(argc, argv, &o);
	if (mkdir(o.out, 0777) != 0 && errno != EEXIST)
		die("cannot create", o.out);
	w.buf = malloc(OUTBUF);
	if (!w.buf)
		die("out of memory", NULL);
	plan(&o, &l);
	write_regions(&o, &l, &w);
	rbytes = w.bytes;
	rows = write_values(&o, &l, &w);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("bench_gen: %s: 1 region, %d prefectures, %ld counties, %ld villages; "
	       "%llu values (%d years x %d indicators); regions.csv %.1f MB, "
	       "values.csv %.1f MB; %.2f s\n",
	       o.out, NPREF, l.ncounty, o.villages, rows, o.y1 - o.y0 + 1, o.nind,
	       (double)rbytes / 1e6, (double)w.bytes / 1e6,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(l.vcounty);
	free(w.buf);
	return 0;
}
