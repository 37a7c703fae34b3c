#ifndef PROGREP_ENCODING_H
#define PROGREP_ENCODING_H

#include <stddef.h>

#include "core/config/config.h"
#include "core/util/diag.h"

/*
 * The text encoding of a CSV file: UTF-8, or GB18030 (a superset of GBK and
 * GB2312, what Chinese-Windows Excel writes). A GB18030 file is read whole
 * and converted to UTF-8 in memory through iconv, then read by the normal
 * CSV reader: a UTF-8 file never pays for it. Conversion keeps every line
 * break where it was (ASCII is itself in GB18030), and columns are counted
 * in characters, so positions in messages are those of the original file.
 */

struct csv;


/*
 * Open the CSV file path in encoding enc. CFG_ENC_AUTO: valid UTF-8 (in
 * its first MiB, with or without a BOM) is read as UTF-8; otherwise, when
 * the whole file decodes as GB18030, as GB18030, with one note at where
 * saying so; otherwise as UTF-8 (its invalid bytes are then reported by
 * the reader). A file declared GB18030 that does not decode is an error at
 * the line and column of the first bad byte. Returns 0, or -1 after
 * reporting (c is then safe to csv_close).
 */
int encoding_csv_open(struct csv *c, const char *path, struct src_pos where,
		      enum cfg_encoding enc, struct diag *d);

/* Convert GB18030 text in[0..n) to UTF-8: a malloc'd string (*out_len
 * bytes, NUL-terminated), or NULL with *bad set to the offset of the first
 * byte that does not decode ((size_t)-1: iconv cannot convert GB18030). */
char *encoding_gb18030_to_utf8(const char *in, size_t n, size_t *out_len, size_t *bad);

#endif
