#ifndef PROGREP_PDF_HARU_H
#define PROGREP_PDF_HARU_H

#include <stddef.h>

#include <hpdf.h>

/*
 * Everything the PDF writer needs of libharu that its public API (the
 * functions of the libharu API reference: HPDF_New, HPDF_AddPage,
 * HPDF_CreateOutline, HPDF_SaveToFile...) does not give. Only
 * render/pdf/pdf_haru.c reaches into libharu's objects (hpdf_objects.h,
 * hpdf_streams.h, struct members); it refuses to build against a libharu
 * whose internals were not checked (its version check) and
 * tests/unit/test_pdf_haru.c fails when one of its assumptions breaks.
 *
 * What for: fonts are embedded as our own Type0/CIDFontType2 objects and
 * page content is written by us, deflated (render/pdf/pdf_embed.h and
 * pdf_content.h say why); text outside the pages (bookmarks, document
 * info) is UTF-16BE; a destination keeps the reader's zoom.
 *
 * Objects are libharu handles (HPDF_Dict, HPDF_Page, HPDF_Destination)
 * owned by their HPDF_Doc: freed by HPDF_Free, never by the caller. A
 * function returning HPDF_STATUS returns HPDF_OK or the error, which
 * libharu has also passed to the doc's error handler; one returning a
 * handle returns NULL on error, likewise reported.
 */

/* The libharu version pdf_haru.c was checked against, e.g. "2.3.0", and
 * the one loaded at run time (HPDF_GetVersion): a libhpdf upgraded under
 * a built progrep shows as a difference. */
const char *pdf_haru_checked_version(void);

/* A new empty dictionary, an indirect object of pdf (written as a
 * reference wherever it is added). */
HPDF_Dict pdf_haru_dict_new(HPDF_Doc pdf);

/* A new stream, an indirect object of pdf, whose data are the n bytes at
 * z, already deflated (see pdf_haru_stream_use). */
HPDF_Dict pdf_haru_stream_new(HPDF_Doc pdf, const unsigned char *z, size_t n);

/* Make stream (one of pdf_haru_stream_new or a page's content) write the
 * n bytes at z as they are, with /Filter /FlateDecode: libharu would
 * deflate them again or name no filter. z must live until the PDF is
 * saved; libharu does not copy it (it would, byte by byte, twice). */
HPDF_STATUS pdf_haru_stream_use(HPDF_Dict stream, const unsigned char *z, size_t n);

/* A new stream, an indirect object of pdf, whose data are the n bytes at
 * bytes written as they are, with no filter (XMP metadata, which PDF/A
 * wants readable without inflating). bytes must live until the PDF is
 * saved. */
HPDF_Dict pdf_haru_stream_plain(HPDF_Doc pdf, const unsigned char *bytes, size_t n);

/* Entries of a dictionary (key: a PDF name without the slash; adding a
 * key again replaces its value): */
HPDF_STATUS pdf_haru_add_name(HPDF_Dict d, const char *key, const char *name);
HPDF_STATUS pdf_haru_add_int(HPDF_Dict d, const char *key, long value);
/* a string of printable ASCII, written as a literal (string) */
HPDF_STATUS pdf_haru_add_string(HPDF_Dict d, const char *key, const char *ascii);
/* a text string: n bytes of UTF-16BE with its byte order mark, written as
 * a hex string (copied) */
HPDF_STATUS pdf_haru_add_text(HPDF_Dict d, const char *key, const unsigned char *utf16,
			      size_t n);
/* a text string from UTF-8 s: UTF-16BE with a byte order mark, written
 * as a hex string. libharu's own way there, its UTF-8 encoder, costs more
 * to set up per PDF than all the rest of a county report, and handles the
 * BMP only; this writes characters above it as surrogate pairs. An
 * invalid UTF-8 byte becomes U+FFFD. */
HPDF_STATUS pdf_haru_add_utf8(HPDF_Dict d, const char *key, const char *s);
/* obj, a dictionary of this doc: by reference if it is indirect */
HPDF_STATUS pdf_haru_add_dict(HPDF_Dict d, const char *key, HPDF_Dict obj);
/* a new direct dictionary, returned to fill; NULL on error */
HPDF_Dict pdf_haru_add_new_dict(HPDF_Dict d, const char *key);
/* an array of the n numbers at v */
HPDF_STATUS pdf_haru_add_ints(HPDF_Dict d, const char *key, const long *v, size_t n);
/* an array of one element, obj (by reference if indirect) */
HPDF_STATUS pdf_haru_add_dict_array(HPDF_Dict d, const char *key, HPDF_Dict obj);

/* Arrays of mixed entries (a structure element's /K, the ParentTree's
 * /Nums): a new empty array as key of d, or appended to array a, returned
 * to fill; NULL on error. */
HPDF_Array pdf_haru_add_new_array(HPDF_Dict d, const char *key);
HPDF_Array pdf_haru_array_add_new_array(HPDF_Array a);
/* Append a number, or obj (a dictionary or page of this doc, by reference
 * if it is indirect). */
HPDF_STATUS pdf_haru_array_add_int(HPDF_Array a, long value);
HPDF_STATUS pdf_haru_array_add_dict(HPDF_Array a, HPDF_Dict obj);

/* Append a string of printable ASCII, a literal; or a text string from
 * UTF-8 s, as pdf_haru_add_utf8 writes it. */
HPDF_STATUS pdf_haru_array_add_string(HPDF_Array a, const char *ascii);
HPDF_STATUS pdf_haru_array_add_utf8(HPDF_Array a, const char *s);

/* true or false */
HPDF_STATUS pdf_haru_add_bool(HPDF_Dict d, const char *key, int value);

/* Write text, PDF syntax, into d as it is, after its entries: for large
 * generated entries (a CIDFont's /W array) built as one string instead of
 * thousands of objects. text must live until the PDF is saved. One per
 * dictionary; not for page or font objects libharu made itself. */
HPDF_STATUS pdf_haru_set_raw(HPDF_Dict d, const char *text);

/* The document information dictionary, the one HPDF_SetInfoAttr fills;
 * NULL if libharu has made none yet (after a successful HPDF_SetInfoAttr
 * there is one). */
HPDF_Dict pdf_haru_info(HPDF_Doc pdf);

/* Make the n deflated bytes at z the content stream of page (as
 * pdf_haru_stream_use). The page must not be drawn on with HPDF_Page_*
 * calls afterwards. */
HPDF_STATUS pdf_haru_page_content(HPDF_Page page, const unsigned char *z, size_t n);

/* The name ("F1", ...) of font (a font dictionary of ours) in page's
 * resources, added there on first use; NULL on error. */
const char *pdf_haru_font_name(HPDF_Page page, HPDF_Dict font);

/* Set dst, a destination of page, to [page /XYZ left top null]: null
 * keeps the reader's zoom, which HPDF_Destination_SetXYZ cannot say (it
 * insists on a zoom from 0.08 to 32). top and left must be >= 0. */
HPDF_STATUS pdf_haru_dest_xyz(HPDF_Destination dst, HPDF_Page page, double left, double top);

/* The document catalog (/Root), to add entries libharu has no call for:
 * /Lang, /Metadata, /OutputIntents, /ViewerPreferences /DisplayDocTitle
 * (HPDF_SetViewerPreference knows only the six flags of PDF 1.3). */
HPDF_Dict pdf_haru_catalog(HPDF_Doc pdf);

/* Write the header as %PDF-1.7: libharu has no call for it and writes the
 * version of the features it used itself (1.3). */
void pdf_haru_set_version_17(HPDF_Doc pdf);

/* The same with %PDF-1.4, the version PDF/A-1 is based on. */
void pdf_haru_set_version_14(HPDF_Doc pdf);

/* Make the /Dest of a bookmark (an outline item) a direct array instead
 * of the indirect one libharu makes: PDFBox Preflight cannot read an
 * indirect one ("can't convert to Destination"). The indirect one stays,
 * unused. */
HPDF_STATUS pdf_haru_dest_direct(HPDF_Dict item);

/* Set the trailer's /ID to [<id> <id>], the n bytes at id (copied) as hex
 * strings. */
HPDF_STATUS pdf_haru_trailer_id(HPDF_Doc pdf, const unsigned char *id, size_t n);

/* The object number of obj, an indirect object of the document (a page,
 * an annotation, a dictionary made by pdf_haru_dict_new), so text the
 * writer makes itself can refer to it as "N 0 R"; 0 if obj is direct. */
unsigned long pdf_haru_obj_num(const void *obj);

#endif
