#ifndef PROGREP_PDF_XMP_H
#define PROGREP_PDF_XMP_H

#include <stddef.h>

/*
 * The XMP metadata packet of a PDF (its catalog's /Metadata): the same
 * title, author, subject, keywords, creator tool, producer and dates as the
 * document information dictionary, since PDF/A requires the two to agree
 * and readers show either. Built as text here, without libharu, so a unit
 * test can parse it.
 */
struct pdf_xmp {
	/* UTF-8, each NULL or "" when absent */
	const char *title, *author, *subject, *keywords, *creator, *producer;
	/* XMP date ("2020-04-24T00:00:00", optional "Z" or "+08:00") for both
	 * xmp:CreateDate and xmp:ModifyDate, or NULL */
	const char *date;
	/* PDF/A identification (pdfaid:part, pdfaid:conformance such as "B"),
	 * or part 0 for none */
	int pdfa_part;
	const char *pdfa_conformance;
	/* PDF/UA identification (pdfuaid:part, 1 for a tagged PDF), or 0; with
	 * a PDF/A part the packet also describes the pdfuaid schema, as PDF/A
	 * wants for every schema it does not define itself */
	int pdfua_part;
};

/* The packet as UTF-8 XML with its xpacket wrapper, NUL-terminated; *len
 * gets its length. malloc'd: the caller frees it. Characters XML cannot
 * hold (controls other than tab and newlines) are left out. */
char *pdf_xmp_packet(const struct pdf_xmp *m, size_t *len);

#endif
