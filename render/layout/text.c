#include "render/layout/text.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/strbuf.h"
#include "core/util/xalloc.h"

/* The cells of the table row being collected. */
struct text_row {
	int row;              /* -1: none open */
	struct strbuf *cells; /* xmalloc'd, ncells */
	size_t ncells;
};

static void row_add(struct text_row *tr, int col, const char *s)
{
	size_t c = (size_t)col, old;

	if (c >= tr->ncells) {
		tr->cells = xrealloc(tr->cells, (c + 1) * sizeof(*tr->cells));
		for (old = tr->ncells; old <= c; old++)
			memset(&tr->cells[old], 0, sizeof(tr->cells[old]));
		tr->ncells = c + 1;
	}
	strbuf_adds(&tr->cells[c], s);
}

static void row_flush(struct text_row *tr, FILE *out)
{
	size_t c;

	if (tr->row < 0)
		return;
	for (c = 0; c < tr->ncells; c++) {
		if (c)
			fputs(" | ", out);
		if (tr->cells[c].s)
			fputs(tr->cells[c].s, out);
		strbuf_release(&tr->cells[c]);
	}
	fputc('\n', out);
	free(tr->cells);
	tr->cells = NULL;
	tr->ncells = 0;
	tr->row = -1;
}

static int is_cell(const struct box *b)
{
	return (b->role == ROLE_CELL || b->role == ROLE_HEADER_CELL) && b->row >= 0 && b->col >= 0;
}

/* Which of the three passes over a page writes box b: the running header
 * first, the footer last, whatever order layout added them in. */
static int pass_of(const struct box *b)
{
	return b->role == ROLE_PAGE_HEADER ? 0 : b->role == ROLE_PAGE_FOOTER ? 2 : 1;
}

static void write_page(const struct doc_page *p, FILE *out)
{
	struct text_row tr = { -1, NULL, 0 };
	const struct box *prev = NULL;
	size_t i, k;

	for (k = 0; k < 3 * p->n; k++) {
		const struct box *b = &p->boxes[k % p->n];

		i = k / p->n;
		if (b->kind != BOX_TEXT || !b->text || pass_of(b) != (int)i)
			continue;
		if (is_cell(b)) {
			if (b->row != tr.row) {
				row_flush(&tr, out);
				if (prev && !is_cell(prev))
					fputc('\n', out);
				tr.row = b->row;
			}
			row_add(&tr, b->col, b->text);
		} else {
			row_flush(&tr, out);
			if (prev && !is_cell(prev) && prev->role == b->role && prev->y == b->y)
				fputc(' ', out);
			else if (prev && !is_cell(prev))
				fputc('\n', out);
			fputs(b->text, out);
		}
		prev = b;
	}
	row_flush(&tr, out);
	if (prev && !is_cell(prev))
		fputc('\n', out);
}

int text_write(const struct doc *doc, FILE *out)
{
	size_t i;

	for (i = 0; i < doc->npages; i++) {
		fprintf(out, "=== page %zu ===\n", i + 1);
		write_page(&doc->pages[i], out);
	}
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
