/*
 * The page presets (docs/config.md, "Page presets"): named sets of page
 * geometry and type sizes, with the config's single values over them, and
 * what a preset changes in the words of the model (bulletin: headline
 * figures as a sentence, no status colours).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/config/config.h"
#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/strbuf.h"

#define MM_PT (72.0 / 25.4)
/* Tables of gongwen and bulletin: 五号 (10.5 pt), as 统计公报 set them (a
 * 3号 body size would fit four columns in 156 mm), with half a character
 * of room left and right of every cell's text. */
#define TABLE_SIZE_OFFICIAL 10.5

/* Today's look; these values are what render/layout/layout.h had as
 * constants, written the same way so the output stays the same bytes. */
static const struct report_page page_report = {
	"report", 72.0, 72.0, 64.0, 64.0, 11.0, 11.0 * 1.6, 11.0 * 0.4, 0, 26.0, 18.0,
	{ 16.0, 14.0, 12.0 }, 1, REPORT_FOOTER_PAGE_OF, 9.0, 30.0, 1, 0, 0, 9.0, 4.0, 0, 0, 0
};

/* GB/T 9704-2012 党政机关公文格式: A4, 天头 37 mm, 订口 28 mm, 版心
 * 156 x 225 mm (so 35 mm below, 26 mm right); 3号 (16 pt) body in 22 lines
 * of 28 characters; 2号 (22 pt) title; page numbers in 4号 (14 pt), their
 * top 7 mm below the type area; 1. headings bold; punctuation squeezed
 * (标点挤压); digits and Latin letters in a proportional face (Times
 * metrics, as 公文 set them). A 公文 is black: headline figures as a
 * sentence and no status colours, as in bulletin. */
static const struct report_page page_gongwen = {
	"gongwen", 37 * MM_PT, 35 * MM_PT, 28 * MM_PT, 26 * MM_PT, 16.0, 225 * MM_PT / 22, 0,
	28, 22.0, 22.0, { 16.0, 16.0, 16.0 }, 0, REPORT_FOOTER_GONGWEN, 14.0, 7 * MM_PT, 0, 1, 1,
	TABLE_SIZE_OFFICIAL, TABLE_SIZE_OFFICIAL / 2, 1u << 2, 1, 1
};

/* 统计公报: today's geometry, black text, plain headline figures,
 * three-line tables, squeezed punctuation and proportional digits. */
/* kpi_boxes 0 also means black text: statistics offices print no status
 * colours. */
static const struct report_page page_bulletin = {
	"bulletin", 72.0, 72.0, 64.0, 64.0, 11.0, 11.0 * 1.6, 11.0 * 0.4, 0, 26.0, 18.0,
	{ 16.0, 14.0, 12.0 }, 1, REPORT_FOOTER_PAGE_OF, 9.0, 30.0, 0, 1, 0,
	TABLE_SIZE_OFFICIAL, TABLE_SIZE_OFFICIAL / 2, 0, 1, 1
};

#define A4_WIDTH 595.276

static void set_if(double *dst, double v)
{
	if (!isnan(v))
		*dst = v;
}

void report_page_fill(const struct cfg_page *c, struct report_page *out)
{
	const struct report_page *base = c->preset == CFG_PAGE_GONGWEN    ? &page_gongwen
					 : c->preset == CFG_PAGE_BULLETIN ? &page_bulletin
									  : &page_report;
	double w;

	*out = *base;
	set_if(&out->margin_top, c->margin_top);
	set_if(&out->margin_bottom, c->margin_bottom);
	set_if(&out->margin_left, c->margin_left);
	set_if(&out->margin_right, c->margin_right);
	/* A new body size keeps the preset's proportion of pitch to size. */
	if (!isnan(c->body_size)) {
		out->line_pitch *= c->body_size / base->body_size;
		out->para_space *= c->body_size / base->body_size;
		out->body_size = c->body_size;
	}
	set_if(&out->line_pitch, c->line_pitch);
	if (c->header >= 0)
		out->header = c->header;
	if (c->footer >= 0)
		out->footer = c->footer == CFG_FOOTER_GONGWEN ? REPORT_FOOTER_GONGWEN
			      : c->footer == CFG_FOOTER_NONE  ? REPORT_FOOTER_NONE
							      : REPORT_FOOTER_PAGE_OF;
	/* On a character grid, as many whole characters as nearly fill the
	 * type area: the standard's 28 for 156 mm at 3号. */
	w = A4_WIDTH - out->margin_left - out->margin_right;
	if (out->chars_per_line)
		out->chars_per_line = (int)floor(w / out->body_size + 0.5);
}

/* "主要指标：A为x，B为y。": the figures of a KPI row as a sentence, the
 * missing ones left out (as sentences with missing figures are). NULL when
 * none is known. */
static const char *kpi_sentence(struct arena *a, const struct report_kpi *k)
{
	struct strbuf sb = { 0 };
	const char *out = NULL;
	size_t i, n = 0;

	strbuf_adds(&sb, "主要指标：");
	for (i = 0; i < k->n; i++) {
		if (!k->figures[i] || strcmp(k->figures[i], "—") == 0)
			continue;
		if (n++)
			strbuf_adds(&sb, "，");
		strbuf_adds(&sb, k->labels[i]);
		strbuf_adds(&sb, "为");
		strbuf_adds(&sb, k->figures[i]);
	}
	strbuf_adds(&sb, "。");
	if (n)
		out = arena_strdup(a, sb.s);
	strbuf_release(&sb);
	return out;
}

/* The block as a bulletin prints it; 0 when it goes (a KPI row with no
 * known figure). */
static int plain_block(struct arena *a, struct report_block *b)
{
	if (b->kind == REPORT_TABLE)
		b->table.status = NULL;
	if (b->kind != REPORT_KPI)
		return 1;
	b->text = kpi_sentence(a, &b->kpi);
	b->kind = REPORT_PARAGRAPH;
	b->notes = NULL;
	b->nnotes = 0;
	return b->text != NULL;
}

/* Chinese numeral for 1..99: 一, 十, 十一, 二十一. */
static void cn_numeral(struct strbuf *sb, int n)
{
	static const char *const d[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

	if (n >= 20)
		strbuf_adds(sb, d[n / 10 % 10]);
	if (n >= 10)
		strbuf_adds(sb, "十");
	strbuf_adds(sb, d[n % 10]);
}

/* Does the title already carry a number (一、 （一） 1. （1）)? */
static int numbered(const char *t)
{
	static const char *const lead[] = { "一", "二", "三", "四", "五", "六", "七", "八",
					    "九", "十", "（", "(", NULL };
	int i;

	if (*t >= '0' && *t <= '9')
		return 1;
	for (i = 0; lead[i]; i++)
		if (strncmp(t, lead[i], strlen(lead[i])) == 0)
			return i < 10 ? strstr(t, "、") != NULL && strstr(t, "、") - t <= 9 : 1;
	return 0;
}

/* The number GB/T 9704 gives heading n (from 1) at level. */
static const char *heading_number(struct strbuf *sb, int level, int n)
{
	char num[16];

	strbuf_reset(sb);
	snprintf(num, sizeof(num), "%d", n);
	if (level == 0)
		cn_numeral(sb, n), strbuf_adds(sb, "、");
	else if (level == 1)
		strbuf_adds(sb, "（"), cn_numeral(sb, n), strbuf_adds(sb, "）");
	else if (level == 2)
		strbuf_adds(sb, num), strbuf_adds(sb, ".");
	else
		strbuf_adds(sb, "（"), strbuf_adds(sb, num), strbuf_adds(sb, "）");
	return sb->s;
}

/* gongwen numbers the headings the config left unnumbered, counting every
 * heading of a level under its parent, so hand-numbered and unnumbered
 * titles mix. Appendices (sections on a new page, or titled 附录, 附件,
 * 附表 …) and what is under them keep their titles: they are not 一、 items
 * of the text. */
static void number_headings(struct report *rep, struct arena *a)
{
	int count[4] = { 0, 0, 0, 0 }, skip = 0;
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < rep->nsections; i++) {
		struct report_section *s = &rep->sections[i];
		int lv = s->level < 0 ? 0 : s->level > 3 ? 3 : s->level, k;

		if (lv == 0) {
			skip = s->new_page || (s->title && strncmp(s->title, "附", strlen("附")) == 0);
			/* GB/T 9704 8: an appendix (附件) starts on a page of its
			 * own, after the 落款 */
			s->new_page |= skip;
		}
		if (!s->title || skip)
			continue;
		count[lv]++;
		for (k = lv + 1; k < 4; k++)
			count[k] = 0;
		if (numbered(s->title))
			continue;
		heading_number(&sb, lv, count[lv]);
		strbuf_adds(&sb, s->title);
		s->title = arena_strdup(a, sb.s);
	}
	strbuf_release(&sb);
}

void report_page_words(struct report *rep, struct arena *a)
{
	size_t i, k, n;

	if (rep->page.gb_headings)
		number_headings(rep, a);
	if (rep->page.kpi_boxes)
		return;
	for (i = 0; i < rep->nsections; i++) {
		struct report_section *s = &rep->sections[i];

		for (k = n = 0; k < s->nblocks; k++)
			if (plain_block(a, &s->blocks[k]))
				s->blocks[n++] = s->blocks[k];
		s->nblocks = n;
	}
}
