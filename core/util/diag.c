#include "core/util/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/util/json.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

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
	it->msg = arena_vprintf(d->arena, fmt, ap);
	it->text = NULL;
	return it;
}

/*
 * A copy of a source line that is safe to print: an invalid UTF-8 byte
 * becomes U+FFFD and a NUL byte U+2400 (a visible "NUL" sign), each one
 * column wide like the byte it replaces, so the caret still lines up and
 * the line is not cut short at the NUL.
 */
static const char *clean_line(struct diag *d, const char *line, size_t len)
{
	char *out = arena_alloc(d->arena, 3 * len + 1), *q = out;
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		int n = utf8_decode(line + i, len - i, &cp);
		if (n > 0 && cp != 0) {
			memcpy(q, line + i, (size_t)n);
			q += n;
			i += (size_t)n;
			continue;
		}
		q += utf8_encode(n > 0 ? 0x2400 : 0xFFFD, q);
		i++;
	}
	*q = '\0';
	return out;
}

static void attach_line(struct diag *d, struct diag_item *it)
{
	size_t len = 0;
	const char *line;

	if (!it)
		return;
	line = source_line(d, it->pos, &len);
	if (line)
		it->text = clean_line(d, line, len);
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

/* The line given by the caller, without its line end; a data line can be
 * huge, and a caret past 200 bytes helps nobody. */
static void given_line(struct diag *d, struct diag_item *it, const char *line, size_t len)
{
	if (!it || !line)
		return;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > 200) {
		len = 200;
		while (len > 0 && ((unsigned char)line[len] & 0xC0) == 0x80)
			len--; /* do not cut a character in two */
	}
	it->text = clean_line(d, line, len);
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

void diag_print_from(const struct diag *d, size_t first, FILE *out)
{
	size_t i;

	for (i = first; i < d->n; i++) {
		const struct diag_item *it = &d->items[i];
		if (it->pos.file && it->pos.line > 0 && it->pos.col > 0)
			fprintf(out, "%s:%d:%d: ", it->pos.file, it->pos.line, it->pos.col);
		else if (it->pos.file && it->pos.line > 0)
			fprintf(out, "%s:%d: ", it->pos.file, it->pos.line);
		else if (it->pos.file)
			fprintf(out, "%s: ", it->pos.file);
		fprintf(out, "%s: %s\n", level_name(it->level), it->msg);
		if (it->text) {
			fprintf(out, "    %s\n", it->text);
			if (it->pos.col > 0)
				print_caret(out, it->text, it->pos.col);
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
