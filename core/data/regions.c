#include "core/data/regions.h"

#include <string.h>

int regions_find(const struct regions *rg, const char *code)
{
	return smap_get(&rg->by_code, code, strlen(code));
}

int regions_is_within(const struct regions *rg, int r, int a)
{
	while (r >= 0) {
		if (r == a)
			return 1;
		r = rg->parent[r];
	}
	return 0;
}
