/*
 * What a report says depends on the level of region it is rendered for: a
 * template written for the whole region must not tell a county about
 * "全区" or "占全国约20%". This file decides which sections and blocks are
 * printed for the report's level (their `levels:`, inherited from the
 * enclosing section and report.levels), refuses a report for a level its
 * template does not support, gives the level words of {region.level_word}
 * and {children.level_word}, and words the row that sums up what a top-N
 * cut left out.
 */
#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"

static int level_in(const struct cfg_levels *l, int level)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == level)
			return 1;
	return 0;
}

static const char *level_list(const struct cfg *cfg, const struct cfg_levels *l,
			      struct arena *a)
{
	const char *s = "";
	size_t i;

	for (i = 0; i < l->n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? ", " : "", cfg->levels[l->v[i]]);
	return s;
}

int report_levels_check(const struct cfg *cfg, const struct regions *rg, int region,
			struct arena *a, struct diag *d)
{
	const struct cfg_report *rp = &cfg->report;
	int level = rg->level[region];
	const char *what;

	if (rp->levels.n == 0 || level_in(&rp->levels, level))
		return 0;
	what = arena_printf(a, "the report is written for level %s, not %s ('%s' %s)",
			    level_list(cfg, &rp->levels, a), cfg->levels[level], rg->code[region],
			    rg->name[region]);
	if (!rp->omit_other_levels)
		return diag_error(d, rp->levels.pos, "%s: its sentences and tables would speak "
				  "for the wrong region (set report.other_levels: omit to print "
				  "only the parts whose 'levels:' name %s)", what,
				  cfg->levels[level]);
	diag_warning(d, rp->levels.pos, "%s: only the sections and blocks whose 'levels:' name "
		     "%s are printed", what, cfg->levels[level]);
	return 0;
}

/* The report's level: that of the region it is rendered for, not of the
 * region an `each:` section is about. */
static int report_level(const struct report_ctx *r)
{
	return r->res->reg->level[r->res->report_region];
}

int report_levels_enter(struct report_ctx *r, const struct cfg_levels *own,
			const struct cfg_levels **saved)
{
	*saved = r->levels;
	if (own->n > 0)
		r->levels = own;
	return !r->levels || r->levels->n == 0 || level_in(r->levels, report_level(r));
}

int report_levels_block(const struct report_ctx *r, const struct cfg_block *b)
{
	const struct cfg_levels *l = b->levels.n > 0 ? &b->levels : r->levels;

	return !l || l->n == 0 || level_in(l, report_level(r));
}

static int is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

/* The administrative word a region's own name ends with: 天山区 is a 区
 * and 阿克苏市 a 市 though both are at level county, and "全县" would be
 * wrong for them. NULL when the name ends with none. */
static const char *own_word(const char *name)
{
	static const char *const words[] = { "地区", "区", "县", "市", "州", "旗",
					     "盟", "镇", "乡", "村", NULL };
	size_t n = strlen(name), i;

	for (i = 0; words[i]; i++) {
		size_t k = strlen(words[i]);
		if (n >= k && memcmp(name + n - k, words[i], k) == 0)
			return words[i];
	}
	return NULL;
}

const char *report_levels_word(const struct report_ctx *r, const char *name, size_t len)
{
	const struct regions *rg = r->res->reg;
	const struct cfg *cfg = r->cfg;
	int level = rg->level[r->region];
	const char *w;

	if (is(name, len, "children.level_word"))
		level++;
	else if (!is(name, len, "region.level_word"))
		return NULL;
	else if ((w = own_word(rg->name[r->region])) != NULL)
		return w;
	if (level < 0 || (size_t)level >= cfg->nlevels)
		return "";
	w = cfg->level_words ? cfg->level_words[level] : NULL;
	return w ? w : cfg->levels[level];
}

const char *report_levels_rest(struct report_ctx *r, size_t nrest, int level)
{
	const char *w = NULL;

	if (level >= 0 && (size_t)level < r->cfg->nlevels && r->cfg->level_words)
		w = r->cfg->level_words[level];
	return arena_printf(r->a, "其余%zu个%s", nrest, w ? w : "地区");
}

const char *report_levels_doc_title(struct report_ctx *r, const struct report *rep)
{
	/* A batch writes one PDF per region: the title in its document
	 * information must say which, as the cover does. */
	if (!rep->cover_region)
		return rep->title;
	return arena_printf(r->a, "%s（%s）", rep->title, rep->cover_region);
}
