#ifndef PROGREP_DATASET_TEXT_H
#define PROGREP_DATASET_TEXT_H

#include <stddef.h>

#include "core/util/period.h"
#include "core/util/smap.h"

/*
 * Private to core/data/dataset*.c: text as people type it in Excel, read
 * where the strict forms (numparse_double, period_parse) refuse it. Only
 * the slow path of the loader gets here, so plain data pays nothing.
 */

struct arena;
struct cfg_source;
struct regions;

enum { DS_TEXT_VALUE = 0, DS_TEXT_MISSING = 1, DS_TEXT_BAD = -1 };

/*
 * A value text the strict parse refused: one of the source's `missing`
 * texts (DS_TEXT_MISSING), or a number with thousands separators
 * ("9,899", "1,234.5") or full-width digits ("１２３", "－１．５")
 * (DS_TEXT_VALUE, *out set). Else DS_TEXT_BAD, with *why the reason and
 * the fix (a static string, or one in a), or NULL: not a number, no more
 * to say than ds_not_a_number.
 */
int ds_text_value(const struct cfg_source *src, const char *s, size_t len, double *out,
		  const char **why, struct arena *a);

/* "2012年" (and full-width digits) as the year 2012; -1 for anything else. */
int ds_text_period(const char *s, size_t len, struct period *out);

/* Regions by name, built on the first name looked up: name -> the first
 * region of that name; amb[r]: another region has r's name too. */
struct ds_names {
	int built;
	struct smap map;
	unsigned char *amb;
};

/* The region named s: its index; -1 when no region has that name; -2 when
 * several do (*cands: "'653121' (疏附县), '653199' (疏附县)" in a). */
int ds_text_region(struct ds_names *nm, const struct regions *rg, const char *s, size_t len,
		   const char **cands, struct arena *a);
void ds_names_release(struct ds_names *nm);

#endif
