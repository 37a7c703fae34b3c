#include "core/util/period.h"

#include <stdio.h>

static int digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int period_parse(const char *s, size_t len, struct period *out)
{
	int y, sub;

	if (len < 4 || digits(s, 4, &y) < 0 || y < 1000)
		return -1;
	if (len == 4) {
		out->kind = PERIOD_YEAR;
		out->ord = y;
		return 0;
	}
	if (len == 6 && (s[4] == 'Q' || s[4] == 'q') && s[5] >= '1' && s[5] <= '4') {
		out->kind = PERIOD_QUARTER;
		out->ord = y * 4 + (s[5] - '1');
		return 0;
	}
	if (len == 7 && s[4] == '-' && digits(s + 5, 2, &sub) == 0 && sub >= 1 && sub <= 12) {
		out->kind = PERIOD_MONTH;
		out->ord = y * 12 + sub - 1;
		return 0;
	}
	return -1;
}

/* One writer for both spellings: f[] holds the year, quarter and month
 * formats, so the two cannot drift apart. */
static char *period_write(struct period p, char *buf, size_t n, const char *const f[3])
{
	switch (p.kind) {
	case PERIOD_YEAR:
		snprintf(buf, n, f[0], p.ord);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, f[1], p.ord / 4, p.ord % 4 + 1);
		break;
	case PERIOD_MONTH:
		snprintf(buf, n, f[2], p.ord / 12, p.ord % 12 + 1);
		break;
	}
	return buf;
}

char *period_format(struct period p, char *buf, size_t n)
{
	static const char *const f[3] = { "%d", "%dQ%d", "%d-%02d" };

	return period_write(p, buf, n, f);
}

char *period_label(struct period p, char *buf, size_t n)
{
	static const char *const f[3] = { "%d年", "%d年第%d季度", "%d年%d月" };

	return period_write(p, buf, n, f);
}

int period_per_year(enum period_kind k)
{
	return k == PERIOD_YEAR ? 1 : k == PERIOD_QUARTER ? 4 : 12;
}

double period_years_between(struct period a, struct period b)
{
	return (double)(b.ord - a.ord) / period_per_year(a.kind);
}

int period_index(const struct period_axis *ax, struct period p)
{
	int i;

	if (p.kind != ax->kind)
		return -1;
	i = p.ord - ax->first;
	return i >= 0 && i < ax->n ? i : -1;
}

struct period period_at(const struct period_axis *ax, int index)
{
	struct period p;

	p.kind = ax->kind;
	p.ord = ax->first + index;
	return p;
}
