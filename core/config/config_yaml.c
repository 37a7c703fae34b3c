/*
 * The one adapter over libyaml: its event parser (never the document
 * loader, which expands aliases without bound) feeds a small node tree in
 * the arena. libyaml's 1/0 returns are wrapped once, in next_event().
 *
 * libyaml's mark.column and mark.index count characters, not bytes (checked
 * with Chinese text in tests/unit/test_config.c), which is what diag wants
 * for columns; byte offsets of scalars are recovered with a forward cursor.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/util/arena.h"
#include "core/config/config_node.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

struct frame {
	struct cfg_node *node;
	struct cfg_node **items;
	size_t n, cap;
	char *anchor; /* registered when the node is complete */
};

struct yctx {
	struct cfg_ctx *ctx;
	yaml_parser_t parser;
	struct frame stack[CFG_MAX_DEPTH + 1];
	int depth;
	struct smap anchors;      /* name -> index into anchored */
	struct cfg_node **anchored;
	size_t nanchored, capanchored;
	size_t aliases, total;
	size_t cur_idx, cur_off;  /* character index -> byte offset cursor */
	struct cfg_node *root;
	int ndocs;
	int bad;                  /* errors that still give a tree */
};

static struct src_pos mark_pos(const struct yctx *y, yaml_mark_t m)
{
	struct src_pos p;

	p.file = y->ctx->file;
	p.line = (int)m.line + 1;
	p.col = (int)m.column + 1;
	return p;
}

struct src_pos cfg_offset_pos(const struct cfg_ctx *ctx, size_t off)
{
	struct src_pos p;
	size_t i, start = 0;

	p.file = ctx->file;
	p.line = 1;
	for (i = 0; i < off && i < ctx->len; i++) {
		if (ctx->text[i] == '\n') {
			p.line++;
			start = i + 1;
		}
	}
	p.col = (int)utf8_count(ctx->text + start, off - start) + 1;
	return p;
}

/* Byte offset of character index idx. Marks arrive in order, so the cursor
 * only moves forward; it restarts from the top if ever asked to go back. */
static size_t idx_to_off(struct yctx *y, size_t idx)
{
	const unsigned char *t = (const unsigned char *)y->ctx->text;

	if (idx < y->cur_idx)
		y->cur_idx = y->cur_off = 0;
	while (y->cur_idx < idx && y->cur_off < y->ctx->len) {
		unsigned char c = t[y->cur_off];
		y->cur_off += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		y->cur_idx++;
	}
	return y->cur_off < y->ctx->len ? y->cur_off : y->ctx->len;
}

/* The wrapper of yaml_parser_parse: 0, or -1 after reporting. */
static int next_event(struct yctx *y, yaml_event_t *ev)
{
	yaml_parser_t *p = &y->parser;

	if (yaml_parser_parse(p, ev))
		return 0;
	if (p->error == YAML_READER_ERROR) {
		diag_error(y->ctx->d, cfg_offset_pos(y->ctx, p->problem_offset), "%s",
			   p->problem ? p->problem : "cannot read the file");
	} else if (p->problem && strstr(p->problem, "tab character")) {
		/* libyaml's context ("while scanning a plain scalar") only
		 * confuses here. */
		diag_error(y->ctx->d, mark_pos(y, p->problem_mark),
			   "tab character in the indentation (YAML indents with spaces only)");
	} else if (p->error == YAML_SCANNER_ERROR || p->error == YAML_PARSER_ERROR) {
		diag_error(y->ctx->d, mark_pos(y, p->problem_mark), "%s",
			   p->problem ? p->problem : "syntax error");
		if (p->context)
			diag_note(y->ctx->d, mark_pos(y, p->context_mark), "%s", p->context);
	} else {
		struct src_pos none = { y->ctx->file, 0, 0 };
		diag_error(y->ctx->d, none, "cannot parse the YAML (libyaml error %d)",
			   (int)p->error);
	}
	return -1;
}

static void add_child(struct yctx *y, struct cfg_node *n)
{
	struct frame *f;

	y->total++;
	if (y->depth == 0) {
		y->root = n;
		return;
	}
	f = &y->stack[y->depth - 1];
	if (f->node->kind == CFG_MAP && f->n % 2 == 1 && n->keypos.line == 0)
		n->keypos = f->items[f->n - 1]->pos;
	xgrow((void **)&f->items, &f->cap, f->n + 1, sizeof(*f->items));
	f->items[f->n++] = n;
}

static void register_anchor(struct yctx *y, const char *name, struct cfg_node *n)
{
	char *key;
	int prev;

	if (!name)
		return;
	key = arena_strdup(y->ctx->a, name);
	xgrow((void **)&y->anchored, &y->capanchored, y->nanchored + 1, sizeof(*y->anchored));
	/* A redefined anchor replaces the old one for later aliases. */
	prev = smap_put(&y->anchors, key, strlen(key), (int)y->nanchored);
	if (prev >= 0)
		y->anchored[prev] = n;
	else
		y->anchored[y->nanchored++] = n;
}

static const char *style_tag_ok(const char *tag)
{
	return !tag || strcmp(tag, "!") == 0 || strcmp(tag, YAML_STR_TAG) == 0 ? NULL : tag;
}

static int on_scalar(struct yctx *y, yaml_event_t *ev)
{
	struct cfg_node *n = arena_zalloc(y->ctx->a, sizeof(*n));
	size_t len = ev->data.scalar.length;
	static const enum cfg_style styles[] = {
		[YAML_PLAIN_SCALAR_STYLE] = CFG_PLAIN,
		[YAML_SINGLE_QUOTED_SCALAR_STYLE] = CFG_SQUOTED,
		[YAML_DOUBLE_QUOTED_SCALAR_STYLE] = CFG_DQUOTED,
		[YAML_LITERAL_SCALAR_STYLE] = CFG_LITERAL,
		[YAML_FOLDED_SCALAR_STYLE] = CFG_FOLDED,
	};

	n->kind = CFG_SCALAR;
	n->style = ev->data.scalar.style <= YAML_FOLDED_SCALAR_STYLE
			   ? styles[ev->data.scalar.style] : CFG_PLAIN;
	n->pos = mark_pos(y, ev->start_mark);
	n->off = idx_to_off(y, ev->start_mark.index);
	n->end = idx_to_off(y, ev->end_mark.index);
	n->size = 1;
	if (len > CFG_MAX_SCALAR)
		return diag_error(y->ctx->d, n->pos, "scalar is longer than %u KiB",
				  CFG_MAX_SCALAR / 1024);
	n->s = arena_strndup(y->ctx->a, (const char *)ev->data.scalar.value, len);
	n->len = len;
	if (memchr(n->s, '\0', len)) {
		y->bad = 1;
		diag_error(y->ctx->d, n->pos, "scalar contains a NUL character");
	}
	if (style_tag_ok((const char *)ev->data.scalar.tag)) {
		y->bad = 1;
		diag_error(y->ctx->d, n->pos, "YAML tags are not supported ('%s')",
			   (const char *)ev->data.scalar.tag);
	} else if (ev->data.scalar.tag && n->style == CFG_PLAIN) {
		n->style = CFG_SQUOTED; /* !!str: a string even if it reads as null */
	}
	add_child(y, n);
	register_anchor(y, (const char *)ev->data.scalar.anchor, n);
	return 0;
}

static int on_start(struct yctx *y, yaml_event_t *ev, enum cfg_nkind kind)
{
	struct cfg_node *n;
	struct frame *f;
	const char *anchor = kind == CFG_SEQ ? (const char *)ev->data.sequence_start.anchor
					     : (const char *)ev->data.mapping_start.anchor;

	n = arena_zalloc(y->ctx->a, sizeof(*n));
	n->kind = kind;
	n->pos = mark_pos(y, ev->start_mark);
	if (y->depth >= CFG_MAX_DEPTH)
		return diag_error(y->ctx->d, n->pos, "nesting deeper than %d levels",
				  CFG_MAX_DEPTH);
	f = &y->stack[y->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->anchor = anchor ? xstrdup(anchor) : NULL;
	return 0;
}

/* Duplicate keys are an error naming both places: YAML says the later one
 * silently wins, which hides typos in long files. */
static void check_map(struct yctx *y, const struct cfg_node *m)
{
	struct smap seen;
	size_t i;

	smap_init(&seen, m->n);
	for (i = 0; i < m->n; i++) {
		const struct cfg_node *k = m->kids[2 * i];
		int prev;
		if (k->kind != CFG_SCALAR) {
			y->bad = 1;
			diag_error(y->ctx->d, k->pos, "a key must be a scalar, not %s",
				   k->kind == CFG_SEQ ? "a list" : "a mapping");
			continue;
		}
		prev = smap_put(&seen, k->s, k->len, (int)i);
		if (prev >= 0) {
			const struct cfg_node *first = m->kids[2 * (size_t)prev];
			y->bad = 1;
			diag_error(y->ctx->d, k->pos, "duplicate key '%s' (first at %d:%d)", k->s,
				   first->pos.line, first->pos.col);
		}
	}
	smap_release(&seen);
}

static void on_end(struct yctx *y)
{
	struct frame *f = &y->stack[--y->depth];
	struct cfg_node *n = f->node;
	size_t i;

	n->kids = arena_alloc(y->ctx->a, (f->n ? f->n : 1) * sizeof(*n->kids));
	if (f->n)
		memcpy(n->kids, f->items, f->n * sizeof(*n->kids));
	n->n = n->kind == CFG_MAP ? f->n / 2 : f->n;
	n->size = 1;
	for (i = 0; i < f->n; i++) {
		n->size += f->items[i]->size;
		if (n->size > CFG_MAX_EXPANDED)
			n->size = CFG_MAX_EXPANDED + 1;
	}
	free(f->items);
	if (n->kind == CFG_MAP)
		check_map(y, n);
	add_child(y, n);
	register_anchor(y, f->anchor, n);
	free(f->anchor);
	f->anchor = NULL;
}

/* An alias shares the anchored node; it is never copied. What is bounded
 * is the number of aliases and the size of the tree they stand for, so a
 * "billion laughs" file stops after a few hundred nodes of work. */
static int on_alias(struct yctx *y, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct src_pos pos = mark_pos(y, ev->start_mark);
	int i = smap_get(&y->anchors, name, strlen(name)), k;
	struct cfg_node *t;

	if (++y->aliases > CFG_MAX_ALIASES)
		return diag_error(y->ctx->d, pos, "more than %d aliases", CFG_MAX_ALIASES);
	if (i < 0) {
		for (k = 0; k < y->depth; k++)
			if (y->stack[k].anchor && strcmp(y->stack[k].anchor, name) == 0)
				return diag_error(y->ctx->d, pos,
						  "alias '*%s' refers to a node that contains it",
						  name);
		return diag_error(y->ctx->d, pos, "unknown anchor '%s'", name);
	}
	t = y->anchored[i];
	if (y->total + t->size > CFG_MAX_EXPANDED)
		return diag_error(y->ctx->d, pos,
				  "aliases expand to more than %d nodes", CFG_MAX_EXPANDED);
	add_child(y, t);
	y->total += t->size - 1;
	return 0;
}

static int on_event(struct yctx *y, yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++y->ndocs > 1)
			return diag_error(y->ctx->d, mark_pos(y, ev->start_mark),
					  "a config is one YAML document; found a second one");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(y, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(y, ev, CFG_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(y, ev, CFG_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(y);
		return 0;
	case YAML_ALIAS_EVENT:
		return on_alias(y, ev);
	default:
		return 0;
	}
}

static void cleanup(struct yctx *y)
{
	while (y->depth > 0) {
		struct frame *f = &y->stack[--y->depth];
		free(f->items);
		free(f->anchor);
	}
	free(y->anchored);
	smap_release(&y->anchors);
	yaml_parser_delete(&y->parser);
}

struct cfg_node *cfg_yaml_parse(struct cfg_ctx *ctx)
{
	struct yctx y;
	yaml_event_t ev;
	int rc = 0, done = 0;

	memset(&y, 0, sizeof(y));
	y.ctx = ctx;
	smap_init(&y.anchors, 16);
	if (!yaml_parser_initialize(&y.parser)) {
		cleanup(&y);
		diag_error(ctx->d, (struct src_pos){ ctx->file, 0, 0 }, "cannot start libyaml");
		return NULL;
	}
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)ctx->text, ctx->len);
	yaml_parser_set_encoding(&y.parser, YAML_UTF8_ENCODING);
	while (!done && rc == 0) {
		if (next_event(&y, &ev) < 0) {
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&y, &ev);
		yaml_event_delete(&ev);
	}
	cleanup(&y);
	if (rc < 0)
		return NULL;
	if (!y.root) {
		diag_error(ctx->d, (struct src_pos){ ctx->file, 0, 0 }, "the config is empty");
		return NULL;
	}
	return y.root;
}
