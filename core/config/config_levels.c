/*
 * Levels: the entries of the top-level `levels:` list, and the `levels:` a
 * report, section or block declares it is written for.
 *
 *   levels       := '[' entry { ',' entry } ']'
 *   entry        := NAME | '{' 'name' ':' NAME [ ',' 'word' ':' TEXT ] '}'
 *   report.levels, section.levels, block.levels := '[' NAME { ',' NAME } ']'
 *   report.other_levels := 'refuse' | 'omit'
 *
 * A level's word is its short name in running text: 区 gives 全区, 地州
 * gives 各地州. Templates reach it through {region.level_word} and
 * {children.level_word}, so a sentence written for the region reads 全县
 * when rendered for a county instead of claiming to speak for 全区.
 */
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config_node.h"

static const char *const entry_keys[] = { "name", "word", NULL };
static const char *const other_names[] = { "refuse", "omit", NULL };

/* One entry: a plain name or {name, word}. NULL after an error. */
static const char *entry(struct cfg_ctx *ctx, const struct cfg_node *k, const char **word)
{
	const char *name = NULL;

	*word = NULL;
	if (k->kind == CFG_SCALAR)
		return k->s;
	if (k->kind != CFG_MAP) {
		diag_error(ctx->d, k->pos, "a level is a name or {name: ..., word: ...}, got %s",
			   cfg_node_desc(ctx, k));
		return NULL;
	}
	cfg_check_keys(ctx, k, entry_keys, " in a level");
	if (cfg_require(ctx, k, "name", " in a level") < 0)
		return NULL;
	if (cfg_get_str(ctx, k, "name", &name) <= 0)
		return NULL;
	cfg_get_str(ctx, k, "word", word);
	return name;
}

void cfg_walk_level_entries(struct cfg_ctx *ctx, const struct cfg_node *s)
{
	struct cfg *c = ctx->c;
	struct src_pos *pos;
	size_t i, j;

	if (!s)
		return;
	if (s->kind != CFG_SEQ || s->n == 0) {
		diag_error(ctx->d, s->pos, "'levels' must be a list of level names, got %s",
			   s->kind == CFG_SEQ ? "an empty list" : cfg_node_desc(ctx, s));
		return;
	}
	c->levels = arena_alloc(ctx->a, s->n * sizeof(*c->levels));
	c->level_words = arena_zalloc(ctx->a, s->n * sizeof(*c->level_words));
	pos = arena_alloc(ctx->a, s->n * sizeof(*pos));
	for (i = 0; i < s->n; i++) {
		const char *word, *name = entry(ctx, s->kids[i], &word);
		if (!name)
			continue;
		for (j = 0; j < c->nlevels && strcmp(c->levels[j], name) != 0; j++)
			;
		if (j < c->nlevels) {
			diag_error(ctx->d, s->kids[i]->pos, "duplicate level '%s' (first at %d:%d)",
				   name, pos[j].line, pos[j].col);
			continue;
		}
		pos[c->nlevels] = s->kids[i]->pos;
		c->level_words[c->nlevels] = word;
		c->levels[c->nlevels++] = name;
	}
}

void cfg_get_levels(struct cfg_ctx *ctx, const struct cfg_node *map, struct cfg_levels *out)
{
	const struct cfg_node *v = cfg_map_get(map, "levels");
	size_t i;

	memset(out, 0, sizeof(*out));
	if (cfg_is_null(v))
		return;
	out->pos = v->pos;
	if (v->kind != CFG_SEQ || v->n == 0) {
		diag_error(ctx->d, v->pos, "'levels' must be a list of level names, got %s",
			   v->kind == CFG_SEQ ? "an empty list" : cfg_node_desc(ctx, v));
		return;
	}
	out->v = arena_zalloc(ctx->a, v->n * sizeof(*out->v));
	for (i = 0; i < v->n; i++) {
		const struct cfg_node *k = v->kids[i];
		int l;
		if (cfg_want(ctx, k, CFG_SCALAR, "levels") < 0)
			continue;
		if ((l = cfg_find_level(ctx->c, k->s)) < 0) {
			diag_error(ctx->d, k->pos, "unknown level '%s'%s", k->s,
				   cfg_hint(ctx, k->s, ctx->c->levels, ctx->c->nlevels));
			continue;
		}
		out->v[out->n++] = l;
	}
}

/* report.levels and report.other_levels: read after the top-level
 * `levels:` (the report mapping is walked before it). */
void cfg_walk_report_levels(struct cfg_ctx *ctx, const struct cfg_node *report)
{
	struct cfg_report *r = &ctx->c->report;
	int omit = 0;

	if (!report || report->kind != CFG_MAP)
		return;
	cfg_get_levels(ctx, report, &r->levels);
	if (cfg_get_enum(ctx, report, "other_levels", other_names, &omit) > 0)
		r->omit_other_levels = omit == 1;
}

void cfg_check_level_words(struct cfg_ctx *ctx)
{
	const struct cfg *c = ctx->c;
	size_t i;

	if (!ctx->uses_level_word)
		return;
	for (i = 0; i < c->nlevels; i++)
		if (!c->level_words[i]) {
			diag_error(ctx->d, ctx->level_word_pos,
				   "level '%s' has no 'word' for {region.level_word} and "
				   "{children.level_word} (write it in 'levels:' as "
				   "{name: %s, word: ...})", c->levels[i], c->levels[i]);
			return;
		}
}
