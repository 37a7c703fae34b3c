#ifndef PROGREP_PDF_STRUCT_H
#define PROGREP_PDF_STRUCT_H

#include <hpdf.h>

#include "core/util/strbuf.h"
#include "render/layout/doc.h"
#include "render/pdf/pdf_content.h"

/*
 * The tagged-PDF structure of a doc (PDF 14.7, 14.8): a structure tree
 * Document > H1 / H2 / P / Caption / Table > TR > TH / TD / Figure /
 * TOC > TOCI, made from the roles of the doc's boxes as the writer draws
 * them in order, and the marked content that ties each box to its element
 * in the page's content stream; page headers and footers, rules and other
 * decoration are artifacts. The writer (render/pdf/pdf.c) calls
 * pdf_struct_page for each page, pdf_struct_box before drawing each box,
 * pdf_struct_end_page before finishing the page's content, and
 * pdf_struct_finish once. Every element is an object of the HPDF_Doc
 * (freed with it); the struct holds no other resource than alt.
 * Functions returning HPDF_STATUS return HPDF_OK or libharu's error.
 */
struct pdf_struct {
	HPDF_Doc pdf;
	HPDF_Dict root, document;
	HPDF_Array doc_kids, nums;
	HPDF_Page page;
	HPDF_Array parents;       /* this page's MCID -> element */
	int mcid;                 /* the next MCID on this page */
	int open;                 /* 0 none, 1 a tagged sequence, 2 an artifact */
	HPDF_Dict leaf;           /* the element content goes to now, or NULL */
	HPDF_Array leaf_kids;
	const char *leaf_tag;
	const char *leaf_alt;     /* the box's alt (doc.h), or NULL */
	int key_role, key_row, key_col, key_font;
	double key_y;
	HPDF_Dict table, tr, toc; /* open containers, or NULL */
	HPDF_Array table_kids, tr_kids, toc_kids;
	int tr_row;
	struct strbuf alt;        /* the open Figure's text */
	HPDF_Dict *links;         /* Link elements, by StructParent - npages */
	size_t nlinks, caplinks;
	int npages;
};

/* Start the tree of pdf, a doc of npages pages: StructTreeRoot and its
 * Document element. */
HPDF_STATUS pdf_struct_init(struct pdf_struct *s, HPDF_Doc pdf, int npages);
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
/* The ParentTree, /MarkInfo and /StructTreeRoot into catalog. */
HPDF_STATUS pdf_struct_finish(struct pdf_struct *s, HPDF_Dict catalog, int npages);

#endif
