#ifndef PROGREP_NUMPARSE_H
#define PROGREP_NUMPARSE_H

#include <stddef.h>

/*
 * Decimal number parsing for data files: fast and always the correctly
 * rounded double, identical to strtod() for every accepted text.
 *
 * Accepted: an optional sign, digits with an optional decimal point (at
 * least one digit), an optional exponent (e or E, optional sign, digits).
 * Rejected: empty text, spaces, hex, "inf", "nan", thousands separators and
 * values whose magnitude overflows a double (1e400).
 */

/* Parse s[0..len) (need not be NUL-terminated). Returns 0 and sets *out,
 * or -1 when the text is not a finite decimal number. */
int numparse_double(const char *s, size_t len, double *out);

/* 1e0 .. 1e15, exact in a double. */
extern const double numparse_pow10[16];

/*
 * numparse_double for the common text, inline: [+-]? digits ('.' digits)?
 * with at most 15 digits in all (so at most 17 bytes). The mantissa is then
 * below 2^53 and the divisor at most 1e15, both exact, so the one IEEE
 * division is correctly rounded: the double strtod gives. Returns -1 with
 * *out unset for any other text (numparse_double then takes it).
 */
static inline int numparse_fast(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len, *digits = s, *frac = NULL;
	unsigned long long mant = 0;
	unsigned d;
	size_t ndig;
	double v;

	if (len - 1 > 16) /* empty, or more than 17 bytes */
		return -1;
	for (; p < end && (d = (unsigned)(unsigned char)*p - '0') < 10; p++)
		mant = mant * 10 + d;
	if (p == end && len <= 15) { /* the most common: digits only */
		*out = (double)mant;
		return 0;
	}
	if (p == s && (*p == '-' || *p == '+'))
		for (digits = ++p; p < end && (d = (unsigned)(unsigned char)*p - '0') < 10; p++)
			mant = mant * 10 + d;
	if (p < end) {
		if (*p != '.')
			return -1;
		for (frac = ++p; p < end && (d = (unsigned)(unsigned char)*p - '0') < 10; p++)
			mant = mant * 10 + d;
		if (p < end)
			return -1;
	}
	ndig = (size_t)(end - digits) - (frac != NULL);
	if (ndig == 0 || ndig > 15)
		return -1;
	v = (double)mant;
	if (frac)
		v /= numparse_pow10[end - frac];
	*out = *s == '-' ? -v : v;
	return 0;
}

#endif
