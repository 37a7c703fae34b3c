#ifndef PROGREP_REGIONS_H
#define PROGREP_REGIONS_H

#include <stddef.h>

#include "core/util/smap.h"

/*
 * The region tree, as flat arrays (struct of arrays). Regions are stored so
 * that every parent comes before all of its children (pre-order), hence a
 * reverse walk visits children before parents: that is the bottom-up order
 * of rollups. Index 0 is the root (the one region without a parent).
 */
struct regions {
	size_t n;
	const char **code;  /* arena strings */
	const char **name;
	int *parent;        /* -1 for the root */
	int *level;         /* index into cfg->levels */
	int *child_start;   /* n + 1 entries: children of r are */
	int *child_list;    /* child_list[child_start[r] .. child_start[r+1]) */
	int *line;          /* line in the regions file, for messages */
	const char *file;   /* the regions file */
	struct smap by_code;
};

static inline int regions_nchildren(const struct regions *rg, int r)
{
	return rg->child_start[r + 1] - rg->child_start[r];
}

static inline const int *regions_children(const struct regions *rg, int r)
{
	return rg->child_list + rg->child_start[r];
}

/* Index of the region with this code, or -1. */
int regions_find(const struct regions *rg, const char *code);

/* Is a (reflexively) an ancestor of r? */
int regions_is_within(const struct regions *rg, int r, int a);

#endif
