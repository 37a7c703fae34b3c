/*
 * cfg_load: YAML text -> node tree (config_yaml.c) -> struct cfg. The walk
 * reports every problem it finds and carries on, so one run of
 * `progrep check` lists them all. Keys are looked up, not walked in file
 * order, so `format:` may come after the indicators it gives defaults to.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config_node.h"
#include "core/utf8.h"
#include "core/xalloc.h"

static const char *const top_keys[] = { "report",     "format", "levels",   "data",
					"indicators", "checks", "sections", NULL };
static const char *const report_keys[] = { "title",  "subtitle", "office", "author",
					   "subject", "keywords", "date",   "region",
					   "period", "toc",      "fonts",  NULL };
static const char *const font_keys[] = { "body", "heading", NULL };
static const char *const format_keys[] = { "rounding", "thousands", NULL };
static const char *const rounding_names[] = { "half-up", "half-even", NULL };
static const char *const data_keys[] = { "regions", "sources", NULL };
static const char *const source_keys[] = { "type", "path", NULL };

static void walk_fonts(struct cfg_ctx *ctx, const struct cfg_node *f)
{
	struct cfg_report *r = &ctx->c->report;

	if (cfg_is_null(f) || cfg_want(ctx, f, CFG_MAP, "fonts") < 0)
		return;
	cfg_check_keys(ctx, f, font_keys, " in fonts");
	cfg_get_str(ctx, f, "body", &r->font_body);
	cfg_get_str(ctx, f, "heading", &r->font_heading);
}

static void walk_report(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg_report *r = &ctx->c->report;
	const char *date = NULL;

	r->toc = 1;
	r->font_body = "AR PL UMing CN";
	r->font_heading = "WenQuanYi Zen Hei";
	if (!m || cfg_want(ctx, m, CFG_MAP, "report") < 0)
		return;
	cfg_check_keys(ctx, m, report_keys, " in report");
	cfg_require(ctx, m, "title", " in report");
	cfg_get_str(ctx, m, "title", &r->title);
	cfg_get_str(ctx, m, "subtitle", &r->subtitle);
	cfg_get_str(ctx, m, "office", &r->office);
	cfg_get_str(ctx, m, "author", &r->author);
	cfg_get_str(ctx, m, "subject", &r->subject);
	cfg_get_str(ctx, m, "keywords", &r->keywords);
	if (cfg_get_str(ctx, m, "date", &date) > 0)
		r->date = date;
	cfg_get_str(ctx, m, "region", &r->region);
	r->has_period = cfg_get_period(ctx, m, "period", &r->period) > 0;
	cfg_get_bool(ctx, m, "toc", &r->toc);
	walk_fonts(ctx, cfg_map_get(m, "fonts"));
}

static void walk_format(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	int r;

	ctx->c->rounding = ROUND_HALF_UP;
	ctx->c->thousands = 0;
	if (cfg_is_null(m) || cfg_want(ctx, m, CFG_MAP, "format") < 0)
		return;
	cfg_check_keys(ctx, m, format_keys, " in format");
	if (cfg_get_enum(ctx, m, "rounding", rounding_names, &r) > 0)
		ctx->c->rounding = (enum rounding)r;
	cfg_get_bool(ctx, m, "thousands", &ctx->c->thousands);
}

static void walk_levels(struct cfg_ctx *ctx, const struct cfg_node *s)
{
	struct cfg *c = ctx->c;
	size_t i, j;

	if (!s)
		return;
	if (s->kind != CFG_SEQ || s->n == 0) {
		diag_error(ctx->d, s->pos, "'levels' must be a list of level names, got %s",
			   s->kind == CFG_SEQ ? "an empty list" : cfg_node_desc(ctx, s));
		return;
	}
	c->levels = arena_alloc(ctx->a, s->n * sizeof(*c->levels));
	for (i = 0; i < s->n; i++) {
		const struct cfg_node *k = s->kids[i];
		if (cfg_want(ctx, k, CFG_SCALAR, "levels") < 0)
			continue;
		for (j = 0; j < i; j++) {
			const struct cfg_node *o = s->kids[j];
			if (o->kind == CFG_SCALAR && strcmp(o->s, k->s) == 0) {
				diag_error(ctx->d, k->pos, "duplicate level '%s' (first at %d:%d)",
					   k->s, o->pos.line, o->pos.col);
				break;
			}
		}
		if (j == i)
			c->levels[c->nlevels++] = k->s;
	}
}

static void walk_source(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src)
{
	const struct cfg_node *t;

	src->type = "csv";
	src->pos = m->pos;
	if (cfg_want(ctx, m, CFG_MAP, "sources") < 0)
		return;
	cfg_check_keys(ctx, m, source_keys, " in source");
	cfg_require(ctx, m, "path", " in source");
	t = cfg_map_get(m, "type");
	if (cfg_get_str(ctx, m, "type", &src->type) > 0 && strcmp(src->type, "csv") != 0)
		diag_error(ctx->d, t->pos, "unknown source type '%s' (supported: csv)", t->s);
	if (cfg_get_str(ctx, m, "path", &src->path) > 0)
		src->resolved = cfg_path(ctx, src->path);
}

static void walk_data(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg *c = ctx->c;
	const struct cfg_node *s;
	const char *regions;
	size_t i;

	if (!m || cfg_want(ctx, m, CFG_MAP, "data") < 0)
		return;
	cfg_check_keys(ctx, m, data_keys, " in data");
	cfg_require(ctx, m, "regions", " in data");
	cfg_require(ctx, m, "sources", " in data");
	if (cfg_get_str(ctx, m, "regions", &regions) > 0) {
		c->regions_path = cfg_path(ctx, regions);
		c->regions_pos = cfg_map_get(m, "regions")->pos;
	}
	s = cfg_map_get(m, "sources");
	if (cfg_is_null(s))
		return;
	if (s->kind != CFG_SEQ || s->n == 0) {
		diag_error(ctx->d, s->pos, "'sources' must be a list of data sources, got %s",
			   s->kind == CFG_SEQ ? "an empty list" : cfg_node_desc(ctx, s));
		return;
	}
	c->sources = arena_zalloc(ctx->a, s->n * sizeof(*c->sources));
	c->nsources = s->n;
	for (i = 0; i < s->n; i++)
		walk_source(ctx, s->kids[i], &c->sources[i]);
}

static void walk(struct cfg_ctx *ctx, const struct cfg_node *root)
{
	static const char *const required[] = { "report", "levels", "data", "indicators" };
	const struct cfg_node *v;
	size_t i;

	if (root->kind != CFG_MAP) {
		diag_error(ctx->d, root->pos,
			   "the config must be a mapping (report:, indicators:, sections: ...), "
			   "got %s", cfg_node_desc(ctx, root));
		return;
	}
	cfg_check_keys(ctx, root, top_keys, "");
	for (i = 0; i < sizeof(required) / sizeof(*required); i++)
		cfg_require(ctx, root, required[i], "");
	walk_format(ctx, cfg_map_get(root, "format"));
	walk_report(ctx, cfg_map_get(root, "report"));
	walk_levels(ctx, cfg_map_get(root, "levels"));
	walk_data(ctx, cfg_map_get(root, "data"));
	cfg_walk_indicators(ctx, cfg_map_get(root, "indicators"));
	v = cfg_map_get(root, "checks");
	if (!cfg_is_null(v))
		cfg_walk_checks(ctx, v);
	v = cfg_map_get(root, "sections");
	if (!cfg_is_null(v))
		cfg_walk_sections(ctx, v, &ctx->c->sections, &ctx->c->nsections, 0);
}

/* NUL bytes and invalid UTF-8 are refused up front with their position:
 * libyaml would stop at a NUL as if the file ended there. */
static int check_bytes(struct cfg_ctx *ctx)
{
	const char *nul = memchr(ctx->text, '\0', ctx->len);
	size_t bad = utf8_invalid(ctx->text, nul ? (size_t)(nul - ctx->text) : ctx->len);

	if (bad != (size_t)-1)
		return diag_error(ctx->d, cfg_offset_pos(ctx, bad), "invalid UTF-8 byte 0x%02x",
				  (unsigned char)ctx->text[bad]);
	if (nul)
		return diag_error(ctx->d, cfg_offset_pos(ctx, (size_t)(nul - ctx->text)),
				  "NUL byte in the config");
	return 0;
}

static const char *dir_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

int cfg_load_text(const char *name, const char *text, size_t len, struct cfg *out,
		  struct arena *a, struct diag *d)
{
	struct cfg_ctx ctx;
	struct cfg_node *root;
	size_t errors = d->nerrors;

	memset(out, 0, sizeof(*out));
	memset(&ctx, 0, sizeof(ctx));
	out->file = arena_strdup(a, name);
	out->dir = dir_of(a, out->file);
	ctx.a = a;
	ctx.d = d;
	ctx.c = out;
	ctx.file = out->file;
	if (len > CFG_MAX_FILE)
		return diag_error(d, (struct src_pos){ ctx.file, 0, 0 },
				  "the config is larger than %u MiB", CFG_MAX_FILE >> 20);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	/* A copy in the arena: diag borrows the text for its source lines. */
	ctx.text = arena_strndup(a, text, len);
	ctx.len = len;
	diag_add_source(d, ctx.file, ctx.text, len);
	if (check_bytes(&ctx) < 0)
		return -1;
	root = cfg_yaml_parse(&ctx);
	if (!root)
		return -1;
	smap_init(&ctx.ids, 64);
	walk(&ctx, root);
	smap_release(&ctx.ids);
	return d->nerrors > errors ? -1 : 0;
}

/* Read at most CFG_MAX_FILE + 1 bytes, so a huge file is refused without
 * reading all of it. */
static char *read_file(const char *path, size_t *len, int *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	*err = 0;
	if (!f) {
		*err = errno;
		return NULL;
	}
	do {
		xgrow((void **)&buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0 && n <= CFG_MAX_FILE);
	if (ferror(f))
		*err = errno ? errno : EIO;
	fclose(f);
	*len = n;
	return buf;
}

int cfg_load(const char *path, struct cfg *out, struct arena *a, struct diag *d)
{
	size_t len;
	int err, rc;
	char *text = read_file(path, &len, &err);

	if (!text || err) {
		free(text);
		memset(out, 0, sizeof(*out));
		return diag_error(d, (struct src_pos){ arena_strdup(a, path), 0, 0 },
				  "cannot read the config: %s", strerror(err));
	}
	rc = cfg_load_text(path, text, len, out, a, d);
	free(text);
	return rc;
}

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
