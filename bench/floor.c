/*
 * bench_floor: the least work that answers the benchmark's question, written
 * the way a competent C programmer writes a one-off: read regions.csv, map
 * every region to its county ancestor with a hash table, stream values.csv
 * through a big buffer, split each line at commas, strtod the value, and sum
 * every indicator by county and year. Prints a checksum.
 *
 *   bench_floor DIR      (reads DIR/regions.csv and DIR/values.csv)
 *
 * No quoting, no BOM, no validation beyond skipping unknown regions: that
 * is the point of a floor. progrep's time over this is the cost of
 * everything else it does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUFSZ (1 << 22)
#define YEAR0 1990
#define NYEAR 64
#define MAXIND 1024

struct entry {
	char *key;
	int val;
};

struct table {
	struct entry *e;
	size_t cap, n;
};

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n);
	if (!p) {
		fputs("bench_floor: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static struct entry *slot(const struct table *t, const char *k, size_t n)
{
	size_t i = hash(k, n) & (t->cap - 1);
	while (t->e[i].key && (strncmp(t->e[i].key, k, n) || t->e[i].key[n]))
		i = (i + 1) & (t->cap - 1);
	return &t->e[i];
}

static void put(struct table *t, const char *k, size_t n, int val)
{
	struct entry *e;
	if (2 * (t->n + 1) > t->cap) {
		struct table big = {xmalloc(2 * (t->cap ? t->cap : 64) * sizeof *big.e),
				    2 * (t->cap ? t->cap : 64), t->n};
		for (size_t i = 0; i < t->cap; i++)
			if (t->e[i].key)
				*slot(&big, t->e[i].key, strlen(t->e[i].key)) = t->e[i];
		free(t->e);
		*t = big;
	}
	e = slot(t, k, n);
	if (!e->key) {
		e->key = xmalloc(n + 1);
		memcpy(e->key, k, n);
		t->n++;
	}
	e->val = val;
}

static int get(const struct table *t, const char *k, size_t n)
{
	struct entry *e = t->cap ? slot(t, k, n) : NULL;
	return e && e->key ? e->val : -1;
}

/* Calls fn for every complete line of path, in order, with the line's
 * fields split at commas (at most 8). */
static void each_line(const char *path, void (*fn)(char **f, size_t *len, int nf, void *u),
		      void *u)
{
	FILE *fp = fopen(path, "rb");
	char *buf = xmalloc(BUFSZ + 1), *f[8];
	size_t have = 0, len[8];
	int header = 1;
	if (!fp) {
		fprintf(stderr, "bench_floor: cannot open %s\n", path);
		exit(2);
	}
	for (;;) {
		size_t got = fread(buf + have, 1, BUFSZ - have, fp);
		char *p = buf, *end;
		have += got;
		if (got == 0 && have > 0 && buf[have - 1] != '\n')
			buf[have++] = '\n';     /* last line without newline */
		end = buf + have;
		for (;;) {
			char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p;
			int nf = 0;
			if (!nl)
				break;
			while (nf < 8) {
				char *c = memchr(q, ',', (size_t)(nl - q));
				f[nf] = q;
				len[nf++] = (size_t)((c ? c : nl) - q);
				if (!c)
					break;
				q = c + 1;
			}
			if (len[nf - 1] && f[nf - 1][len[nf - 1] - 1] == '\r')
				len[nf - 1]--;
			if (!header)
				fn(f, len, nf, u);
			header = 0;
			p = nl + 1;
		}
		have = (size_t)(end - p);
		memmove(buf, p, have);
		if (got == 0)
			break;
	}
	fclose(fp);
	free(buf);
}

/* Regions come parents first; county_of[i] is the county ancestor of region
 * i, or -1 above the county level. */
struct regions {
	struct table code;
	int n, cap, ncounty;
	int *county_of;
};

static void region_row(char **f, size_t *len, int nf, void *u)
{
	struct regions *r = u;
	int parent, me;
	if (nf < 4)
		return;
	me = r->n++;
	if (r->n > r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->county_of = realloc(r->county_of, (size_t)r->cap * sizeof *r->county_of);
		if (!r->county_of)
			xmalloc(SIZE_MAX); /* reports out of memory */
	}
	put(&r->code, f[0], len[0], me);
	parent = get(&r->code, f[2], len[2]);
	if (len[3] == 6 && !memcmp(f[3], "county", 6))
		r->county_of[me] = r->ncounty++;
	else
		r->county_of[me] = parent >= 0 ? r->county_of[parent] : -1;
}

struct sums {
	const struct regions *reg;
	struct table ind;
	int nind;
	double *by[MAXIND][NYEAR]; /* [ind][year - YEAR0][county], on first use */
	unsigned long long rows, skipped;
};

static void value_row(char **f, size_t *len, int nf, void *u)
{
	struct sums *s = u;
	int r, c, y, k;
	if (nf < 4 || (r = get(&s->reg->code, f[0], len[0])) < 0 ||
	    (c = s->reg->county_of[r]) < 0) {
		s->skipped++;
		return;
	}
	y = atoi(f[1]) - YEAR0;
	k = get(&s->ind, f[2], len[2]);
	if (k < 0 && s->nind < MAXIND) {
		k = s->nind++;
		put(&s->ind, f[2], len[2], k);
	}
	if (y < 0 || y >= NYEAR || k < 0 || len[3] == 0) {
		s->skipped++;
		return;
	}
	if (!s->by[k][y])
		s->by[k][y] = xmalloc((size_t)s->reg->ncounty * sizeof(double));
	s->by[k][y][c] += strtod(f[3], NULL);
	s->rows++;
}

int main(int argc, char **argv)
{
	static struct regions reg;
	static struct sums s;
	char path[4096];
	double total = 0, weighted = 0;

	if (argc != 2) {
		fputs("usage: bench_floor DIR\n", stderr);
		return 2;
	}
	snprintf(path, sizeof path, "%s/regions.csv", argv[1]);
	each_line(path, region_row, &reg);
	s.reg = &reg;
	snprintf(path, sizeof path, "%s/values.csv", argv[1]);
	each_line(path, value_row, &s);
	for (int k = 0; k < s.nind; k++)
		for (int y = 0; y < NYEAR; y++) {
			for (int c = 0; s.by[k][y] && c < reg.ncounty; c++) {
				double v = s.by[k][y][c];
				total += v;
				weighted += v * (double)((c * 31 + y * 17 + k * 7) % 101 + 1);
			}
			free(s.by[k][y]);
		}
	printf("bench_floor: %d regions, %d counties, %d indicators, %llu values "
	       "(%llu skipped); sum %.6e checksum %.6e\n",
	       reg.n, reg.ncounty, s.nind, s.rows, s.skipped, total, weighted);
	return 0;
}
