/*
 * progrep: YAML report definition + indicator data -> PDF progress report.
 * argv -> sub-command -> exit code; the work is in core/ and render/.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/util/diag.h"
#include "core/util/exitcode.h"
#include "core/util/xalloc.h"

static const char usage_head[] =
	"usage: progrep COMMAND [OPTIONS]\n"
	"\n"
	"Turns a YAML report definition plus indicator data into a progress report.\n"
	"\n"
	"Commands:\n";

/* One entry per command: `progrep --help` prints them all, `progrep
 * COMMAND --help` its own. Each text stays under the 4095 characters ISO C
 * guarantees for a string literal. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage; /* "  NAME ARGS\n        what it does\n" */
} commands[] = {
	{ "check", cmd_check,
	  "  check CONFIG [--format text|json]\n"
	  "        validate the config and the data, compute every indicator and\n"
	  "        print every problem found; exit 0 when there is no error.\n"
	  "        json: {\"ok\", \"findings\": failed data checks (rule, position,\n"
	  "        severity, region, period, values, message), \"diagnostics\"}\n" },
	{ "compute", cmd_compute,
	  "  compute CONFIG [--period P] [--level L] [--format csv|json] [--excel]\n"
	  "        print the computed indicator table, one row per region x period x\n"
	  "        indicator, columns region,name,level,period,indicator,value,display;\n"
	  "        value is the unrounded number (reads back to the same double,\n"
	  "        empty when missing), display the text a report shows. An\n"
	  "        indicator with a target adds rows ID:progress and ID:status.\n"
	  "        --period P   only this period: 2019, 2019Q3, 2019-03, latest, latest-1\n"
	  "        --level L    only regions of this level (e.g. county)\n"
	  "        --excel      CSV for Excel: a UTF-8 byte order mark, CRLF line ends\n" },
	{ "render", cmd_render,
	  "  render CONFIG [-o OUT] [--period P] [--format pdf|text]\n"
	  "        lay out the report and write it as an A4 PDF (default: the config's\n"
	  "        name with .pdf, in the current folder), or as plain text; the file\n"
	  "        appears only when complete. --period sets the report period.\n"
	  "  render CONFIG --each LEVEL --out PATTERN [--jobs N] [--shard K/N]\n"
	  "         [--period P] [--lock FILE] [--quiet|--verbose] [--incremental|--full]\n"
	  "        one PDF per region of LEVEL within the report region, from one\n"
	  "        load; PATTERN names the files with {code} {name} {level} {period},\n"
	  "        e.g. 'out/{period}/{code}-{name}.pdf' (values made safe for file\n"
	  "        names; '..' refused). --jobs N worker processes (default: the\n"
	  "        cores); a report that fails or crashes is reported and the others\n"
	  "        go on. --shard K/N renders every Nth region from the Kth, for\n"
	  "        schedulers (docs/deploy/). --period latest, latest-1 or a period.\n"
	  "        Writes manifest.jsonl (manifest.K-of-N.jsonl) beside the files:\n"
	  "        region, name, path, sha256, pages, bytes, status, error, input\n"
	  "        (digest of what the PDF is made from), action (rendered, reused).\n"
	  "        --incremental keeps a PDF whose input is the manifest's and whose\n"
	  "        bytes still match its sha256, and writes the rest; --full (the\n"
	  "        default) writes every report. Locks .progrep.lock in every folder\n"
	  "        it writes into, and --lock FILE: a run that finds one held exits\n"
	  "        3. A bar on a terminal; otherwise only errors and a summary line\n"
	  "        (--quiet: errors only)\n" },
	{ "explain", cmd_explain,
	  "  explain CONFIG INDICATOR [--region R] [--period P] [--format text|json]\n"
	  "        how one figure was computed: the formula, every input with its\n"
	  "        value, and where each base value came from (source file:line, or\n"
	  "        the rollup of its children); default the report region and period.\n"
	  "        Exit 2 for an unknown indicator, region or period\n" },
	{ "init", cmd_init,
	  "  init DATA.csv [--regions REGIONS.csv] [-o CONFIG] [--force]\n"
	  "        write a starter config for a long CSV (region,period,indicator,\n"
	  "        value): every indicator and level found, one summary table and one\n"
	  "        chart; renders as it stands. Names are the ids (Chinese ones too);\n"
	  "        rates and averages (率, %, 占比, 人均 ...) get rollup: none. The\n"
	  "        regions file (code,name,parent,level) is --regions, default\n"
	  "        regions.csv beside DATA.csv; without -o the config goes to standard\n"
	  "        output; an existing CONFIG is kept unless --force\n" },
	{ "import", cmd_import,
	  "  import CONFIG --to DB.sqlite\n"
	  "        write the config's data (regions and every value of its sources)\n"
	  "        into a new SQLite database (schema: docs/data.md), atomically, and\n"
	  "        print the data: block that reads it\n" },
	{ "manifest", cmd_manifest,
	  "  manifest merge OUT IN...\n"
	  "        merge the manifests of a sharded batch run (manifest.K-of-N.jsonl)\n"
	  "        into OUT: every line, sorted by path. A line that is not a manifest\n"
	  "        line, or a path listed twice differently, is an error (FILE:LINE,\n"
	  "        exit 1, OUT not written); OUT appears only when complete\n" },
	{ "templates", cmd_templates,
	  "  templates [--names] [--path]\n"
	  "        list the shipped templates with their descriptions; --names prints\n"
	  "        only the names, --path the folders searched\n" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char usage_tail[] =
	"\n"
	"CONFIG is a file, or the name of a shipped template (progrep render\n"
	"xinjiang-2019) looked up in PROGREP_TEMPLATE_PATH, then in\n"
	"../share/progrep/templates beside the binary.\n"
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
	"  3  (batch) no report could be written, or another run holds the lock\n"
	"  4  batch run: some reports failed, the others were written\n"
	"\n"
	"Environment:\n"
	"  SOURCE_DATE_EPOCH  the date used in reports when the config gives none\n"
	"  PROGREP_TEMPLATE_PATH  folders (':'-separated) searched first for templates\n"
	"  PROGREP_TEST_CRASH_REGION  test hook: a batch worker abort()s on the\n"
	"                     report of this region code (never set it in production)\n"
	"  (a postgres source reads its libpq connection string from the variable\n"
	"  its 'env:' names, e.g. PROGREP_PG)\n"
	"\n"
	"Documentation: docs/config.md, docs/formulas.md, man progrep\n";

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_help(void)
{
	size_t i;

	fputs(usage_head, stdout);
	for (i = 0; i < NCOMMANDS; i++)
		fputs(commands[i].usage, stdout);
	fputs(usage_tail, stdout);
}

/* progrep COMMAND --help: the command's lines of the help, each synopsis
 * line ("  render CONFIG ...") as "usage: progrep render CONFIG ...". */
static int print_command_help(const struct command *c)
{
	const char *s = c->usage, *nl;
	int first = 1;

	for (; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (strncmp(s, "  ", 2) == 0 && s[2] != ' ') {
			printf("%s progrep %.*s\n", first ? "usage:" : "      ", (int)(nl - s - 2),
			       s + 2);
			first = 0;
		} else {
			printf("%.*s\n", (int)(nl - s), s);
		}
	}
	printf("\nCONFIG is a file or a shipped template name. Exit codes and the environment:\n"
	       "progrep --help; every key and message: docs/, man progrep\n");
	return EXIT_OK;
}

/* "-h" or "--help" anywhere after the command asks for its usage, as in
 * git: never "unknown option '--help'". */
static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

/* Without a command, or with an unknown one: every command's synopsis. */
static int no_command(const char *cmd)
{
	size_t i;

	if (cmd)
		fprintf(stderr, "progrep: unknown command '%s'\n", cmd);
	fprintf(stderr, "usage: progrep COMMAND [OPTIONS]; the commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(stderr, "%.*s\n", (int)strcspn(commands[i].usage, "\n"),
			commands[i].usage);
	fprintf(stderr, "Try 'progrep --help', or 'progrep COMMAND --help'.\n");
	return EXIT_USAGE;
}

static int dispatch(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const char *fail = getenv("PROGREP_TEST_FAIL_ALLOC");
	const struct command *c;

	/* Test hook (tests/golden/faults.sh, docs/errors.md): the allocation
	 * after N successful ones fails as if memory were gone. */
	if (fail && *fail)
		xalloc_fail_after(strtol(fail, NULL, 10));
	if (!cmd)
		return no_command(NULL);
	if (strcmp(cmd, "help") == 0 && argc > 2 && (c = find_command(argv[2])))
		return print_command_help(c);
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		print_help();
		return EXIT_OK;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("progrep %s\n", PROGREP_VERSION);
		return EXIT_OK;
	}
	if (!(c = find_command(cmd)))
		return no_command(cmd);
	if (wants_help(argc, argv))
		return print_command_help(c);
	return c->run(argc - 1, argv + 1);
}

/* stdio keeps a write error (a full disk, /dev/full, an NFS close) until
 * the stream is flushed, and exit() would drop it silently: check it once
 * for every command, so output that did not arrive never exits 0. */
static int finish_stdout(int rc)
{
	struct src_pos none = {NULL, 0, 0};
	int had = ferror(stdout), e = 0;
	struct diag d;

	/* clearerr: a stream in error refuses to flush without setting errno;
	 * flushing what is left again tells why it failed. */
	clearerr(stdout);
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		e = errno;
	/* glibc drops the bytes it failed to write, and errno is long gone:
	 * an empty write asks the file again (a full device answers). */
	if (had && !e && write(STDOUT_FILENO, "", 0) < 0)
		e = errno;
	if (fclose(stdout) != 0 && !e)
		e = errno;
	/* A command that failed has said why (compute and render -o - check
	 * their own output); its exit code stands. */
	if ((!e && !had) || rc != EXIT_OK)
		return rc;
	diag_init(&d);
	errno = e ? e : EIO;
	diag_errno(&d, none, "cannot write the output");
	diag_print(&d, stderr);
	diag_release(&d);
	return rc == EXIT_OK ? EXIT_RUNTIME : rc;
}

int main(int argc, char **argv)
{
	return finish_stdout(dispatch(argc, argv));
}
