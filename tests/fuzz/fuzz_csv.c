/*
 * Fuzz target: the RFC 4180 reader (csv_open_mem, csv_next, the messages
 * with positions) and the long-CSV loader of the cube. The first byte
 * picks what the rest is: even, a file read record by record (bit 1 set:
 * first converted from GB18030, as a GBK file is); odd, the values of a
 * long CSV loaded against a fixed small region tree (which detects the
 * encoding, and reads values as typed in Excel and regions by name).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/csv.h"
#include "core/data/dataset.h"
#include "core/data/encoding.h"
#include "core/util/diag.h"
#include "tests/fuzz/fuzz.h"

static FILE *sink;

static void read_records(const char *text, size_t len)
{
	struct diag d;
	struct csv c;
	size_t i, total = 0;

	diag_init(&d);
	csv_open_mem(&c, "fuzz.csv", text, len, &d);
	while (csv_next(&c) > 0) {
		for (i = 0; i < c.nf; i++) {
			size_t n;
			total += c.f[i].len;
			csv_line(&c, i, &n);
			(void)csv_pos(&c, i);
		}
		if (c.nf > 1 && csv_field_is(&c, 0, "x"))
			csv_error(&c, 1, "field '%.*s'", (int)c.f[1].len, c.f[1].s);
	}
	csv_close(&c);
	if (sink)
		diag_print(&d, sink);
	diag_release(&d);
	(void)total;
}

/* ds_load_long_csv reads a path: the input goes to a temporary file. */
static void load_values(const char *text, size_t len)
{
	static const char config[] =
		"report: {title: t, period: 2014}\n"
		"levels: [region, prefecture, county, village]\n"
		"data:\n  regions: data/regions.csv\n"
		"  sources: [{type: csv, path: data/values.csv}]\n"
		"indicators:\n"
		"  registered_persons: {name: a}\n"
		"  rural_population: {name: b}\n";
	char path[] = "/tmp/progrep-fuzz-csv-XXXXXX";
	struct arena *a = arena_new();
	struct diag d;
	struct cfg cfg;
	struct dataset ds;
	int fd;

	memset(&ds, 0, sizeof(ds));
	diag_init(&d);
	if (cfg_load_text(PROGREP_FUZZ_DIR "/fuzz.yaml", config, sizeof(config) - 1, &cfg, a,
			  &d) < 0)
		abort(); /* the fixed config must load */
	if (ds_load_regions(&cfg, cfg.regions_path, &ds, a, &d) < 0)
		abort();
	fd = mkstemp(path);
	if (fd >= 0) {
		if (write(fd, text, len) == (ssize_t)len)
			ds_load_long_csv(&cfg, path, &ds, a, &d);
		close(fd);
		unlink(path);
	}
	if (sink)
		diag_print(&d, sink);
	ds_release(&ds);
	diag_release(&d);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (size == 0)
		return 0;
	if (data[0] & 1) {
		load_values((const char *)data + 1, size - 1);
	} else if (data[0] & 2) {
		size_t n = 0, bad = 0;
		char *utf8 = encoding_gb18030_to_utf8((const char *)data + 1, size - 1, &n, &bad);
		if (utf8)
			read_records(utf8, n);
		else if (bad != (size_t)-1 && bad >= size - 1)
			abort(); /* the offset of the bad byte is in the input */
		free(utf8);
	} else {
		read_records((const char *)data + 1, size - 1);
	}
	return 0;
}
