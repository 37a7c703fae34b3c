#include "render/pdf/pdf_struct.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/pdf/pdf_haru.h"

/*
 * Boxes are tied to elements by their role (render/layout/doc.h), the only
 * structure layout records: consecutive boxes of one role (and one table
 * cell, one contents line, one font for titles) on a page are one element,
 * so the lines of a heading or a cell read as one. An element gets one
 * marked-content sequence (one MCID) per stretch of its boxes; artifacts
 * drawn between two lines of it only split the sequence, not the
 * element, so a leaf's MCIDs are consecutive. Leaves never span pages:
 * each names its page (/Pg), and its /K lists its MCIDs on that page. A
 * Table does: its rows on later pages are the same table's, and the
 * head drawn again there (DOC_TEXT_REPEAT) is an artifact.
 */

/* A failed libharu call has already reported its error to the doc's
 * handler; this only tells the caller to stop. */
#define FAILED HPDF_FAILD_TO_ALLOC_MEM

struct pdf_selem {
	const char *tag;     /* the structure type, without its slash */
	int parent;          /* an element, or -1: the StructTreeRoot */
	int page;            /* the page of its MCIDs, or -1 */
	int mcid0, nmcid;    /* its MCIDs on that page */
	unsigned long annot; /* a Link's annotation (object number), or 0 */
	char *alt;           /* a Figure's text alternative (malloc'd), or NULL */
	char scope;          /* a TH's /Scope: 'C'olumn or 'R'ow */
};

/* A new element tagged tag, the last child of parent; its index. */
static int new_elem(struct pdf_struct *s, int parent, const char *tag)
{
	struct pdf_selem *e;

	if (s->n == s->cap)
		xgrow((void **)&s->e, &s->cap, s->n + 1, sizeof(*s->e));
	e = &s->e[s->n];
	memset(e, 0, sizeof(*e));
	e->tag = tag;
	e->parent = parent;
	e->page = -1;
	return (int)s->n++;
}

HPDF_STATUS pdf_struct_init(struct pdf_struct *s, HPDF_Doc pdf, int npages)
{
	memset(s, 0, sizeof(*s));
	s->pdf = pdf;
	s->npages = npages;
	s->leaf = s->table = s->tr = s->toc = -1;
	s->page_obj = xcalloc((size_t)npages + 1, sizeof(*s->page_obj));
	s->page_mcids = xcalloc((size_t)npages + 1, sizeof(*s->page_mcids));
	new_elem(s, -1, "Document");
	/* the placeholder pdf_struct_write gives its body */
	s->root = pdf_haru_dict_new(pdf);
	return s->root && pdf_haru_obj_num(s->root) ? HPDF_OK : FAILED;
}

void pdf_struct_release(struct pdf_struct *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->e[i].alt);
	free(s->e);
	free(s->page_obj);
	free(s->page_mcids);
	strbuf_release(&s->alt);
	free(s->links);
	memset(s, 0, sizeof(*s));
}

HPDF_STATUS pdf_struct_page(struct pdf_struct *s, HPDF_Page page, int pageno)
{
	s->page = pageno;
	s->page_obj[pageno] = pdf_haru_obj_num(page);
	s->mcid = 0;
	s->open = 0;
	s->leaf = -1;
	/* /Tabs /S: links are visited in structure order (PDF/UA 7.18.3). */
	if (!s->page_obj[pageno] || pdf_haru_add_int(page, "StructParents", pageno) ||
	    pdf_haru_add_name(page, "Tabs", "S"))
		return FAILED;
	return HPDF_OK;
}

/* The tag of a box's element, or NULL for an artifact. The first column
 * of a table's body names its row (a region, an indicator): a row header. */
static const char *tag_of(const struct box *b)
{
	if (b->role == ROLE_PAGE_HEADER || b->role == ROLE_PAGE_FOOTER)
		return NULL;
	/* a table's head drawn again on its next page: pagination, like the
	 * folio (PDF/UA: read once, on the table's first page) */
	if (b->kind == BOX_TEXT && (b->flags & DOC_TEXT_REPEAT))
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
		return b->col == 0 ? "TH" : "TD";
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

/* The open leaf is complete: a Figure keeps its text alternative, the one
 * the layout made from the report model, else the labels and values the
 * chart shows, in drawing order. */
static void end_leaf(struct pdf_struct *s, const char *alt)
{
	if (s->leaf >= 0 && !strcmp(s->e[s->leaf].tag, "Figure"))
		s->e[s->leaf].alt = xstrdup(alt ? alt : s->alt.len ? s->alt.s : "图表");
	strbuf_reset(&s->alt);
	s->leaf = -1;
}

/* Does b continue the open leaf? */
static int same_leaf(const struct pdf_struct *s, const struct box *b, const char *tag)
{
	return s->leaf >= 0 && strcmp(tag, s->e[s->leaf].tag) == 0 && (int)b->role == s->key_role &&
	       b->row == s->key_row && b->col == s->key_col && b->block == s->key_block &&
	       (b->role != ROLE_TITLE || (int)b->font == s->key_font) &&
	       (b->role != ROLE_TOC || b->y == s->key_y);
}

/* The parent of a new leaf tagged tag: Document, or the open table row or
 * contents, made as needed; containers that tag does not belong to end. */
static int parent_of(struct pdf_struct *s, const struct box *b, const char *tag)
{
	int cell = tag[0] == 'T' && (tag[1] == 'D' || tag[1] == 'H');

	if (!cell)
		s->table = s->tr = -1;
	if (strcmp(tag, "TOCI") != 0)
		s->toc = -1;
	/* A table goes on over pages (its repeated head is an artifact) until
	 * something else is tagged; a row above the last one is the first of
	 * the next table. */
	if (cell && (s->table < 0 || (s->tr >= 0 && b->row < s->tr_row))) {
		s->table = new_elem(s, 0, "Table");
		s->tr = -1;
	}
	if (cell && (s->tr < 0 || b->row != s->tr_row)) {
		s->tr = new_elem(s, s->table, "TR");
		s->tr_row = b->row;
	}
	if (!strcmp(tag, "TOCI") && s->toc < 0)
		s->toc = new_elem(s, 0, "TOC");
	return cell ? s->tr : s->toc >= 0 ? s->toc : 0;
}

/* A new leaf element for b, on this page. */
static void new_leaf(struct pdf_struct *s, const struct box *b, const char *tag)
{
	int parent = parent_of(s, b, tag);
	struct pdf_selem *e;

	s->leaf = new_elem(s, parent, tag);
	e = &s->e[s->leaf];
	/* A header cell heads its column (header rows are the table's top
	 * rows); a body row's first cell heads its row. */
	if (!strcmp(tag, "TH"))
		e->scope = b->role == ROLE_HEADER_CELL ? 'C' : 'R';
	e->page = s->page;
	e->mcid0 = s->mcid;
	s->key_role = (int)b->role;
	s->key_row = b->row;
	s->key_col = b->col;
	s->key_block = b->block;
	s->key_font = (int)b->font;
	s->key_y = b->y;
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

	if (b->kind == BOX_LINK || (b->kind == BOX_TEXT && (!text || !*text)))
		return HPDF_OK; /* draws nothing */
	if (!(tag = tag_of(b)))
		return artifact(s, c);
	if (!same_leaf(s, b, tag)) {
		close_mark(s, c);
		end_leaf(s, s->leaf_alt);
		new_leaf(s, b, tag);
		s->leaf_alt = b->alt;
	}
	if (s->open != 1) {
		close_mark(s, c);
		/* tags other than Figure hold text boxes only (tag_of) */
		if (strcmp(tag, "Figure") != 0)
			pdf_content_begin_text_tag(c, tag, s->mcid);
		else
			pdf_content_begin_tag(c, tag, s->mcid);
		s->e[s->leaf].nmcid++;
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
	int toci = s->leaf >= 0 && !strcmp(s->e[s->leaf].tag, "TOCI");
	int e = new_elem(s, toci ? s->leaf : 0, "Link");

	s->e[e].annot = pdf_haru_obj_num(annot);
	s->e[e].page = s->page;
	if (!s->e[e].annot ||
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
	end_leaf(s, s->leaf_alt);
	s->leaf_alt = NULL;
	s->page_mcids[s->page] = s->mcid;
	return HPDF_OK;
}

HPDF_STATUS pdf_struct_finish(struct pdf_struct *s, HPDF_Dict catalog)
{
	HPDF_Dict mi;

	if (pdf_haru_add_dict(catalog, "StructTreeRoot", s->root))
		return FAILED;
	mi = pdf_haru_add_new_dict(catalog, "MarkInfo");
	if (!mi || pdf_haru_add_bool(mi, "Marked", 1))
		return FAILED;
	return HPDF_OK;
}

static int is_container(const struct pdf_struct *s, int i, const char *a, const char *b)
{
	return i >= 0 && (!strcmp(s->e[i].tag, a) || !strcmp(s->e[i].tag, b));
}

/* A Caption belongs inside the Table or Figure it describes (PDF/UA
 * 7.2, ISO 32000 14.8.4.3.4), not beside it: a figure's caption is
 * drawn under the figure, a table's title over the table and its note
 * under it. So a caption right after a Figure is the Figure's, else one
 * right before a Table (a title, 续表 too) the Table's, else one right
 * after a Table (a note) the Table's. */
static void adopt_captions(struct pdf_struct *s)
{
	int prev = -1;
	size_t i;

	for (i = 1; i < s->n; i++) {
		size_t j;
		int next = -1;

		if (s->e[i].parent != 0)
			continue;
		if (!strcmp(s->e[i].tag, "Caption")) {
			for (j = i + 1; j < s->n && next < 0; j++)
				if (s->e[j].parent == 0)
					next = (int)j;
			if (is_container(s, prev, "Figure", "Figure"))
				s->e[i].parent = prev;
			else if (is_container(s, next, "Table", "Table"))
				s->e[i].parent = next;
			else if (is_container(s, prev, "Table", "Table"))
				s->e[i].parent = prev;
			if (s->e[i].parent != 0)
				continue; /* prev stays the container */
		}
		prev = (int)i;
	}
}

/* The UTF-16 code unit u as four hex digits. */
static void add_hex4(struct strbuf *b, unsigned u)
{
	static const char hex[] = "0123456789ABCDEF";
	char t[4] = {hex[(u >> 12) & 15], hex[(u >> 8) & 15], hex[(u >> 4) & 15], hex[u & 15]};

	strbuf_add(b, t, 4);
}

/* A text string as UTF-16BE in hex, with its byte order mark. */
static void add_text(struct strbuf *b, const char *t)
{
	size_t n = strlen(t), i = 0;

	strbuf_adds(b, "<FEFF");
	while (i < n) {
		unsigned cp;
		int len = utf8_decode(t + i, n - i, &cp);

		if (len < 0)
			cp = 0xFFFD;
		if (cp >= 0x10000) {
			unsigned v = cp - 0x10000;

			add_hex4(b, 0xD800 + (v >> 10));
			cp = 0xDC00 + (v & 0x3FF);
		}
		add_hex4(b, cp);
		i += len > 0 ? (size_t)len : 1;
	}
	strbuf_addch(b, '>');
}

/* Append " N 0 R" (without the space when first). */
static void add_ref(struct strbuf *b, unsigned long n, int first)
{
	if (!first)
		strbuf_addch(b, ' ');
	strbuf_add_ulong(b, n);
	strbuf_add(b, " 0 R", 4);
}

/* Element i as PDF text into b; its children are kids[0 .. nkids - 1]. */
static void write_elem(const struct pdf_struct *s, struct strbuf *b, size_t i, const int *kids,
		       int nkids, size_t base, unsigned long root)
{
	const struct pdf_selem *e = &s->e[i];
	int k, items = e->nmcid + nkids + (e->annot != 0);

	strbuf_adds(b, "<</S/");
	strbuf_adds(b, e->tag);
	strbuf_adds(b, "/P");
	add_ref(b, e->parent < 0 ? root : (unsigned long)(base + 1 + (size_t)e->parent), 0);
	if (e->nmcid) {
		strbuf_adds(b, "/Pg");
		add_ref(b, s->page_obj[e->page], 0);
	}
	if (e->scope)
		strbuf_adds(b, e->scope == 'R' ? "/A<</O/Table/Scope/Row>>"
					       : "/A<</O/Table/Scope/Column>>");
	if (e->alt) {
		strbuf_adds(b, "/Alt");
		add_text(b, e->alt);
	}
	if (items)
		strbuf_adds(b, items > 1 ? "/K[" : "/K ");
	for (k = 0; k < e->nmcid; k++) {
		if (k)
			strbuf_addch(b, ' ');
		strbuf_add_ulong(b, (unsigned long)(e->mcid0 + k));
	}
	for (k = 0; k < nkids; k++)
		add_ref(b, (unsigned long)(base + 1 + (size_t)kids[k]), !k && !e->nmcid);
	if (e->annot) {
		strbuf_adds(b, "<</Type/OBJR/Obj");
		add_ref(b, e->annot, 0);
		strbuf_adds(b, "/Pg");
		add_ref(b, s->page_obj[e->page], 0);
		strbuf_adds(b, ">>");
	}
	strbuf_adds(b, items > 1 ? "]>>" : ">>");
}

/* The ParentTree: each page's MCIDs to their elements, then the links. */
static void write_parent_tree(const struct pdf_struct *s, struct strbuf *b, size_t base)
{
	size_t *at = xcalloc((size_t)s->npages + 1, sizeof(*at)), total = 0, i;
	size_t *elem_of;
	int p;

	for (p = 0; p < s->npages; p++) {
		at[p] = total;
		total += (size_t)s->page_mcids[p];
	}
	elem_of = xcalloc(total + 1, sizeof(*elem_of));
	for (i = 0; i < s->n; i++) {
		const struct pdf_selem *e = &s->e[i];
		int k;

		for (k = 0; k < e->nmcid; k++)
			elem_of[at[e->page] + (size_t)(e->mcid0 + k)] = base + 1 + i;
	}
	strbuf_adds(b, "<</Nums[");
	for (p = 0; p < s->npages; p++) {
		int k;

		if (p)
			strbuf_addch(b, ' ');
		strbuf_add_ulong(b, (unsigned long)p);
		strbuf_addch(b, '[');
		for (k = 0; k < s->page_mcids[p]; k++)
			add_ref(b, elem_of[at[p] + (size_t)k], !k);
		strbuf_addch(b, ']');
	}
	for (i = 0; i < s->nlinks; i++)
		strbuf_addf(b, " %zu %zu 0 R", (size_t)s->npages + i, base + 1 + (size_t)s->links[i]);
	strbuf_adds(b, "]>>");
	free(elem_of);
	free(at);
}

int pdf_struct_write(struct pdf_struct *s, struct pdf_pack *pk)
{
	size_t base = pdf_pack_size(pk), i;
	unsigned long root = pdf_haru_obj_num(s->root);
	int *first = xcalloc(s->n + 2, sizeof(*first)), *kids = xcalloc(s->n + 1, sizeof(*kids));
	int *fill = xcalloc(s->n + 1, sizeof(*fill));
	struct strbuf b = {0};
	int ret = 0;

	adopt_captions(s);
	/* the children of each element, in drawing order (CSR) */
	for (i = 1; i < s->n; i++)
		first[s->e[i].parent + 1]++;
	for (i = 0; i < s->n; i++)
		first[i + 1] += first[i];
	for (i = 1; i < s->n; i++)
		kids[first[s->e[i].parent] + fill[s->e[i].parent]++] = (int)i;
	strbuf_addf(&b, "<</Type/StructTreeRoot/K %zu 0 R/ParentTree %zu 0 R/ParentTreeNextKey %zu>>",
		    base + 1, base, (size_t)s->npages + s->nlinks);
	if (pdf_pack_set(pk, root, b.s, b.len) != 0)
		ret = -1;
	strbuf_reset(&b);
	write_parent_tree(s, &b, base);
	if (ret == 0 && pdf_pack_set(pk, base, b.s, b.len) != 0)
		ret = -1;
	for (i = 0; i < s->n && ret == 0; i++) {
		strbuf_reset(&b);
		write_elem(s, &b, i, kids + first[i], first[i + 1] - first[i], base, root);
		if (pdf_pack_set(pk, base + 1 + i, b.s, b.len) != 0)
			ret = -1;
	}
	strbuf_release(&b);
	free(first);
	free(kids);
	free(fill);
	return ret;
}
