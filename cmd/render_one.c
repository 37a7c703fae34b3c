#include "cmd/render_one.h"

#include "core/engine/report.h"
#include "render/layout/font.h"
#include "render/layout/layout.h"
#include "render/pdf/pdf.h"

void render_one_pdf_options(const struct cfg *cfg)
{
	struct pdf_options o = {0};

	o.lang = cfg->pdf_lang;
	o.standard = cfg->pdf_standard == CFG_PDF_A2B ? PDF_STANDARD_A2B : PDF_STANDARD_NONE;
	o.tagged = cfg->pdf_tagged;
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

int render_one_layout(const struct run *r, int region, struct font *fonts[DOC_NFONTS],
		      struct doc *doc, struct diag *d)
{
	struct results res = r->res;
	struct report rep;

	/* the model goes into the doc's arena: freed with the doc */
	res.report_region = region;
	if (report_build(&r->cfg, &res, doc->arena, d, &rep) < 0)
		return -1;
	return layout_report(&rep, fonts, doc, d);
}
