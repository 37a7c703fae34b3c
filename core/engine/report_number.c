#include <string.h>

#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/diag.h"

/*
 * 表/图 numbers and captions as GB/T 7713 has them: every table and figure
 * numbered in one series through the document (表1, 表2 …, 图1 …), or by
 * chapter (表2-1: the second top-level section's first table), tables in
 * the appendices in their own series (附表1 …, 附图1 …). The number heads
 * the caption, a space before its title: "表3 各地州帮扶措施覆盖情况". A
 * title that already starts with a number (表3, 图2-1, 附表) keeps its
 * text; the number printed is always the one in sequence, with a warning
 * where the hand-written one says otherwise, so the numbers read without
 * gaps or repeats. Continuation pages of a table read "续表3".
 * report.numbering: none (the report preset: titles as written), document
 * (gongwen, bulletin), chapter.
 */

/* Is this top-level section an appendix? Its title says so (附录, 附件,
 * 附表, as report_page_words takes them). */
static int appendix_title(const char *t)
{
	return t && (strncmp(t, "附录", strlen("附录")) == 0 ||
		     strncmp(t, "附件", strlen("附件")) == 0 ||
		     strncmp(t, "附表", strlen("附表")) == 0);
}

int report_number_mode(const struct cfg *cfg)
{
	if (cfg->report.numbering >= 0)
		return cfg->report.numbering;
	return cfg->report.page.preset == CFG_PAGE_REPORT ? CFG_NUMBER_NONE : CFG_NUMBER_DOCUMENT;
}

void report_number_section(struct report_ctx *r, const char *title)
{
	if (r->num_appendix || appendix_title(title)) {
		r->num_appendix = 1; /* what follows an appendix is one too */
		return;
	}
	r->num_chapter++;
	if (r->numbering == CFG_NUMBER_CHAPTER)
		r->num_tables = r->num_figures = 0;
}

/* The number written at the start of title t after the word w (表, 图,
 * 附表): its length in bytes with the spaces after it, the number itself
 * ("3", "2-1", "" for a bare "附表 ") in num. 0 when t does not start
 * with one: "表彰" is a word, not a number. */
static size_t hand_number(const char *t, const char *w, char *num, size_t cap)
{
	size_t n = strlen(w), k = 0, i;

	if (!t || strncmp(t, w, n) != 0)
		return 0;
	i = n;
	while ((t[i] >= '0' && t[i] <= '9') ||
	       ((t[i] == '-' || t[i] == '.') && k > 0 && t[i + 1] >= '0' && t[i + 1] <= '9')) {
		if (k + 1 < cap)
			num[k++] = t[i];
		i++;
	}
	num[k] = '\0';
	/* "表2019年…" names a year, not a table */
	if (k > 0 && (strncmp(t + i, "年", strlen("年")) == 0 || strncmp(t + i, "月", strlen("月")) == 0))
		return 0;
	if (t[i] != ' ' && strncmp(t + i, "\u3000", 3) != 0)
		return k > 0 ? i : 0;
	while (t[i] == ' ' || strncmp(t + i, "\u3000", 3) == 0)
		i += t[i] == ' ' ? 1 : 3;
	return i;
}

/* The caption of a table (fig 0) or figure (fig 1) given as t: its
 * number in sequence, then the title without any hand-written number;
 * *label gets the number alone ("表3"). */
static const char *numbered(struct report_ctx *r, const char *t, int fig, struct src_pos pos,
			    const char **label)
{
	const char *word = fig ? "图" : "表", *apword = fig ? "附图" : "附表", *hand_word = NULL;
	char num[32];
	size_t skip;
	int *count;

	num[0] = '\0';
	if ((skip = hand_number(t, apword, num, sizeof(num))) > 0)
		hand_word = apword;
	else if ((skip = hand_number(t, word, num, sizeof(num))) > 0)
		hand_word = word;
	if (r->num_appendix || hand_word == apword) {
		count = &r->num_appendix_items[fig];
		*label = arena_printf(r->a, "%s%d", apword, ++*count);
	} else {
		count = fig ? &r->num_figures : &r->num_tables;
		++*count;
		*label = r->numbering == CFG_NUMBER_CHAPTER
			? arena_printf(r->a, "%s%d-%d", word, r->num_chapter, *count)
			: arena_printf(r->a, "%s%d", word, *count);
	}
	if (hand_word && num[0]) {
		const char *hand = arena_printf(r->a, "%s%s", hand_word, num);

		if (strcmp(hand, *label) != 0 && pos.line > 0)
			diag_warning(r->d, pos, "the title says '%s' but this is %s in sequence: "
				     "numbered '%s' (report.numbering)", hand, *label, *label);
	}
	t = t ? t + skip : "";
	return *t ? arena_printf(r->a, "%s %s", *label, t) : *label;
}

void report_number_block(struct report_ctx *r, struct report_block *b, struct src_pos pos)
{
	const char *label;

	if (r->numbering == CFG_NUMBER_NONE) {
		/* titles as written; an appendix table's continuation reads
		 * "续附表 …", not "续表 附表 …" */
		if (b->kind == REPORT_TABLE && b->table.title &&
		    strncmp(b->table.title, "附表", strlen("附表")) == 0)
			b->table.cont_title = arena_printf(r->a, "续%s", b->table.title);
		return;
	}
	if (b->kind == REPORT_TABLE) {
		struct report_table *t = &b->table;

		t->title = numbered(r, t->title, 0, pos, &label);
		t->cont_title = arena_printf(r->a, "续%s", label);
		/* GB/T 7713: the note under a table starts 注： */
		if (t->note && *t->note && strncmp(t->note, "注：", strlen("注：")) != 0)
			t->note = arena_printf(r->a, "注：%s", t->note);
	} else if (b->kind == REPORT_CHART) {
		b->chart.caption = numbered(r, b->chart.caption, 1, pos, &label);
	}
}

void report_number_from(struct report_ctx *r, size_t first)
{
	struct src_pos none = {0};
	size_t i, k;

	for (i = first; i < r->nsecs; i++) {
		report_number_section(r, "附录"); /* built after the sections: appendices */
		for (k = 0; k < r->secs[i].nblocks; k++)
			report_number_block(r, &r->secs[i].blocks[k], none);
	}
}

void report_table_notes(struct report_ctx *r, struct report_table *t)
{
	size_t i;
	const char *s = t->note && *t->note ? t->note : "注：";

	for (i = 0; i < r->nnotes; i++)
		s = arena_printf(r->a, "%s%s%s", s, strcmp(s, "注：") == 0 ? "" : " ", r->notes[i]);
	if (r->nnotes > 0)
		t->note = s;
	r->nnotes = 0;
}
