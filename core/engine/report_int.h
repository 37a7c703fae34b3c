#ifndef PROGREP_REPORT_INT_H
#define PROGREP_REPORT_INT_H

/*
 * Private to core/engine/report*.c: the state of one report_build() run,
 * shared by the driver (report.c), the template expander
 * (report_text.c) and the block builders (report_table.c,
 * report_chart.c, report_appendix.c).
 */
#include <string.h>

#include "core/config/config.h"
#include "core/config/expr.h"
#include "core/engine/metrics.h"
#include "core/engine/report.h"
#include "core/util/xalloc.h"

struct report_ctx {
	const struct cfg *cfg;
	const struct results *res;
	struct arena *a;        /* the model's arena */
	struct diag *d;
	struct expr_ctx ctx;
	int region;             /* the region the current section is about */
	struct report_section *secs; /* xgrow'n while building, then moved to a */
	size_t nsecs, capsecs;
	/* The `levels:` in force: the innermost section's that has one, else
	 * report.levels; NULL or n == 0: every level. */
	const struct cfg_levels *levels;
};

/* Expand a template at the current region and the report period; the
 * result lives in the arena. */
const char *report_expand(struct report_ctx *r, const struct cfg_template *t);
/* Replace the built-ins {period}, {region.name}, {region.code},
 * {report.title} in a plain string (table titles, column titles, notes);
 * "{{" and "}}" are braces. NULL stays NULL. */
const char *report_expand_plain(struct report_ctx *r, const char *s);
/* A title given as plain text and as a parsed template: the template
 * expanded when it has pieces, else the text with its built-ins replaced.
 * NULL when neither is given. */
const char *report_title_of(struct report_ctx *r, const char *text,
			    const struct cfg_template *tpl);
/* "2019年", "2019年第3季度", "2019年3月" for period index per, in the
 * arena; "—" when per < 0. */
const char *report_period_label(struct report_ctx *r, int per);
/* The display text of x in f ("—" when missing), in the arena. */
const char *report_show(struct report_ctx *r, double x, const struct numfmt *f);

/* A new section at the end of the list, zeroed. (Inline: the sections and
 * the appendices both add sections, and neither file calls the other.) */
static inline struct report_section *report_add_section(struct report_ctx *r)
{
	struct report_section *s;

	xgrow((void **)&r->secs, &r->capsecs, r->nsecs + 1, sizeof(*r->secs));
	s = &r->secs[r->nsecs++];
	memset(s, 0, sizeof(*s));
	return s;
}

/* report_levels.c. Entering a section with levels own: *saved gets the
 * levels in force (put them back in r->levels after the section); returns
 * 1 when the section is printed at the report's level. */
int report_levels_enter(struct report_ctx *r, const struct cfg_levels *own,
			const struct cfg_levels **saved);
/* Is block b printed at the report's level? */
int report_levels_block(const struct report_ctx *r, const struct cfg_block *b);
/* {region.level_word}, {children.level_word} at the current region (区,
 * 地州); NULL for any other name. */
const char *report_levels_word(const struct report_ctx *r, const char *name, size_t len);
/* "其余12个村": the label of the row that sums up what a top-N cut left
 * out; level is the rows' level. In the arena. */
const char *report_levels_rest(struct report_ctx *r, size_t nrest, int level);
/* The PDF title: the report's, with the region in brackets when it is a
 * report burst out for one region whose title does not name it. */
const char *report_levels_doc_title(struct report_ctx *r, const struct report *rep);

void report_table(struct report_ctx *r, const struct cfg_table *t, struct report_table *out);
void report_chart(struct report_ctx *r, const struct cfg_chart *c, struct report_chart *out);
/* 数据质量说明 and 指标说明, as the config's report keys ask. */
void report_appendix(struct report_ctx *r);

#endif
