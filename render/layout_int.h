#ifndef PROGREP_LAYOUT_INT_H
#define PROGREP_LAYOUT_INT_H

/*
 * Private to render/layout_*.c and render/chart_block.c: the report
 * walker (layout_report.c) hands each block of the report model to its
 * builder. They place what the model says; they compute nothing.
 */
#include "core/engine/report.h"
#include "render/layout/layout.h"

void layout_block_table(struct layout *lo, const struct report_table *t);
void layout_block_kpi(struct layout *lo, const struct report_kpi *k);
void layout_block_chart(struct layout *lo, const struct report_chart *c);

#endif
