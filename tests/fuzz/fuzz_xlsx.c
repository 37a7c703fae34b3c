/*
 * Fuzz target: the .xlsx reader (core/data/xlsx.h): minizip and expat on
 * any bytes, the sheet's cells and merges, the CSV it gives and the
 * positions that name cells. The input is a whole file: seeds are small
 * workbooks written by tests/golden/data/make_xlsx.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/csv.h"
#include "core/data/xlsx.h"
#include "core/util/diag.h"
#include "tests/fuzz/fuzz.h"

static FILE *sink;

static void read_sheet(const char *path, const struct cfg_source *src)
{
	struct arena *a = arena_new();
	struct diag d;
	struct csv c;
	size_t i;

	diag_init(&d);
	if (xlsx_open(&c, path, src, (struct src_pos){path, 0, 0}, a, &d) == 0)
		while (csv_next(&c) > 0)
			for (i = 0; i < c.nf; i++)
				if (c.f[i].len == 1 && c.f[i].s[0] == 'x')
					csv_error(&c, i, "cell '%.*s'", (int)c.f[i].len, c.f[i].s);
	csv_close(&c);
	if (sink)
		diag_print(&d, sink);
	diag_release(&d);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/progrep-fuzz-xlsx-XXXXXX";
	struct cfg_source src;
	int fd;

	if (!sink)
		sink = fopen("/dev/null", "w");
	memset(&src, 0, sizeof(src));
	src.kind = SRC_XLSX;
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		read_sheet(path, &src);
		src.sheet = "数据";
		src.has_range = 1;
		src.range[0] = 1, src.range[1] = 2, src.range[2] = 5, src.range[3] = 100;
		read_sheet(path, &src);
	}
	close(fd);
	unlink(path);
	return 0;
}
