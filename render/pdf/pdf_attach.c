#include "render/pdf/pdf_attach.h"

#include <stdlib.h>
#include <string.h>

#include <nettle/md5.h>

#include "core/util/arena.h"
#include "core/util/xalloc.h"
#include "render/pdf/pdf_deflate.h"
#include "render/pdf/pdf_haru.h"

/* The name as a byte string for /F: ASCII as it is, every other byte '_'
 * (the real name is /UF, a text string; readers show that). */
static char *ascii_name(struct arena *arena, const char *s)
{
	char *t = arena_strdup(arena, s);
	size_t i;

	for (i = 0; t[i]; i++)
		if ((unsigned char)t[i] < 0x20 || (unsigned char)t[i] > 0x7e)
			t[i] = '_';
	return t;
}

static int ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* A file's name as a text string: a plain literal when it is ASCII (the
 * same in PDFDocEncoding; poppler's `pdfdetach -savefile NAME` matches
 * only such names), else UTF-16BE. */
static HPDF_STATUS add_name_text(HPDF_Dict d, const char *key, const char *name)
{
	return ascii(name) ? pdf_haru_add_string(d, key, name) : pdf_haru_add_utf8(d, key, name);
}

/* The embedded file stream of a: deflated, with its type and parameters. */
static HPDF_Dict file_stream(HPDF_Doc pdf, const struct doc_attachment *a, const char *moddate,
			     struct arena *arena)
{
	const unsigned char *z = a->z;
	size_t zlen = a->zlen;
	unsigned char sum[MD5_DIGEST_SIZE];
	struct md5_ctx md5;
	HPDF_Dict ef, params;

	if (!z) {
		size_t room = pdf_deflate_bound(PDF_ATTACH_LEVEL, a->len);
		unsigned char *buf = arena_alloc(arena, room);

		zlen = pdf_deflate(a->bytes, a->len, PDF_ATTACH_LEVEL, buf, room);
		if (zlen == 0)
			return NULL;
		z = buf;
	}
	md5_init(&md5);
	md5_update(&md5, a->len, a->bytes);
	md5_digest(&md5, sizeof(sum), sum);
	ef = pdf_haru_stream_new(pdf, z, zlen);
	if (!ef || pdf_haru_add_name(ef, "Type", "EmbeddedFile") != HPDF_OK ||
	    /* "text/csv" is written /text#2Fcsv, as a name must be */
	    pdf_haru_add_name(ef, "Subtype", a->mime) != HPDF_OK ||
	    !(params = pdf_haru_add_new_dict(ef, "Params")) ||
	    pdf_haru_add_int(params, "Size", (long)a->len) != HPDF_OK ||
	    pdf_haru_add_text(params, "CheckSum", sum, sizeof(sum)) != HPDF_OK ||
	    (moddate && pdf_haru_add_string(params, "ModDate", moddate) != HPDF_OK))
		return NULL;
	return ef;
}

static HPDF_Dict file_spec(HPDF_Doc pdf, const struct doc_attachment *a, const char *moddate,
			   struct arena *arena)
{
	HPDF_Dict fs = pdf_haru_dict_new(pdf), ef = file_stream(pdf, a, moddate, arena), efd;

	if (!fs || !ef || pdf_haru_add_name(fs, "Type", "Filespec") != HPDF_OK ||
	    pdf_haru_add_string(fs, "F", ascii_name(arena, a->name)) != HPDF_OK ||
	    add_name_text(fs, "UF", a->name) != HPDF_OK ||
	    (a->desc && pdf_haru_add_utf8(fs, "Desc", a->desc) != HPDF_OK) ||
	    pdf_haru_add_name(fs, "AFRelationship", a->derived ? "Data" : "Source") != HPDF_OK ||
	    !(efd = pdf_haru_add_new_dict(fs, "EF")) ||
	    pdf_haru_add_dict(efd, "F", ef) != HPDF_OK ||
	    pdf_haru_add_dict(efd, "UF", ef) != HPDF_OK)
		return NULL;
	return fs;
}

/* The order of the name tree's keys, byte by byte as written: ASCII
 * names first (literals), then the others (UTF-16BE, "\xFE\xFF..."), among
 * which UTF-8's byte order is UTF-16's for characters of the BMP. */
static int name_cmp(const char *x, const char *y)
{
	int ax = ascii(x), ay = ascii(y);

	return ax != ay ? ay - ax : strcmp(x, y);
}

/* order[] the indices of a by name. A handful of files: an insertion
 * sort, which unlike qsort needs no global for the comparison (batch
 * workers write PDFs in parallel). */
static void sort_names(const struct doc_attachment *a, size_t *order, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && name_cmp(a[order[j - 1]].name, a[i].name) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

HPDF_STATUS pdf_attach_write(HPDF_Doc pdf, HPDF_Dict catalog, const struct doc_attachment *a,
			     size_t n, const char *moddate, struct arena *arena)
{
	size_t *order, i;
	HPDF_Dict names, tree;
	HPDF_Array keys, af;
	HPDF_STATUS st = HPDF_OK;

	if (n == 0)
		return HPDF_OK;
	order = xmalloc(n * sizeof(*order));
	sort_names(a, order, n);
	names = pdf_haru_add_new_dict(catalog, "Names");
	tree = names ? pdf_haru_add_new_dict(names, "EmbeddedFiles") : NULL;
	keys = tree ? pdf_haru_add_new_array(tree, "Names") : NULL;
	af = keys ? pdf_haru_add_new_array(catalog, "AF") : NULL;
	if (!af)
		st = HPDF_FAILD_TO_ALLOC_MEM;
	for (i = 0; st == HPDF_OK && i < n; i++) {
		const struct doc_attachment *f = &a[order[i]];
		HPDF_Dict fs = file_spec(pdf, f, moddate, arena);

		if (!fs)
			st = HPDF_FAILD_TO_ALLOC_MEM;
		else if ((st = ascii(f->name) ? pdf_haru_array_add_string(keys, f->name)
					      : pdf_haru_array_add_utf8(keys, f->name)) == HPDF_OK &&
			 (st = pdf_haru_array_add_dict(keys, fs)) == HPDF_OK)
			st = pdf_haru_array_add_dict(af, fs);
	}
	free(order);
	return st;
}
