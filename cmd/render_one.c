#include "cmd/render_one.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/explain.h"
#include "core/engine/report.h"
#include "core/util/arena.h"
#include "render/layout/font.h"
#include "render/layout/layout.h"
#include "render/pdf/pdf.h"
#include "render/pdf/pdf_attach.h"
#include "render/pdf/pdf_deflate.h"

void render_one_pdf_options(const struct cfg *cfg)
{
	struct pdf_options o = {0};

	o.lang = cfg->pdf_lang;
	switch (cfg->pdf_standard) {
	case CFG_PDF_A2B:
		o.standard = PDF_STANDARD_A2B;
		break;
	case CFG_PDF_A1B:
		o.standard = PDF_STANDARD_A1B;
		break;
	case CFG_PDF_A3B:
		o.standard = PDF_STANDARD_A3B;
		break;
	default:
		o.standard = PDF_STANDARD_NONE;
	}
	o.tagged = cfg->pdf_tagged;
	/* PDF/A-1 is PDF 1.4: no object streams, no xref stream */
	o.plain_xref = o.standard == PDF_STANDARD_A1B;
	pdf_write_set_options(&o);
}

/* GB/T 9704 sets the body in 仿宋, but no free 仿宋 with glyf outlines is
 * packaged: offices install their licensed one under one of these names. */
static const char *const fangsong[] = { "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋",
					"STFangsong", NULL };

/* The body font's spec: gongwen without report.fonts.body takes the first
 * 仿宋 installed, else says which font stands in, so nobody mistakes the
 * 宋 body for what the standard asks. */
static const char *body_spec(const struct cfg *cfg, struct diag *d)
{
	const struct src_pos nopos = {0};
	int i;

	if (cfg->report.page.preset != CFG_PAGE_GONGWEN || cfg->report.font_body_given)
		return cfg->report.font_body;
	for (i = 0; fangsong[i]; i++)
		if (font_family_installed(fangsong[i]))
			return fangsong[i];
	diag_warning(d, nopos,
		     "font role 'body' (仿宋): no 仿宋 font installed (FangSong_GB2312, "
		     "仿宋_GB2312, FangSong), using '%s'; set report.fonts.body to a licensed "
		     "仿宋 by family name or file",
		     cfg->report.font_body);
	return cfg->report.font_body;
}

/* The latin role: gongwen and bulletin set Latin letters and digits in
 * it; without report.fonts.latin and without the default face installed
 * they stay in the Chinese faces, with a warning naming the package. */
static struct font *latin_open(const struct cfg *cfg, struct font *body, struct diag *d)
{
	const struct src_pos nopos = {0};

	if (cfg->report.page.preset != CFG_PAGE_GONGWEN &&
	    cfg->report.page.preset != CFG_PAGE_BULLETIN)
		return body;
	if (!cfg->report.font_latin_given && !font_family_installed(cfg->report.font_latin)) {
		diag_warning(d, nopos,
			     "font role 'latin': '%s' is not installed (Debian: fonts-liberation2), "
			     "digits and Latin letters use the body font; set report.fonts.latin "
			     "to a TrueType face by family name or file",
			     cfg->report.font_latin);
		return body;
	}
	return font_open(cfg->report.font_latin, d);
}

int render_one_fonts_open(const struct cfg *cfg, struct font *fonts[DOC_NFONTS],
			  struct diag *d)
{
	int i;

	fonts[DOC_FONT_BODY] = font_open(body_spec(cfg, d), d);
	fonts[DOC_FONT_HEADING] = font_open(cfg->report.font_heading, d);
	/* Only gongwen sets text in the title and kai roles: the other
	 * presets open nothing more and leave them to the two fonts. */
	if (cfg->report.page.preset == CFG_PAGE_GONGWEN) {
		fonts[DOC_FONT_TITLE] = font_open(cfg->report.font_title, d);
		fonts[DOC_FONT_KAI] = font_open(cfg->report.font_kai, d);
	} else {
		fonts[DOC_FONT_TITLE] = fonts[DOC_FONT_HEADING];
		fonts[DOC_FONT_KAI] = fonts[DOC_FONT_BODY];
	}
	fonts[DOC_FONT_LATIN] = fonts[DOC_FONT_BODY] ? latin_open(cfg, fonts[DOC_FONT_BODY], d) : NULL;
	for (i = 0; i < DOC_NFONTS; i++)
		if (!fonts[i])
			return -1;
	return 0;
}

void render_one_fonts_close(struct font *fonts[DOC_NFONTS])
{
	int i, j;

	/* roles may share one opened font: free each once */
	for (i = 0; i < DOC_NFONTS; i++) {
		for (j = 0; j < i && fonts[j] != fonts[i]; j++)
			;
		if (j == i)
			font_free(fonts[i]);
	}
	for (i = 0; i < DOC_NFONTS; i++)
		fonts[i] = NULL;
}

/* The files every report of a run carries under PDF/A-3: the config and
 * the data files its sources read, read once into the run's arena. */
static struct {
	const struct cfg *cfg; /* whose files these are, NULL: none read */
	struct doc_attachment *files;
	const char **paths; /* of each file, as read */
	size_t n;
} shared;

/* printf into the arena */
static const char *afmt(struct arena *a, const char *fmt, const char *x, const char *y)
{
	int n = snprintf(NULL, 0, fmt, x, y);
	char *s = arena_alloc(a, (size_t)n + 1);

	snprintf(s, (size_t)n + 1, fmt, x, y);
	return s;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int name_taken(const char *name)
{
	size_t i;

	for (i = 0; i < shared.n; i++)
		if (strcmp(shared.files[i].name, name) == 0)
			return 1;
	return 0;
}

/* Add the file at path as an attachment, unless it is one already (two
 * sources reading one file); its name in the PDF is its base name, with
 * "2-", "3-"... before it when another file has that name. */
static int add_file(const struct run *r, const char *path, const char *mime, const char *desc,
		    struct diag *d)
{
	struct doc_attachment *a;
	const char *name = base_name(path);
	unsigned char *buf;
	size_t i, len, got, room;
	char num[16];
	int k = 1;
	FILE *f;
	long size;

	for (i = 0; i < shared.n; i++)
		if (strcmp(shared.paths[i], path) == 0)
			return 0;
	while (name_taken(name)) {
		snprintf(num, sizeof(num), "%d", ++k);
		name = afmt(r->arena, "%s-%s", num, base_name(path));
	}
	if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		int e = errno;

		if (f)
			fclose(f);
		return diag_error(d, (struct src_pos){0}, "cannot attach '%s' to the PDF: %s", path,
				  strerror(e));
	}
	len = (size_t)size;
	buf = arena_alloc(r->arena, len ? len : 1);
	got = fread(buf, 1, len, f);
	fclose(f);
	if (got != len)
		return diag_error(d, (struct src_pos){0},
				  "cannot attach '%s' to the PDF: it changed while read", path);
	shared.paths[shared.n] = path;
	a = &shared.files[shared.n++];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->mime = mime;
	a->desc = desc;
	a->derived = 0;
	a->bytes = buf;
	a->len = len;
	/* deflated once here, not by the writer for every report */
	room = pdf_deflate_bound(PDF_ATTACH_LEVEL, len);
	a->z = arena_alloc(r->arena, room);
	a->zlen = pdf_deflate(buf, len, PDF_ATTACH_LEVEL, (unsigned char *)a->z, room);
	if (a->zlen == 0)
		a->z = NULL; /* the writer tries again */
	return 0;
}

/* The config and the data files, once per run. A PostgreSQL source has
 * no file: its figures are in the explain trail (docs/config.md). */
static int shared_files(const struct run *r, struct diag *d)
{
	const struct cfg *cfg = &r->cfg;
	size_t i, cap = cfg->nsources + 2;

	if (shared.cfg == cfg)
		return 0;
	shared.cfg = NULL;
	shared.n = 0;
	shared.files = arena_zalloc(r->arena, cap * sizeof(*shared.files));
	shared.paths = arena_zalloc(r->arena, cap * sizeof(*shared.paths));
	if (add_file(r, cfg->file, "application/yaml", "报告配置 (the report's config)", d) != 0 ||
	    (cfg->regions_path &&
	     add_file(r, cfg->regions_path, "text/csv", "地区表 (data.regions)", d) != 0))
		return -1;
	for (i = 0; i < cfg->nsources; i++) {
		const struct cfg_source *s = &cfg->sources[i];
		const char *mime;

		switch (s->kind) {
		case SRC_CSV:
			mime = "text/csv";
			break;
		case SRC_XLSX:
			mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
			break;
		case SRC_SQLITE:
			mime = "application/vnd.sqlite3";
			break;
		default:
			continue;
		}
		if (add_file(r, s->resolved, mime,
			     afmt(r->arena, "数据 (data.sources %s%s)", s->type,
				  s->title ? afmt(r->arena, ": %s%s", s->title, "") : ""),
			     d) != 0)
			return -1;
	}
	shared.cfg = cfg;
	return 0;
}

/* The explain trail of the report's figures: `progrep explain` of every
 * indicator at the report's region and period, one text file. */
static int explain_trail(const struct run *r, int region, struct doc *doc,
			 struct doc_attachment *a, struct diag *d)
{
	const struct results *res = &r->res;
	struct explain_node **roots;
	char per[16], *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return diag_error(d, (struct src_pos){0}, "cannot make the explain trail: %s",
				  strerror(errno));
	period_format(period_at(&res->axis, res->report_period), per, sizeof(per));
	fprintf(f, "progrep explain: every indicator at %s %s, %s\n", res->reg->code[region],
		res->reg->name[region], per);
	roots = arena_alloc(doc->arena, (r->cfg.nind + 1) * sizeof(*roots));
	explain_build_all(res, region, res->report_period, doc->arena, d, roots);
	for (i = 0; i < r->cfg.nind; i++) {
		fprintf(f, "\n%s (%s)\n", r->cfg.ind[i].name, r->cfg.ind[i].id);
		explain_print(f, res, roots[i]);
	}
	if (fclose(f) != 0) {
		free(text);
		return diag_error(d, (struct src_pos){0}, "cannot make the explain trail: %s",
				  strerror(errno));
	}
	memset(a, 0, sizeof(*a));
	a->name = afmt(doc->arena, "explain-%s%s.txt", res->reg->code[region], "");
	a->mime = "text/plain";
	a->desc = "指标计算过程 (progrep explain of every indicator)";
	a->derived = 1;
	a->bytes = memcpy(arena_alloc(doc->arena, len ? len : 1), text, len);
	a->len = len;
	free(text);
	return 0;
}

/* PDF/A-3: the doc carries the config, the data and the explain trail. */
static int attach(const struct run *r, int region, struct doc *doc, struct diag *d)
{
	struct doc_attachment *all;

	if (shared_files(r, d) != 0)
		return -1;
	all = arena_alloc(doc->arena, (shared.n + 1) * sizeof(*all));
	memcpy(all, shared.files, shared.n * sizeof(*all));
	if (explain_trail(r, region, doc, &all[shared.n], d) != 0)
		return -1;
	doc->attach = all;
	doc->nattach = shared.n + 1;
	return 0;
}

int render_one_layout(const struct run *r, int region, struct font *fonts[DOC_NFONTS],
		      struct doc *doc, struct diag *d)
{
	struct results res = r->res;
	struct report rep;

	/* the model goes into the doc's arena: freed with the doc */
	res.report_region = region;
	if (report_build(&r->cfg, &res, doc->arena, d, &rep) < 0 ||
	    layout_report(&rep, fonts, doc, d) < 0)
		return -1;
	return r->cfg.pdf_standard == CFG_PDF_A3B ? attach(r, region, doc, d) : 0;
}
