#ifndef PROGREP_DATASET_INT_H
#define PROGREP_DATASET_INT_H

#include "core/util/period.h"

/* Private to core/data/dataset*.c. */

/* A range of periods of one kind; ok: not empty. */
struct ds_range {
	int ok;
	enum period_kind kind;
	int lo, hi;
};

/* Add lo .. hi to r (the first add sets its kind). */
void ds_range_add(struct ds_range *r, enum period_kind kind, int lo, int hi);

/* Guess the period range of the long CSV at path (r is cleared first, and
 * stays empty for anything but a regular file with a period column). */
void ds_sample_periods(const char *path, struct ds_range *r);

#endif
