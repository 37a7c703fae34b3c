/*
 * Lookups on a loaded config (core/config/config.h). Apart from the loader
 * in config.c, because the walkers that config.c calls need them too: kept
 * there, config.c and its walkers would call each other.
 */
#include "core/config/config.h"

#include <string.h>

int cfg_find_indicator(const struct cfg *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nind; i++)
		if (c->ind[i].id && strcmp(c->ind[i].id, id) == 0)
			return (int)i;
	return -1;
}

int cfg_find_level(const struct cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nlevels; i++)
		if (strcmp(c->levels[i], name) == 0)
			return (int)i;
	return -1;
}

const char *cfg_rollup_name(enum rollup r)
{
	static const char *const names[] = { "sum", "mean", "min", "max", "last", "wmean", "none" };

	return (unsigned)r < sizeof(names) / sizeof(*names) ? names[r] : "?";
}

const char *cfg_measure_name(enum measure m)
{
	static const char *const names[] = { "value",  "change",   "growth",
					     "target", "progress", "status" };

	return (unsigned)m < sizeof(names) / sizeof(*names) ? names[m] : "?";
}
