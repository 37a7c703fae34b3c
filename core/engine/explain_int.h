#ifndef PROGREP_EXPLAIN_INT_H
#define PROGREP_EXPLAIN_INT_H

/* Private to core/engine/explain*.c. */
#include <stddef.h>

#include "core/config/expr.h"
#include "core/engine/metrics.h"

/* Text into a fixed buffer; what does not fit is cut (always
 * NUL-terminated when n > 0). */
struct explain_sb {
	char *buf;
	size_t n, len;
};

void explain_sb_add(struct explain_sb *sb, const char *s, size_t len);
/* e as infix text: "remaining_persons / rural_population * 100". */
void explain_expr_text(struct explain_sb *sb, const struct expr *e);
/* "2013", "-1". */
void explain_period_text(const struct expr_period *p, char *buf, size_t n);
/* Index of a formula period seen from cur, or -1 off the axis. */
int explain_period_of(const struct results *res, const struct expr_period *p, int cur);
/* x in indicator ind's display format ("16.58万人"); ind < 0: shortest text. */
void explain_show(const struct cfg *cfg, int ind, double x, char *buf, size_t n);

/* Fill in where the nodes' base values come from (kind EXPLAIN_DATA or
 * EXPLAIN_ROLLUP): one pass over every source. */
void explain_find_sources(const struct results *res, struct explain_node **nodes, size_t n,
			  struct arena *a, struct diag *d);

#endif
