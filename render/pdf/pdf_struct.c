#include "render/pdf/pdf_struct.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "render/pdf/pdf_haru.h"

/*
 * Boxes are tied to elements by their role (render/layout/doc.h), the only
 * structure layout records: consecutive boxes of one role (and one table
 * cell, one contents line, one font for titles) on a page are one element,
 * so the lines of a heading or a cell read as one. An element gets one
 * marked-content sequence (one MCID) per stretch of its boxes; artifacts
 * drawn between two lines of it only split the sequence, not the
 * element. Elements never span pages: each names its page (/Pg), and its
 * /K lists its MCIDs on that page.
 */

/* A failed libharu constructor has already reported its error to the
 * doc's handler; this only tells the caller to stop. */
#define FAILED HPDF_FAILD_TO_ALLOC_MEM

HPDF_STATUS pdf_struct_init(struct pdf_struct *s, HPDF_Doc pdf, int npages)
{
	HPDF_Dict pt;

	memset(s, 0, sizeof(*s));
	s->pdf = pdf;
	s->npages = npages;
	s->root = pdf_haru_dict_new(pdf);
	s->document = pdf_haru_dict_new(pdf);
	if (!s->root || !s->document || pdf_haru_add_name(s->root, "Type", "StructTreeRoot") ||
	    pdf_haru_add_dict(s->root, "K", s->document) ||
	    pdf_haru_add_name(s->document, "Type", "StructElem") ||
	    pdf_haru_add_name(s->document, "S", "Document") ||
	    pdf_haru_add_dict(s->document, "P", s->root))
		return FAILED;
	s->doc_kids = pdf_haru_add_new_array(s->document, "K");
	pt = pdf_haru_add_new_dict(s->root, "ParentTree");
	s->nums = pt ? pdf_haru_add_new_array(pt, "Nums") : NULL;
	return s->doc_kids && s->nums ? HPDF_OK : FAILED;
}

void pdf_struct_release(struct pdf_struct *s)
{
	strbuf_release(&s->alt);
	free(s->links);
}

/* A new element tagged tag, the last child of parent (whose /K is kids). */
static HPDF_Dict new_elem(struct pdf_struct *s, HPDF_Dict parent, HPDF_Array kids,
			  const char *tag)
{
	HPDF_Dict e = pdf_haru_dict_new(s->pdf);

	/* No /Type /StructElem: optional (PDF 14.7.2), and on thousands of
	 * table cells it is a tenth of the file. */
	if (!e || pdf_haru_add_name(e, "S", tag) ||
	    pdf_haru_add_dict(e, "P", parent) || pdf_haru_array_add_dict(kids, e))
		return NULL;
	return e;
}

HPDF_STATUS pdf_struct_page(struct pdf_struct *s, HPDF_Page page, int pageno)
{
	s->page = page;
	s->mcid = 0;
	s->open = 0;
	s->leaf = NULL;
	/* /Tabs /S: links are visited in structure order (PDF/UA 7.18.3). */
	if (pdf_haru_add_int(page, "StructParents", pageno) || pdf_haru_add_name(page, "Tabs", "S") ||
	    pdf_haru_array_add_int(s->nums, pageno))
		return FAILED;
	s->parents = pdf_haru_array_add_new_array(s->nums);
	return s->parents ? HPDF_OK : FAILED;
}

/* The tag of a box's element, or NULL for an artifact. */
static const char *tag_of(const struct box *b)
{
	if (b->role == ROLE_PAGE_HEADER || b->role == ROLE_PAGE_FOOTER)
		return NULL;
	if (b->role == ROLE_CHART)
		return "Figure";
	if (b->kind != BOX_TEXT)
		return NULL; /* rules, KPI frames, table lines: decoration */
	switch (b->role) {
	case ROLE_TITLE:
		return b->font == DOC_FONT_HEADING ? "H1" : "P";
	case ROLE_HEADING:
		return "H2";
	case ROLE_CELL:
		return "TD";
	case ROLE_HEADER_CELL:
		return "TH";
	case ROLE_CAPTION:
		return "Caption";
	case ROLE_TOC:
		return "TOCI";
	default:
		return "P";
	}
}

static void close_mark(struct pdf_struct *s, struct pdf_content *c)
{
	if (s->open)
		pdf_content_end_mark(c);
	s->open = 0;
}

/* The open leaf is complete: a Figure gets its text alternative, the
 * the layout made from the report model, else the labels and values the
 * chart shows, in drawing order. */
static HPDF_STATUS end_leaf(struct pdf_struct *s)
{
	HPDF_STATUS st = HPDF_OK;

	if (s->leaf && strcmp(s->leaf_tag, "Figure") == 0)
		st = pdf_haru_add_utf8(s->leaf, "Alt", s->leaf_alt ? s->leaf_alt
						      : s->alt.len ? s->alt.s : "图表");
	strbuf_reset(&s->alt);
	s->leaf = NULL;
	return st;
}

/* Does b continue the open leaf? */
static int same_leaf(const struct pdf_struct *s, const struct box *b, const char *tag)
{
	return s->leaf && strcmp(tag, s->leaf_tag) == 0 && (int)b->role == s->key_role &&
	       b->row == s->key_row && b->col == s->key_col &&
	       (b->role != ROLE_TITLE || (int)b->font == s->key_font) &&
	       (b->role != ROLE_TOC || b->y == s->key_y);
}

/* The parent of a new leaf tagged tag: Document, or the open table row or
 * contents, made as needed; containers that tag does not belong to end. */
static HPDF_Dict parent_of(struct pdf_struct *s, const struct box *b, const char *tag,
			   HPDF_Array *kids)
{
	int cell = tag[0] == 'T' && (tag[1] == 'D' || tag[1] == 'H');

	if (!cell)
		s->table = s->tr = NULL;
	if (strcmp(tag, "TOCI") != 0)
		s->toc = NULL;
	if (cell && !s->table) {
		s->table = new_elem(s, s->document, s->doc_kids, "Table");
		s->table_kids = s->table ? pdf_haru_add_new_array(s->table, "K") : NULL;
		s->tr = NULL;
		if (!s->table_kids)
			return NULL;
	}
	if (cell && (!s->tr || b->row != s->tr_row)) {
		s->tr = new_elem(s, s->table, s->table_kids, "TR");
		s->tr_kids = s->tr ? pdf_haru_add_new_array(s->tr, "K") : NULL;
		s->tr_row = b->row;
		if (!s->tr_kids)
			return NULL;
	}
	if (!strcmp(tag, "TOCI") && !s->toc) {
		s->toc = new_elem(s, s->document, s->doc_kids, "TOC");
		s->toc_kids = s->toc ? pdf_haru_add_new_array(s->toc, "K") : NULL;
		if (!s->toc_kids)
			return NULL;
	}
	*kids = cell ? s->tr_kids : s->toc ? s->toc_kids : s->doc_kids;
	return cell ? s->tr : s->toc ? s->toc : s->document;
}

/* A new leaf element for b, on this page. */
static HPDF_STATUS new_leaf(struct pdf_struct *s, const struct box *b, const char *tag)
{
	HPDF_Array kids;
	HPDF_Dict parent = parent_of(s, b, tag, &kids);

	if (!parent || !(s->leaf = new_elem(s, parent, kids, tag)))
		return FAILED;
	/* A header cell heads its column: header rows are the table's top rows. */
	if (!strcmp(tag, "TH")) {
		HPDF_Dict a = pdf_haru_add_new_dict(s->leaf, "A");

		if (!a || pdf_haru_add_name(a, "O", "Table") || pdf_haru_add_name(a, "Scope", "Column"))
			return FAILED;
	}
	if (pdf_haru_add_dict(s->leaf, "Pg", s->page) ||
	    !(s->leaf_kids = pdf_haru_add_new_array(s->leaf, "K")))
		return FAILED;
	s->leaf_tag = tag;
	s->leaf_alt = b->alt;
	s->key_role = (int)b->role;
	s->key_row = b->row;
	s->key_col = b->col;
	s->key_font = (int)b->font;
	s->key_y = b->y;
	return HPDF_OK;
}

static HPDF_STATUS artifact(struct pdf_struct *s, struct pdf_content *c)
{
	if (s->open == 1)
		close_mark(s, c);
	if (!s->open) {
		pdf_content_begin_artifact(c);
		s->open = 2;
	}
	return HPDF_OK;
}

HPDF_STATUS pdf_struct_box(struct pdf_struct *s, struct pdf_content *c, const struct box *b,
			   const char *text)
{
	const char *tag;
	HPDF_STATUS st;

	if (b->kind == BOX_LINK || (b->kind == BOX_TEXT && (!text || !*text)))
		return HPDF_OK; /* draws nothing */
	if (!(tag = tag_of(b)))
		return artifact(s, c);
	if (!same_leaf(s, b, tag)) {
		close_mark(s, c);
		if ((st = end_leaf(s)) != HPDF_OK || (st = new_leaf(s, b, tag)) != HPDF_OK)
			return st;
	}
	if (s->open != 1) {
		close_mark(s, c);
		pdf_content_begin_tag(c, tag, s->mcid);
		if (pdf_haru_array_add_int(s->leaf_kids, s->mcid) ||
		    pdf_haru_array_add_dict(s->parents, s->leaf))
			return FAILED;
		s->mcid++;
		s->open = 1;
	}
	if (b->kind == BOX_TEXT && !strcmp(tag, "Figure")) {
		if (s->alt.len)
			strbuf_addch(&s->alt, ' ');
		strbuf_adds(&s->alt, text);
	}
	return HPDF_OK;
}

/* The annotation's /StructParent keys follow the pages' (0 .. npages - 1),
 * so the ParentTree's /Nums, written in key order, lists them last. */
HPDF_STATUS pdf_struct_link(struct pdf_struct *s, HPDF_Dict annot)
{
	int toci = s->leaf && !strcmp(s->leaf_tag, "TOCI");
	HPDF_Dict e = new_elem(s, toci ? s->leaf : s->document, toci ? s->leaf_kids : s->doc_kids,
			       "Link");
	HPDF_Dict objr = e ? pdf_haru_add_new_dict(e, "K") : NULL;

	if (!objr || pdf_haru_add_name(objr, "Type", "OBJR") || pdf_haru_add_dict(objr, "Obj", annot) ||
	    pdf_haru_add_dict(objr, "Pg", s->page) ||
	    pdf_haru_add_int(annot, "StructParent", s->npages + (long)s->nlinks))
		return FAILED;
	if (s->nlinks == s->caplinks)
		xgrow((void **)&s->links, &s->caplinks, s->nlinks + 1, sizeof(*s->links));
	s->links[s->nlinks++] = e;
	return HPDF_OK;
}

HPDF_STATUS pdf_struct_end_page(struct pdf_struct *s, struct pdf_content *c)
{
	close_mark(s, c);
	return end_leaf(s);
}

HPDF_STATUS pdf_struct_finish(struct pdf_struct *s, HPDF_Dict catalog, int npages)
{
	HPDF_Dict mi;
	size_t i;

	for (i = 0; i < s->nlinks; i++)
		if (pdf_haru_array_add_int(s->nums, npages + (long)i) ||
		    pdf_haru_array_add_dict(s->nums, s->links[i]))
			return FAILED;
	if (pdf_haru_add_int(s->root, "ParentTreeNextKey", npages + (long)s->nlinks) ||
	    pdf_haru_add_dict(catalog, "StructTreeRoot", s->root))
		return FAILED;
	mi = pdf_haru_add_new_dict(catalog, "MarkInfo");
	if (!mi || pdf_haru_add_bool(mi, "Marked", 1))
		return FAILED;
	return HPDF_OK;
}
