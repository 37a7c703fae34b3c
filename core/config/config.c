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

#include "core/util/arena.h"
#include "core/config/config_node.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

static const char *const top_keys[] = { "report",     "format", "levels",   "data",
					"indicators", "checks", "sections",
					"pdf", NULL };
static const char *const report_keys[] = { "title",  "subtitle", "office", "author",
					   "subject", "keywords", "date",   "region",
					   "period", "toc",      "fonts",  "description",
					   "quality_section", "definitions_appendix", "cover",
					   "levels", "other_levels", "page", "numbering", "signoff",
					   "banji", "words", NULL };
/* enum cfg_numbering */
static const char *const numbering_names[] = { "none", "document", "chapter", NULL };
static const char *const font_keys[] = { "body", "heading", "title", "kai", "latin", NULL };
static const char *const format_keys[] = { "rounding", "thousands", NULL };
static const char *const pdf_keys[] = { "lang", "standard", "tagged", NULL };
static const char *const pdf_standards[] = { "none", "a-2b", "a-1b", "a-3b", NULL }; /* enum cfg_pdf_standard */
static const char *const rounding_names[] = { "half-up", "half-even", NULL };
static const char *const data_keys[] = { "regions", "sources", "encoding", NULL };
static const char *const source_types[] = { "csv", "sqlite", "postgres", "xlsx", NULL };
/* Per kind (enum src_kind); the secret-looking keys are listed so that they
 * get the specific message of walk_secrets, not "unknown key". */
static const char *const source_keys[4][16] = {
	{ "type", "title", "path", "format", "key", "period", "encoding", "columns", "missing",
	  NULL },
	{ "type", "title", "path", "query", "regions_query", "busy_timeout", "statement_timeout",
	  NULL },
	{ "type", "title", "env", "query", "regions_query", "connect_timeout", "statement_timeout",
	  "dsn", "conninfo", "password", "url", "uri", "connection", "host", NULL },
	{ "type", "title", "path", "format", "key", "period", "columns", "missing", "sheet", "range",
	  NULL },
};

static void walk_fonts(struct cfg_ctx *ctx, const struct cfg_node *f)
{
	struct cfg_report *r = &ctx->c->report;

	if (cfg_is_null(f) || cfg_want(ctx, f, CFG_MAP, "fonts") < 0)
		return;
	cfg_check_keys(ctx, f, font_keys, " in fonts");
	cfg_get_str(ctx, f, "body", &r->font_body);
	cfg_get_str(ctx, f, "heading", &r->font_heading);
	cfg_get_str(ctx, f, "title", &r->font_title);
	cfg_get_str(ctx, f, "kai", &r->font_kai);
	cfg_get_str(ctx, f, "latin", &r->font_latin);
	r->font_latin_given = cfg_map_get(f, "latin") != NULL;
	/* gongwen looks for a 仿宋 body only when none was chosen */
	r->font_body_given = cfg_map_get(f, "body") != NULL;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cfg_parse_date(const char *s, int ymd[3])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int i, v[3] = { 0, 0, 0 }, k = 0;

	/* Exactly DDDD-DD-DD: a scanf would take "2020-4-5x" or " 2020-04-24". */
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
			k++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v[k] = v[k] * 10 + (s[i] - '0');
	}
	if (s[10] != '\0' || v[0] < 1000 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > mdays[v[1] - 1] + (v[1] == 2 && is_leap(v[0])))
		return -1;
	memcpy(ymd, v, sizeof(v));
	return 0;
}

/* The date must be one the cover can show: a wrong one found only at
 * render time would fail a cron run that `check` had passed. */
static void walk_date(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg_report *r = &ctx->c->report;
	const struct cfg_node *v = cfg_map_get(m, "date");
	const char *date = NULL;
	int ymd[3];

	if (cfg_get_str(ctx, m, "date", &date) <= 0)
		return;
	r->date_pos = v->pos;
	if (cfg_parse_date(date, ymd) < 0) {
		diag_error(ctx->d, v->pos, "'date' must be a day written YYYY-MM-DD, e.g. 2020-04-24, "
					   "got '%s'", date);
		return;
	}
	r->date = date;
}

/* The 落款 and 版记 dates (config_signoff.c) must be days too; a bad one is
 * dropped after its error. */
static void signoff_date(struct cfg_ctx *ctx, const char **date, struct src_pos pos,
			 const char *what)
{
	int ymd[3];

	if (*date && cfg_parse_date(*date, ymd) < 0) {
		diag_error(ctx->d, pos, "%s must be a day written YYYY-MM-DD, e.g. 2020-04-30, "
					"got '%s'", what, *date);
		*date = NULL;
	}
}

/* report.words: extra words of table headers (a header of a gongwen or
 * bulletin table wraps only between words), e.g. local place names. */
static void walk_words(struct cfg_ctx *ctx, const struct cfg_node *w, struct cfg_report *r)
{
	size_t i;

	if (cfg_is_null(w) || cfg_want(ctx, w, CFG_SEQ, "words") < 0)
		return;
	r->words = arena_alloc(ctx->a, (w->n ? w->n : 1) * sizeof(*r->words));
	for (i = 0; i < w->n; i++) {
		const struct cfg_node *v = w->kids[i];

		if (v->kind != CFG_SCALAR) {
			diag_error(ctx->d, v->pos, "'words' in report must list strings");
			continue;
		}
		if (!*v->s) {
			diag_error(ctx->d, v->pos, "'words' in report must not list an empty word");
			continue;
		}
		r->words[r->nwords++] = v->s;
	}
}

static void walk_report(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg_report *r = &ctx->c->report;

	r->toc = 1;
	r->cover = 1;
	r->numbering = -1;
	r->font_body = "AR PL UMing CN";
	r->font_heading = "WenQuanYi Zen Hei";
	r->font_title = "AR PL UMing CN";
	r->font_kai = "AR PL UKai CN";
	r->font_latin = "Liberation Serif";
	cfg_page_defaults(&r->page);
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
	walk_date(ctx, m);
	cfg_get_str(ctx, m, "region", &r->region);
	cfg_get_str(ctx, m, "description", &r->description);
	r->has_period = cfg_get_period(ctx, m, "period", &r->period) > 0;
	if (r->has_period)
		r->period_pos = cfg_map_get(m, "period")->pos;
	cfg_get_bool(ctx, m, "toc", &r->toc);
	cfg_get_bool(ctx, m, "cover", &r->cover);
	cfg_get_bool(ctx, m, "quality_section", &r->quality_section);
	cfg_get_bool(ctx, m, "definitions_appendix", &r->definitions_appendix);
	cfg_get_enum(ctx, m, "numbering", numbering_names, &r->numbering);
	walk_fonts(ctx, cfg_map_get(m, "fonts"));
	cfg_walk_page(ctx, m);
	cfg_walk_signoff(ctx, m);
	walk_words(ctx, cfg_map_get(m, "words"), r);
	signoff_date(ctx, &r->signoff_date, r->signoff_date_pos, "'date' in signoff");
	signoff_date(ctx, &r->banji_issued, r->banji_issued_pos, "'issued' in banji");
}

/* The title and subtitle may hold placeholders ({region.name}, figures):
 * parsed once the indicators are known, like every other template. */
static void walk_report_templates(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg_report *r = &ctx->c->report;
	const struct cfg_node *t;

	if (!m || m->kind != CFG_MAP)
		return;
	if (r->title && (t = cfg_map_get(m, "title")) && t->kind == CFG_SCALAR)
		cfg_template(ctx, t, &r->title_tpl);
	if (r->subtitle && (t = cfg_map_get(m, "subtitle")) && t->kind == CFG_SCALAR)
		cfg_template(ctx, t, &r->subtitle_tpl);
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

/* A language tag as BCP 47 spells them (zh-CN, zh-Hans-CN, en): letters,
 * then subtags of letters and digits; readers pick voices and fonts by it. */
static int lang_ok(const char *s)
{
	size_t run = 0, first = 0;

	for (;; s++) {
		int alpha = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');

		if (*s == '-' || !*s) {
			if (run == 0 || (!first && run < 2))
				return 0;
			if (!first)
				first = run;
			if (!*s)
				return 1;
			run = 0;
		} else if (!(alpha || (first && *s >= '0' && *s <= '9')) || ++run > 8) {
			return 0;
		}
	}
}

static void walk_pdf(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	const struct cfg_node *v;
	int st;

	ctx->c->pdf_lang = "zh-CN";
	ctx->c->pdf_standard = CFG_PDF_PLAIN;
	ctx->c->pdf_tagged = 1;
	if (cfg_is_null(m) || cfg_want(ctx, m, CFG_MAP, "pdf") < 0)
		return;
	cfg_check_keys(ctx, m, pdf_keys, " in pdf");
	if (cfg_get_str(ctx, m, "lang", &ctx->c->pdf_lang) > 0 && !lang_ok(ctx->c->pdf_lang)) {
		v = cfg_map_get(m, "lang");
		diag_error(ctx->d, v->pos, "pdf lang '%s' is not a language tag such as 'zh-CN'",
			   ctx->c->pdf_lang);
	}
	if (cfg_get_enum(ctx, m, "standard", pdf_standards, &st) > 0)
		ctx->c->pdf_standard = (enum cfg_pdf_standard)st;
	cfg_get_bool(ctx, m, "tagged", &ctx->c->pdf_tagged);
}

/* A connection string in the config would put a password in a file that
 * is copied around and committed: only the name of a variable is taken. */
static void walk_secrets(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	static const char *const secret[] = { "dsn", "conninfo", "password", "url",
					       "uri", "connection", "host", NULL };
	const struct cfg_node *k;
	size_t i;

	for (i = 0; secret[i]; i++)
		if ((k = cfg_map_key(m, secret[i])) != NULL)
			diag_error(ctx->d, k->pos,
				   "'%s' is not allowed in the config: put the connection string "
				   "in an environment variable and name it with 'env: VARIABLE'",
				   secret[i]);
}

static void walk_query(struct cfg_ctx *ctx, const struct cfg_node *m, const char *key,
		       const char **out, struct src_pos *pos)
{
	if (cfg_get_str(ctx, m, key, out) > 0)
		*pos = cfg_map_get(m, key)->pos;
}

static void walk_postgres(struct cfg_ctx *ctx, const struct cfg_node *m,
			  struct cfg_source *src)
{
	walk_secrets(ctx, m);
	cfg_require(ctx, m, "env", " in a postgres source");
	if (cfg_get_str(ctx, m, "env", &src->env) > 0) {
		const char *e = src->env;
		size_t i;
		for (i = 0; e[i]; i++)
			if (!(e[i] == '_' || (e[i] >= 'A' && e[i] <= 'Z') ||
			      (e[i] >= 'a' && e[i] <= 'z') || (i > 0 && e[i] >= '0' && e[i] <= '9')))
				break;
		if (!*e || e[i])
			diag_error(ctx->d, cfg_map_get(m, "env")->pos,
				   "'env' must be the name of an environment variable (like "
				   "PROGREP_PG), got '%s'", e);
		src->label = arena_printf(ctx->a, "$%s", e);
	}
	cfg_get_int(ctx, m, "connect_timeout", 1, 3600, &src->connect_timeout);
}

static void walk_source(struct cfg_ctx *ctx, const struct cfg_node *m, struct cfg_source *src)
{
	static const char *const where[] = { " in a csv source", " in a sqlite source",
					      " in a postgres source", " in an xlsx source" };
	int kind = SRC_CSV;

	src->type = "csv";
	src->pos = m->pos;
	src->connect_timeout = 10;
	src->busy_timeout = 5;
	src->statement_timeout = 300;
	if (cfg_want(ctx, m, CFG_MAP, "sources") < 0)
		return;
	if (cfg_get_enum(ctx, m, "type", source_types, &kind) > 0)
		src->type = source_types[kind];
	src->kind = (enum src_kind)kind;
	cfg_check_keys(ctx, m, source_keys[kind], where[kind]);
	cfg_get_str(ctx, m, "title", &src->title);
	src->encoding = ctx->c->regions_encoding;
	if (kind != SRC_POSTGRES) {
		cfg_require(ctx, m, "path", where[kind]);
		if (cfg_get_str(ctx, m, "path", &src->path) > 0) {
			src->resolved = cfg_path(ctx, src->path);
			src->label = src->path;
			/* The loader's messages about the file point at its path. */
			src->pos = cfg_map_get(m, "path")->pos;
		}
	}
	if (kind == SRC_CSV || kind == SRC_XLSX) {
		cfg_walk_file_source(ctx, m, src);
		return;
	}
	cfg_require(ctx, m, "query", where[kind]);
	/* 0: no limit (a query known to run for hours) */
	cfg_get_int(ctx, m, "statement_timeout", 0, 86400, &src->statement_timeout);
	if (kind == SRC_SQLITE)
		cfg_get_int(ctx, m, "busy_timeout", 0, 3600, &src->busy_timeout);
	walk_query(ctx, m, "query", &src->query, &src->query_pos);
	walk_query(ctx, m, "regions_query", &src->regions_query, &src->regions_query_pos);
	if (kind == SRC_POSTGRES)
		walk_postgres(ctx, m, src);
}

/* At most one source gives the regions, and then no regions file. */
static void walk_regions_source(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg *c = ctx->c;
	const struct cfg_source *first = NULL;
	size_t i;

	for (i = 0; i < c->nsources; i++) {
		const struct cfg_source *s = &c->sources[i];
		if (!s->regions_query)
			continue;
		if (first)
			diag_error(ctx->d, s->regions_query_pos,
				   "a second 'regions_query' (the first is at %d:%d)",
				   first->regions_query_pos.line, first->regions_query_pos.col);
		else if (c->regions_path)
			diag_error(ctx->d, s->regions_query_pos,
				   "'regions_query' and 'data.regions' both give the regions: "
				   "keep one");
		first = s;
	}
	if (!first && !c->regions_path)
		cfg_require(ctx, m, "regions", " in data");
}

static void walk_sources(struct cfg_ctx *ctx, const struct cfg_node *s)
{
	struct cfg *c = ctx->c;
	size_t i;

	if (cfg_is_null(s))
		return;
	if (s->kind != CFG_SEQ || s->n == 0) {
		diag_error(ctx->d, s->pos, "'sources' must be a list of data sources, got %s",
			   s->kind == CFG_SEQ ? "an empty list" : cfg_node_desc(ctx, s));
		return;
	}
	if (s->n > 255) {
		diag_error(ctx->d, s->pos, "at most 255 data sources, got %zu", s->n);
		return;
	}
	c->sources = arena_zalloc(ctx->a, s->n * sizeof(*c->sources));
	c->nsources = s->n;
	for (i = 0; i < s->n; i++)
		walk_source(ctx, s->kids[i], &c->sources[i]);
}

static void walk_data(struct cfg_ctx *ctx, const struct cfg_node *m)
{
	struct cfg *c = ctx->c;
	const char *regions;

	if (!m || cfg_want(ctx, m, CFG_MAP, "data") < 0)
		return;
	cfg_check_keys(ctx, m, data_keys, " in data");
	cfg_require(ctx, m, "sources", " in data");
	cfg_get_encoding(ctx, m, &c->regions_encoding);
	if (cfg_get_str(ctx, m, "regions", &regions) > 0) {
		c->regions_path = cfg_path(ctx, regions);
		c->regions_pos = cfg_map_get(m, "regions")->pos;
	}
	walk_sources(ctx, cfg_map_get(m, "sources"));
	walk_regions_source(ctx, m);
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
	walk_pdf(ctx, cfg_map_get(root, "pdf"));
	walk_report(ctx, cfg_map_get(root, "report"));
	cfg_walk_level_entries(ctx, cfg_map_get(root, "levels"));
	walk_data(ctx, cfg_map_get(root, "data"));
	cfg_walk_indicators(ctx, cfg_map_get(root, "indicators"));
	v = cfg_map_get(root, "checks");
	if (!cfg_is_null(v))
		cfg_walk_checks(ctx, v);
	v = cfg_map_get(root, "sections");
	if (!cfg_is_null(v))
		cfg_walk_sections(ctx, v, &ctx->c->sections, &ctx->c->nsections, 0);
	walk_report_templates(ctx, cfg_map_get(root, "report"));
	cfg_walk_report_levels(ctx, cfg_map_get(root, "report"));
	cfg_check_level_words(ctx);
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
