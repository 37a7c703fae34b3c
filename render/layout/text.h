#ifndef PROGREP_TEXT_H
#define PROGREP_TEXT_H

#include <stdio.h>

#include "render/layout/doc.h"

/*
 * The plain-text writer of a laid-out doc (`--format text`, and tests):
 * a "=== page N ===" line per page (1-based), then each text box on a line
 * in drawing order. Table cells come out one table row per line, the cells
 * of a row in column order joined by " | " (the lines of a wrapped cell
 * joined without a separator); text boxes of one role on one baseline (a
 * TOC entry: title, leader, page number) share a line, joined by a space.
 * Deterministic: the output depends on the doc only.
 * Returns 0, or -1 on a write error (errno set).
 */
int text_write(const struct doc *doc, FILE *out);

#endif
