#ifndef PROGREP_PDF_ICC_H
#define PROGREP_PDF_ICC_H

#include <stddef.h>

/*
 * The sRGB ICC profile (IEC 61966-2.1) of PDF/A output intents, made by
 * progrep itself rather than copied from a file: an ICC version 2.1
 * display profile (what PDF/A-1, on PDF 1.4, accepts; PDF/A-2 and -3
 * too), its primaries adapted to the D50 connection space as every sRGB
 * profile has them, and one tone curve of 256 points shared by the three
 * channels: each 8-bit value of a page's colour lies on a point, so
 * nothing is interpolated. 988 bytes (icc-profiles-free's sRGB.icc,
 * embedded before, has 6 922: three 1 024-point curves and three
 * descriptions), so a PDF/A file carries about 0.6 KB deflated instead
 * of 2.4 KB. tests/golden/pdfa.sh checks with littleCMS that it maps
 * every colour as lcms's own sRGB does.
 */

/* Room pdf_icc_srgb needs. */
#define PDF_ICC_SRGB_MAX 1024

/* Write the profile into out; returns its length. */
size_t pdf_icc_srgb(unsigned char out[PDF_ICC_SRGB_MAX]);

#endif
