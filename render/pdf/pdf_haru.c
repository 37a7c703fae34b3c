#include "render/pdf/pdf_haru.h"

#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"

/*
 * The one file that uses libharu beyond its public API (pdf_haru.h says
 * what for). Each use rests on an assumption about libharu's internals,
 * read in the 2.3.0 sources (src/hpdf_dict.c, hpdf_doc.c, hpdf_pages.c,
 * hpdf_destination.c, hpdf_streams.c) and marked "Assumes:" below;
 * tests/unit/test_pdf_haru.c checks each of them on the libharu it runs
 * with. A libharu other than the version they were checked for does not
 * build: check the assumptions against its sources and the test, then add
 * the version here.
 */
#if !defined(HPDF_MAJOR_VERSION) || !defined(HPDF_MINOR_VERSION) ||                             \
	!defined(HPDF_BUGFIX_VERSION)
#error "libharu without hpdf_version.h: render/pdf/pdf_haru.c was checked against 2.3.0 only"
#elif !(HPDF_MAJOR_VERSION == 2 && HPDF_MINOR_VERSION == 3 && HPDF_BUGFIX_VERSION == 0)
#error "libharu is not 2.3.0, the version render/pdf/pdf_haru.c was checked against"
#endif

const char *pdf_haru_checked_version(void)
{
	return HPDF_VERSION_TEXT;
}

/* Assumes: a doc's objects take their memory manager and error from
 * pdf->mmgr (HPDF_Doc_Rec), and a failed constructor has set the error
 * code there, which HPDF_Error_GetCode reads back. */
static HPDF_STATUS last_error(HPDF_Error e)
{
	HPDF_STATUS st = HPDF_Error_GetCode(e);

	return st != HPDF_OK ? st : HPDF_FAILD_TO_ALLOC_MEM;
}

/* Assumes: HPDF_Xref_Add makes obj an indirect object of pdf (written as
 * "n 0 R" where added), and frees it when it fails. */
HPDF_Dict pdf_haru_dict_new(HPDF_Doc pdf)
{
	HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);

	if (!d || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
		return NULL;
	return d;
}

HPDF_Dict pdf_haru_stream_new(HPDF_Doc pdf, const unsigned char *z, size_t n)
{
	HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);

	if (!d || pdf_haru_stream_use(d, z, n) != HPDF_OK)
		return NULL;
	return d;
}

/* Assumes: HPDF_Dict_Write calls write_fn after the entries and before
 * ">>", and with filter HPDF_STREAM_FILTER_NONE removes any /Filter entry
 * and copies the stream's bytes as they are (so the filter is named here). */
static HPDF_STATUS write_filter(HPDF_Dict obj, HPDF_Stream s)
{
	(void)obj;
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* Bytes the run owns, read by libharu when it writes the stream. */
struct bytes_reader {
	const unsigned char *p;
	size_t len, pos;
};

/* Assumes: a callback reader's data pointer is its attr, and libharu
 * reads it to the end with read_fn (HPDF_STREAM_EOF at the end). */
static HPDF_STATUS reader_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *size)
{
	struct bytes_reader *r = s->attr;
	size_t n = r->len - r->pos;

	if (n > *size)
		n = *size;
	memcpy(ptr, r->p + r->pos, n);
	r->pos += n;
	*size = (HPDF_UINT)n;
	return r->pos == r->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS reader_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct bytes_reader *r = s->attr;
	long base = mode == HPDF_SEEK_CUR ? (long)r->pos : mode == HPDF_SEEK_END ? (long)r->len : 0;

	if (base + pos < 0 || base + pos > (long)r->len)
		return HPDF_STREAM_EOF;
	r->pos = (size_t)(base + pos);
	return HPDF_OK;
}

static HPDF_INT32 reader_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct bytes_reader *)s->attr)->pos;
}

static HPDF_UINT32 reader_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct bytes_reader *)s->attr)->len;
}

/* Assumes: HPDF_Stream_Free calls free_fn, then frees the stream itself. */
static void reader_free(HPDF_Stream s)
{
	free(s->attr);
	s->attr = NULL;
}

/* Assumes: a stream dictionary's data is its member stream, freed with it
 * (HPDF_Dict_Free), and its /Length is counted while writing. */
static HPDF_STATUS use_bytes(HPDF_Dict d, const unsigned char *z, size_t n)
{
	struct bytes_reader *r = xmalloc(sizeof(*r));
	HPDF_Stream s;

	r->p = z;
	r->len = n;
	r->pos = 0;
	s = HPDF_CallbackReader_New(d->mmgr, reader_read, reader_seek, reader_tell, reader_size, r);
	if (!s) {
		free(r);
		return last_error(d->error);
	}
	s->free_fn = reader_free;
	HPDF_Stream_Free(d->stream);
	d->stream = s;
	d->filter = HPDF_STREAM_FILTER_NONE;
	return HPDF_OK;
}

HPDF_STATUS pdf_haru_stream_use(HPDF_Dict d, const unsigned char *z, size_t n)
{
	HPDF_STATUS st = use_bytes(d, z, n);

	if (st == HPDF_OK)
		d->write_fn = write_filter;
	return st;
}

/* Assumes: with filter HPDF_STREAM_FILTER_NONE and no write_fn the stream
 * is written with no /Filter entry, its bytes as they are. */
HPDF_Dict pdf_haru_stream_plain(HPDF_Doc pdf, const unsigned char *bytes, size_t n)
{
	HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);

	if (!d || use_bytes(d, bytes, n) != HPDF_OK)
		return NULL;
	d->write_fn = NULL;
	return d;
}

HPDF_STATUS pdf_haru_add_name(HPDF_Dict d, const char *key, const char *name)
{
	return HPDF_Dict_AddName(d, key, name);
}

HPDF_STATUS pdf_haru_add_int(HPDF_Dict d, const char *key, long value)
{
	return HPDF_Dict_AddNumber(d, key, (HPDF_INT32)value);
}

/* Assumes: without an encoder HPDF_String_New writes the bytes as a
 * literal string, escaped. */
HPDF_STATUS pdf_haru_add_string(HPDF_Dict d, const char *key, const char *ascii)
{
	return HPDF_Dict_Add(d, key, HPDF_String_New(d->mmgr, ascii, NULL));
}

/* Assumes: a binary object is written as a hex string, and HPDF_Dict_Add
 * of NULL (a failed constructor) returns an error instead of adding it. */
HPDF_STATUS pdf_haru_add_text(HPDF_Dict d, const char *key, const unsigned char *utf16,
			      size_t n)
{
	/* HPDF_Binary_New copies value; its parameter is not const */
	return HPDF_Dict_Add(d, key, HPDF_Binary_New(d->mmgr, (HPDF_BYTE *)utf16, (HPDF_UINT)n));
}

/* s as UTF-16BE with a byte order mark, malloc'd; *outlen its bytes. */
static unsigned char *utf16(const char *s, size_t *outlen)
{
	size_t n = strlen(s), i = 0, o = 2;
	unsigned char *t = xmalloc(4 * n + 2);

	t[0] = 0xFE;
	t[1] = 0xFF;
	while (i < n) {
		unsigned cp;
		int len = utf8_decode(s + i, n - i, &cp);

		if (len < 0)
			cp = 0xFFFD;
		if (cp >= 0x10000) {
			unsigned v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);

			t[o++] = (unsigned char)(hi >> 8);
			t[o++] = (unsigned char)hi;
			cp = lo;
		}
		t[o++] = (unsigned char)(cp >> 8);
		t[o++] = (unsigned char)cp;
		i += len > 0 ? (size_t)len : 1;
	}
	*outlen = o;
	return t;
}

HPDF_STATUS pdf_haru_add_utf8(HPDF_Dict d, const char *key, const char *s)
{
	size_t n;
	unsigned char *t = utf16(s, &n);
	HPDF_STATUS st = pdf_haru_add_text(d, key, t, n); /* copies */

	free(t);
	return st;
}

HPDF_STATUS pdf_haru_array_add_string(HPDF_Array a, const char *ascii)
{
	return HPDF_Array_Add(a, HPDF_String_New(a->mmgr, ascii, NULL));
}

HPDF_STATUS pdf_haru_array_add_utf8(HPDF_Array a, const char *s)
{
	size_t n;
	unsigned char *t = utf16(s, &n);
	/* HPDF_Binary_New copies */
	HPDF_STATUS st = HPDF_Array_Add(a, HPDF_Binary_New(a->mmgr, t, (HPDF_UINT)n));

	free(t);
	return st;
}

HPDF_STATUS pdf_haru_add_dict(HPDF_Dict d, const char *key, HPDF_Dict obj)
{
	return HPDF_Dict_Add(d, key, obj);
}

HPDF_Dict pdf_haru_add_new_dict(HPDF_Dict d, const char *key)
{
	HPDF_Dict sub = HPDF_Dict_New(d->mmgr);

	if (!sub || HPDF_Dict_Add(d, key, sub) != HPDF_OK)
		return NULL; /* Dict_Add frees a direct object it cannot add */
	return sub;
}

HPDF_STATUS pdf_haru_add_ints(HPDF_Dict d, const char *key, const long *v, size_t n)
{
	HPDF_Array a = HPDF_Array_New(d->mmgr);
	HPDF_STATUS st;
	size_t i;

	if (!a)
		return last_error(d->error);
	if ((st = HPDF_Dict_Add(d, key, a)) != HPDF_OK)
		return st;
	for (i = 0; i < n; i++)
		if ((st = HPDF_Array_AddNumber(a, (HPDF_INT32)v[i])) != HPDF_OK)
			return st;
	return HPDF_OK;
}

HPDF_STATUS pdf_haru_add_dict_array(HPDF_Dict d, const char *key, HPDF_Dict obj)
{
	HPDF_Array a = HPDF_Array_New(d->mmgr);
	HPDF_STATUS st;

	if (!a)
		return last_error(d->error);
	if ((st = HPDF_Dict_Add(d, key, a)) != HPDF_OK)
		return st;
	return HPDF_Array_Add(a, obj);
}

/* Assumes: HPDF_Array_Add writes an indirect object as "n 0 R" (a proxy)
 * and frees a direct one it cannot add, like HPDF_Dict_Add. */
HPDF_Array pdf_haru_add_new_array(HPDF_Dict d, const char *key)
{
	HPDF_Array a = HPDF_Array_New(d->mmgr);

	if (!a || HPDF_Dict_Add(d, key, a) != HPDF_OK)
		return NULL;
	return a;
}

HPDF_Array pdf_haru_array_add_new_array(HPDF_Array a)
{
	HPDF_Array sub = HPDF_Array_New(a->mmgr);

	if (!sub || HPDF_Array_Add(a, sub) != HPDF_OK)
		return NULL;
	return sub;
}

HPDF_STATUS pdf_haru_array_add_int(HPDF_Array a, long value)
{
	return HPDF_Array_AddNumber(a, (HPDF_INT32)value);
}

HPDF_STATUS pdf_haru_array_add_dict(HPDF_Array a, HPDF_Dict obj)
{
	return HPDF_Array_Add(a, obj);
}

static HPDF_STATUS write_raw(HPDF_Dict obj, HPDF_Stream s)
{
	return HPDF_Stream_WriteStr(s, obj->attr);
}

/* Assumes: libharu neither reads nor frees the attr of a dictionary made
 * by HPDF_Dict_New (only pages, fonts and other objects it makes itself
 * use theirs), so it can hold the text for write_raw. */
HPDF_STATUS pdf_haru_set_raw(HPDF_Dict d, const char *text)
{
	d->attr = (void *)text;
	d->write_fn = write_raw;
	return HPDF_OK;
}

/* Assumes: the info dictionary is pdf->info (libharu makes it with the
 * doc or at the first HPDF_SetInfoAttr), the one HPDF_SetInfoAttr fills,
 * and the trailer's /Info refers to it. */
HPDF_Dict pdf_haru_info(HPDF_Doc pdf)
{
	return pdf->info;
}

/* Assumes: a page's attr is its HPDF_PageAttr, whose contents is the
 * page's /Contents stream dictionary and whose stream is that
 * dictionary's stream, kept for the HPDF_Page_* drawing operators. */
HPDF_STATUS pdf_haru_page_content(HPDF_Page page, const unsigned char *z, size_t n)
{
	HPDF_PageAttr attr = page->attr;
	HPDF_STATUS st = pdf_haru_stream_use(attr->contents, z, n);

	if (st == HPDF_OK)
		attr->stream = attr->contents->stream; /* the one just freed */
	return st;
}

/* Assumes: HPDF_Page_GetLocalFontName accepts any dictionary as a font
 * (it adds it to the page's /Resources /Font as "F<n>" by reference and
 * finds it again by pointer); it is exported but not in the API reference. */
const char *pdf_haru_font_name(HPDF_Page page, HPDF_Dict font)
{
	return HPDF_Page_GetLocalFontName(page, font);
}

/* Assumes: a destination is an array [page /XYZ left top zoom] as
 * HPDF_Destination_SetXYZ leaves it, which can be refilled. */
HPDF_STATUS pdf_haru_dest_xyz(HPDF_Destination dst, HPDF_Page page, double left, double top)
{
	HPDF_STATUS st = HPDF_Destination_SetXYZ(dst, (HPDF_REAL)left, (HPDF_REAL)top, 1);

	if (st != HPDF_OK)
		return st;
	HPDF_Array_Clear(dst);
	if ((st = HPDF_Array_Add(dst, page)) != HPDF_OK ||
	    (st = HPDF_Array_AddName(dst, "XYZ")) != HPDF_OK ||
	    (st = HPDF_Array_AddReal(dst, (HPDF_REAL)left)) != HPDF_OK ||
	    (st = HPDF_Array_AddReal(dst, (HPDF_REAL)top)) != HPDF_OK)
		return st;
	return HPDF_Array_Add(dst, HPDF_Null_New(dst->mmgr));
}

HPDF_STATUS pdf_haru_add_bool(HPDF_Dict d, const char *key, int value)
{
	return HPDF_Dict_AddBoolean(d, key, value ? HPDF_TRUE : HPDF_FALSE);
}

/* Assumes: the catalog is pdf->catalog, the dictionary the trailer's
 * /Root refers to (HPDF_SetPageMode and HPDF_SetOpenAction fill it). */
HPDF_Dict pdf_haru_catalog(HPDF_Doc pdf)
{
	return pdf->catalog;
}

/* Assumes: the header's version is HPDF_VERSION_STR[pdf->pdf_version],
 * read when saving; only HPDF_SetEncryptionMode, which we never call,
 * changes it on its own. */
void pdf_haru_set_version_17(HPDF_Doc pdf)
{
	pdf->pdf_version = HPDF_VER_17;
}

void pdf_haru_set_version_14(HPDF_Doc pdf)
{
	pdf->pdf_version = HPDF_VER_14;
}

/* Assumes: a destination is an indirect array libharu made, of a page, a
 * name and numbers or null (HPDF_Page_CreateDestination, pdf_haru_dest_xyz),
 * holding the page through a proxy, as arrays hold indirect objects; and
 * HPDF_Dict_Add replaces the entry without freeing an indirect one. */
HPDF_STATUS pdf_haru_dest_direct(HPDF_Dict item)
{
	HPDF_Array old = HPDF_Dict_GetItem(item, "Dest", HPDF_OCLASS_ARRAY), a;
	HPDF_UINT i;
	HPDF_STATUS st = HPDF_OK;

	if (!old)
		return last_error(item->error);
	if (!(a = HPDF_Array_New(item->mmgr)))
		return last_error(item->error);
	for (i = 0; st == HPDF_OK && i < old->list->count; i++) {
		HPDF_Obj_Header *h = HPDF_List_ItemAt(old->list, i);
		void *o = h;

		switch (h->obj_class & HPDF_OCLASS_ANY) {
		case HPDF_OCLASS_NAME:
			st = HPDF_Array_AddName(a, ((HPDF_Name)o)->value);
			break;
		case HPDF_OCLASS_REAL:
			st = HPDF_Array_AddReal(a, ((HPDF_Real)o)->value);
			break;
		case HPDF_OCLASS_NUMBER:
			st = HPDF_Array_AddNumber(a, ((HPDF_Number)o)->value);
			break;
		case HPDF_OCLASS_NULL:
			st = HPDF_Array_Add(a, HPDF_Null_New(item->mmgr));
			break;
		case HPDF_OCLASS_PROXY: /* the page, indirect: a reference again */
			st = HPDF_Array_Add(a, ((HPDF_Proxy)o)->obj);
			break;
		default:
			st = HPDF_INVALID_OBJECT;
		}
	}
	if (st != HPDF_OK) {
		HPDF_Array_Free(a);
		return st;
	}
	return HPDF_Dict_Add(item, "Dest", a);
}

/* Assumes: pdf->trailer is the trailer dictionary written after the xref,
 * to which saving adds /Root, /Info and /Size and keeps our entries; it
 * adds an /ID of its own only when encrypting. */
HPDF_STATUS pdf_haru_trailer_id(HPDF_Doc pdf, const unsigned char *id, size_t n)
{
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);
	HPDF_STATUS st;
	int i;

	if (!a)
		return last_error(&pdf->error);
	if ((st = HPDF_Dict_Add(pdf->trailer, "ID", a)) != HPDF_OK)
		return st;
	for (i = 0; i < 2; i++) /* HPDF_Binary_New copies; not const */
		if ((st = HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id,
							    (HPDF_UINT)n))) != HPDF_OK)
			return st;
	return HPDF_OK;
}

/* Assumes: every libharu object starts with its HPDF_Obj_Header, whose
 * obj_id is the object number plus HPDF_OTYPE_INDIRECT once HPDF_Xref_Add
 * made it indirect (hpdf_xref.c); generations are always 0. */
unsigned long pdf_haru_obj_num(const void *obj)
{
	const HPDF_Obj_Header *h = obj;

	if (!h || !(h->obj_id & HPDF_OTYPE_INDIRECT))
		return 0;
	return h->obj_id & 0x00FFFFFFu;
}
