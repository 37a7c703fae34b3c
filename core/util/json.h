#ifndef PROGREP_JSON_H
#define PROGREP_JSON_H

#include <stdio.h>

/*
 * JSON output, the one escaper every JSON writer uses (diagnostics,
 * compute, check, explain, the batch manifest), so all of them emit
 * valid JSON for any text the data or the config can hold.
 */

/* Write s as a quoted JSON string; NULL is written as "". '"', '\\' and
 * the control characters \b \f \n \r \t get their short escapes, every
 * other byte below 0x20 and DEL a \u00XX escape. A byte that is not part
 * of valid UTF-8 is written as \ufffd (the replacement character), so the
 * output is valid UTF-8 and valid JSON whatever s holds. */
void json_write_str(FILE *out, const char *s);

/* Write x as a number that reads back exactly; NaN as null. */
void json_write_num(FILE *out, double x);

#endif
