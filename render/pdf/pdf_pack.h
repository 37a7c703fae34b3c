#ifndef PROGREP_PDF_PACK_H
#define PROGREP_PDF_PACK_H

#include <stddef.h>

/*
 * Object streams for a PDF that libharu wrote (PDF 1.5+, 7.5.7 and
 * 7.5.8). libharu 2.3.0 writes every object as a plain indirect object
 * with an xref table entry; a tagged report has thousands of small ones
 * (structure elements, stream lengths), which more than double the file.
 * pdf_pack rewrites such a file: every non-stream object of generation 0
 * goes into FlateDecode object streams (/Type /ObjStm), stream objects
 * are copied as they are, and the xref table and trailer become one
 * cross-reference stream (/Type /XRef) whose dictionary keeps the
 * trailer's /Root, /Info and /ID as libharu wrote them (so the zero /ID
 * that pdf.c stamps afterwards is found in the same form). Object numbers
 * do not change. The same input gives the same bytes.
 *
 * PDF/A-1 forbids object streams and cross-reference streams: a writer
 * that claims it does not call this.
 */

/* The packed file of the n bytes at in, malloc'd (the caller frees it),
 * its length in *outlen; or NULL when in is not a file as libharu writes
 * it (no xref table, an entry that does not point at its "N 0 obj"
 * header, an object without "endobj", no /Root in the trailer), with the
 * reason in err (errlen bytes, lowercase, no final period). Nothing
 * half-made is ever returned. */
unsigned char *pdf_pack(const unsigned char *in, size_t n, size_t *outlen, char *err,
			size_t errlen);

/* The same in steps, for objects the writer makes as PDF text itself
 * (render/pdf/pdf_struct.h): pdf_pack_read checks in (which must outlive
 * the struct) and returns NULL with err set as above; pdf_pack_size is
 * the next free object number; pdf_pack_set gives object num the body
 * (PDF text without "N 0 obj" and "endobj", copied), either replacing a
 * non-stream object's or, with num == pdf_pack_size, adding one: 0, or -1
 * for any other num. pdf_pack_write makes the file as pdf_pack does, or with objstm 0
 * the same objects all plain, with an xref table and trailer (PDF/A-1);
 * either can be called once;
 * pdf_pack_free(NULL) is a no-op. */
struct pdf_pack;
struct pdf_pack *pdf_pack_read(const unsigned char *in, size_t n, char *err, size_t errlen);
size_t pdf_pack_size(const struct pdf_pack *p);
int pdf_pack_set(struct pdf_pack *p, size_t num, const char *body, size_t len);
unsigned char *pdf_pack_write(struct pdf_pack *p, size_t *outlen, int objstm, char *err,
			      size_t errlen);
void pdf_pack_free(struct pdf_pack *p);

#endif
