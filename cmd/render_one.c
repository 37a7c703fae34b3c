#include "cmd/render_one.h"

#include "core/engine/report.h"
#include "render/layout/font.h"
#include "render/layout/layout.h"
#include "render/pdf/pdf.h"

void render_one_pdf_options(const struct cfg *cfg)
{
	struct pdf_options o;

	o.lang = cfg->pdf_lang;
	o.standard = cfg->pdf_standard == CFG_PDF_A2B ? PDF_STANDARD_A2B : PDF_STANDARD_NONE;
	o.tagged = cfg->pdf_tagged;
	pdf_write_set_options(&o);
}

int render_one_fonts_open(const struct cfg *cfg, struct font *fonts[DOC_NFONTS],
			  struct diag *d)
{
	fonts[DOC_FONT_BODY] = font_open(cfg->report.font_body, d);
	fonts[DOC_FONT_HEADING] = font_open(cfg->report.font_heading, d);
	return fonts[DOC_FONT_BODY] && fonts[DOC_FONT_HEADING] ? 0 : -1;
}

void render_one_fonts_close(struct font *fonts[DOC_NFONTS])
{
	font_free(fonts[DOC_FONT_BODY]);
	font_free(fonts[DOC_FONT_HEADING]);
	fonts[DOC_FONT_BODY] = fonts[DOC_FONT_HEADING] = NULL;
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
