#ifndef PROGREP_XLSX_INT_H
#define PROGREP_XLSX_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/diag.h"
#include "core/util/strbuf.h"

/* Private to core/data/xlsx*.c: a workbook as read so far. */

#define XLSX_MAX_ENTRIES 10000
#define XLSX_MAX_BYTES ((size_t)512 << 20) /* unpacked, all entries together */
#define XLSX_MAX_DEPTH 64
#define XLSX_MAX_CELLS ((size_t)10 << 20)
#define XLSX_MAX_MERGED ((size_t)1 << 20)  /* cells covered by merges */
#define XLSX_MAX_SHEETS 1000

enum xlsx_part { XP_WORKBOOK, XP_RELS, XP_STYLES, XP_SST, XP_SHEET };
enum xlsx_date { XD_NONE, XD_YEAR, XD_MONTH, XD_DAY };

struct xlsx_cell {
	int row, col;     /* 0-based */
	uint32_t off, len; /* text in xlsx.text */
};

struct xlsx_merge {
	int c0, r0, c1, r1;
};

struct xlsx {
	const char *path;
	struct diag *d;
	int failed;            /* an error was reported: stop */
	enum xlsx_part part;
	int depth;
	int date1904;
	/* workbook: sheet names and relationship ids; rels: the targets */
	char **sheet, **rid;
	size_t nsheet, capsheet;
	const char *want_rid;  /* rels: the id looked for */
	char *target;          /* ... its target */
	/* styles: the date kind of each cell format (xf), of custom formats */
	unsigned char *xf;
	size_t nxf, capxf;
	int in_xfs;
	int *fmt_id;
	unsigned char *fmt_kind;
	size_t nfmt, capfmt;
	/* shared strings: offsets into text */
	uint32_t *sst_off, *sst_len;
	size_t nsst, capsst;
	int in_si, in_rph;
	/* the sheet: cells (text in text), merges */
	struct xlsx_cell *cell;
	size_t ncell, capcell;
	struct xlsx_merge *merge;
	size_t nmerge, capmerge;
	int row, col;          /* the current cell's, running */
	char ctype[12];        /* its t= */
	int cstyle;            /* its s= */
	int has_v, in_t;
	struct strbuf text;    /* every kept text, end to end */
	struct strbuf chars;   /* the character data being collected */
	int collect;
};

/* xlsx_xml.c: the expat handlers of each part, set up on parser p. */
struct XML_ParserStruct;
void xlsx_xml_handlers(struct XML_ParserStruct *p, struct xlsx *x);
/* Report an error about the workbook and stop. Returns -1. */
int xlsx_fail(struct xlsx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keep the text s[0..n) (trimmed of spaces at both ends, line breaks as
 * spaces): its offset in x->text, its length in *len. */
uint32_t xlsx_keep(struct xlsx *x, const char *s, size_t n, uint32_t *len);
/* xls.c: the sheet src->sheet (else the first) of the old Excel file
 * (BIFF, .xls) at x->path into x->cell, through libfreexl; its name in
 * *sheet (in x->sheet). 0, or -1 after an error. */
struct cfg_source;
int xls_read(struct xlsx *x, const struct cfg_source *src, const char **sheet);

#endif
