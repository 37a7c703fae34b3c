#ifndef PROGREP_PDF_ATTACH_H
#define PROGREP_PDF_ATTACH_H

#include <stddef.h>

#include <hpdf.h>

#include "render/layout/doc.h"

struct arena;

/* The libdeflate level (render/pdf/pdf_deflate.h) of embedded files: CSV
 * and text deflate to a tenth; an .xlsx is compressed already. */
#define PDF_ATTACH_LEVEL 6

/*
 * PDF/A-3 associated files (ISO 19005-3, 6.8; ISO 32000-2, 14.13): the
 * files a report was made from, inside the PDF, so a figure can be
 * checked from the PDF alone. Each attachment becomes an embedded file
 * stream (/Type /EmbeddedFile, /Subtype its MIME type as a name, /Params
 * with /Size, /CheckSum (MD5) and /ModDate) in a file specification
 * (/F and /UF its name, /Desc, /AFRelationship /Source or, for derived
 * data, /Data), listed in the catalog's /Names /EmbeddedFiles name tree
 * (sorted by name) and its /AF array. `pdfdetach -saveall` gets them out.
 *
 * moddate (a PDF date "D:...", or NULL for none) is the same for every
 * file: the report's date, not the files' modification times or the
 * clock, so equal inputs keep giving byte-identical PDFs.
 */

/* Write the n attachments at a into pdf, their compressed bytes allocated
 * in arena unless given (they must live until the PDF is saved). Names must differ.
 * HPDF_OK, or libharu's error (also passed to the doc's error handler);
 * HPDF_FAILD_TO_ALLOC_MEM when a file cannot be compressed. */
HPDF_STATUS pdf_attach_write(HPDF_Doc pdf, HPDF_Dict catalog, const struct doc_attachment *a,
			     size_t n, const char *moddate, struct arena *arena);

#endif
