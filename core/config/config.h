#ifndef PROGREP_CONFIG_H
#define PROGREP_CONFIG_H

#include <stddef.h>

#include "core/util/diag.h"
#include "core/util/format.h"
#include "core/util/period.h"

struct arena;
struct expr;

/*
 * The report definition, loaded from YAML by cfg_load(). Everything here is
 * allocated in the run's arena and immutable once loaded; later stages take
 * `const struct cfg *`. Every node keeps the position of its YAML node.
 * docs/config.md is the user's reference for every key.
 *
 * Indicator references are resolved to indices into cfg->ind; formulas are
 * parsed (struct expr, core/config/expr.h) and ordered so that cfg->order lists
 * every derived indicator after everything it depends on.
 */

enum rollup {
	ROLLUP_SUM,
	ROLLUP_MEAN,
	ROLLUP_MIN,
	ROLLUP_MAX,
	ROLLUP_LAST,  /* the value of the last child (in region order) that has one */
	ROLLUP_WMEAN, /* mean weighted by another indicator (cfg_indicator.weight) */
	ROLLUP_NONE   /* no rollup: values only where the data gives them */
};

enum direction { DIR_UP = 1, DIR_DOWN = -1 };

struct cfg_target {
	int present;
	double value;          /* in the indicator's base unit (not scaled) */
	struct period by;      /* deadline */
	int has_baseline;
	struct period baseline; /* default: the first period of the data */
	enum direction direction;
	/* Status bands: progress as a share of the progress due by now on a
	 * straight line from baseline to deadline, in percent. At or above
	 * on_track: on track; at or above at_risk: at risk; else off track. */
	double on_track;       /* default 90 */
	double at_risk;        /* default 70 */
	struct src_pos pos;
};

struct cfg_indicator {
	const char *id;
	struct src_pos pos;
	const char *name;       /* display name, e.g. 建档立卡贫困人口 */
	const char *definition; /* optional words for the 指标说明 appendix */
	struct numfmt fmt;      /* unit, scale, decimals, rounding, thousands */
	/* How the report may adapt fmt.scale (compute never does): the scale
	 * was not given (chosen from the figures), given (kept unless a figure
	 * would read as zero), or pinned with `scale_fixed: true`. */
	enum { SCALE_AUTO, SCALE_GIVEN, SCALE_PINNED } scale_mode;
	int is_derived;         /* 1: formula, 0: base data */
	enum rollup rollup;     /* base only */
	int weight;             /* ROLLUP_WMEAN: index of the weight indicator */
	const char *column;     /* base: name in the data; default id */
	const char *formula;    /* derived: text as written */
	struct src_pos formula_pos;
	struct expr *expr;      /* derived: parsed, names resolved */
	struct cfg_target target;
};

enum src_kind { SRC_CSV, SRC_SQLITE, SRC_POSTGRES, SRC_XLSX };

/* The text encoding of a CSV file (core/data/encoding.h). */
enum cfg_encoding { CFG_ENC_AUTO, CFG_ENC_UTF8, CFG_ENC_GB18030 };

/* A file source's table: long (a row per value), wide (a column per
 * indicator) or periods (a column per period: 地区,指标,2012年,2013年). */
enum cfg_layout { CFG_LONG, CFG_WIDE, CFG_PERIODS };

/*
 * One entry of data.sources. Every kind yields rows in long form (region,
 * period, indicator, value) into the same cube; docs/config.md has the keys.
 */
struct cfg_source {
	const char *type;     /* "csv", "sqlite" or "postgres", as written */
	const char *title;    /* what readers know it by (指标说明), or NULL */
	const char *path;     /* csv, sqlite: as written */
	const char *resolved; /* relative to the config file's folder */
	struct src_pos pos;
	enum src_kind kind;
	int wide;             /* csv: format: wide (one column per indicator) */
	enum cfg_layout layout; /* csv, xlsx: format: (wide is CFG_WIDE) */
	enum cfg_encoding encoding; /* csv: encoding:, else data.encoding */
	/* csv, xlsx: the header names of region, period, indicator, value
	 * (columns:), NULL for the default name */
	const char *columns[4];
	const char **missing; /* csv, xlsx: texts that mean a missing value */
	size_t nmissing;
	const char *sheet;    /* xlsx: the sheet's name, NULL: the first */
	int has_range;        /* xlsx: range: A1:K200, 0-based, inclusive */
	int range[4];         /* first column, first row, last column, last row */
	const char *key;      /* wide csv: the column of region codes */
	const char *period_col; /* wide csv: the column of periods, or NULL */
	int has_period;       /* wide csv: one fixed period for every row */
	struct period period;
	const char *query;    /* sqlite, postgres: yields region,period,indicator,value */
	struct src_pos query_pos;
	const char *regions_query; /* sqlite, postgres: yields code,name,parent,level */
	struct src_pos regions_query_pos;
	const char *env;      /* postgres: NAME of the variable holding the conninfo */
	int connect_timeout;  /* postgres: seconds, default 10 */
	int busy_timeout;     /* sqlite: seconds to wait for a writer's lock, default 5 */
	int statement_timeout; /* sqlite, postgres: seconds a query may run, default 300 */
	const char *label;    /* for messages: the path, or "postgres $ENV" */
};

enum check_kind {
	CHECK_SUM_OF_CHILDREN, /* parent equals the rollup of its children */
	CHECK_RANGE,           /* min <= x <= max */
	CHECK_NOT_EXCEED,      /* x <= other */
	CHECK_STATED           /* a stated figure equals the computed one */
};

struct cfg_check {
	const char *id;
	enum check_kind kind;
	struct src_pos pos;
	int severity;          /* DIAG_ERROR or DIAG_WARNING */
	int ind;               /* the indicator checked */
	int other;             /* CHECK_NOT_EXCEED: the bound, else -1 */
	double min, max;       /* CHECK_RANGE: -inf/+inf when absent */
	double tolerance;      /* absolute, in the base unit; default 1e-9 */
	double rel_tolerance;  /* relative; default 0 */
	int level;             /* -1: every level */
	const char *region;    /* CHECK_STATED: region code (default root) */
	int has_period;
	struct period period;  /* CHECK_STATED: period (default report period) */
	double stated;         /* CHECK_STATED: the figure, in the base unit */
	const char *note;      /* free text: where the figure comes from */
	/* CHECK_STATED: what a report prints where the stated figure differs
	 * from the computed one (docs/checks.md): the computed figure with a
	 * footnote giving the stated one (default), the stated figure with a
	 * footnote giving the computed one, or no report at all. */
	enum { STATED_PRINT_COMPUTED, STATED_PRINT_PUBLISHED, STATED_PRINT_FAIL } print;
};

/* Sections and blocks. */

enum block_kind { BLOCK_TEXT, BLOCK_TABLE, BLOCK_CHART, BLOCK_KPI, BLOCK_PAGEBREAK };

enum measure {
	MEASURE_VALUE,
	MEASURE_CHANGE,   /* value - value at `from` (default previous period) */
	MEASURE_GROWTH,   /* (value / value at `from` - 1) * 100 */
	MEASURE_TARGET,   /* the target value */
	MEASURE_PROGRESS, /* percent of the way from baseline to target */
	MEASURE_STATUS    /* on track / at risk / off track */
};

/* A period as written in a section: absolute, or relative to the report
 * period (0 = the report period, -1 = the one before). */
struct cfg_pref {
	int relative; /* 1: offset from the report period */
	int offset;
	struct period abs;
};

/* A text with placeholders: literal runs and {formula[:spec]} pieces. */
struct cfg_piece {
	const char *lit;       /* literal text (NULL for a placeholder) */
	struct expr *expr;     /* placeholder: the formula */
	const char *special;   /* placeholder naming a built-in: "region.name",
				  "region.code", "period", "report.title"... */
	int ind;               /* the indicator whose format is used, or -1 */
	int decimals;          /* from a ":.Nf" spec, or -1 */
	struct src_pos pos;
};

struct cfg_template {
	struct cfg_piece *pieces;
	size_t n;
	const char *text;
};

/* A table cell is (region, indicator, period, measure). Rows fix some of
 * them, columns the rest. */
enum row_kind {
	ROWS_INDICATORS, /* one row per indicator; columns give period/measure */
	ROWS_CHILDREN,   /* one row per child region of the current region */
	ROWS_LEVEL       /* one row per region of `level` within the current one */
};

struct cfg_column {
	const char *title;    /* header text; default from what the column is */
	int ind;              /* -1: taken from the row */
	int has_period;
	struct cfg_pref period; /* default: the report period */
	enum measure measure;
	int has_from;
	struct cfg_pref from; /* for change/growth */
	int decimals;         /* -1: the indicator's */
	double width;         /* points; NaN: as the layout finds */
	int align;            /* enum cfg_align; -1: as the preset */
	struct src_pos pos;
	struct cfg_template title_tpl; /* title with placeholders; n == 0 if none */
};

/* A table column's alignment (`align:`), and where a table's units go
 * (`units:`; -1 in either: as the page preset has it). */
enum cfg_align { CFG_ALIGN_LEFT, CFG_ALIGN_RIGHT, CFG_ALIGN_CENTER, CFG_ALIGN_DECIMAL };
enum cfg_units { CFG_UNITS_CELLS, CFG_UNITS_HEADER, CFG_UNITS_LINE };

struct cfg_table {
	const char *title;
	enum row_kind rows;
	int level;            /* ROWS_LEVEL */
	int *inds;            /* ROWS_INDICATORS */
	size_t ninds;
	struct cfg_column *cols;
	size_t ncols;
	int total;            /* region rows: add the current region as a total row */
	const char *total_label; /* its label; NULL: 合计 */
	int sort_col;         /* region rows: 1-based column to sort by, 0 = none */
	int sort_desc;
	int top;              /* region rows: at most this many, the rest in one
				 row; -1: CFG_TOP_TABLE, 0: all */
	const char *note;     /* text under the table */
	struct cfg_template title_tpl; /* title with placeholders; n == 0 if none */
	struct cfg_template note_tpl;  /* note with placeholders; n == 0 if none */
	/* group_by: 1 parent (rows under a header row per parent region, a
	 * 小计 row after each: report_group.c), 0 none, -1 as the preset
	 * (gongwen, bulletin: appendix tables whose rows span parents) */
	int group_by;
	int orientation;      /* 0 auto, 1 portrait, 2 landscape (REPORT_ORIENT_*) */
	int units;            /* enum cfg_units; -1: as the page preset */
	double label_width;   /* the first (地区/指标) column, points; NaN: auto */
	int label_align;      /* enum cfg_align of the first column; -1: left */
};

enum chart_kind { CHART_LINE, CHART_BAR, CHART_PROGRESS };

struct cfg_chart {
	enum chart_kind kind;
	const char *title;
	int *inds;
	size_t ninds;
	enum row_kind over;   /* bar: ROWS_CHILDREN or ROWS_LEVEL */
	int level;
	int has_from, has_to;
	struct cfg_pref from, to; /* line: the periods shown */
	int horizontal;       /* bar: -1 auto */
	int sort;             /* bar: 0 none, 1 ascending, -1 descending */
	struct src_pos sort_pos; /* the sort key, for the warning when a table's order wins */
	int show_target;      /* line: draw the target line */
	struct cfg_pref *periods; /* bar: grouped by these periods */
	size_t nperiods;
	int top;              /* bar: at most this many bars; -1: CFG_TOP_CHART, 0: all */
	struct cfg_template title_tpl; /* title with placeholders; n == 0 if none */
};

/* Default top-N of region rows and bars: a county's 100-372 villages would
 * be 13-30 pages of rows and bars with labels of 1-4 pt. 30 rows fit one
 * page; 20 bars keep their labels readable. */
#define CFG_TOP_TABLE 30
#define CFG_TOP_CHART 20

/* The report levels a section or block applies to (`levels:`), as level
 * indices; n == 0: those of the enclosing section, or report.levels. */
struct cfg_levels {
	int *v;
	size_t n;
	struct src_pos pos;
};

struct cfg_block {
	enum block_kind kind;
	struct src_pos pos;
	struct cfg_template text; /* BLOCK_TEXT: the wording (the first of alts) */
	/* BLOCK_TEXT given as a list: alternative wordings, the first whose
	 * figures are all present is printed (nalts 0 for one wording). */
	struct cfg_template *alts;
	size_t nalts;
	struct expr *when;        /* BLOCK_TEXT: printed only where this holds, or NULL */
	int has_otherwise;
	struct cfg_template otherwise; /* BLOCK_TEXT: printed where `when` does not hold */
	struct cfg_table table;   /* BLOCK_TABLE */
	struct cfg_chart chart;   /* BLOCK_CHART */
	int *kpis;                /* BLOCK_KPI: indicators */
	size_t nkpis;
	struct cfg_levels levels; /* report levels it is printed for */
};

struct cfg_section {
	struct cfg_template title;
	struct src_pos pos;
	int each;                 /* -1, or a level: repeat for each region of it */
	struct cfg_block *blocks;
	size_t nblocks;
	struct cfg_section *subs;
	size_t nsubs;
	struct cfg_levels levels; /* report levels it is printed for */
};

/* report.page: a named preset (enum cfg_page_preset) and single values
 * that override it; an override not given is NaN (lengths, in points) or
 * -1 (header, footer), so the engine can tell "as the preset" apart. */
enum cfg_page_preset { CFG_PAGE_REPORT, CFG_PAGE_GONGWEN, CFG_PAGE_BULLETIN };
enum cfg_page_footer { CFG_FOOTER_PAGE_OF, CFG_FOOTER_GONGWEN, CFG_FOOTER_NONE };

struct cfg_page {
	int preset;               /* enum cfg_page_preset; default CFG_PAGE_REPORT */
	double margin_top, margin_bottom, margin_left, margin_right;
	double body_size;
	double line_pitch;        /* from one body line's top to the next's */
	int header;               /* the running header: 1, 0, -1 as the preset */
	int footer;               /* enum cfg_page_footer, -1 as the preset */
};

enum cfg_numbering { CFG_NUMBER_NONE, CFG_NUMBER_DOCUMENT, CFG_NUMBER_CHAPTER };

struct cfg_report {
	const char *title;        /* as written; title_tpl holds its placeholders */
	const char *subtitle;
	const char *office;       /* issuing office */
	const char *author;
	const char *subject;
	const char *keywords;
	const char *date;         /* as written, e.g. 2020-04-24 (checked by cfg_load) */
	struct src_pos date_pos;
	const char *region;       /* code of the report's region; NULL = root */
	int has_period;
	struct period period;     /* the report period; default the latest */
	struct src_pos period_pos; /* of report.period, for "not in the data" */
	int toc;                  /* table of contents, default 1 */
	const char *font_body;    /* family name or file; default AR PL UMing CN */
	const char *font_heading; /* default WenQuanYi Zen Hei */
	const char *font_title;   /* 小标宋 role; default AR PL UMing CN */
	const char *font_kai;     /* 楷体 role; default AR PL UKai CN */
	const char *font_latin;   /* Latin letters and digits; default Liberation Serif */
	int font_latin_given;     /* report.fonts.latin was written */
	int font_body_given;      /* report.fonts.body was written */
	/* report.signoff (落款): both set, or both NULL (then an error) */
	const char *signoff_office;
	const char *signoff_date; /* YYYY-MM-DD, checked */
	struct src_pos signoff_date_pos;
	/* report.banji (版记): issuer and issued set when it is given */
	const char **banji_cc;    /* 抄送, in the arena */
	size_t nbanji_cc;
	const char *banji_issuer; /* 印发机关 */
	const char *banji_issued; /* 印发日期, YYYY-MM-DD, checked */
	struct src_pos banji_issued_pos;
	struct cfg_page page;     /* report.page */
	const char **words;       /* report.words: header words, in the arena */
	size_t nwords;
	const char *description;  /* one line for `progrep templates`; not shown in the report */
	int quality_section;      /* 数据质量说明: the checks' findings; default 0 */
	int definitions_appendix; /* 指标说明: every indicator's definition; default 0 */
	int cover;                /* a cover page (default 1); without one the title
				     heads the first page */
	/* report.numbering: 表/图 numbers (core/engine/report_number.c);
	 * -1: as the page preset (report: none, gongwen and bulletin:
	 * document). */
	int numbering;            /* enum cfg_numbering, or -1 */
	/* The levels of region the report is written for (report.levels; n == 0:
	 * every level). Rendered for another level it is refused, unless
	 * other_levels is "omit": then only the sections and blocks whose own
	 * `levels:` name that level are printed, with a warning. */
	struct cfg_levels levels;
	int omit_other_levels;
	struct cfg_template title_tpl;    /* title with placeholders expanded per region */
	struct cfg_template subtitle_tpl;
	/* What a query's $period binds, set by the command line (--period),
	 * not the config: PERIOD_ARG_NONE binds report.period. */
	enum { PERIOD_ARG_NONE, PERIOD_ARG_GIVEN, PERIOD_ARG_LATEST } period_arg;
	struct period period_given; /* PERIOD_ARG_GIVEN */
};

/* pdf.standard: what the PDF claims to meet (render/pdf/pdf.h) */
enum cfg_pdf_standard { CFG_PDF_PLAIN, CFG_PDF_A2B, CFG_PDF_A1B, CFG_PDF_A3B };

struct cfg {
	const char *file;         /* the config path as given */
	const char *dir;          /* its folder, for relative paths */
	struct cfg_report report;
	enum rounding rounding;   /* default for indicators */
	int thousands;
	const char *pdf_lang;     /* pdf.lang, a BCP 47 tag; default zh-CN */
	enum cfg_pdf_standard pdf_standard; /* pdf.standard; default none */
	int pdf_tagged;           /* pdf.tagged: a structure tree; default on */
	const char **levels;      /* names, root level first */
	const char **level_words; /* nlevels: short names for text (区, 地州, 县), or NULL */
	size_t nlevels;
	const char *regions_path; /* resolved; NULL when a source has regions_query */
	struct src_pos regions_pos;
	enum cfg_encoding regions_encoding; /* data.encoding */
	struct cfg_source *sources;
	size_t nsources;
	struct cfg_indicator *ind;
	size_t nind;
	int *order;               /* derived indicators in dependency order */
	size_t norder;
	struct cfg_check *checks;
	size_t nchecks;
	struct cfg_section *sections;
	size_t nsections;
};

/*
 * Load and validate path. All memory comes from a. Every problem found is
 * reported into d (YAML syntax, unknown keys with a suggestion, wrong types,
 * unknown names in formulas, cycles, ...). Returns 0 when d got no error,
 * else -1; on -1 *out is partly filled and must not be used.
 * The config text is registered with d so messages show the source line.
 */
int cfg_load(const char *path, struct cfg *out, struct arena *a, struct diag *d);

/* As cfg_load, from text in memory; name is used in messages and for
 * relative paths. */
int cfg_load_text(const char *name, const char *text, size_t len, struct cfg *out,
		  struct arena *a, struct diag *d);

/* Is s usable as an indicator id, i.e. a formula name: ASCII letters,
 * digits and '_', not starting with a digit, not and/or/not? */
int cfg_valid_id(const char *s);

/* A report date "YYYY-MM-DD" (a real calendar day, year 1000..9999) into
 * ymd[0..2]: 0, or -1 when s is not one. */
int cfg_parse_date(const char *s, int ymd[3]);

/* Index of the indicator with this id, or -1. */
int cfg_find_indicator(const struct cfg *c, const char *id);
/* Index of the level with this name, or -1. */
int cfg_find_level(const struct cfg *c, const char *name);

const char *cfg_rollup_name(enum rollup r);
const char *cfg_measure_name(enum measure m);

#endif
