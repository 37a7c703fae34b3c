/*
 * Templates: text with {placeholders}.
 *
 *   template    := { literal | '{{' | '}}' | placeholder }
 *   placeholder := '{' ( builtin | formula ) [ ':' '.' DIGITS 'f' ] '}'
 *
 * Formulas are parsed here, with their positions inside the YAML string, so
 * a typo in a paragraph is reported at its line and column like one in an
 * indicator's formula.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config_node.h"
#include "core/config/expr.h"
#include "core/util/strbuf.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

static const char *const builtins[] = { "region.name", "region.code", "period",
					"report.title", "report.period", "region.level_word",
					"children.level_word", NULL };

struct tpl {
	struct cfg_ctx *ctx;
	const struct cfg_node *n;
	struct cfg_piece *pieces;
	size_t np, cap;
	struct strbuf lit;   /* the literal text since the last placeholder */
	size_t litcp;        /* code point where the literal run starts */
	int bad;
};

static struct cfg_piece *new_piece(struct tpl *t)
{
	struct cfg_piece *p;

	xgrow((void **)&t->pieces, &t->cap, t->np + 1, sizeof(*t->pieces));
	p = &t->pieces[t->np++];
	memset(p, 0, sizeof(*p));
	p->ind = -1;
	p->decimals = -1;
	return p;
}

static void add_lit(struct tpl *t, const char *s, size_t n, size_t cp)
{
	if (t->lit.len == 0)
		t->litcp = cp;
	strbuf_add(&t->lit, s, n);
}

static void flush_lit(struct tpl *t)
{
	struct cfg_piece *p;

	if (t->lit.len == 0)
		return;
	p = new_piece(t);
	p->lit = arena_strndup(t->ctx->a, t->lit.s, t->lit.len);
	p->pos = cfg_pos_at(t->ctx, t->n, t->litcp);
	strbuf_reset(&t->lit);
}

/* The closing brace of the placeholder opened at s[0], skipping quoted
 * strings in the formula; NULL if there is none. */
static const char *closing(const char *s)
{
	int quoted = 0;

	for (s++; *s; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (*s == '}' && !quoted)
			return s;
	}
	return NULL;
}

static const char *last_colon(const char *s, const char *end)
{
	const char *colon = NULL;
	int quoted = 0;

	for (; s < end; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (*s == ':' && !quoted)
			colon = s;
	}
	return colon;
}

/* ":.Nf" -> N; -1 if the spec is anything else. */
static int parse_spec(const char *s, const char *end)
{
	int n = 0;

	if (end - s < 3 || s[0] != '.' || end[-1] != 'f' || end - s > 4)
		return -1;
	for (s++; s < end - 1; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n <= 15 ? n : -1;
}

static const char *trim(const char *s, const char *end, size_t *len)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*len = (size_t)(end - s);
	return s;
}

static void set_ind(struct cfg_piece *p)
{
	const struct expr *e = p->expr;

	if (e && e->op == EXPR_AT)
		e = e->a;
	if (e && e->op == EXPR_REF)
		p->ind = e->ind;
}

/* The placeholder between open (a '{' at code point cp) and close. */
static void placeholder(struct tpl *t, const char *open, const char *close, size_t cp)
{
	struct cfg_ctx *ctx = t->ctx;
	const char *in = open + 1, *colon = last_colon(in, close), *end = colon ? colon : close;
	struct cfg_piece *p = new_piece(t);
	size_t len, i;
	const char *word = trim(in, end, &len);

	p->pos = cfg_pos_at(ctx, t->n, cp);
	if (colon && (p->decimals = parse_spec(colon + 1, close)) < 0) {
		t->bad = 1;
		diag_error(ctx->d, cfg_pos_at(ctx, t->n, cp + 1 + utf8_count(in, (size_t)(colon - in))),
			   "bad format spec '%.*s' (use ':.Nf', e.g. ':.1f')",
			   (int)(close - colon), colon);
	}
	if (len == 0) {
		t->bad = 1;
		diag_error(ctx->d, p->pos, "empty placeholder '{}'");
		return;
	}
	for (i = 0; builtins[i]; i++) {
		if (strlen(builtins[i]) == len && memcmp(word, builtins[i], len) == 0) {
			p->special = builtins[i];
			if (strstr(p->special, "level_word") && !ctx->uses_level_word) {
				ctx->uses_level_word = 1;
				ctx->level_word_pos = p->pos;
			}
			return;
		}
	}
	if ((len > 7 && memcmp(word, "region.", 7) == 0) ||
	    (len > 7 && memcmp(word, "report.", 7) == 0)) {
		const char *w = arena_strndup(ctx->a, word, len);
		static const char *const braced[] = { "{region.name}", "{region.code}", "{period}",
						      "{report.title}", "{report.period}",
						      "{region.level_word}" };

		t->bad = 1;
		w = arena_printf(ctx->a, "{%s}", w);
		diag_error(ctx->d, p->pos, "unknown placeholder '%s'%s", w,
			   cfg_hint(ctx, w, braced, 6));
		return;
	}
	p->expr = cfg_formula(ctx, t->n, cp + 1, in, (size_t)(end - in));
	if (!p->expr)
		t->bad = 1;
	set_ind(p);
}

static void scan(struct tpl *t, const char *s)
{
	size_t cp = 0;

	while (*s) {
		const char *close;
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			add_lit(t, s, 1, cp);
			s += 2;
			cp += 2;
		} else if (*s == '{') {
			if (!(close = closing(s))) {
				t->bad = 1;
				diag_error(t->ctx->d, cfg_pos_at(t->ctx, t->n, cp),
					   "unclosed '{' in text (write '{{' for a brace)");
				return;
			}
			flush_lit(t);
			placeholder(t, s, close, cp);
			cp += utf8_count(s, (size_t)(close + 1 - s));
			s = close + 1;
		} else {
			if (*s == '}') {
				t->bad = 1;
				diag_error(t->ctx->d, cfg_pos_at(t->ctx, t->n, cp),
					   "unmatched '}' in text (write '}}' for a brace)");
			}
			add_lit(t, s, 1, cp);
			if ((*s & 0xC0) != 0x80)
				cp++;
			s++;
		}
	}
}

int cfg_template(struct cfg_ctx *ctx, const struct cfg_node *n, struct cfg_template *out)
{
	struct tpl t;

	memset(out, 0, sizeof(*out));
	if (n->kind != CFG_SCALAR)
		return diag_error(ctx->d, n->pos, "expected text, got %s", cfg_node_desc(ctx, n));
	memset(&t, 0, sizeof(t));
	t.ctx = ctx;
	t.n = n;
	out->text = n->s;
	scan(&t, n->s);
	flush_lit(&t);
	out->n = t.np;
	out->pieces = arena_alloc(ctx->a, (t.np ? t.np : 1) * sizeof(*out->pieces));
	if (t.np)
		memcpy(out->pieces, t.pieces, t.np * sizeof(*out->pieces));
	free(t.pieces);
	strbuf_release(&t.lit);
	return t.bad ? -1 : 0;
}
