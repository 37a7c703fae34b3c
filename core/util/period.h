#ifndef PROGREP_PERIOD_H
#define PROGREP_PERIOD_H

#include <stddef.h>

/*
 * Periods: years ("2019"), quarters ("2019Q3") and months ("2019-03").
 * Each is an ordinal on its own scale (year: Y, quarter: 4Y+q-1, month:
 * 12Y+m-1), so the periods of one data set form a contiguous, ordered axis
 * and "the previous period" is ordinal - 1. One data set uses one kind.
 */
enum period_kind { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH };

struct period {
	enum period_kind kind;
	int ord;
};

/* Parse s[0..len): 0 on success, -1 if it is not a period. Years run from
 * 1000 to 9999. */
int period_parse(const char *s, size_t len, struct period *out);

/* Write the canonical text ("2019", "2019Q3", "2019-03"); returns buf. */
char *period_format(struct period p, char *buf, size_t n);

/* Write the Chinese label a report shows ("2019年", "2019年第3季度",
 * "2019年3月"); returns buf. */
char *period_label(struct period p, char *buf, size_t n);

int period_per_year(enum period_kind k);

/* (b - a) in years, e.g. 2013 -> 2019 is 6, 2019Q1 -> 2019Q3 is 0.5. */
double period_years_between(struct period a, struct period b);

/* The axis of a data set: periods first .. first + n - 1 of one kind. */
struct period_axis {
	enum period_kind kind;
	int first; /* ordinal of index 0 */
	int n;
};

/* Index of p on the axis, or -1 if p is of another kind or outside it. */
int period_index(const struct period_axis *ax, struct period p);
struct period period_at(const struct period_axis *ax, int index);

#endif
