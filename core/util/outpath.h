#ifndef PROGREP_OUTPATH_H
#define PROGREP_OUTPATH_H

#include <stddef.h>

#include "core/util/diag.h"

/*
 * File names of a batch run (`progrep render --each LEVEL --out PATTERN`):
 * a pattern such as "out/{period}/{code}-{name}.pdf" names one file per
 * region. Field values are made safe for file systems, and a pattern can
 * never name a file outside its output directory: the folders before the
 * first field, so a config cannot write outside the folder it was given.
 */
struct outpath_fields {
	const char *code, *name, *level, *period;
};

/* A field value is cut to this many bytes (on a character boundary). */
#define OUTPATH_FIELD_MAX 96
/* The longest file or folder name most file systems accept. */
#define OUTPATH_NAME_MAX 255

/* Check a pattern: not empty, not ending in '/', braces balanced, fields
 * among {code} {name} {level} {period}, no ".." folder. 0, or -1 with the
 * error in d. */
int outpath_check(const char *pattern, struct diag *d);

/* The output directory of a valid pattern: its leading folders that hold
 * no field ("out" for "out/{period}/{code}.pdf", "." for "{code}.pdf").
 * xmalloc'd. */
char *outpath_root(const char *pattern);

/* Make s safe as part of a file name: '/', '\\', control characters,
 * invalid UTF-8 and the characters Windows shares refuse (: * ? " < > |)
 * become '_'; a leading '.' becomes '_' (no hidden files, no ".."); an
 * empty value becomes "_"; at most OUTPATH_FIELD_MAX bytes. xmalloc'd. */
char *outpath_sanitize(const char *s);

/* Expand a checked pattern with the fields, each sanitised. Returns the
 * path (xmalloc'd), or NULL with the error in d when a file or folder name
 * would exceed OUTPATH_NAME_MAX bytes. */
char *outpath_expand(const char *pattern, const struct outpath_fields *f, struct diag *d);

#endif
