/*
 * ds_load: the regions file and the sources (CSV, SQLite, PostgreSQL) ->
 * the value cube. This file only drives: the fill (dataset_fill.c) takes
 * the rows and owns the cube while it is built, the database sources
 * (source.h) run their queries into it. The sources call only the fill,
 * never back into the loader.
 */
#include "core/data/dataset.h"

#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/data/dataset_fill.h"
#include "core/data/source.h"

int ds_load_long_csv(const struct cfg *cfg, const char *path, struct dataset *ds,
		     struct arena *a, struct diag *d)
{
	size_t errors = d->nerrors;
	struct fill *f = fill_new(cfg, ds, a, d);

	fill_csv(f, path, (struct src_pos){NULL, 0, 0});
	fill_end(f, (struct src_pos){path, 0, 0});
	return d->nerrors > errors ? -1 : 0;
}

/* Load source i (and its regions, if it gives them). */
static void load_one(struct fill *f, const struct cfg *cfg, size_t i, int want_regions)
{
	const struct cfg_source *s = &cfg->sources[i];

	fill_source_begin(f, i);
	if (s->kind == SRC_SQLITE)
		source_sqlite_load(f, s, want_regions);
	else if (s->kind == SRC_POSTGRES)
		source_pg_load(f, s, want_regions);
	else
		fill_csv(f, s->resolved ? s->resolved : s->path, s->pos);
	fill_source_end(f);
}

/* The source with regions_query goes first: the others need the regions. */
static void load_sources(struct fill *f, const struct cfg *cfg, const struct dataset *ds,
			 int regions_from)
{
	size_t i;

	if (regions_from >= 0) {
		load_one(f, cfg, (size_t)regions_from, 1);
		if (ds->reg.n == 0)
			return;
	}
	for (i = 0; i < cfg->nsources; i++)
		if ((int)i != regions_from)
			load_one(f, cfg, i, 0);
}

static int regions_source(const struct cfg *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++)
		if (cfg->sources[i].regions_query && cfg->sources[i].kind != SRC_CSV)
			return (int)i;
	return -1;
}

int ds_load(const struct cfg *cfg, struct dataset *ds, struct arena *a, struct diag *d)
{
	size_t errors = d->nerrors;
	struct src_pos where = cfg->nsources ? cfg->sources[0].pos : cfg->regions_pos;
	int from = regions_source(cfg);
	struct fill *f;
	int seen, failed;

	memset(ds, 0, sizeof(*ds));
	if (!cfg->regions_path && from < 0) {
		diag_error(d, cfg->regions_pos, "no regions file in the config");
		return -1;
	}
	if (from < 0 &&
	    ds_load_regions_at(cfg, cfg->regions_path, cfg->regions_pos, ds, a, d) < 0) {
		ds_release(ds);
		return -1;
	}
	f = fill_new(cfg, ds, a, d);
	if (cfg->report.has_period)
		fill_report_period(f);
	load_sources(f, cfg, ds, from);
	failed = fill_failed(f);
	seen = fill_end(f, where) == 0;
	if (!seen && d->nerrors == errors)
		diag_error(d, where, "the data has no values, so no period to report on");
	if (d->nerrors > errors) {
		ds_release(ds);
		return failed ? -2 : -1;
	}
	return 0;
}

void ds_release(struct dataset *ds)
{
	free(ds->v);
	if (ds->reg.by_code.slots)
		smap_release(&ds->reg.by_code);
	memset(ds, 0, sizeof(*ds));
}
