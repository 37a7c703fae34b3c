#ifndef PROGREP_REPORT_H
#define PROGREP_REPORT_H

#include <stddef.h>

struct arena;
struct cfg;
struct diag;
struct results;
struct regions;

/*
 * The report model: every word, figure, cell and chart value of one report,
 * final, between the engine and the renderers (HACKING.md, "The pipeline
 * in one picture"; cmark's AST between its parser and its renderers).
 * report_build() settles formulas, formatting (units, 万/亿, decimals,
 * 个百分点), conditions, sorting and wording; a renderer only places what
 * it finds here and never reads the config or the results. This header
 * includes nothing from core on purpose, so render/ depends on it alone.
 *
 * Ownership: every string and array reachable from a struct report lives in
 * the arena given to report_build(), or is borrowed from the config, the
 * region table or static text: the config and the results must outlive the
 * model. Nothing is freed on its own. All counts may be 0.
 */

/* A status class: how far a figure is from its target. A renderer picks
 * the colours; the words are in struct report.status_label. */
enum report_status {
	REPORT_STATUS_NONE = -1,
	REPORT_STATUS_OFF_TRACK = 0,
	REPORT_STATUS_AT_RISK = 1,
	REPORT_STATUS_ON_TRACK = 2
};

/* DECIMAL: figures aligned on their decimal point (an integer's end
 * where the point would be), other texts right-aligned. */
enum report_align { REPORT_ALIGN_LEFT, REPORT_ALIGN_RIGHT, REPORT_ALIGN_CENTER,
		    REPORT_ALIGN_DECIMAL };

/* A break opportunity in a header cell (U+200B ZERO WIDTH SPACE): a
 * header wraps only there, before （, after ）, / or 、, at a space and
 * after a year ("2013年"), never inside a word; it is not printed. */
#define REPORT_HEAD_BREAK "\xe2\x80\x8b"

/* A body row of a table grouped by parent (report_group.c): a header row
 * with the parent's name (its other cells empty), or a 小计 row. */
enum report_row_kind { REPORT_ROW_PLAIN, REPORT_ROW_GROUP, REPORT_ROW_SUBTOTAL };

/* A table: header rows, then body rows; cells row-major, never NULL. */
struct report_table {
	const char *title;       /* caption, or NULL */
	const char *note;        /* text under the table, or NULL */
	const char *cont_title;  /* caption on continuation pages ("续表3"), or
				    NULL: "续表 " + title */
	size_t ncols;
	size_t nhead;            /* header rows */
	size_t nrows;            /* all rows, header rows included */
	const char **cells;      /* nrows * ncols final texts */
	int *status;             /* nrows * ncols enum report_status, or NULL (none) */
	enum report_align *align; /* per column, for body rows */
	int total;               /* the first body row is a total row */
	/* table orientation: AUTO, a landscape page when the columns do not
	 * fit the portrait type area; PORTRAIT never; LANDSCAPE always */
	enum { REPORT_ORIENT_AUTO, REPORT_PORTRAIT, REPORT_LANDSCAPE } orientation;
	const char *unit_line;   /* "单位：万人" above the table at its right, or NULL */
	const double *width;     /* per column in points, 0 as the layout finds; or NULL */
	/* per column: 1, its body cells never wrap (a region's name, a
	 * period: "65 新疆维吾尔自治区" is not set as 新疆/维吾/尔自/治区 to
	 * save a line of the long text beside it), when the table fits so;
	 * or NULL */
	const unsigned char *whole;
	int head_words;          /* headers wrap only at REPORT_HEAD_BREAK and the
				    places it names, never inside a word */
	/* per row (nrows), enum report_row_kind; NULL: every row plain */
	const unsigned char *row_kind;
	/* report.words: more words a header wraps between (besides the
	 * layout's own lexicon of table words), borrowed from the config */
	const char *const *words;
	size_t nwords;
	/* where the table is in the config, for a warning when a header
	 * has to be broken inside a word (file NULL: unknown) */
	const char *pos_file;
	int pos_line, pos_col;
};

/* A row of headline figures. */
struct report_kpi {
	size_t n;
	const char **figures;    /* "16.58万人", or "—" when missing */
	const char **labels;     /* the indicators' names */
};

enum report_chart_kind { REPORT_CHART_LINE, REPORT_CHART_BAR, REPORT_CHART_PROGRESS };

/* No chart text is smaller than this at print size (points). A row of
 * horizontal bars then needs at least REPORT_CHART_ROW_MIN(ns) points for
 * ns series (each bar as thick as its figure, or a name of two lines of
 * 8.5 pt, whichever is more); report_chart.c cuts a chart to the rows a
 * page holds at that, and render/chart/chart_hbar.c never goes below it. */
#define REPORT_CHART_MIN_TEXT 8.0
#define REPORT_CHART_ROW_MIN(ns)                                                              \
	((REPORT_CHART_MIN_TEXT + 1) * (double)(ns) + 1 > 2 * 8.5 * 1.2 + 1                      \
		 ? (REPORT_CHART_MIN_TEXT + 1) * (double)(ns) + 1                                 \
		 : 2 * 8.5 * 1.2 + 1)

/* One series over the chart's categories: values in the DISPLAY unit
 * (divided by 10^scale for 万 and 亿), NaN where missing; labels are the
 * figures as the tables round them, without the unit (NULL where missing). */
struct report_series {
	const char *name;
	const double *v;         /* ncats */
	const char **labels;     /* ncats */
};

/* An extra legend entry for the status colours shown. */
struct report_key {
	const char *name;
	int status;              /* enum report_status */
};

/* One progress bar toward a target. */
struct report_progress_row {
	const char *label;       /* the indicator's name */
	double progress;         /* percent, NaN when unknown */
	const char *figure;      /* "94.6%", or NULL */
	int status;              /* enum report_status */
	const char *detail;      /* "2013年 308.90万人 → 2019年 ...", or NULL */
};

struct report_chart {
	enum report_chart_kind kind;
	const char *caption;     /* under the chart, or NULL */
	const char *axis_title;  /* value axis, or NULL */
	const char *empty_note;  /* shown instead of a chart without data */
	size_t ncats;            /* line: periods; bar: regions */
	const char **cats;
	size_t nseries;
	const struct report_series *series;
	const int *cat_status;   /* bar: status of each category of series 0, or NULL */
	const struct report_key *keys;
	size_t nkeys;
	int horizontal;          /* bar: 1, 0, or -1 automatic */
	int has_target;          /* line: a target line at target (display unit) */
	double target;
	const char *target_label; /* "2020年目标：0%" */
	const struct report_progress_row *rows; /* REPORT_CHART_PROGRESS */
	size_t nrows;
	const char *status_label[3]; /* progress: the words, by enum report_status */
	int mono;                /* black and grey only, for print (gongwen, bulletin) */
	int cut;                 /* bar: bars beyond a top N were left out */
};

enum report_block_kind {
	REPORT_PARAGRAPH,
	REPORT_TABLE,
	REPORT_CHART,
	REPORT_KPI,
	REPORT_PAGEBREAK
};

struct report_block {
	enum report_block_kind kind;
	const char *text;            /* REPORT_PARAGRAPH: templates expanded */
	/* REPORT_PARAGRAPH: footnotes, each starting with its mark ("① ..."),
	 * the mark also following the figure in text: laid out right under
	 * the paragraph, so they share its (last) page. */
	const char **notes;
	size_t nnotes;
	struct report_table table;   /* REPORT_TABLE */
	struct report_chart chart;   /* REPORT_CHART */
	struct report_kpi kpi;       /* REPORT_KPI */
};

/* Sections in reading order: a config section repeated with `each:` gives
 * one per region, and subsections follow their parent's blocks (pre-order). */
struct report_section {
	const char *title;       /* heading, or NULL for none */
	int level;               /* 0 for a top section, 1 below it, ... */
	int toc;                 /* the heading has a TOC line and an outline entry */
	int new_page;            /* starts on a new page (the appendices) */
	struct report_block *blocks;
	size_t nblocks;
};

/* The page geometry and type sizes, all in points, from the config's
 * report.page preset and overrides (core/engine/report_page.c; the numbers
 * and their standards in docs/config.md, "Page presets"). */
enum report_footer {
	REPORT_FOOTER_PAGE_OF,   /* "第 N 页 / 共 M 页" centred, counted from the cover */
	REPORT_FOOTER_GONGWEN,   /* "— N —" outside, from the first body page on */
	REPORT_FOOTER_NONE
};

struct report_page {
	const char *preset;      /* "report", "gongwen", "bulletin" */
	double margin_top, margin_bottom, margin_left, margin_right;
	double body_size;
	double line_pitch;       /* body line to body line */
	double para_space;       /* after a body paragraph */
	int chars_per_line;      /* 0: the font's own advance; else body text is
				    set to this many characters a line */
	double cover_title_size, title_size; /* on the cover, heading page 1 */
	double heading_size[3];  /* by level (deeper levels as the last) */
	int header;              /* the running header */
	enum report_footer footer;
	double footer_size;
	double footer_gap;       /* GONGWEN: type area bottom to the footer's top */
	int kpi_boxes;           /* 0: REPORT_KPI blocks became paragraphs */
	int three_line;          /* tables ruled top, under the header, bottom only */
	/* GB/T 9704 faces and numbers: the title in the title role, headings
	 * 一、 in heading (黑体), （一） in kai (楷体), 1. and （1） in body */
	int gb_headings;
	double table_size;       /* type size of table cells */
	double table_pad;        /* a cell's least room left and right of its text */
	/* Headings set bold (synthesised when the face has none), a bit per
	 * level: gongwen's 1. (level 2) */
	unsigned heading_bold;
	int squeeze;             /* adjacent full-width punctuation takes 1.5 em */
	int latin;               /* Latin letters and digits in the latin role */
};

struct report {
	const char *title;       /* expanded; "" when the config has none */
	const char *doc_title;   /* the PDF's Title: names the region of a burst report */
	const char *subtitle;    /* expanded, or NULL */
	const char *office;      /* or NULL */
	int cover;               /* a cover page; else the title heads page 1 */
	/* On the cover, NULL when not shown: the region of a burst report when
	 * the titles do not name it, and the report period unless the
	 * subtitle already says it. */
	const char *cover_region;
	const char *cover_period; /* "2019年" */
	const char *date;        /* "2020年4月24日", or NULL when there is no date */
	const char *pdf_date;    /* "D:20200424000000", or NULL */
	const char *author;      /* document information; NULL when absent */
	const char *subject;
	const char *keywords;
	const char *font_body;   /* font family or file, never NULL */
	const char *font_heading;
	const char *font_title;  /* 小标宋 and 楷体 roles: used by gongwen */
	const char *font_kai;
	const char *font_latin;  /* proportional Latin face: gongwen, bulletin */
	/* 落款 (GB/T 9704 7.3.5) after the text: NULL when none */
	const char *signoff_office;
	const char *signoff_date; /* "2020年4月30日" */
	/* 版记 (7.5) at the foot of the last even page: issuer NULL when none */
	const char *banji_cc;     /* "抄送：A，B。", or NULL */
	const char *banji_issuer; /* 印发机关 */
	const char *banji_issued; /* "2020年4月30日印发" */
	struct report_page page;
	int toc;                 /* a table of contents is asked for */
	size_t ntoc;             /* sections whose heading has toc set */
	const char *status_label[3]; /* by enum report_status: 进度滞后 ... */
	struct report_section *sections;
	size_t nsections;
};

/*
 * Build the report of cfg at res->report_region and res->report_period.
 * The appendices (数据质量说明) use res->findings when the checks have run,
 * else run them quietly. The date is the config's report.date, else
 * SOURCE_DATE_EPOCH (never the clock). Everything goes into a. Returns 0,
 * or -1 with errors (file:line:col) in d; *out is then not to be used.
 */
int report_build(const struct cfg *cfg, const struct results *res, struct arena *a,
		 struct diag *d, struct report *out);

/*
 * May cfg be rendered for region (an index into rg)? 0 when its level is
 * in report.levels (or none are declared); when not, -1 with an error at
 * report.levels, or with report.other_levels: omit 0 and a warning. Called
 * by report_build, and by a batch once before it starts. Messages in a.
 */
int report_levels_check(const struct cfg *cfg, const struct regions *rg, int region,
			struct arena *a, struct diag *d);

#endif
