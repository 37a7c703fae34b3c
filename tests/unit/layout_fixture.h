#ifndef PROGREP_TEST_LAYOUT_FIXTURE_H
#define PROGREP_TEST_LAYOUT_FIXTURE_H

#include <stdlib.h>

#include "core/util/arena.h"
#include "render/layout/doc.h"
#include "render/layout/layout.h"

/*
 * A doc and a layout over it, for the layout and chart tests: fonts as
 * given, or NULL for fixed metrics (CJK 1 em, others 0.5 em). One copy of
 * what test_layout.c, test_layout_tables.c, test_chart.c and
 * test_layout_memo.c each set up; `teardown` is their cmocka teardown.
 */
struct fixture {
	struct arena *a;
	struct doc doc;
	struct layout lo;
};

static inline struct fixture *fixture_new(struct font *fonts[DOC_NFONTS])
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		abort();
	f->a = arena_new();
	doc_init(&f->doc, f->a);
	layout_init(&f->lo, &f->doc, fonts);
	return f;
}

static inline int teardown(void **state)
{
	struct fixture *f = *state;

	layout_release(&f->lo);
	doc_release(&f->doc);
	arena_free(f->a);
	free(f);
	return 0;
}

#endif
