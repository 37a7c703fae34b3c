#ifndef PROGREP_SUGGEST_H
#define PROGREP_SUGGEST_H

#include <stddef.h>

/*
 * "Did you mean ...?": the one rule for how close a misspelt name must be
 * to a known one to be suggested, for config keys, indicators, functions
 * and the command line alike.
 */

/* Edit (Levenshtein) distance between a[0..na) and b[0..nb), counted in
 * code points (an invalid byte counts as one); SUGGEST_FAR when either is
 * longer than 64 code points. */
#define SUGGEST_FAR ((size_t)1000)
size_t suggest_distance(const char *a, size_t na, const char *b, size_t nb);

/* The search for the candidate nearest to word: suggest_init, then
 * suggest_consider for each candidate, then pick holds the answer. */
struct suggest {
	const char *word; /* borrowed */
	size_t len;
	size_t limit;     /* the largest distance still suggested */
	size_t best;
	const char *pick; /* the nearest candidate so far (borrowed), or NULL */
};

/* Close enough to be a slip: one edit in a name of up to 3 code points,
 * two up to 6, three beyond. */
void suggest_init(struct suggest *s, const char *word, size_t len);
/* Take cand if it is nearer than every earlier one (the first of equals
 * wins) and within the limit; cand equal to word is never suggested.
 * cand must outlive s. */
void suggest_consider(struct suggest *s, const char *cand);

#endif
