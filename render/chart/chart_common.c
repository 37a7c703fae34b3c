/*
 * What every orientation of a bar or line chart takes from the chart's
 * data: the value range and the legend. Its own file so that the vertical
 * (chart_draw.c) and the horizontal (chart_hbar.c) drawing both call it and
 * neither calls back into the other.
 */
#include <math.h>
#include <string.h>

#include "render/chart/chart_int.h"

/* The range of every finite value of c (and its target). */
void chart_data_range(const struct chart *c, double *min, double *max)
{
	size_t s, i;
	double v;

	*min = 0;
	*max = 0;
	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->ncats; i++) {
			v = c->series[s].v[i];
			if (!isfinite(v))
				continue;
			*min = v < *min ? v : *min;
			*max = v > *max ? v : *max;
		}
	if (c->has_target && isfinite(c->target)) {
		*min = c->target < *min ? c->target : *min;
		*max = c->target > *max ? c->target : *max;
	}
}

double chart_series_dash(size_t s, int mono)
{
	/* Black lines told apart by their dashes, the first one solid. */
	static const double dash[] = { 0, 4, 1.5, 7 };

	return mono ? dash[s % (sizeof(dash) / sizeof(dash[0]))] : 0;
}

unsigned chart_target_color(int mono)
{
	return mono ? CHART_MONO_TARGET : CHART_TARGET_COLOR;
}

void chart_legend_of(const struct chart *c, struct chart_legend *lg)
{
	size_t s;
	int line = c->kind == REPORT_CHART_LINE;

	memset(lg, 0, sizeof(*lg));
	lg->mono = c->mono;
	if (c->nseries > 1 || (line && c->has_target))
		for (s = 0; s < c->nseries; s++) {
			chart_legend_add(lg, c->series[s].name, c->series[s].color,
					 line ? KEY_LINE : KEY_BOX);
			if (line && lg->n)
				lg->dash[lg->n - 1] = chart_series_dash(s, c->mono);
		}
	for (s = 0; s < c->nkeys; s++)
		if (c->keys[s].patterned)
			chart_legend_add_status(lg, c->keys[s].name, c->keys[s].status);
		else
			chart_legend_add(lg, c->keys[s].name, c->keys[s].color, KEY_BOX);
	if (line && c->has_target)
		chart_legend_add(lg, c->target_label ? c->target_label : "目标",
				 chart_target_color(c->mono), KEY_DASH);
}
