#include "core/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIG 15 /* significant digits a person's figure is read at */

/* x as SIG decimal digits and the power of ten of the first one:
 * x = d0.d1d2... * 10^exp. Returns the sign (1 or -1). */
static int decompose(double x, char dig[SIG], int *exp)
{
	char buf[64];
	const char *p;
	int i = 0, sign = 1;

	/* Counts are most figures: integers below 10^15 need no printf. */
	/* (The range test first: converting a larger double to long long is
	 * undefined; found by tests/fuzz/fuzz_expr.) */
	if (fabs(x) < 1e15 && x != 0 && x == (double)(long long)x) {
		unsigned long long u = (unsigned long long)(x < 0 ? -x : x);
		char tmp[SIG];
		int n = 0;
		while (u) {
			tmp[n++] = (char)(u % 10);
			u /= 10;
		}
		for (i = 0; i < SIG; i++)
			dig[i] = i < n ? tmp[n - 1 - i] : 0;
		*exp = n - 1;
		return x < 0 ? -1 : 1;
	}
	snprintf(buf, sizeof(buf), "%.*e", SIG - 1, x);
	p = buf;
	if (*p == '-') {
		sign = -1;
		p++;
	}
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			dig[i++] = (char)(*p - '0');
	*exp = atoi(p + 1);
	return sign;
}

/* Does rounding away the digits from index `first` on round up? */
static int rounds_up(const char dig[SIG], int first, int last_kept_odd, enum rounding mode)
{
	int i;

	if (first < 0)
		return 0; /* everything dropped lies below half a unit */
	if (first >= SIG)
		return 0;
	if (dig[first] != 5 || mode == ROUND_HALF_UP)
		return dig[first] >= 5;
	for (i = first + 1; i < SIG; i++)
		if (dig[i])
			return 1;
	return last_kept_odd;
}

/*
 * Write the rounded magnitude, in units of 10^-decimals, as a digit string
 * into out (most significant first, no leading zeros but "0"). The value is
 * dig * 10^(exp - scale); kept digits are those of weight >= 10^-decimals.
 */
static size_t round_digits(const char dig[SIG], int exp, int decimals, enum rounding mode,
			   char *out, size_t cap)
{
	int shift = exp + decimals; /* index of the last kept digit */
	size_t n = 0, i;
	int k, up;

	for (k = 0; k <= shift && n + 1 < cap; k++)
		out[n++] = (char)('0' + (k < SIG ? dig[k] : 0));
	up = rounds_up(dig, shift + 1, n > 0 && (out[n - 1] - '0') % 2, mode);
	if (shift + 1 < 0)
		up = 0;
	if (up) {
		for (i = n; i-- > 0;) {
			if (out[i] == '9') {
				out[i] = '0';
				continue;
			}
			out[i]++;
			break;
		}
		if (n == 0 || (i == (size_t)-1)) {
			/* carry out of the top digit (or rounding 0.5 up to 1) */
			if (n + 1 < cap) {
				memmove(out + 1, out, n);
				out[0] = '1';
				n++;
			}
		}
	}
	/* strip leading zeros */
	for (i = 0; i + 1 < n && out[i] == '0'; i++)
		;
	memmove(out, out + i, n - i);
	n -= i;
	if (n == 0)
		out[n++] = '0';
	out[n] = '\0';
	return n;
}

int fmt_number(double x, int scale, int decimals, enum rounding mode, int thousands,
	       char *buf, size_t n)
{
	char dig[SIG], units[420], res[480];
	int exp, sign, zero;
	size_t nu, intlen, i, o = 0, j;

	if (!isfinite(x) || decimals < 0 || decimals > 15)
		return -1;
	if (x == 0) {
		memset(dig, 0, sizeof(dig));
		exp = 0;
		sign = 1;
	} else {
		sign = decompose(x, dig, &exp);
	}
	if (exp - scale + decimals > 400)
		return -1;
	nu = round_digits(dig, exp - scale, decimals, mode, units, sizeof(units));
	zero = nu == 1 && units[0] == '0';
	/* pad so that there is at least one integer digit */
	while (nu < (size_t)decimals + 1) {
		memmove(units + 1, units, nu + 1);
		units[0] = '0';
		nu++;
	}
	intlen = nu - (size_t)decimals;
	if (sign < 0 && !zero)
		res[o++] = '-';
	for (i = 0; i < intlen; i++) {
		if (thousands && i > 0 && (intlen - i) % 3 == 0)
			res[o++] = ',';
		res[o++] = units[i];
	}
	if (decimals > 0) {
		res[o++] = '.';
		for (j = intlen; j < nu; j++)
			res[o++] = units[j];
	}
	res[o] = '\0';
	if (o + 1 > n)
		return -1;
	memcpy(buf, res, o + 1);
	return (int)o;
}

int fmt_display(double x, const struct numfmt *f, char *buf, size_t n)
{
	char num[480];
	int len;

	if (isnan(x)) {
		if (n < sizeof(FMT_MISSING))
			return -1;
		memcpy(buf, FMT_MISSING, sizeof(FMT_MISSING));
		return (int)sizeof(FMT_MISSING) - 1;
	}
	if (fmt_number(x, f->scale, f->decimals, f->rounding, f->thousands, num,
		       sizeof(num)) < 0)
		return -1;
	len = snprintf(buf, n, "%s%s%s", num, f->scale_label ? f->scale_label : "",
		       f->unit ? f->unit : "");
	return len < 0 || (size_t)len >= n ? -1 : len;
}

double fmt_round(double x, int decimals, enum rounding mode)
{
	char num[480];

	if (isnan(x))
		return x;
	if (fmt_number(x, 0, decimals, mode, 0, num, sizeof(num)) < 0)
		return NAN;
	return strtod(num, NULL);
}

int fmt_roundtrip(double x, char *buf, size_t n)
{
	int prec;

	if (isnan(x)) {
		if (n)
			buf[0] = '\0';
		return 0;
	}
	if (x == (double)(long long)x && fabs(x) < 1e15 && !(x == 0 && signbit(x))) {
		char tmp[24];
		unsigned long long u = (unsigned long long)(x < 0 ? -x : x);
		int k = 0, len = 0;
		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if ((size_t)k + 2 > n)
			return -1;
		if (x < 0)
			buf[len++] = '-';
		while (k)
			buf[len++] = tmp[--k];
		buf[len] = '\0';
		return len;
	}
	for (prec = 15; prec <= 17; prec++) {
		int len = snprintf(buf, n, "%.*g", prec, x);
		if (strtod(buf, NULL) == x || prec == 17)
			return len;
	}
	return -1;
}

static const struct {
	const char *word;
	int power;
} scales[] = {
	{"", 0}, {"1", 0}, {"十", 1}, {"百", 2}, {"千", 3}, {"万", 4},
	{"十万", 5}, {"百万", 6}, {"千万", 7}, {"亿", 8},
};

int fmt_parse_scale(const char *s, const char **label)
{
	size_t i;

	for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
		if (strcmp(s, scales[i].word) == 0) {
			*label = i < 2 ? "" : scales[i].word;
			return scales[i].power;
		}
	}
	return -1;
}
