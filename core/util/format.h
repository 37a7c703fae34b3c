#ifndef PROGREP_FORMAT_H
#define PROGREP_FORMAT_H

#include <stddef.h>

/*
 * Numbers as a reader sees them. Rounding works on the decimal value a
 * person means, not on the binary double: the value is first read at 15
 * significant digits (as Excel does), so 2.675 (stored as 2.67499999...)
 * is the 2.675 that was written, and then rounded in decimal.
 * Scaling by 万 or 亿 shifts the decimal point of that decimal text; it
 * never divides in binary.
 */
enum rounding { ROUND_HALF_UP, ROUND_HALF_EVEN };

struct numfmt {
	const char *unit;        /* e.g. "人", "%", "个百分点", "元"; "" for none */
	int scale;               /* power of ten: 0, 4 (万) or 8 (亿) */
	const char *scale_label; /* "", "万", "亿" */
	int decimals;            /* places after the point, 0..15 */
	enum rounding rounding;
	int thousands;           /* group integer digits with "," */
};

/* The text shown for a missing value. */
#define FMT_MISSING "\xe2\x80\x94" /* U+2014 EM DASH */
/* Room for any finite double fmt_display writes: up to 309 integer digits,
 * 15 decimals, thousands separators, a scale and a unit. A smaller buffer
 * made figures of 1e123 and more read "—". */
#define FMT_DISPLAY_MAX 640

/* Round x to `decimals` places (after dividing by 10^scale in decimal)
 * and write the digits only, e.g. "16.58", "-0.13", "12,035" with
 * thousands. Returns the length, or -1 if x is not finite or buf too
 * small. A result that rounds to zero is written without a minus sign. */
int fmt_number(double x, int scale, int decimals, enum rounding mode, int thousands,
	       char *buf, size_t n);

/* The full display text: number, scale label, unit ("16.58万人", "1.24%",
 * "3.59个百分点"), or FMT_MISSING when x is missing (NaN). Returns the length
 * or -1 if buf is too small. */
int fmt_display(double x, const struct numfmt *f, char *buf, size_t n);

/* The rounded value as a double (for round() in formulas): the double
 * nearest to the decimal result. NaN stays NaN. */
double fmt_round(double x, int decimals, enum rounding mode);

/* The shortest text that reads back (strtod) to exactly x; "" for NaN.
 * Returns the length. */
int fmt_roundtrip(double x, char *buf, size_t n);

/* Parse a scale word: "1"/"" -> 0, "万" -> 4, "亿" -> 8, "百万" -> 6 ... ;
 * -1 if unknown. *label gets the canonical label. */
int fmt_parse_scale(const char *s, const char **label);

/* For tests: 1 makes every number go through printf, as it did before the
 * fast path in format.c; the tests compare the two. */
extern int format_force_printf;

#endif
