#include "core/util/numparse.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

const double numparse_pow10[16] = {
	1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

/* Every power of ten up to 1e22 is exact in a double. */
static const double pow10_exact[23] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The syntax, split into mantissa digits and a decimal exponent. */
struct decimal {
	uint64_t mant;   /* the first 19 significant digits */
	int exp10;       /* value = mant * 10^exp10 (when !truncated) */
	int truncated;   /* more than 19 significant digits */
	int neg;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at *p: append significant ones to dec; frac says they follow the
 * decimal point. Returns how many digits were read. */
static size_t scan_digits(const char **pp, const char *end, struct decimal *dec, int frac,
			  int *nsig)
{
	const char *p = *pp;
	size_t n = 0;

	for (; p < end && is_digit(*p); p++, n++) {
		if (*nsig == 0 && *p == '0') {
			/* A leading zero is not significant, but after the
			 * point it still shifts the value. */
			if (frac)
				dec->exp10--;
			continue;
		}
		if (*nsig < 19) {
			dec->mant = dec->mant * 10 + (uint64_t)(*p - '0');
			if (frac)
				dec->exp10--;
		} else {
			dec->truncated = 1;
			if (!frac)
				dec->exp10++;
		}
		(*nsig)++;
	}
	*pp = p;
	return n;
}

/* exponent := [eE] [+-]? digit+ ; added to dec->exp10, clamped so that
 * a silly exponent cannot overflow an int. */
static int scan_exponent(const char **pp, const char *end, struct decimal *dec)
{
	const char *p = *pp + 1;
	int neg = 0;
	long e = 0;

	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (p == end || !is_digit(*p))
		return -1;
	for (; p < end && is_digit(*p); p++)
		if (e < 100000)
			e = e * 10 + (*p - '0');
	dec->exp10 += (int)(neg ? -e : e);
	*pp = p;
	return 0;
}

/* number := [+-]? (digit+ ('.' digit*)? | '.' digit+) exponent? */
static int scan(const char *s, size_t len, struct decimal *dec)
{
	const char *p = s, *end = s + len;
	size_t ndig;
	int nsig = 0;

	memset(dec, 0, sizeof(*dec));
	if (p < end && (*p == '+' || *p == '-'))
		dec->neg = *p++ == '-';
	ndig = scan_digits(&p, end, dec, 0, &nsig);
	if (p < end && *p == '.') {
		p++;
		ndig += scan_digits(&p, end, dec, 1, &nsig);
	}
	if (ndig == 0)
		return -1;
	if (p < end && (*p == 'e' || *p == 'E') && scan_exponent(&p, end, dec) < 0)
		return -1;
	return p == end ? 0 : -1;
}

/* The rare slow path: strtod wants a NUL-terminated string. The syntax was
 * checked already, so strtod sees only plain decimal text. */
static int slow_path(const char *s, size_t len, double *out)
{
	char small[128], *copy = len < sizeof(small) ? small : xmalloc(len + 1);
	char *end;
	double v;

	memcpy(copy, s, len);
	copy[len] = '\0';
	v = strtod(copy, &end);
	if (copy != small)
		free(copy);
	if (!isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* Everything but the common text (kept out of numparse_double, whose fast
 * path then needs no stack frame). */
static int __attribute__((noinline)) full_parse(const char *s, size_t len, double *out)
{
	struct decimal dec;
	double v;

	if (scan(s, len, &dec) < 0)
		return -1;
	if (dec.mant == 0 && !dec.truncated) {
		*out = dec.neg ? -0.0 : 0.0;
		return 0;
	}
	/* Clinger's fast path: both operands are exact doubles, so the one
	 * IEEE multiplication or division rounds correctly. */
	if (!dec.truncated && dec.mant <= ((uint64_t)1 << 53) && dec.exp10 >= -22 &&
	    dec.exp10 <= 22) {
		v = (double)dec.mant;
		v = dec.exp10 < 0 ? v / pow10_exact[-dec.exp10] : v * pow10_exact[dec.exp10];
		*out = dec.neg ? -v : v;
		return 0;
	}
	return slow_path(s, len, out);
}

int numparse_double(const char *s, size_t len, double *out)
{
	if (numparse_fast(s, len, out) == 0)
		return 0;
	return full_parse(s, len, out);
}
