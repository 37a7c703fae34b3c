#ifndef PROGREP_NUMPARSE_H
#define PROGREP_NUMPARSE_H

#include <stddef.h>

/*
 * Decimal number parsing for data files: fast and always the correctly
 * rounded double, identical to strtod() for every accepted text.
 *
 * Accepted: an optional sign, digits with an optional decimal point (at
 * least one digit), an optional exponent (e or E, optional sign, digits).
 * Rejected: empty text, spaces, hex, "inf", "nan", thousands separators and
 * values whose magnitude overflows a double (1e400).
 */

/* Parse s[0..len) (need not be NUL-terminated). Returns 0 and sets *out,
 * or -1 when the text is not a finite decimal number. */
int numparse_double(const char *s, size_t len, double *out);

#endif
