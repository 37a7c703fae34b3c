#ifndef PROGREP_LAYOUT_APPENDIX_H
#define PROGREP_LAYOUT_APPENDIX_H

#include <stddef.h>

struct cfg;
struct layout_rep;

/*
 * The generated parts after the config's sections, each turned on by a
 * report key (default off, so a config shows exactly what it asks for):
 * quality_section: true      "数据质量说明": the data checks run and every
 *                            finding (failed errors stop the render before
 *                            this, so these are warnings) in Chinese;
 * definitions_appendix: true "指标说明": a table of every indicator: name
 *                            and unit, definition, formula, data source,
 *                            rollup rule, target.
 */

/* How many table-of-contents entries layout_appendix will add. */
size_t layout_appendix_entries(const struct cfg *cfg);

/* Lay out the parts the config asks for at the current position. */
void layout_appendix(struct layout_rep *r);

#endif
