#include "core/util/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/util/json.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

/* Code points of a source line shown around the caret. */
#define DIAG_LINE_MAX 200
/* Bytes of a message kept: the first MSG_HEAD and the last MSG_TAIL. */
#define MSG_HEAD 600
#define MSG_TAIL 200
#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, where a line or message was cut */

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
	d->arena = arena_new();
	d->max_errors = 100;
}

void diag_release(struct diag *d)
{
	arena_free(d->arena);
	free(d->items);
	free(d->sources);
	memset(d, 0, sizeof(*d));
}

void diag_add_source(struct diag *d, const char *file, const char *text, size_t len)
{
	xgrow((void **)&d->sources, &d->capsources, d->nsources + 1, sizeof(*d->sources));
	d->sources[d->nsources].file = file;
	d->sources[d->nsources].text = text;
	d->sources[d->nsources].len = len;
	d->nsources++;
}

/* Find line `line` of a registered source; NULL if the file is unknown. */
static const char *source_line(const struct diag *d, struct src_pos pos, size_t *len)
{
	size_t i;

	if (!pos.file || pos.line <= 0)
		return NULL;
	for (i = d->nsources; i-- > 0;) {
		const struct diag_source *s = &d->sources[i];
		const char *p = s->text, *end = s->text + s->len, *nl;
		int line = 1;

		if (strcmp(s->file, pos.file) != 0)
			continue;
		while (line < pos.line) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				return NULL;
			p = nl + 1;
			line++;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		*len = (size_t)((nl ? nl : end) - p);
		if (*len > 0 && p[*len - 1] == '\r')
			(*len)--;
		return p;
	}
	return NULL;
}

/* Back from s + i to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* A message quoting a huge value (a 4 MB cell) is cut in the middle: its
 * start says what is wrong, its end keeps the closing words. */
static const char *cap_msg(struct diag *d, const char *msg)
{
	size_t n = strlen(msg), head, tail;

	if (n <= MSG_HEAD + MSG_TAIL)
		return msg;
	head = char_start(msg, MSG_HEAD);
	tail = char_start(msg, n - MSG_TAIL);
	return arena_printf(d->arena, "%.*s" ELLIPSIS "%s", (int)head, msg, msg + tail);
}

static struct diag_item *add(struct diag *d, enum diag_level level, struct src_pos pos,
			     const char *fmt, va_list ap)
{
	struct diag_item *it;

	if (level == DIAG_ERROR) {
		d->nerrors++;
		if (d->nerrors > d->max_errors) {
			d->dropped++;
			return NULL;
		}
	} else if (level == DIAG_WARNING) {
		d->nwarnings++;
	} else if (d->n > 0 && d->items[d->n - 1].level == DIAG_ERROR &&
		   d->nerrors > d->max_errors) {
		return NULL; /* a note on a dropped error */
	}
	xgrow((void **)&d->items, &d->cap, d->n + 1, sizeof(*d->items));
	it = &d->items[d->n++];
	it->level = level;
	it->pos = pos;
	it->msg = cap_msg(d, arena_vprintf(d->arena, fmt, ap));
	it->text = NULL;
	it->text_col = 0;
	return it;
}

/* A control character (C0 but tab, DEL, C1) written to a terminal acts
 * instead of showing: an OSC sequence from a data file would retitle the
 * terminal or worse. Its stand-in is one visible code point, so a source
 * line keeps its columns and the caret stays under the right character. */
static unsigned visible_cp(unsigned cp, int keep_tab)
{
	if (cp == '\t' && keep_tab)
		return cp;
	if (cp < 0x20)
		return 0x2400 + cp; /* the control pictures: U+241B for ESC */
	if (cp == 0x7F)
		return 0x2421;
	if (cp >= 0x80 && cp <= 0x9F)
		return 0xFFFD; /* C1 has no picture */
	return cp;
}

/*
 * A copy of text[0, len) that is safe to print: an invalid UTF-8 byte
 * becomes U+FFFD, a control character its visible_cp, each one column
 * wide like what it replaces; keep_tab keeps tabs (the caret line copies
 * them). Returns the copy in d's arena.
 */
static char *clean_text(struct diag *d, const char *text, size_t len, int keep_tab)
{
	char *out = arena_alloc(d->arena, 3 * len + 1), *q = out;
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		int n = utf8_decode(text + i, len - i, &cp);
		if (n > 0 && visible_cp(cp, keep_tab) == cp) {
			memcpy(q, text + i, (size_t)n);
			q += n;
			i += (size_t)n;
			continue;
		}
		q += utf8_encode(n > 0 ? visible_cp(cp, keep_tab) : 0xFFFD, q);
		i += n > 0 ? (size_t)n : 1;
	}
	*q = '\0';
	return out;
}

/* Byte offset of code point k (0-based) of s[0, len), or len; an invalid
 * byte counts as one code point, as clean_text shows it. */
static size_t cp_offset(const char *s, size_t len, size_t k)
{
	size_t i = 0;
	unsigned cp;

	for (; i < len && k > 0; k--) {
		int n = utf8_decode(s + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
	}
	return i;
}

/*
 * Set it->text to the source line, cleaned, and it->text_col to the
 * caret's column in it. A data line can be megabytes long (one huge
 * scalar): only DIAG_LINE_MAX code points around the column are shown,
 * with an ellipsis where the line was cut, so each message stays small.
 */
static void set_line(struct diag *d, struct diag_item *it, const char *line, size_t len)
{
	size_t col = it->pos.col > 0 ? (size_t)it->pos.col - 1 : 0;
	size_t first = col > DIAG_LINE_MAX / 2 ? col - DIAG_LINE_MAX / 2 : 0;
	size_t from = cp_offset(line, len, first);
	size_t to = from + cp_offset(line + from, len - from, DIAG_LINE_MAX);
	const char *mid = clean_text(d, line + from, to - from, 1);

	it->text_col = it->pos.col > 0 ? (int)(col - first) + 1 + (first > 0) : 0;
	if (first == 0 && to == len)
		it->text = mid;
	else
		it->text = arena_printf(d->arena, "%s%s%s", first > 0 ? ELLIPSIS : "", mid,
					to < len ? ELLIPSIS : "");
}

static void attach_line(struct diag *d, struct diag_item *it)
{
	size_t len = 0;
	const char *line;

	if (!it)
		return;
	line = source_line(d, it->pos, &len);
	if (line)
		set_line(d, it, line, len);
}

int diag_error(struct diag *d, struct src_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attach_line(d, add(d, DIAG_ERROR, pos, fmt, ap));
	va_end(ap);
	return -1;
}

int diag_errno(struct diag *d, struct src_pos pos, const char *fmt, ...)
{
	int err = errno; /* before anything here can change it */
	const char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
	return diag_error(d, pos, "%s: %s", msg, strerror(err));
}

void diag_warning(struct diag *d, struct src_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attach_line(d, add(d, DIAG_WARNING, pos, fmt, ap));
	va_end(ap);
}

void diag_note(struct diag *d, struct src_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attach_line(d, add(d, DIAG_NOTE, pos, fmt, ap));
	va_end(ap);
}

/* The line given by the caller, without its line end. */
static void given_line(struct diag *d, struct diag_item *it, const char *line, size_t len)
{
	if (!it || !line)
		return;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	set_line(d, it, line, len);
}

static void add_line(struct diag *d, enum diag_level level, struct src_pos pos,
		     const char *line, size_t len, const char *fmt, va_list ap)
{
	given_line(d, add(d, level, pos, fmt, ap), line, len);
}

int diag_error_line(struct diag *d, struct src_pos pos, const char *line, size_t len,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(d, DIAG_ERROR, pos, line, len, fmt, ap);
	va_end(ap);
	return -1;
}

void diag_warning_line(struct diag *d, struct src_pos pos, const char *line, size_t len,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(d, DIAG_WARNING, pos, line, len, fmt, ap);
	va_end(ap);
}

int diag_cp_width(unsigned cp)
{
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

static const char *level_name(enum diag_level l)
{
	return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
}

/* The caret line: as wide as the text before column col, tabs kept. */
static void print_caret(FILE *out, const char *text, int col)
{
	const char *p = text, *end = text + strlen(text);
	int c;

	fputs("    ", out);
	for (c = 1; c < col && p < end; c++) {
		unsigned cp;
		int n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n <= 0) {
			n = 1;
			cp = '?';
		}
		if (cp == '\t')
			fputc('\t', out);
		else
			fputs(diag_cp_width(cp) == 2 ? "  " : " ", out);
		p += n;
	}
	fputs("^\n", out);
}

void diag_print(const struct diag *d, FILE *out) { diag_print_from(d, 0, out); }

void diag_write_clean(FILE *out, const char *s)
{
	size_t len = strlen(s), i = 0;
	char buf[4];

	while (i < len) {
		unsigned cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n > 0 && visible_cp(cp, 0) == cp) {
			fwrite(s + i, 1, (size_t)n, out);
			i += (size_t)n;
			continue;
		}
		fwrite(buf, 1, (size_t)utf8_encode(n > 0 ? visible_cp(cp, 0) : 0xFFFD, buf), out);
		i += n > 0 ? (size_t)n : 1;
	}
}

static void print_pos(FILE *out, struct src_pos pos)
{
	if (!pos.file)
		return;
	diag_write_clean(out, pos.file);
	if (pos.line > 0 && pos.col > 0)
		fprintf(out, ":%d:%d: ", pos.line, pos.col);
	else if (pos.line > 0)
		fprintf(out, ":%d: ", pos.line);
	else
		fputs(": ", out);
}

void diag_print_from(const struct diag *d, size_t first, FILE *out)
{
	size_t i;

	for (i = first; i < d->n; i++) {
		const struct diag_item *it = &d->items[i];
		print_pos(out, it->pos);
		fprintf(out, "%s: ", level_name(it->level));
		diag_write_clean(out, it->msg);
		fputc('\n', out);
		if (it->text) {
			fprintf(out, "    %s\n", it->text);
			if (it->text_col > 0)
				print_caret(out, it->text, it->text_col);
		}
	}
	if (d->dropped)
		fprintf(out, "progrep: %zu more errors not shown\n", d->dropped);
}

void diag_print_json(const struct diag *d, FILE *out)
{
	size_t i;

	fputc('[', out);
	for (i = 0; i < d->n; i++) {
		const struct diag_item *it = &d->items[i];
		fputs(i ? ",\n {\"level\":" : "\n {\"level\":", out);
		json_write_str(out, level_name(it->level));
		fputs(",\"file\":", out);
		if (it->pos.file)
			json_write_str(out, it->pos.file);
		else
			fputs("null", out);
		fprintf(out, ",\"line\":%d,\"col\":%d,\"message\":", it->pos.line, it->pos.col);
		json_write_str(out, it->msg);
		fputc('}', out);
	}
	fputs(d->n ? "\n]\n" : "]\n", out);
}
