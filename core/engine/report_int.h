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
	/* Figures shown so far, and how many were not zero: a section whose
	 * figures are all zero or missing collapses (report.c). */
	size_t nfigures, nonzero;
	/* Sentences left out for a missing figure, for 数据质量说明 (xgrow'n). */
	struct report_omission *omitted;
	size_t nomitted, capomitted;
	const char *section_title; /* of the section being built, or NULL */
	/* Footnotes of the section being built (report_stated.c). */
	const char **notes;
	size_t nnotes, capnotes;
	size_t nmarks;          /* marks given in the section so far */
	size_t sentence_notes;  /* nnotes when the current sentence began */
	/* 表/图 numbers (report_number.c): enum cfg_numbering, the top-level
	 * sections so far, tables and figures so far (in the chapter when
	 * by chapter), 附表 and 附图 so far; once in the appendices, 1. */
	int numbering;
	int num_chapter, num_tables, num_figures, num_appendix_items[2];
	int num_appendix;
};

/* A sentence left out of a paragraph: where, and the figure missing. */
struct report_omission {
	int region;
	const char *section;    /* the section's heading, or NULL */
	const char *what;       /* the figure's name (indicator or formula) */
};

/* Expand a template at the current region and the report period; the
 * result lives in the arena. */
const char *report_expand(struct report_ctx *r, const struct cfg_template *t);
/* As report_expand, for a paragraph: a sentence (up to 。) with a missing
 * figure is left out and recorded in r->omitted. */
const char *report_expand_para(struct report_ctx *r, const struct cfg_template *t);
/* The paragraph of text block b: its `when:` condition, the first of its
 * alternative wordings whose figures are all present, sentences with a
 * missing figure left out; "" when nothing is left. */
const char *report_text_block(struct report_ctx *r, const struct cfg_block *b);
/* report_stated.c: when placeholder pc prints a figure a `stated` check
 * publishes differently, a footnote is added to r->notes and its mark
 * returned (to follow the figure), *v set to the figure to print; else
 * NULL. A check with `print: fail` reports an error into r->d. */
const char *report_stated_figure(struct report_ctx *r, const struct cfg_piece *pc, double *v);
/* Move the footnotes gathered so far to paragraph b. */
void report_stated_notes(struct report_ctx *r, struct report_block *b);
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

/* report_figure.c: figures as readers get them. The format of base fitted
 * to the n figures shown together (one table column, one sentence
 * figure): no non-zero figure reads as zero, 万/亿 for big counts unless
 * the config pins the scale (mode: SCALE_AUTO, SCALE_GIVEN, SCALE_PINNED
 * of struct cfg_indicator). */
struct numfmt report_fig_fit(const struct numfmt *base, int mode, const double *v, size_t n);
/* x in exactly f, a minus as U+2212, "—" when missing; counted in
 * nfigures/nonzero. In the arena. */
const char *report_fig_text(struct report_ctx *r, double x, const struct numfmt *f);
/* x at f without its unit or 万/亿 (a table whose header or 单位 line
 * carries them): "0.44", "0.00" for a zero, a minus sign, "—" for NaN. */
const char *report_fig_bare(struct report_ctx *r, double x, const struct numfmt *f);
/* x in f fitted to x alone. */
const char *report_fig(struct report_ctx *r, double x, const struct numfmt *f, int mode);
/* x in indicator ind's format fitted to x. */
const char *report_fig_ind(struct report_ctx *r, double x, int ind);

/* Has indicator ind met its target at region and period per (a target
 * that was met from the start included)? 0 without a target. */
int report_target_met(struct report_ctx *r, int ind, int region, int per);
/* The value of indicator ind in a table's total row (the current region)
 * given its computed value v: 100 for share(x), else v. */
double report_total_value(struct report_ctx *r, int ind, double v);

/* report_formula.c: formula e in ordinary notation with indicator names,
 * in the arena. */
const char *report_formula_words(struct report_ctx *r, const struct expr *e);

/* report_empty.c: a chart with nothing to show becomes one sentence
 * saying so (b is a built REPORT_CHART block); a section whose figures
 * are all zero or missing becomes one sentence saying so. */
void report_chart_collapse(struct report_ctx *r, struct report_block *b);
void report_section_collapse(struct report_ctx *r, struct report_section *s);

/* A body row of a table (report_table.c): a region's or an indicator's,
 * the rest of a top-N cut, or (report_group.c) a group's header row (its
 * parent's name, empty cells) or its 小计 row (the parent's values). */
enum trow_kind { TROW_ROW, TROW_GROUP, TROW_SUBTOTAL };
struct trow {
	int region, ind;
	const char *label;
	double key; /* value of the sort column */
	const int *rest; /* the row summing up a top-N cut: its regions */
	size_t nrest;
	enum trow_kind kind;
};
/* report_group.c: the region rows *rows (n of them, xmalloc'd, the total
 * row not yet added) grouped by parent when t's group_by (or the preset,
 * in an appendix) asks: *rows replaced, *n updated, 1 returned (no top
 * cut then); else 0 and nothing changed. */
int report_group_rows(struct report_ctx *r, const struct cfg_table *t, struct trow **rows,
		      size_t *n);
/* The value of indicator ind in the 小计 row of parent region reg given
 * its computed value v: 100 for share(x) (the group is the whole), else v. */
double report_group_value(struct report_ctx *r, int ind, int reg, double v);
void report_table(struct report_ctx *r, const struct cfg_table *t, struct report_table *out);
void report_chart(struct report_ctx *r, const struct cfg_chart *c, struct report_chart *out);
/* A bar chart in the same section as a table with a row for each of its
 * regions lists them in the table's row order (top to bottom when
 * horizontal, left to right when upright), whatever its own `sort`: a
 * reader compares the two line by line (report_chart.c). */
/* Bar charts in the order of a table of the same section that has a row
 * for every bar; cfg[i] is block i's config chart (NULL for other
 * blocks): a sort: that no longer decides anything is warned about. */
void report_charts_follow_tables(struct report_ctx *r, struct report_block *b, size_t n,
				 const struct cfg_chart *const *cfg);
/* 数据质量说明 and 指标说明, as the config's report keys ask. */
void report_appendix(struct report_ctx *r);

/* report_page.c: the page geometry of a preset with the config's values
 * over it; then, once the sections are built, what the preset changes in
 * them (bulletin: KPI rows as sentences, no status colours in tables). */
/* report_number.c: the numbering report.numbering asks for (the page
 * preset's when not given); report_number_section() on entering each
 * top-level section (title: its heading); report_number_block() on each
 * block built (a table's or chart's caption gets its number, a table
 * its 续表 caption and 注：; pos: the block in the config, for a warning
 * when a hand-written number disagrees); report_number_from() numbers the
 * sections from index first on as appendices (附表1 …). */
int report_number_mode(const struct cfg *cfg);
/* Footnotes of stated figures in a table's title or note go into its
 * note under the table ("注：… ① 此处…"), not to the next paragraph. */
void report_table_notes(struct report_ctx *r, struct report_table *t);
void report_number_section(struct report_ctx *r, const char *title);
void report_number_block(struct report_ctx *r, struct report_block *b, struct src_pos pos);
void report_number_from(struct report_ctx *r, size_t first);
void report_page_fill(const struct cfg_page *c, struct report_page *out);
void report_page_words(struct report *rep, struct arena *a);
/* report_signoff.c: 落款 and 版记 of report.signoff and report.banji. */
void report_signoff(const struct cfg_report *rp, struct report *out, struct arena *a);

#endif
