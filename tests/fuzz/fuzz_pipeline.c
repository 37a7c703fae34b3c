/*
 * Fuzz target: the whole pipeline from config text to the plain-text
 * writer: config -> data (the fixed small files in tests/fuzz/data) ->
 * metrics -> checks -> report -> layout (fixed font metrics) -> text. A config that
 * names anything but CSV files in tests/fuzz/data is loaded but not run:
 * a fuzzer must not open databases or read /dev/zero.
 */
#include <stdio.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/engine/checks.h"
#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/util/diag.h"
#include "core/engine/metrics.h"
#include "core/engine/report.h"
#include "render/layout/doc.h"
#include "render/layout/layout.h"
#include "render/layout/text.h"
#include "tests/fuzz/fuzz.h"

static FILE *sink;

static int safe_path(const char *p)
{
	static const char dir[] = PROGREP_FUZZ_DIR "/data/";

	return p && strncmp(p, dir, sizeof(dir) - 1) == 0 && !strstr(p, "..") &&
	       !strchr(p + sizeof(dir) - 1, '/');
}

static int safe_sources(const struct cfg *c)
{
	size_t i;

	if (!safe_path(c->regions_path))
		return 0;
	for (i = 0; i < c->nsources; i++)
		if (c->sources[i].kind != SRC_CSV || !safe_path(c->sources[i].resolved))
			return 0;
	return 1;
}

static void render_text(const struct cfg *c, const struct results *res, struct arena *a,
			struct diag *d)
{
	struct font *fonts[DOC_NFONTS] = {NULL, NULL};
	struct report rep;
	struct doc doc;

	doc_init(&doc, a);
	if (report_build(c, res, a, d, &rep) == 0 && layout_report(&rep, fonts, &doc, d) == 0 &&
	    sink)
		text_write(&doc, sink);
	doc_release(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diag d;
	struct cfg c;
	struct dataset ds;
	struct results res;

	if (!sink)
		sink = fopen("/dev/null", "w");
	memset(&ds, 0, sizeof(ds));
	memset(&res, 0, sizeof(res));
	diag_init(&d);
	if (cfg_load_text(PROGREP_FUZZ_DIR "/fuzz.yaml", (const char *)data, size, &c, a, &d) ==
		    0 &&
	    safe_sources(&c) && ds_load(&c, &ds, a, &d) == 0 &&
	    metrics_compute(&c, &ds, &res, &d) == 0) {
		checks_run(&c, &res, &d);
		render_text(&c, &res, a, &d);
	}
	if (sink)
		diag_print(&d, sink);
	results_release(&res);
	ds_release(&ds);
	diag_release(&d);
	arena_free(a);
	return 0;
}
