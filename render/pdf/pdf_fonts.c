#include "render/pdf/pdf.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/layout/font.h"
#include "render/pdf/pdf_embed.h"

/*
 * The fonts of a run: which code points its docs draw in each font, and
 * the subsets made from them once per run (render/pdf/pdf_embed.c).
 */

#define BMP_SIZE 0x10000u

struct pdf_codepoints {
	unsigned char bits[DOC_NFONTS][BMP_SIZE / 8];
};

void pdf_fonts_init(struct pdf_fonts *pf, const struct font *body, const struct font *heading)
{
	memset(pf, 0, sizeof(*pf));
	pf->font[DOC_FONT_BODY] = body;
	pf->font[DOC_FONT_HEADING] = heading ? heading : body;
	pf->font[DOC_FONT_TITLE] = pf->font[DOC_FONT_HEADING];
	pf->font[DOC_FONT_KAI] = body;
	pf->font[DOC_FONT_LATIN] = body;
}

int pdf_latin_role(const struct pdf_fonts *pf, const struct box *b, unsigned cp)
{
	if ((b->flags & DOC_TEXT_LATIN) && doc_latin_cp(cp) &&
	    font_can_draw(pf->font[DOC_FONT_LATIN], cp))
		return DOC_FONT_LATIN;
	return (int)b->font;
}

void pdf_fonts_init_roles(struct pdf_fonts *pf, struct font *const fonts[DOC_NFONTS])
{
	int i;

	pdf_fonts_init(pf, fonts[DOC_FONT_BODY], fonts[DOC_FONT_HEADING]);
	for (i = 0; i < DOC_NFONTS; i++)
		if (fonts[i])
			pf->font[i] = fonts[i];
}

/* Two roles share a subset when they use the same face, even if it was
 * opened twice: libharu keeps one font per PostScript name, so two subsets
 * of one face would collide. */
static int same_font(const struct font *a, const struct font *b)
{
	return a == b || (strcmp(font_file(a), font_file(b)) == 0 &&
			  font_face_index(a) == font_face_index(b));
}

/* The first role with the same font as role i (i itself if none). */
static int first_role(const struct pdf_fonts *pf, int i)
{
	int j;

	for (j = 0; j < i; j++)
		if (same_font(pf->font[j], pf->font[i]))
			return j;
	return i;
}

void pdf_fonts_release(struct pdf_fonts *pf)
{
	int i;

	for (i = 0; i < DOC_NFONTS; i++) {
		if (pf->embed[i] && first_role(pf, i) == i) {
			pdf_embed_release(pf->embed[i]);
			free(pf->embed[i]);
		}
	}
	for (i = 0; i < DOC_NFONTS; i++)
		pf->embed[i] = NULL;
	pf->prepared = 0;
}

struct pdf_codepoints *pdf_codepoints_new(void)
{
	return xcalloc(1, sizeof(struct pdf_codepoints));
}

void pdf_codepoints_free(struct pdf_codepoints *cp)
{
	free(cp);
}

/* The code points of text box b, each under the role that draws it
 * (pdf_latin_role). */
static void add_text(struct pdf_codepoints *cps, const struct pdf_fonts *pf, const struct box *b)
{
	const struct font *f = pf->font[b->font];
	const char *s = b->text;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		unsigned cp;
		int len = utf8_decode(s + i, n - i, &cp);
		unsigned char *bits;

		if (len < 0 || !font_can_draw(f, cp))
			cp = FONT_REPLACEMENT;
		if (cp == '\t' || cp == '\n' || cp == '\r')
			cp = ' '; /* pdf_write draws them as spaces */
		bits = cps->bits[pdf_latin_role(pf, b, cp)];
		bits[cp / 8] |= (unsigned char)(1u << (cp % 8));
		i += len > 0 ? (size_t)len : 1;
	}
}

void pdf_codepoints_add(struct pdf_codepoints *cp, const struct pdf_fonts *pf,
			const struct doc *doc)
{
	size_t p, b;

	for (p = 0; p < doc->npages; p++) {
		for (b = 0; b < doc->pages[p].n; b++) {
			const struct box *bx = &doc->pages[p].boxes[b];

			if (bx->kind == BOX_TEXT && bx->text && (unsigned)bx->font < DOC_NFONTS)
				add_text(cp, pf, bx);
		}
	}
}

/* The code points of every role that uses role i's font, sorted. */
static unsigned *font_union(const struct pdf_fonts *pf, const struct pdf_codepoints *cp, int i,
			    size_t *n)
{
	unsigned char bits[BMP_SIZE / 8];
	unsigned *list, c;
	size_t k;
	int j;

	memset(bits, 0, sizeof(bits));
	for (j = 0; j < DOC_NFONTS; j++)
		if (same_font(pf->font[j], pf->font[i]))
			for (k = 0; k < sizeof(bits); k++)
				bits[k] |= cp->bits[j][k];
	list = xmalloc(BMP_SIZE * sizeof(*list));
	*n = 0;
	for (c = 0; c < BMP_SIZE; c++)
		if ((bits[c / 8] >> (c % 8)) & 1u)
			list[(*n)++] = c;
	return list;
}

int pdf_fonts_prepare(struct pdf_fonts *pf, const struct pdf_codepoints *cp, struct diag *d)
{
	int i;

	pdf_fonts_release(pf);
	for (i = 0; i < DOC_NFONTS; i++) {
		int first = first_role(pf, i);
		unsigned *cps;
		size_t n;
		int rc;

		if (first != i) {
			pf->embed[i] = pf->embed[first];
			continue;
		}
		cps = font_union(pf, cp, i, &n);
		pf->embed[i] = xmalloc(sizeof(*pf->embed[i]));
		rc = pdf_embed_make(pf->embed[i], pf->font[i], cps, n, d);
		free(cps);
		if (rc != 0) {
			free(pf->embed[i]);
			pf->embed[i] = NULL;
			pdf_fonts_release(pf);
			return -1;
		}
	}
	pf->prepared = 1;
	return 0;
}
