#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/batch.h"
#include "cmd/cmd.h"
#include "cmd/render_one.h"
#include "core/engine/report.h"
#include "core/util/afile.h"
#include "core/util/arena.h"
#include "render/layout/doc.h"
#include "render/layout/font.h"
#include "render/layout/layout.h"
#include "render/pdf/pdf.h"
#include "render/layout/text.h"

/*
 * progrep render CONFIG [-o OUT] [--period P] [--format pdf|text]
 * Lays out the report and writes it as a PDF (or as plain text). Output is
 * written to a temporary file beside OUT and renamed into place only when
 * complete, so a failed run leaves no partial file.
 *
 * progrep render CONFIG --each LEVEL --out PATTERN [--jobs N] [--shard K/N]
 *     [--period P] [--lock FILE] [--quiet|--verbose] [--incremental|--full]
 * One PDF per region of LEVEL: see cmd/batch.h.
 */

struct render_opts {
	const char *config;
	const char *out;
	const char *period;
	int text;
	int incr_given; /* --incremental or --full */
	struct batch_opts batch;
};

static int parse_jobs(const char *val, int *jobs)
{
	char *end;
	long n = strtol(val, &end, 10);

	if (end == val || *end || n < 1 || n > 1024)
		return usage_error("render", "'--jobs' is a number from 1 to 1024, not '%s'", val);
	*jobs = (int)n;
	return EXIT_OK;
}

/* The batch options (--each and what goes with it); 1 when argv[a->i] was
 * one, 0 when not, -1 after a usage error. */
static int parse_batch_opt(struct args *a, struct render_opts *o)
{
	struct batch_opts *b = &o->batch;
	const char *val;
	int rc;

	if ((rc = args_value(a, "each", 0, &b->each)) || (rc = args_value(a, "out", 0, &b->pattern)) ||
	    (rc = args_value(a, "lock", 0, &b->lock)))
		return rc;
	if ((rc = args_value(a, "jobs", 'j', &val)))
		return rc < 0 || parse_jobs(val, &b->jobs) != EXIT_OK ? -1 : 1;
	if ((rc = args_value(a, "shard", 0, &val))) {
		if (rc > 0 && batch_parse_shard(val, &b->shard_k, &b->shard_n) < 0) {
			usage_error("render", "'--shard' is K/N with 1 <= K <= N, not '%s'", val);
			return -1;
		}
		return rc;
	}
	/* The last of --incremental and --full wins, so a wrapper script that
	 * passes "$@" after its own --incremental can be told --full. */
	if (args_flag(a, "incremental", 0))
		return o->incr_given = b->incremental = 1, 1;
	if (args_flag(a, "full", 0))
		return o->incr_given = 1, b->incremental = 0, 1;
	if (args_flag(a, "quiet", 'q'))
		return b->verbosity = BATCH_QUIET, 1;
	if (args_flag(a, "verbose", 'v'))
		return b->verbosity = BATCH_VERBOSE, 1;
	return 0;
}

static int check_batch_opts(struct render_opts *o)
{
	struct batch_opts *b = &o->batch;
	long cores;

	if (!b->each) {
		if (b->pattern || b->lock || b->jobs || b->shard_n || o->incr_given)
			return usage_error("render", "'--out', '--jobs', '--shard', '--lock', "
						     "'--incremental' and '--full' go with '--each LEVEL'");
		return EXIT_OK;
	}
	if (!b->pattern)
		return usage_error("render", "'--each' needs '--out PATTERN', e.g. "
					     "--out 'out/{period}/{code}-{name}.pdf'");
	if (o->out)
		return usage_error("render", "'--each' names its files with '--out PATTERN', not '-o'");
	if (o->text)
		return usage_error("render", "'--each' writes PDFs only");
	if (!b->jobs) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		b->jobs = cores < 1 ? 1 : cores > 1024 ? 1024 : (int)cores;
	}
	if (!b->shard_n)
		b->shard_k = b->shard_n = 1;
	return EXIT_OK;
}

static int parse_opts(int argc, char **argv, struct render_opts *o)
{
	struct args a = {argc, argv, 1, "render"};
	const char *fmt = NULL;
	int rc;

	memset(o, 0, sizeof(*o));
	while (a.i < argc) {
		if ((rc = args_value(&a, "output", 'o', &o->out)) ||
		    (rc = args_value(&a, "period", 'p', &o->period)) ||
		    (rc = args_value(&a, "format", 'f', &fmt)) || (rc = parse_batch_opt(&a, o))) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		if (argv[a.i][0] == '-' && argv[a.i][1])
			return usage_error("render", "unknown option '%s'", argv[a.i]);
		if (o->config)
			return usage_error("render", "only one config, got '%s' and '%s'", o->config,
					   argv[a.i]);
		o->config = argv[a.i++];
	}
	if (!o->config)
		return usage_error("render", "which config? usage: progrep render CONFIG [-o OUT.pdf]");
	if (fmt && strcmp(fmt, "text") == 0)
		o->text = 1;
	else if (fmt && strcmp(fmt, "pdf") != 0)
		return usage_error("render", "'--format' is pdf or text, not '%s'", fmt);
	return check_batch_opts(o);
}

/* OUT defaults to the config's file name with .pdf (or .txt) in the
 * current folder. */
static const char *default_out(struct arena *a, const char *config, int text)
{
	const char *base = strrchr(config, '/'), *dot;

	base = base ? base + 1 : config;
	dot = strrchr(base, '.');
	return arena_printf(a, "%.*s.%s", (int)(dot ? dot - base : (long)strlen(base)), base,
			    text ? "txt" : "pdf");
}

/* The plain-text rendering, written atomically like the PDF ("-" is
 * standard output). 0, or -1 with errno set. */
static int write_text(const struct doc *doc, const char *path)
{
	struct afile af;
	FILE *f;

	if (strcmp(path, "-") == 0)
		return text_write(doc, stdout) < 0 || fflush(stdout) ? -1 : 0;
	if (afile_open(&af, path, AFILE_SYNC_FILE) != 0)
		return -1;
	f = afile_stream(&af);
	if (!f || text_write(doc, f) < 0) {
		afile_abort(&af);
		return -1;
	}
	return afile_commit(&af);
}

static int render(const struct render_opts *o, struct run *r)
{
	struct font *fonts[DOC_NFONTS] = {NULL, NULL};
	struct pdf_fonts pf;
	struct doc doc;
	const char *out = o->out ? o->out : default_out(r->arena, o->config, o->text);
	int rc = EXIT_RUNTIME;

	doc_init(&doc, r->arena);
	/* What a killed run of this output left (afile_is_stale: never a
	 * running writer's). */
	if (strcmp(out, "-") != 0)
		afile_clean(out);
	if (render_one_fonts_open(&r->cfg, fonts, &r->diag) < 0)
		goto out;
	if (render_one_layout(r, r->res.report_region, fonts, &doc, &r->diag) < 0)
		goto out;
	if (o->text) {
		if (write_text(&doc, out) < 0) {
			struct src_pos none = {NULL, 0, 0};
			diag_error(&r->diag, none, "cannot write '%s': %s", out, strerror(errno));
			goto out;
		}
	} else {
		pdf_fonts_init_roles(&pf, fonts);
		render_one_pdf_options(&r->cfg);
		rc = pdf_write(&doc, &pf, out, &r->diag) < 0 ? EXIT_RUNTIME : EXIT_OK;
		pdf_fonts_release(&pf);
		goto out;
	}
	rc = EXIT_OK;
out:
	doc_release(&doc);
	render_one_fonts_close(fonts);
	return rc;
}

/* A template refused at the batch's level is refused once, before any
 * worker starts, not once per region. */
static int each_level_check(struct run *r, const char *each)
{
	int level = cfg_find_level(&r->cfg, each);
	size_t i;

	for (i = 0; level >= 0 && i < r->res.reg->n; i++)
		if (r->res.reg->level[i] == level)
			return report_levels_check(&r->cfg, r->res.reg, (int)i, r->arena, &r->diag);
	return 0; /* an unknown level: batch_run says so */
}

int cmd_render(int argc, char **argv)
{
	struct render_opts o;
	struct run r;
	size_t shown;
	int rc, per;

	if ((rc = parse_opts(argc, argv, &o)) != EXIT_OK)
		return rc;
	/* A batch run is quiet about warnings unless --verbose: under cron
	 * only errors and the summary should reach the mail. */
	rc = run_load_period(&r, o.config, o.period, o.batch.each ? NULL : stderr);
	if (o.batch.each && (rc != EXIT_OK || o.batch.verbosity == BATCH_VERBOSE))
		diag_print(&r.diag, stderr);
	shown = r.diag.n;
	if (rc == EXIT_OK && o.period) {
		if ((per = run_period(&r, o.period)) < 0)
			rc = EXIT_USAGE;
		else
			r.res.report_period = per;
	}
	if (rc == EXIT_OK && o.batch.each && each_level_check(&r, o.batch.each) < 0)
		rc = EXIT_DATA;
	if (rc == EXIT_OK && o.batch.each) {
		rc = batch_run(&o.batch, &r);
		shown = r.diag.n; /* batch_run presented what concerns it */
	} else if (rc == EXIT_OK) {
		rc = render(&o, &r);
	}
	diag_print_from(&r.diag, shown, stderr);
	run_release(&r);
	font_cleanup();
	return rc;
}
