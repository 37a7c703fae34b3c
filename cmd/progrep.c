/*
 * progrep: YAML report definition + indicator data -> PDF progress report.
 * argv -> sub-command -> exit code; the work is in core/ and render/.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const char usage_text[] =
	"usage: progrep COMMAND [OPTIONS]\n"
	"\n"
	"Turns a YAML report definition plus indicator data into a progress report.\n"
	"\n"
	"Commands:\n"
	"  check CONFIG [--format text|json]\n"
	"        validate the config and the data, compute every indicator and\n"
	"        print every problem found; exit 0 when there is no error\n"
	"  compute CONFIG [--period P] [--level L] [--format csv|json]\n"
	"        print the computed indicator table, one row per region x period x\n"
	"        indicator, columns region,name,level,period,indicator,value,display;\n"
	"        value is the unrounded number (reads back to the same double,\n"
	"        empty when missing), display the text a report shows. An\n"
	"        indicator with a target adds rows ID:progress and ID:status.\n"
	"        --period P   only this period: 2019, 2019Q3, 2019-03, latest, latest-1\n"
	"        --level L    only regions of this level (e.g. county)\n"
	"  render CONFIG [-o OUT] [--period P] [--format pdf|text]\n"
	"        lay out the report and write it as an A4 PDF (default: the config's\n"
	"        name with .pdf, in the current folder), or as plain text; the file\n"
	"        appears only when complete. --period sets the report period.\n"
	"\n"
	"Options:\n"
	"  -h, --help       show this help\n"
	"  -V, --version    show the version\n"
	"\n"
	"Exit codes:\n"
	"  0  success\n"
	"  1  the config or the data has errors (reported as file:line:col); nothing written\n"
	"  2  bad command line\n"
	"  3  runtime failure: I/O, font, rendering, out of memory\n"
	"  4  batch run: some reports failed, the others were written\n"
	"\n"
	"Environment:\n"
	"  SOURCE_DATE_EPOCH  the date used in reports when the config gives none\n"
	"\n"
	"Documentation: docs/config.md, docs/formulas.md, man progrep\n";

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		return usage_error(NULL, "which command? (check, compute, render)");
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("progrep %s\n", PROGREP_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "compute") == 0)
		return cmd_compute(argc - 1, argv + 1);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	return usage_error(NULL, "unknown command '%s' (check, compute, render)", cmd);
}
