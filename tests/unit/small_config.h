#ifndef PROGREP_TEST_SMALL_CONFIG_H
#define PROGREP_TEST_SMALL_CONFIG_H

#include "core/config/config.h"

/*
 * The config the dataset and source tests fill by hand (the YAML loader is
 * not needed): four levels, four indicators (one derived, one read from the
 * column 人均收入), tests/data/regions_small.csv, and one long CSV source,
 * tests/data/values_small.csv, written at report.yaml:8:col.
 */
static inline void small_config(struct cfg *cfg, struct cfg_indicator ind[4],
				struct cfg_source *src, int col)
{
	static const char *levels[] = {"region", "prefecture", "county", "village"};

	cfg->file = "report.yaml";
	cfg->levels = levels;
	cfg->nlevels = 4;
	ind[0].id = "registered_persons";
	ind[1].id = "rural_population";
	ind[2].id = "incidence";
	ind[2].is_derived = 1;
	ind[3].id = "income";
	ind[3].column = "人均收入";
	cfg->ind = ind;
	cfg->nind = 4;
	cfg->regions_path = "tests/data/regions_small.csv";
	cfg->regions_pos = (struct src_pos){"report.yaml", 5, 12};
	src[0].type = "csv";
	src[0].path = src[0].resolved = "tests/data/values_small.csv";
	src[0].pos = (struct src_pos){"report.yaml", 8, col};
	cfg->sources = src;
	cfg->nsources = 1;
}

#endif
