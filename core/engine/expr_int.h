#ifndef PROGREP_EXPR_INT_H
#define PROGREP_EXPR_INT_H

/* Private to core/engine/expr_*.c. */
#include "core/config/expr.h"

/* rank(x [, "asc"]) at one cell: competition rank ("1224") among the
 * children of region's parent, 1 = the largest (the smallest with asc);
 * NaN when x is missing there. Uses ctx->memo when set. */
double expr_rank(const struct expr *e, const struct expr_ctx *ctx, int region, int per);

#endif
