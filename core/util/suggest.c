#include "core/util/suggest.h"

#include <string.h>

#include "core/util/utf8.h"

#define MAXCP 64

/* The code points of s[0..n) into cp; -1 if there are more than MAXCP. */
static int decode(const char *s, size_t n, unsigned *cp, size_t *ncp)
{
	size_t i = 0, k = 0;

	while (i < n) {
		int l;
		if (k == MAXCP)
			return -1;
		l = utf8_decode(s + i, n - i, &cp[k]);
		if (l <= 0) {
			cp[k] = (unsigned char)s[i];
			l = 1;
		}
		i += (size_t)l;
		k++;
	}
	*ncp = k;
	return 0;
}

size_t suggest_distance(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned ca[MAXCP], cb[MAXCP];
	size_t i, j, row[MAXCP + 1];

	if (decode(a, na, ca, &na) < 0 || decode(b, nb, cb, &nb) < 0)
		return SUGGEST_FAR;
	/* One row of the table at a time: row[j] is the distance between the
	 * first i code points of a and the first j of b. */
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t up = row[j], best = diag + (ca[i - 1] != cb[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

void suggest_init(struct suggest *s, const char *word, size_t len)
{
	size_t n = utf8_count(word, len);

	s->word = word;
	s->len = len;
	s->limit = n <= 3 ? 1 : n <= 6 ? 2 : 3;
	s->best = SUGGEST_FAR;
	s->pick = NULL;
}

void suggest_consider(struct suggest *s, const char *cand)
{
	size_t d = suggest_distance(s->word, s->len, cand, strlen(cand));

	if (d > 0 && d <= s->limit && d < s->best) {
		s->best = d;
		s->pick = cand;
	}
}
