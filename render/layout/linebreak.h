#ifndef PROGREP_LINEBREAK_H
#define PROGREP_LINEBREAK_H

#include <stddef.h>

/*
 * Line breaking for Chinese and mixed text. Chinese breaks between any two code points, except that no line
 * starts with closing punctuation (。，、；：？！）」』】》”’ and . , ; : ? ! ) ] })
 * and no line ends with opening punctuation (（「『【《“‘ ( [ {). Runs of
 * non-CJK, non-space characters (latin words, numbers such as "16.58" or
 * "1.24%") are kept whole, and so is a number with the unit after it
 * ("4.21万户", "12035元", "5.34个百分点", "2019年"), unless one such piece
 * alone is wider than the line; then it is broken by code point. A space is a break opportunity and is dropped at
 * the break. "\n" always breaks.
 */

/* Width in points of code point cp (e.g. font_advance * size / 1000),
 * where prev is the code point before it on the same line (0 at the start
 * of a line or of a piece measured alone): a measure that squeezes
 * punctuation (linebreak_squeeze) takes the pair's saving off here. It
 * may depend on prev only where linebreak_may_squeeze(prev) and
 * linebreak_may_squeeze(cp) both hold: elsewhere the functions below take
 * measure(0, cp) for it. */
typedef double (*linebreak_measure)(void *user, unsigned prev, unsigned cp);

/* Punctuation squeeze (标点挤压, as W3C clreq and JIS X 4051 set it): of
 * two adjacent full-width marks, the first is set half-width when it is a
 * closing mark or a stop (。，、；：？！ ）」』】》〉〕〗 ”’), else the second
 * when it is an opening mark (（「『【《〈〔〖“‘), so that "）。", "”；",
 * "。”" and "，“" take 1.5 em. 1: a is squeezed, 2: b is, 0: neither. The
 * squeezed mark gives up LINEBREAK_SQUEEZE of its advance (the empty half
 * of its em box), taken from between the two: a hair under half, because
 * pdftotext reads two characters overlapping by half an em as two lines
 * (measured with poppler 22.12: 0.5 em can split, 0.49 never did). */
int linebreak_squeeze(unsigned a, unsigned b);
/* A quick test before linebreak_squeeze: could cp be one of those marks? */
static inline int linebreak_may_squeeze(unsigned cp)
{
	return cp - 0x2018u <= 0x5u || cp - 0x3001u <= 0x16u || cp - 0xFF01u <= 0x5Cu;
}
#define LINEBREAK_SQUEEZE 0.49

struct linebreak_line {
	size_t start, end; /* byte offsets into the text; end excludes trailing
			      spaces and the "\n" */
	double width;      /* width of [start, end) in points */
	int first;         /* 1 if the line starts a paragraph (text start or
			      after "\n"): it got the indent */
};

/*
 * Break s[0..len) (UTF-8) into lines no wider than width points; the first
 * line of each paragraph is indent points narrower. Invalid UTF-8 bytes
 * count as one code point each (measured as U+FFFD). Returns the number of
 * lines and sets *out to an xmalloc'd array the caller frees (NULL when 0
 * lines: the empty text has none; a final "\n" adds no empty line).
 */
size_t linebreak(const char *s, size_t len, double width, double indent,
		 linebreak_measure measure, void *user, struct linebreak_line **out);

/* Width of the widest piece that can never be broken (its minimum width in
 * a table column) and of the widest "\n"-separated line unbroken (its
 * natural width). */
double linebreak_min_width(const char *s, size_t len, linebreak_measure measure, void *user);
double linebreak_max_width(const char *s, size_t len, linebreak_measure measure, void *user);

/* A text decoded and measured once, for the functions below that break or
 * measure the same text many times (a table tries several widths per
 * cell): the same lines and widths, to the bit, as the calls above with
 * the same measure. */
struct linebreak_prep {
	size_t n;      /* code points */
	unsigned *cp;  /* n code points (U+FFFD for an invalid byte) */
	size_t *off;   /* byte offset of each, and off[n] = the text's length */
	double *pair;  /* measure(the code point before, or 0 at the start and
			  after "\n", cp[i]); 0 for "\n" */
	double *solo;  /* measure(0, cp[i]): cp[i] starting a line or piece */
	double whole;  /* the whole text's width as one line */
	unsigned char *brk; /* 1: linebreak may break before cp[i] */
};
/* Fill p for s[0..len) (its arrays xmalloc'd: linebreak_prep_free). */
void linebreak_prepare(const char *s, size_t len, linebreak_measure measure, void *user,
		       struct linebreak_prep *p);
void linebreak_prep_free(struct linebreak_prep *p);
/* linebreak, linebreak_min_width and linebreak_max_width of the text p
 * was prepared from (s: that text). */
size_t linebreak_prepared(const char *s, const struct linebreak_prep *p, double width,
			  double indent, struct linebreak_line **out);
double linebreak_prep_min_width(const struct linebreak_prep *p);
double linebreak_prep_max_width(const struct linebreak_prep *p);
/* Is s[0..len) a figure: a number with at most a short unit after it
 * ("12.5万人", "-3107个", "93.4%", "5.34个百分点")? A table cell that is
 * one never wraps. "2020年降至0万户" is text, not a figure. */
int linebreak_is_figure(const char *s, size_t len);

/* May a line break between code points a and b? (For tests.) */
int linebreak_allowed(unsigned a, unsigned b);

#endif
