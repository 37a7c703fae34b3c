/*
 * Fuzz target: the YAML config loader (cfg_load_text) and the printing of
 * what it reports, with carets under the source line.
 */
#include <stdio.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/util/diag.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct arena *a = arena_new();
	struct diag d;
	struct cfg c;

	if (!sink)
		sink = fopen("/dev/null", "w");
	diag_init(&d);
	/* The name decides where relative paths point; the loader only
	 * resolves them, it reads no data. */
	cfg_load_text("fuzz.yaml", (const char *)data, size, &c, a, &d);
	if (sink)
		diag_print(&d, sink);
	diag_release(&d);
	arena_free(a);
	return 0;
}
