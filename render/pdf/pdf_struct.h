#ifndef PROGREP_PDF_STRUCT_H
#define PROGREP_PDF_STRUCT_H

#include <hpdf.h>

#include "core/util/strbuf.h"
#include "render/layout/doc.h"
#include "render/pdf/pdf_content.h"
#include "render/pdf/pdf_pack.h"

/*
 * The tagged-PDF structure of a doc (PDF 14.7, 14.8): a structure tree
 * Document > H1 / H2 / P / Table > (Caption) TR > TH / TD / Figure
 * (> Caption) / TOC > TOCI > Link, made from the roles of the doc's boxes
 * as the writer draws them in order, and the marked content that ties
 * each box to its element in the page's content stream; page headers and
 * footers, rules and other decoration are artifacts. The writer
 * (render/pdf/pdf.c) calls pdf_struct_page for each page, pdf_struct_box
 * before drawing each box, pdf_struct_end_page before finishing the
 * page's content, pdf_struct_finish once before saving, and
 * pdf_struct_write on the saved file.
 *
 * The elements are not libharu objects: a sample report has about 2 700
 * of them, and libharu's dictionaries cost more to build and write than
 * the rest of the PDF's objects together. They are kept here as a flat
 * array and written as PDF text straight into the packer's object
 * streams (render/pdf/pdf_pack.h); only the StructTreeRoot is a libharu
 * object (empty, its body set by pdf_struct_write), so the catalog can
 * refer to it. Functions returning HPDF_STATUS return HPDF_OK or
 * libharu's error.
 */
struct pdf_selem;

struct pdf_struct {
	HPDF_Doc pdf;
	HPDF_Dict root;           /* the StructTreeRoot placeholder */
	struct pdf_selem *e;      /* elements; e[0] is the Document */
	size_t n, cap;
	unsigned long *page_obj;  /* each page's object number */
	int *page_mcids;          /* MCIDs used on each page */
	int npages, page;
	int mcid;                 /* the next MCID on this page */
	int open;                 /* 0 none, 1 a tagged sequence, 2 an artifact */
	int leaf;                 /* the element content goes to now, or -1 */
	const char *leaf_alt;     /* its first box's alt (doc.h), or NULL */
	int key_role, key_row, key_col, key_font, key_block;
	double key_y;
	int table, tr, toc;       /* open containers, or -1 */
	int tr_row;
	struct strbuf alt;        /* the open Figure's text */
	int *links;               /* Link elements, by StructParent - npages */
	size_t nlinks, caplinks;
};

/* Start the tree of pdf, a doc of npages pages: StructTreeRoot and its
 * Document element. */
HPDF_STATUS pdf_struct_init(struct pdf_struct *s, HPDF_Doc pdf, int npages);
/* Free what s holds; s zeroed or initialized. */
void pdf_struct_release(struct pdf_struct *s);
/* Page number pageno (0-based, the page's /StructParents) begins. */
HPDF_STATUS pdf_struct_page(struct pdf_struct *s, HPDF_Page page, int pageno);
/* Box b (drawn text as text) is drawn next into c: open the marked
 * content it belongs to. */
HPDF_STATUS pdf_struct_box(struct pdf_struct *s, struct pdf_content *c, const struct box *b,
			   const char *text);
/* annot, a link annotation of this page made for a BOX_LINK, gets a
 * Link element: in the contents line drawn just before it, else in the
 * Document. */
HPDF_STATUS pdf_struct_link(struct pdf_struct *s, HPDF_Dict annot);
/* Close what is open on the page. */
HPDF_STATUS pdf_struct_end_page(struct pdf_struct *s, struct pdf_content *c);
/* /MarkInfo and /StructTreeRoot into catalog. */
HPDF_STATUS pdf_struct_finish(struct pdf_struct *s, HPDF_Dict catalog);
/* The tree as objects of pk, the saved file: the StructTreeRoot's body,
 * the ParentTree and the elements, numbered from pdf_pack_size(pk). 0, or
 * -1 when pk refuses an object (a bug: the root is not where it was). */
int pdf_struct_write(struct pdf_struct *s, struct pdf_pack *pk);

#endif
