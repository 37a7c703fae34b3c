#include "render/layout/doc.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void doc_init(struct doc *d, struct arena *a)
{
	memset(d, 0, sizeof(*d));
	d->arena = a;
	d->width = 595.276;
	d->height = 841.890;
}

void doc_release(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->npages; i++)
		free(d->pages[i].boxes);
	free(d->pages);
	free(d->outlines);
	memset(d, 0, sizeof(*d));
}

int doc_add_page(struct doc *d)
{
	xgrow((void **)&d->pages, &d->cappages, d->npages + 1, sizeof(*d->pages));
	memset(&d->pages[d->npages], 0, sizeof(d->pages[0]));
	d->pages[d->npages].width = d->width;
	d->pages[d->npages].height = d->height;
	return (int)d->npages++;
}

struct box *doc_add_box(struct doc *d, int page, enum box_kind kind)
{
	struct doc_page *p = &d->pages[page];
	struct box *b;

	xgrow((void **)&p->boxes, &p->cap, p->n + 1, sizeof(*p->boxes));
	b = &p->boxes[p->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->fill = DOC_NOCOLOR;
	b->stroke = DOC_NOCOLOR;
	b->row = -1;
	b->col = -1;
	return b;
}

void doc_add_outline(struct doc *d, const char *title, int level, int page, double y)
{
	struct doc_outline *o;

	xgrow((void **)&d->outlines, &d->capoutlines, d->noutlines + 1, sizeof(*d->outlines));
	o = &d->outlines[d->noutlines++];
	o->title = title;
	o->level = level;
	o->page = page;
	o->y = y;
}
