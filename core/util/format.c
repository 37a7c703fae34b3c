#include "core/util/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIG 15 /* significant digits a person's figure is read at */

int format_force_printf;

/* Write the SIG digits of u (10^14 <= u < 10^15) into dig. */
static void spell(unsigned long long u, char dig[SIG])
{
	int i;

	for (i = SIG - 1; i >= 0; i--, u /= 10)
		dig[i] = (char)(u % 10);
}

/* The SIG digits of a non-integer x with 1e-8 <= |x| < 1e15 without
 * printf, when that is sure to give what "%.14e" would: y = |x| * 10^k
 * (10^k exact) is within 1/16 of the exact product, so unless y lies that
 * close to a half, rounding y rounds the exact value the same way. 0 when
 * unsure (the caller then asks printf). Most figures are rates and money
 * with a few decimals; printf was 13% of a batch's layout. */
static int decompose_fast(double x, char dig[SIG], int *exp)
{
	static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	double ax = fabs(x), y, f;
	unsigned long long u;
	int e, k;

	if (!(ax >= 1e-8 && ax < 1e15))
		return 0;
	for (e = 14; e > -8 && (e >= 0 ? ax < p10[e] : ax * p10[-e] < 1); e--)
		;
	k = SIG - 1 - e;
	if (k < 0 || k > 22)
		return 0;
	y = ax * p10[k];
	if (y < 1e14 || y >= 1e15)
		return 0; /* a power of ten's edge: printf decides */
	f = y - floor(y);
	if (fabs(f - 0.5) < 0.0625 + 1e-9)
		return 0;
	u = (unsigned long long)floor(y) + (f > 0.5);
	if (u >= 1000000000000000ULL) { /* 999...9.7 rounds up a digit */
		u /= 10;
		e++;
	}
	spell(u, dig);
	*exp = e;
	return x < 0 ? -1 : 1;
}

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
	if (!format_force_printf && (sign = decompose_fast(x, dig, exp)) != 0)
		return sign;
	sign = 1;
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
	const char *sl = f->scale_label ? f->scale_label : "", *u = f->unit ? f->unit : "";
	size_t ln, ls, lu;
	int len;

	if (isnan(x)) {
		if (n < sizeof(FMT_MISSING))
			return -1;
		memcpy(buf, FMT_MISSING, sizeof(FMT_MISSING));
		return (int)sizeof(FMT_MISSING) - 1;
	}
	len = fmt_number(x, f->scale, f->decimals, f->rounding, f->thousands, num, sizeof(num));
	if (len < 0)
		return -1;
	/* joined by hand: compute writes millions of these */
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

double fmt_round(double x, int decimals, enum rounding mode)
{
	char num[480];

	if (isnan(x))
		return x;
	if (fmt_number(x, 0, decimals, mode, 0, num, sizeof(num)) < 0)
		return NAN;
	return strtod(num, NULL);
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

/* Integers (most figures are counts) and values with few decimals are
 * written without printf; the rest are taken apart from one conversion. */
int fmt_roundtrip(double x, char *buf, size_t n)
{
	int len;

	if (isnan(x)) {
		if (n)
			buf[0] = '\0';
		return 0;
	}
	/* The range test first: converting a double beyond long long's range
	 * is undefined (clang's -fsanitize=float-cast-overflow). */
	if (fabs(x) < 1e15 && x == (double)(long long)x && !(x == 0 && signbit(x))) {
		char tmp[24];
		unsigned long long u = (unsigned long long)(x < 0 ? -x : x);
		int k = 0;
		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if ((size_t)k + 2 > n)
			return -1;
		len = 0;
		if (x < 0)
			buf[len++] = '-';
		while (k)
			buf[len++] = tmp[--k];
		buf[len] = '\0';
		return len;
	}
	if (n < 40 || !isfinite(x) || x == 0) { /* small buffers, inf, -0: by printf */
		int prec;
		for (prec = 15; prec < 17; prec++) {
			len = snprintf(buf, n, "%.*g", prec, x);
			if (strtod(buf, NULL) == x)
				return len;
		}
		return snprintf(buf, n, "%.17g", x);
	}
	if ((len = short_decimal(x, buf)) >= 0)
		return len;
	return roundtrip_digits(x, buf, n);
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
