#include "render/layout/linebreak.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"

static int is_closing(unsigned cp)
{
	switch (cp) {
	case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: /* 。，、；： */
	case 0xFF1F: case 0xFF01: case 0xFF09: case 0x300D: case 0x300F: /* ？！）」』 */
	case 0x3011: case 0x300B: case 0x3009: case 0x3015: case 0x3017: /* 】》〉〕〗 */
	case 0x201D: case 0x2019: case 0xFF0E: case 0xFF3D: case 0xFF5D: /* ”’．］｝ */
	case '.': case ',': case ';': case ':': case '?': case '!':
	case ')': case ']': case '}':
		return 1;
	default:
		return 0;
	}
}

static int is_opening(unsigned cp)
{
	switch (cp) {
	case 0xFF08: case 0x300C: case 0x300E: case 0x3010: case 0x300A: /* （「『【《 */
	case 0x3008: case 0x3014: case 0x3016: case 0x201C: case 0x2018: /* 〈〔〖“‘ */
	case 0xFF3B: case 0xFF5B:                                         /* ［｛ */
	case '(': case '[': case '{':
		return 1;
	default:
		return 0;
	}
}

/* The full-width marks among them: a squeeze is only for those. */
static int is_wide_closing(unsigned cp)
{
	return cp >= 0x2000 && is_closing(cp) && cp != 0xFF0E && cp != 0xFF3D && cp != 0xFF5D;
}

static int is_wide_opening(unsigned cp)
{
	return cp >= 0x2000 && is_opening(cp) && cp != 0xFF3B && cp != 0xFF5B;
}

int linebreak_squeeze(unsigned a, unsigned b)
{
	int a_open = is_wide_opening(a), b_close = is_wide_closing(b);

	if (!(a_open || is_wide_closing(a)) || !(b_close || is_wide_opening(b)))
		return 0;
	if (!a_open)
		return 1; /* closing or stop, then any mark: "）。" "。”" "，“" */
	if (is_wide_opening(b))
		return 2; /* "（“": the second's empty left half */
	return 0;         /* "（）"-like: an opening then a closing, left alone */
}

static int is_space(unsigned cp)
{
	return cp == ' ' || cp == '\t';
}

/* Latin, Cyrillic, Arabic script letters, digits and ASCII punctuation form
 * words that stay whole; CJK (and the general punctuation block with its
 * curly quotes and dashes) breaks between code points. */
static int is_word(unsigned cp)
{
	return cp > ' ' && cp < 0x2000;
}

int linebreak_allowed(unsigned a, unsigned b)
{
	if (is_space(b) || b == '\n' || is_closing(b))
		return 0;
	/* a footnote mark ①..⑳ stays with the figure it marks */
	if (b >= 0x2460 && b <= 0x2473)
		return 0;
	if (is_space(a))
		return 1;
	if (is_opening(a))
		return 0;
	if (is_word(a) && is_word(b))
		return 0;
	/* A dash —— or an ellipsis …… is one mark drawn with two code points. */
	if (a == b && (a == 0x2014 || a == 0x2026))
		return 0;
	return 1;
}

/* Units that follow a number: "4.21万户", "12035元", "5.34个百分点",
 * "2019年". They stay on the number's line (a reader must not see "4.21"
 * at a line end and "万户" on the next). */
static int is_unit(unsigned cp)
{
	switch (cp) {
	case 0x4E07: case 0x4EBF: case 0x5343: case 0x767E: case 0x5143: /* 万亿千百元 */
	case 0x89D2: case 0x5206: case 0x4EBA: case 0x6237: case 0x4E2A: /* 角分人户个 */
	case 0x540D: case 0x4F4D: case 0x6B21: case 0x5BB6: case 0x6240: /* 名位次家所 */
	case 0x9879: case 0x5EA7: case 0x6761: case 0x5428: case 0x4EA9: /* 项座条吨亩 */
	case 0x5C81: case 0x500D: case 0x5E74: case 0x6708: case 0x65E5: /* 岁倍年月日 */
	case 0x70B9: case 0x5B63: case 0x5EA6: case 0xFF05: case 0x2030: /* 点季度％‰ */
		return 1;
	default:
		return 0;
	}
}

/* A run of at most this many unit code points stays with its number. */
#define UNIT_RUN_MAX 4

/* Where we are in "number, then unit": num is set after a digit (and
 * stays over the "." and "%" inside a number), units counts the unit code
 * points glued to it so far. */
struct glue {
	int num, units;
};

/* Is cp glued to what precedes it as part of a number and its unit?
 * Advances the state past cp. */
static int glue_step(struct glue *g, unsigned cp)
{
	int glued = is_unit(cp) && (g->num || (g->units > 0 && g->units < UNIT_RUN_MAX));

	if (cp >= '0' && cp <= '9') {
		g->num = 1;
		g->units = 0;
	} else if (glued) {
		g->num = 0;
		g->units++;
	} else if (g->num && (cp == '.' || cp == '%' || cp == ',')) {
		/* still the number */
	} else {
		g->num = 0;
		g->units = 0;
	}
	return glued;
}

static int next_cp(const char *s, size_t len, size_t off, unsigned *cp)
{
	int n = utf8_decode(s + off, len - off, cp);

	if (n < 0) {
		*cp = 0xFFFD;
		n = 1;
	}
	return n;
}

/* Width of code points [from, to): the first starts the line. */
static double range_width(const struct linebreak_prep *p, size_t from, size_t to)
{
	double w = 0;
	size_t i;

	for (i = from; i < to; i++)
		w += i == from ? p->solo[i] : p->pair[i];
	return w;
}

void linebreak_prepare(const char *s, size_t len, linebreak_measure measure, void *user,
		       struct linebreak_prep *p)
{
	size_t off = 0, n = 0;
	unsigned prev = 0, cp, before = 0;
	int has_prev = 0, glued;
	struct glue g = { 0, 0 };

	/* at most one code point per byte; one block, the widest first */
	p->pair = xmalloc((len + 1) * (2 * sizeof(double) + sizeof(size_t) + sizeof(unsigned) + 1));
	p->solo = p->pair + len + 1;
	p->off = (size_t *)(void *)(p->solo + len + 1);
	p->cp = (unsigned *)(void *)(p->off + len + 1);
	p->brk = (unsigned char *)(p->cp + len + 1);
	while (off < len) {
		p->off[n] = off;
		off += (size_t)next_cp(s, len, off, &cp);
		p->cp[n] = cp;
		p->brk[n] = 0;
		if (cp == '\n') {
			p->pair[n] = p->solo[n] = 0;
			prev = 0;
			/* linebreak starts a paragraph afresh */
			has_prev = 0;
			g.num = g.units = 0;
		} else {
			glued = glue_step(&g, cp);
			p->brk[n] = has_prev && !glued && linebreak_allowed(before, cp);
			before = cp;
			has_prev = 1;
			p->solo[n] = measure(user, 0, cp);
			/* only a squeezable pair measures by the mark before
			 * (linebreak_measure) */
			p->pair[n] = prev && linebreak_may_squeeze(prev) && linebreak_may_squeeze(cp)
					     ? measure(user, prev, cp)
					     : p->solo[n];
			prev = cp;
		}
		n++;
	}
	p->off[n] = len;
	p->n = n;
	p->whole = range_width(p, 0, n);
}

void linebreak_prep_free(struct linebreak_prep *p)
{
	free(p->pair); /* the block of all five */
	memset(p, 0, sizeof(*p));
}

struct lb {
	const struct linebreak_prep *p;
	struct linebreak_line *lines;
	size_t n, cap;
};

static void emit(struct lb *b, size_t start, size_t end, int first)
{
	struct linebreak_line *l;

	while (end > start && is_space(b->p->cp[end - 1]))
		end--;
	xgrow((void **)&b->lines, &b->cap, b->n + 1, sizeof(*b->lines));
	l = &b->lines[b->n++];
	l->start = b->p->off[start];
	l->end = b->p->off[end];
	l->width = range_width(b->p, start, end);
	l->first = first;
}

size_t linebreak_prepared(const char *s, const struct linebreak_prep *p, double width,
			  double indent, struct linebreak_line **out)
{
	struct lb b = { p, NULL, 0, 0 };
	size_t len = p->off[p->n], n = p->n, start = 0, i, brk = 0;
	double w = 0, cw;
	unsigned cp;
	int first = 1;

	/* Most table cells fit: one pass to measure, no break rules. The same
	 * sum the loop below would make, so the same single line. */
	if (len > 0 && !is_space((unsigned char)s[len - 1]) && !memchr(s, '\n', len)) {
		w = p->whole;
		if (w <= width - indent + 1e-9) {
			b.lines = xmalloc(sizeof(*b.lines));
			b.lines[0].start = 0;
			b.lines[0].end = len;
			b.lines[0].width = w;
			b.lines[0].first = 1;
			*out = b.lines;
			return 1;
		}
		w = 0;
	}
	for (i = 0; i < n; i++) {
		cp = p->cp[i];
		if (cp == '\n') {
			emit(&b, start, i, first);
			start = i + 1;
			w = 0;
			brk = 0;
			first = 1;
			continue;
		}
		if (p->brk[i])
			brk = i;
		cw = i > start ? p->pair[i] : p->solo[i];
		/* Overflow: break at the last opportunity, or before this code
		 * point when the line is one unbreakable piece. Spaces never
		 * overflow: they vanish at the break. */
		while (!is_space(cp) && i > start &&
		       w + cw > width - (first ? indent : 0) + 1e-9) {
			size_t cut = brk > start ? brk : i;

			emit(&b, start, cut, first);
			first = 0;
			start = cut;
			brk = 0;
			w = range_width(p, start, i);
			if (start == i)
				cw = p->solo[i]; /* cp now starts the line */
		}
		w += cw;
	}
	if (start < n)
		emit(&b, start, n, first);
	*out = b.lines;
	return b.n;
}

size_t linebreak(const char *s, size_t len, double width, double indent,
		 linebreak_measure measure, void *user, struct linebreak_line **out)
{
	struct linebreak_prep p;
	size_t n;

	linebreak_prepare(s, len, measure, user, &p);
	n = linebreak_prepared(s, &p, width, indent, out);
	linebreak_prep_free(&p);
	return n;
}

double linebreak_prep_min_width(const struct linebreak_prep *p)
{
	size_t i;
	double w = 0, max = 0;
	unsigned prev = '\n', cp;
	struct glue g = { 0, 0 };
	int glued;

	for (i = 0; i < p->n; i++) {
		int piece;

		cp = p->cp[i];
		glued = glue_step(&g, cp);
		piece = (!glued && linebreak_allowed(prev, cp)) || prev == '\n';
		if (piece)
			w = 0;
		if (cp != '\n' && !is_space(cp))
			w += piece ? p->solo[i] : p->pair[i];
		if (w > max)
			max = w;
		prev = cp;
	}
	return max;
}

double linebreak_min_width(const char *s, size_t len, linebreak_measure measure, void *user)
{
	struct linebreak_prep p;
	double w;

	linebreak_prepare(s, len, measure, user, &p);
	w = linebreak_prep_min_width(&p);
	linebreak_prep_free(&p);
	return w;
}

double linebreak_prep_max_width(const struct linebreak_prep *p)
{
	size_t i;
	double w = 0, max = 0;

	for (i = 0; i < p->n; i++) {
		if (p->cp[i] == '\n')
			w = 0;
		else
			w += p->pair[i];
		if (w > max)
			max = w;
	}
	return max;
}

double linebreak_max_width(const char *s, size_t len, linebreak_measure measure, void *user)
{
	struct linebreak_prep p;
	double w;

	linebreak_prepare(s, len, measure, user, &p);
	w = linebreak_prep_max_width(&p);
	linebreak_prep_free(&p);
	return w;
}

int linebreak_is_figure(const char *s, size_t len)
{
	size_t off = 0, units = 0;
	unsigned cp;
	int digits = 0;

	if (off < len && (s[off] == '-' || s[off] == '+'))
		off++;
	else if (len >= 3 && (memcmp(s, "\xE2\x88\x92", 3) == 0 || /* U+2212 minus */
			      memcmp(s, "\xEF\xBC\x8D", 3) == 0))  /* U+FF0D, the report's */
		off += 3;
	while (off < len && ((s[off] >= '0' && s[off] <= '9') || s[off] == '.' || s[off] == ',' ||
			     s[off] == '%')) {
		digits |= s[off] >= '0' && s[off] <= '9';
		off++;
	}
	if (!digits)
		return 0;
	while (off < len) {
		off += (size_t)next_cp(s, len, off, &cp);
		if (!is_unit(cp) || ++units > UNIT_RUN_MAX)
			return 0;
	}
	return 1;
}
