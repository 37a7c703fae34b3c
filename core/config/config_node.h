#ifndef PROGREP_CONFIG_NODE_H
#define PROGREP_CONFIG_NODE_H

#include <stddef.h>

#include "core/config/config.h"
#include "core/util/smap.h"

/*
 * Internal to core/config/config*.c: the YAML node tree that the libyaml adapter
 * (config_yaml.c) builds, and the helpers the walkers share
 * (config_util.c). Nothing outside the config module includes this.
 */

enum cfg_nkind { CFG_SCALAR, CFG_SEQ, CFG_MAP };

enum cfg_style { CFG_PLAIN, CFG_SQUOTED, CFG_DQUOTED, CFG_LITERAL, CFG_FOLDED };

struct cfg_node {
	enum cfg_nkind kind;
	enum cfg_style style;     /* scalars */
	struct src_pos pos;       /* start: the quote or '|' for those styles */
	struct src_pos keypos;    /* a mapping's value: its key (line 0: none) */
	size_t off, end;          /* scalars: raw text as bytes of the source */
	const char *s;            /* scalars: the value, NUL-terminated */
	size_t len;
	struct cfg_node **kids;   /* SEQ: n items; MAP: n pairs, key 2i, value 2i+1 */
	size_t n;
	size_t size;              /* nodes under this one, aliases expanded */
};

/* The limits that keep a hostile file harmless. */
#define CFG_MAX_FILE (16u * 1024 * 1024)
#define CFG_MAX_SCALAR (64u * 1024)
#define CFG_MAX_DEPTH 64
#define CFG_MAX_ALIASES 1000
#define CFG_MAX_EXPANDED 100000

struct cfg_ctx {
	struct arena *a;
	struct diag *d;
	struct cfg *c;
	const char *file;
	const char *text;         /* the source after any BOM */
	size_t len;
	struct smap ids;          /* indicator id -> index */
	const char **idnames;     /* for suggestions */
	/* Keys suggested for unknown keys ("did you mean 'name'?"), by map:
	 * a required key among them is not reported missing a second time. */
	struct cfg_hinted {
		const struct cfg_node *map;
		const char *key;
		struct cfg_hinted *next; /* in the arena */
	} *hinted;
	/* The first {region.level_word} or {children.level_word}: every level
	 * then needs a 'word' (checked once the whole config is read). */
	int uses_level_word;
	struct src_pos level_word_pos;
};

/* config_levels.c: `levels:` entries (a name, or {name, word}), the
 * `levels:` of report, sections and blocks, and the checks that need the
 * whole config. */
void cfg_walk_level_entries(struct cfg_ctx *ctx, const struct cfg_node *s);
void cfg_get_levels(struct cfg_ctx *ctx, const struct cfg_node *map, struct cfg_levels *out);
void cfg_walk_report_levels(struct cfg_ctx *ctx, const struct cfg_node *report);
void cfg_check_level_words(struct cfg_ctx *ctx);

/* config_yaml.c: parse the text into a tree; NULL (with errors in ctx->d)
 * on a syntax error or a limit. Duplicate keys and tags are reported but
 * still give a tree, so the walk can find more problems. */
struct cfg_node *cfg_yaml_parse(struct cfg_ctx *ctx);
/* Position of the byte at offset off of ctx->text. */
struct src_pos cfg_offset_pos(const struct cfg_ctx *ctx, size_t off);

/* config_util.c */
int cfg_is_null(const struct cfg_node *n);
const char *cfg_node_desc(struct cfg_ctx *ctx, const struct cfg_node *n);
const struct cfg_node *cfg_map_get(const struct cfg_node *map, const char *key);
const struct cfg_node *cfg_map_key(const struct cfg_node *map, const char *key);
void cfg_check_keys(struct cfg_ctx *ctx, const struct cfg_node *map,
		    const char *const *allowed, const char *where);
int cfg_require(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		const char *where);
int cfg_want(struct cfg_ctx *ctx, const struct cfg_node *n, enum cfg_nkind kind,
	     const char *what);
const char *cfg_hint(struct cfg_ctx *ctx, const char *word, const char *const *cands,
		     size_t n);
struct src_pos cfg_pos_at(const struct cfg_ctx *ctx, const struct cfg_node *n, size_t k);

/* Getters: 1 when the key is there and valid (*out set), 0 when absent or
 * null (*out untouched), -1 after reporting a bad value. */
int cfg_get_str(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		const char **out);
int cfg_get_int(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key, int min,
		int max, int *out);
int cfg_get_num(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		double *out);
int cfg_get_bool(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key, int *out);
int cfg_get_enum(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		 const char *const *names, int *out);
int cfg_get_period(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		   struct period *out);
int cfg_get_pref(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		 struct cfg_pref *out);
int cfg_get_level(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key, int *out);
/* A length key ("30mm", "2.5cm", "72pt", or a bare number in bare_unit
 * points) within [lo, hi] points into *out; else an error at the value
 * naming the bounds (config_page.c). */
void cfg_get_length(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		    double bare_unit, double lo, double hi, double *out);
int cfg_scalar_pref(struct cfg_ctx *ctx, const struct cfg_node *n, const char *key,
		    struct cfg_pref *out);
/* An indicator named by scalar n: its index, or -1 after an error. */
int cfg_ref_ind(struct cfg_ctx *ctx, const struct cfg_node *n);
/* A list of indicator names (a single name is taken as a list of one). */
int cfg_ref_list(struct cfg_ctx *ctx, const struct cfg_node *n, const char *key, int **out,
		 size_t *nout);
const char *cfg_path(struct cfg_ctx *ctx, const char *p);

/* config_file.c: the keys of a csv or xlsx source; encoding: */
void cfg_walk_file_source(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src);
int cfg_get_encoding(struct cfg_ctx *ctx, const struct cfg_node *m, enum cfg_encoding *out);

/* config_page.c: report.page (a preset name, or a map of a preset and
 * single values over it) into ctx->c->report.page. */
void cfg_page_defaults(struct cfg_page *p);
void cfg_walk_page(struct cfg_ctx *ctx, const struct cfg_node *report);
/* config_signoff.c: report.signoff (落款) and report.banji (版记). */
void cfg_walk_signoff(struct cfg_ctx *ctx, const struct cfg_node *report);

/* config_ind.c */
void cfg_walk_indicators(struct cfg_ctx *ctx, const struct cfg_node *map);
void cfg_walk_checks(struct cfg_ctx *ctx, const struct cfg_node *seq);
/* Parse and resolve the formula at code points [start, start + len) of
 * scalar n; NULL after reporting. */
struct expr *cfg_formula(struct cfg_ctx *ctx, const struct cfg_node *n, size_t start,
			 const char *text, size_t len);

/* config_sections.c, config_tpl.c */
void cfg_walk_sections(struct cfg_ctx *ctx, const struct cfg_node *seq,
		       struct cfg_section **out, size_t *nout, int depth);
int cfg_template(struct cfg_ctx *ctx, const struct cfg_node *n, struct cfg_template *out);

#endif
