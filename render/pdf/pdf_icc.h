#ifndef PROGREP_PDF_ICC_H
#define PROGREP_PDF_ICC_H

#include <stddef.h>

/* The sRGB ICC profile (IEC 61966-2.1) of PDF/A output intents: the bytes
 * of icc-profiles-free's sRGB.icc, compiled in by CMakeLists.txt (which
 * says why not read at run time). Static data; never freed. */
extern const unsigned char pdf_icc_srgb[];
extern const size_t pdf_icc_srgb_len;

#endif
