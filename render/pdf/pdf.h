#ifndef PROGREP_PDF_H
#define PROGREP_PDF_H

#include <stddef.h>

#include "core/util/diag.h"
#include "render/layout/doc.h"

struct font;

/*
 * The PDF writer: the only user of libharu. It draws a laid-out doc with
 * fonts embedded as hb-subset subsets (render/layout/font.h says why).
 * A run that writes many PDFs collects the code points of all its docs
 * first, subsets each font ONCE (pdf_fonts_prepare), then writes every doc
 * with the same subsets:
 *
 *	struct pdf_fonts pf;
 *	struct pdf_codepoints *cp = pdf_codepoints_new();
 *	pdf_fonts_init(&pf, body, heading);
 *	for each doc: pdf_codepoints_add(cp, &pf, doc);
 *	pdf_fonts_prepare(&pf, cp, d);
 *	for each doc: pdf_write(doc, &pf, path, d);
 *	pdf_fonts_release(&pf); pdf_codepoints_free(cp);
 *
 * Writing one doc needs none of that: pdf_write subsets for that doc alone
 * when the fonts were not prepared.
 */

struct pdf_embed;

/* The fonts of each doc_font role and, once prepared, their subsets. */
struct pdf_fonts {
	const struct font *font[DOC_NFONTS]; /* borrowed; must outlive this */
	/* Set by pdf_fonts_prepare, released by pdf_fonts_release; roles
	 * with the same font share one (render/pdf/pdf_embed.h): */
	struct pdf_embed *embed[DOC_NFONTS];
	int prepared;
};

/* The role that draws code point cp of text box b: the latin role for
 * Latin letters, digits and ASCII punctuation in a DOC_TEXT_LATIN box
 * (when that font has them), else the box's. */
int pdf_latin_role(const struct pdf_fonts *pf, const struct box *b, unsigned cp);

/* A set of BMP code points per font role. */
struct pdf_codepoints;

/* heading NULL: headings use the body font. Both may be the same font;
 * it is then subset once. */
void pdf_fonts_init(struct pdf_fonts *pf, const struct font *body, const struct font *heading);
/* The same with a font for every role (title and kai default as in
 * pdf_fonts_init: the heading and the body font). */
void pdf_fonts_init_roles(struct pdf_fonts *pf, struct font *const fonts[DOC_NFONTS]);
/* Free the subsets; pf can be prepared again. */
void pdf_fonts_release(struct pdf_fonts *pf);

struct pdf_codepoints *pdf_codepoints_new(void);
void pdf_codepoints_free(struct pdf_codepoints *cp); /* NULL is a no-op */
/* Add the code points doc's text boxes draw, per role, as drawn: one the
 * role's font cannot draw counts as FONT_REPLACEMENT. */
void pdf_codepoints_add(struct pdf_codepoints *cp, const struct pdf_fonts *pf,
			const struct doc *doc);
/* Subset each distinct font to the code points its roles use, in memory,
 * with everything a PDF needs of it made once: the deflated font file, its
 * widths and ToUnicode CMap. Releases an earlier preparation first. 0 or
 * -1 (error in d). */
int pdf_fonts_prepare(struct pdf_fonts *pf, const struct pdf_codepoints *cp, struct diag *d);

/* Write doc as a PDF to path: to a temporary file next to it, synced and
 * renamed into place only when complete, so a failure leaves no file (and
 * an older file at path untouched). Text a font cannot draw is drawn as
 * FONT_REPLACEMENT with a warning (font_sanitize). With prepared fonts,
 * every drawn code point must be in the subsets, else it is an error. The
 * same doc and fonts give byte-identical files: dates come from doc->date
 * only. 0 or -1 (error in d: "cannot write 'path': ..."). */
int pdf_write(const struct doc *doc, const struct pdf_fonts *fonts, const char *path,
	      struct diag *d);

/* Digests for incremental batch runs (render/pdf/pdf_hash.c): pdf_write
 * writes the same bytes for a doc and fonts whose digests are those of an
 * earlier run (same program). pdf_doc_digest covers everything of the doc;
 * pdf_fonts_digest the prepared subsets, the versions of the libraries
 * that write the file and the options in force (pdf_write_set_options). */
#define PDF_DIGEST_LEN 32
void pdf_doc_digest(const struct doc *doc, unsigned char out[PDF_DIGEST_LEN]);
void pdf_fonts_digest(const struct pdf_fonts *pf, unsigned char out[PDF_DIGEST_LEN]);

/* pdf_write, and when it returns 0: sha (65 bytes, may be NULL) gets the
 * sha256 in hex of the bytes written, *bytes (may be NULL) their count,
 * so a caller can verify the file at path against them. */
int pdf_write_hashed(const struct doc *doc, const struct pdf_fonts *fonts, const char *path,
		     struct diag *d, char sha[65], long long *bytes);

/* Whether pdf_write fsyncs each file and its folder before returning (the
 * default, 1). A batch turns it off in its workers and syncs the file
 * system once, before it writes its manifest (cmd/batch.c): one flush
 * instead of two per report, which was a fifth of a batch's time. */
void pdf_write_set_sync(int on);

/* What every PDF pdf_write makes declares beyond its pages: the language
 * of its text (catalog /Lang, a BCP 47 tag such as "zh-CN") and the
 * standard it claims to meet. Every PDF is 1.7 with XMP metadata equal to
 * its document info, a trailer /ID made from its bytes (so equal inputs
 * still give equal files), the title shown by viewers, and printable
 * links; PDF_STANDARD_A2B adds an sRGB output intent and the PDF/A-2b
 * identification (docs/config.md `pdf:`). PDF_STANDARD_A3B is the same
 * with the doc's attachments (struct doc_attachment) embedded as
 * associated files (render/pdf/pdf_attach.h). PDF_STANDARD_A1B is PDF 1.4
 * with the PDF/A-1b identification and a /CIDSet for every font; it never
 * has object or cross-reference streams (a packer must skip it). A doc's
 * attachments are written only under PDF_STANDARD_A3B. */
enum pdf_standard { PDF_STANDARD_NONE, PDF_STANDARD_A2B, PDF_STANDARD_A1B, PDF_STANDARD_A3B };
struct pdf_options {
	const char *lang; /* NULL: "zh-CN"; must outlive the writes */
	enum pdf_standard standard;
	/* a tagged PDF (render/pdf/pdf_struct.h), claiming PDF/UA-1 in its
	 * XMP; the config's default is on (cmd/render_one.c) */
	int tagged;
	/* 0 (the default): objects in object streams and a cross-reference
	 * stream (render/pdf/pdf_pack.h); 1: plain objects and an xref table,
	 * as PDF/A-1 requires (untagged, libharu's file as it wrote it) */
	int plain_xref;
};

/* Set the options of the pdf_write calls that follow (a copy is kept; the
 * strings are not copied). Before any call: zh-CN, no standard, untagged,
 * object streams. A batch
 * sets them once, before its workers start. */
void pdf_write_set_options(const struct pdf_options *o);
/* The options in force (never NULL; lang may be NULL for the default). */
const struct pdf_options *pdf_write_options(void);

#endif
