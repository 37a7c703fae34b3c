/* Helpers shared by the config walkers: keys, typed scalars, suggestions,
 * positions inside scalars. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config_node.h"
#include "core/util/numparse.h"
#include "core/util/suggest.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

int cfg_is_null(const struct cfg_node *n)
{
	if (!n)
		return 1;
	if (n->kind != CFG_SCALAR || n->style != CFG_PLAIN)
		return 0;
	return n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
	       strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0;
}

/* What a node is, for "got ..." in messages. */
const char *cfg_node_desc(struct cfg_ctx *ctx, const struct cfg_node *n)
{
	if (cfg_is_null(n))
		return "nothing";
	if (n->kind == CFG_SEQ)
		return "a list";
	if (n->kind == CFG_MAP)
		return "a mapping";
	if (n->len > 40)
		return arena_printf(ctx->a, "'%.37s...'", n->s);
	return arena_printf(ctx->a, "'%s'", n->s);
}

/* Index of the pair whose key is key in a mapping, or -1. */
static long map_find(const struct cfg_node *map, const char *key)
{
	size_t i;

	if (!map || map->kind != CFG_MAP)
		return -1;
	for (i = 0; i < map->n; i++) {
		const struct cfg_node *k = map->kids[2 * i];
		if (k->kind == CFG_SCALAR && strcmp(k->s, key) == 0)
			return (long)i;
	}
	return -1;
}

const struct cfg_node *cfg_map_key(const struct cfg_node *map, const char *key)
{
	long i = map_find(map, key);

	return i < 0 ? NULL : map->kids[2 * i];
}

const struct cfg_node *cfg_map_get(const struct cfg_node *map, const char *key)
{
	long i = map_find(map, key);

	return i < 0 ? NULL : map->kids[2 * i + 1];
}

/* The candidate close enough to word to be what was meant, or NULL. */
static const char *closest(const char *word, const char *const *cands, size_t n)
{
	struct suggest sg;
	size_t i;

	suggest_init(&sg, word, strlen(word));
	for (i = 0; i < n; i++)
		suggest_consider(&sg, cands[i]);
	return sg.pick;
}

const char *cfg_hint(struct cfg_ctx *ctx, const char *word, const char *const *cands, size_t n)
{
	const char *pick = closest(word, cands, n);

	return pick ? arena_printf(ctx->a, " (did you mean '%s'?)", pick) : "";
}

static size_t count_names(const char *const *names)
{
	size_t n = 0;

	while (names[n])
		n++;
	return n;
}

void cfg_check_keys(struct cfg_ctx *ctx, const struct cfg_node *map,
		    const char *const *allowed, const char *where)
{
	size_t i, j, n = count_names(allowed);

	for (i = 0; map && map->kind == CFG_MAP && i < map->n; i++) {
		const struct cfg_node *k = map->kids[2 * i];
		if (k->kind != CFG_SCALAR)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(k->s, allowed[j]) == 0)
				break;
		if (j < n)
			continue;
		diag_error(ctx->d, k->pos, "unknown key '%s'%s%s", k->s, where,
			   cfg_hint(ctx, k->s, allowed, n));
		if (closest(k->s, allowed, n)) {
			struct cfg_hinted *h = arena_alloc(ctx->a, sizeof(*h));
			h->map = map;
			h->key = closest(k->s, allowed, n);
			h->next = ctx->hinted;
			ctx->hinted = h;
		}
	}
}

int cfg_require(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		const char *where)
{
	const struct cfg_hinted *h;

	if (!cfg_is_null(cfg_map_get(map, key)))
		return 0;
	/* "unknown key 'nmae' (did you mean 'name'?)" said it already. */
	for (h = ctx->hinted; h; h = h->next)
		if (h->map == map && strcmp(h->key, key) == 0)
			return -1;
	/* At the key that opens the mapping ("report:"), when there is one. */
	return diag_error(ctx->d, map->keypos.line ? map->keypos : map->pos, "missing key '%s'%s",
			  key, where);
}

int cfg_want(struct cfg_ctx *ctx, const struct cfg_node *n, enum cfg_nkind kind,
	     const char *what)
{
	static const char *const kinds[] = { "a string", "a list", "a mapping" };
	struct src_pos none = { ctx->file, 0, 0 };

	if (n && n->kind == kind && !(kind == CFG_SCALAR && cfg_is_null(n)))
		return 0;
	return diag_error(ctx->d, n ? n->pos : none, "'%s' must be %s, got %s", what,
			  kinds[kind], cfg_node_desc(ctx, n));
}

/* The value of key, or NULL when it is absent or null. */
static const struct cfg_node *value(const struct cfg_node *map, const char *key)
{
	const struct cfg_node *v = cfg_map_get(map, key);
	return cfg_is_null(v) ? NULL : v;
}

int cfg_get_str(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		const char **out)
{
	const struct cfg_node *v = value(map, key);

	if (!v)
		return 0;
	if (v->kind != CFG_SCALAR)
		return diag_error(ctx->d, v->pos, "'%s' must be a string, got %s", key,
				  cfg_node_desc(ctx, v));
	*out = v->s;
	return 1;
}

static int parse_int(const char *s, long *out)
{
	const char *p = s;
	long v = 0;

	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p) || v > 100000000L)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*out = s[0] == '-' ? -v : v;
	return 0;
}

int cfg_get_int(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key, int min,
		int max, int *out)
{
	const struct cfg_node *v = value(map, key);
	long x;

	if (!v)
		return 0;
	if (v->kind != CFG_SCALAR || parse_int(v->s, &x) < 0 || x < min || x > max)
		return diag_error(ctx->d, v->pos, "'%s' must be an integer from %d to %d, got %s",
				  key, min, max, cfg_node_desc(ctx, v));
	*out = (int)x;
	return 1;
}

int cfg_get_num(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		double *out)
{
	const struct cfg_node *v = value(map, key);

	if (!v)
		return 0;
	if (v->kind != CFG_SCALAR || numparse_double(v->s, strlen(v->s), out) < 0)
		return diag_error(ctx->d, v->pos, "'%s' must be a number, got %s", key,
				  cfg_node_desc(ctx, v));
	return 1;
}

static int ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != *b)
			return 0;
	return *a == *b;
}

int cfg_get_bool(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key, int *out)
{
	const struct cfg_node *v = value(map, key);

	if (!v)
		return 0;
	if (v->kind == CFG_SCALAR && (ieq(v->s, "true") || ieq(v->s, "yes"))) {
		*out = 1;
		return 1;
	}
	if (v->kind == CFG_SCALAR && (ieq(v->s, "false") || ieq(v->s, "no"))) {
		*out = 0;
		return 1;
	}
	return diag_error(ctx->d, v->pos, "'%s' must be true or false, got %s", key,
			  cfg_node_desc(ctx, v));
}

/* "a, b or c" */
static const char *choices(struct cfg_ctx *ctx, const char *const *names)
{
	size_t i, n = count_names(names);
	const char *s = names[0];

	for (i = 1; i < n; i++)
		s = arena_printf(ctx->a, "%s%s%s", s, i + 1 == n ? " or " : ", ", names[i]);
	return s;
}

int cfg_get_enum(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		 const char *const *names, int *out)
{
	const struct cfg_node *v = value(map, key);
	size_t i, n = count_names(names);

	if (!v)
		return 0;
	for (i = 0; v->kind == CFG_SCALAR && i < n; i++) {
		if (strcmp(v->s, names[i]) == 0) {
			*out = (int)i;
			return 1;
		}
	}
	return diag_error(ctx->d, v->pos, "'%s' must be %s, got %s%s", key, choices(ctx, names),
			  cfg_node_desc(ctx, v),
			  v->kind == CFG_SCALAR ? cfg_hint(ctx, v->s, names, n) : "");
}

int cfg_get_period(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		   struct period *out)
{
	const struct cfg_node *v = value(map, key);

	if (!v)
		return 0;
	if (v->kind != CFG_SCALAR || period_parse(v->s, v->len, out) < 0)
		return diag_error(ctx->d, v->pos,
				  "'%s' must be a period (2019, 2019Q3 or 2019-03), got %s", key,
				  cfg_node_desc(ctx, v));
	return 1;
}

int cfg_scalar_pref(struct cfg_ctx *ctx, const struct cfg_node *v, const char *key,
		    struct cfg_pref *out)
{
	long off;

	memset(out, 0, sizeof(*out));
	if (v->kind == CFG_SCALAR && parse_int(v->s, &off) == 0 && off <= 0 && off > -10000) {
		out->relative = 1;
		out->offset = (int)off;
		return 1;
	}
	if (v->kind == CFG_SCALAR && period_parse(v->s, v->len, &out->abs) == 0)
		return 1;
	return diag_error(ctx->d, v->pos,
			  "'%s' must be a period (2019, 2019Q3 or 2019-03) or an offset from "
			  "the report period (0, -1, ...), got %s",
			  key, cfg_node_desc(ctx, v));
}

int cfg_get_pref(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key,
		 struct cfg_pref *out)
{
	const struct cfg_node *v = value(map, key);

	return v ? cfg_scalar_pref(ctx, v, key, out) : 0;
}

int cfg_get_level(struct cfg_ctx *ctx, const struct cfg_node *map, const char *key, int *out)
{
	const struct cfg_node *v = value(map, key);
	int i;

	if (!v)
		return 0;
	if (v->kind != CFG_SCALAR)
		return diag_error(ctx->d, v->pos, "'%s' must be a level name, got %s", key,
				  cfg_node_desc(ctx, v));
	i = cfg_find_level(ctx->c, v->s);
	if (i < 0)
		return diag_error(ctx->d, v->pos, "unknown level '%s'%s", v->s,
				  cfg_hint(ctx, v->s, ctx->c->levels, ctx->c->nlevels));
	*out = i;
	return 1;
}

int cfg_ref_ind(struct cfg_ctx *ctx, const struct cfg_node *n)
{
	int i;

	if (n->kind != CFG_SCALAR || cfg_is_null(n))
		return diag_error(ctx->d, n->pos, "expected an indicator name, got %s",
				  cfg_node_desc(ctx, n));
	i = smap_get(&ctx->ids, n->s, n->len);
	if (i < 0)
		return diag_error(ctx->d, n->pos, "unknown indicator '%s'%s", n->s,
				  cfg_hint(ctx, n->s, ctx->idnames, ctx->c->nind));
	return i;
}

int cfg_ref_list(struct cfg_ctx *ctx, const struct cfg_node *n, const char *key, int **out,
		 size_t *nout)
{
	size_t i, cnt = n->kind == CFG_SEQ ? n->n : 1;
	int rc = 0;

	if (n->kind == CFG_MAP || (n->kind == CFG_SEQ && n->n == 0))
		return diag_error(ctx->d, n->pos, "'%s' must be a list of indicators, got %s",
				  key, n->kind == CFG_MAP ? "a mapping" : "an empty list");
	*out = arena_alloc(ctx->a, cnt * sizeof(**out));
	*nout = cnt;
	for (i = 0; i < cnt; i++) {
		(*out)[i] = cfg_ref_ind(ctx, n->kind == CFG_SEQ ? n->kids[i] : n);
		if ((*out)[i] < 0)
			rc = -1;
	}
	return rc;
}

const char *cfg_path(struct cfg_ctx *ctx, const char *p)
{
	const char *dir = ctx->c->dir;

	if (p[0] == '/' || strcmp(dir, ".") == 0)
		return p;
	return arena_printf(ctx->a, "%s/%s", dir, p);
}

static int is_break(char c) { return c == '\n' || c == '\r'; }

/* A run of blanks at p: how many value characters it stands for (folding
 * turns one line break into a space and n breaks into n - 1 newlines), and
 * where it ends. Plain blanks stand for themselves, one at a time. */
static size_t fold(const char *p, const char *end, const char **stop)
{
	const char *q = p;
	size_t breaks = 0;

	while (q < end && (*q == ' ' || *q == '\t' || is_break(*q))) {
		if (*q == '\n' || (*q == '\r' && (q + 1 == end || q[1] != '\n')))
			breaks++;
		q++;
	}
	if (breaks == 0) {
		*stop = p + 1;
		return 1;
	}
	*stop = q;
	return breaks == 1 ? 1 : breaks - 1;
}

/* Length of the escape at p (a backslash) in a double-quoted scalar. */
static size_t escape_len(const char *p, const char *end)
{
	size_t n = p + 1 < end && p[1] == 'x' ? 4 : p + 1 < end && p[1] == 'u' ? 6
		 : p + 1 < end && p[1] == 'U' ? 10 : 2;
	return n > (size_t)(end - p) ? (size_t)(end - p) : n;
}

static void advance(struct src_pos *pos, const char *from, const char *to)
{
	for (; from < to; from++) {
		if (*from == '\n') {
			pos->line++;
			pos->col = 1;
		} else if ((*from & 0xC0) != 0x80 && *from != '\r') {
			pos->col++;
		}
	}
}

/* Position of code point k of scalar n's value: exact for plain and quoted
 * scalars (escapes and line folding are walked in the raw text); the
 * scalar's start for block scalars. */
struct src_pos cfg_pos_at(const struct cfg_ctx *ctx, const struct cfg_node *n, size_t k)
{
	struct src_pos pos = n->pos;
	const char *p = ctx->text + n->off, *end = ctx->text + n->end, *next;
	char quote = n->style == CFG_SQUOTED ? '\'' : n->style == CFG_DQUOTED ? '"' : 0;
	size_t v = 0, produce;

	if (n->kind != CFG_SCALAR || n->style == CFG_LITERAL || n->style == CFG_FOLDED)
		return pos;
	if (quote && p < end) {
		p++;
		pos.col++;
	}
	while (p < end) {
		if (quote == '\'' && *p == '\'' && p + 1 < end && p[1] == '\'') {
			next = p + 2;
			produce = 1;
		} else if (quote == '"' && *p == '\\' && p + 1 < end && is_break(p[1])) {
			fold(p + 1, end, &next);
			produce = 0;
		} else if (quote == '"' && *p == '\\') {
			next = p + escape_len(p, end);
			produce = 1;
		} else if (quote && *p == quote) {
			break;
		} else if (*p == ' ' || *p == '\t' || is_break(*p)) {
			produce = fold(p, end, &next);
		} else {
			unsigned char c = (unsigned char)*p;
			next = p + (c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4);
			produce = 1;
		}
		if (k < v + produce)
			return pos;
		v += produce;
		advance(&pos, p, next > end ? end : next);
		p = next;
	}
	return pos;
}
