#ifndef PROGREP_LAYOUT_INT_H
#define PROGREP_LAYOUT_INT_H

/*
 * Private to render/layout_*.c: the state of one report layout, shared by
 * the report driver (layout_report.c) and the block builders
 * (layout_blocks.c).
 */
#include "core/config/config.h"
#include "core/config/expr.h"
#include "core/engine/metrics.h"
#include "render/layout/layout.h"

struct layout_rep {
	const struct cfg *cfg;
	const struct results *res;
	struct layout lo;
	struct expr_ctx ctx;
	struct diag *d;
	int region; /* the region the current section is about */
};

/* Expand a template at the current region and the report period; the
 * result lives in the doc's arena. */
const char *layout_expand(struct layout_rep *r, const struct cfg_template *t);
/* Replace the built-ins {period}, {region.name}, {region.code},
 * {report.title} in a plain string (table titles, column titles, notes);
 * "{{" and "}}" are braces. NULL stays NULL. */
const char *layout_expand_plain(struct layout_rep *r, const char *s);
/* A title given as plain text and as a parsed template: the template
 * expanded when it has pieces, else the text with its built-ins replaced.
 * NULL when neither is given. */
const char *layout_title(struct layout_rep *r, const char *text, const struct cfg_template *tpl);
/* "2019年", "2019年第3季度", "2019年3月" for period index per. */
void layout_period_label(const struct layout_rep *r, int per, char *buf, size_t n);

void layout_block_table(struct layout_rep *r, const struct cfg_table *t);
void layout_block_kpi(struct layout_rep *r, const int *inds, size_t n);
void layout_block_chart(struct layout_rep *r, const struct cfg_chart *c);

#endif
