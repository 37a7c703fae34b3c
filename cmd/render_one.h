#ifndef PROGREP_RENDER_ONE_H
#define PROGREP_RENDER_ONE_H

#include "cmd/cmd.h"
#include "render/layout/doc.h"

/*
 * One report from a loaded run: fonts, then layout into a doc. Shared by
 * `progrep render` (cmd_render.c, one report) and the batch run (batch.c,
 * one per region), so neither calls into the other.
 */

struct font;

/* Open the config's body and heading fonts; -1 with the error in d. Close
 * them with render_one_fonts_close (also after a failed open). */
int render_one_fonts_open(const struct cfg *cfg, struct font *fonts[DOC_NFONTS],
			  struct diag *d);
void render_one_fonts_close(struct font *fonts[DOC_NFONTS]);

/* Pass the config's `pdf:` entry (language, standard) to pdf_write, for
 * every PDF written after it (pdf_write_set_options). */
void render_one_pdf_options(const struct cfg *cfg);

/* Build the report model (core/engine/report.h) for region (an index in
 * r->res.reg) and lay it out into doc (doc_init'ed by the caller; the
 * model goes into its arena). A report for a region other than the
 * config's names that region on its cover. Under `pdf: {standard:
 * a-3b}` the doc also gets its attachments (doc->attach): the config and
 * the data files, read and deflated once per process into r's arena (a
 * process runs one config), and the explain trail of region. 0, or -1
 * with errors in d. */
int render_one_layout(const struct run *r, int region, struct font *fonts[DOC_NFONTS],
		      struct doc *doc, struct diag *d);

#endif
