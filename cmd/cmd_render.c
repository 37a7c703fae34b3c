#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/arena.h"
#include "render/doc.h"
#include "render/font.h"
#include "render/layout.h"
#include "render/pdf.h"
#include "render/text.h"

/*
 * progrep render CONFIG [-o OUT] [--period P] [--format pdf|text]
 * Lays out the report and writes it as a PDF (or as plain text). Output is
 * written to a temporary file beside OUT and renamed into place only when
 * complete, so a failed run leaves no partial file.
 */

struct render_opts {
	const char *config;
	const char *out;
	const char *period;
	int text;
};

static int parse_opts(int argc, char **argv, struct render_opts *o)
{
	struct args a = {argc, argv, 1, "render"};
	const char *fmt = NULL;
	int rc;

	memset(o, 0, sizeof(*o));
	while (a.i < argc) {
		if ((rc = args_value(&a, "output", 'o', &o->out)) ||
		    (rc = args_value(&a, "period", 'p', &o->period)) ||
		    (rc = args_value(&a, "format", 'f', &fmt))) {
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
	return EXIT_OK;
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
 * standard output). */
static int write_text(const struct doc *doc, const char *path, struct arena *a)
{
	char *tmp;
	FILE *f;
	int fd;

	if (strcmp(path, "-") == 0)
		return text_write(doc, stdout) < 0 || fflush(stdout) ? -1 : 0;
	tmp = arena_printf(a, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (text_write(doc, f) < 0 || fflush(f) || fsync(fileno(f))) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int render(const struct render_opts *o, struct run *r)
{
	struct font *fonts[DOC_NFONTS] = {NULL, NULL};
	struct pdf_fonts pf;
	struct doc doc;
	const char *out = o->out ? o->out : default_out(r->arena, o->config, o->text);
	int rc = EXIT_RUNTIME;

	doc_init(&doc, r->arena);
	fonts[DOC_FONT_BODY] = font_open(r->cfg.report.font_body, &r->diag);
	fonts[DOC_FONT_HEADING] = font_open(r->cfg.report.font_heading, &r->diag);
	if (!fonts[DOC_FONT_BODY] || !fonts[DOC_FONT_HEADING])
		goto out;
	if (layout_report(&r->cfg, &r->res, fonts, &doc, &r->diag) < 0)
		goto out;
	if (o->text) {
		if (write_text(&doc, out, r->arena) < 0) {
			struct src_pos none = {NULL, 0, 0};
			diag_error(&r->diag, none, "cannot write '%s': %s", out, strerror(errno));
			goto out;
		}
	} else {
		pdf_fonts_init(&pf, fonts[DOC_FONT_BODY], fonts[DOC_FONT_HEADING]);
		rc = pdf_write(&doc, &pf, out, &r->diag) < 0 ? EXIT_RUNTIME : EXIT_OK;
		pdf_fonts_release(&pf);
		goto out;
	}
	rc = EXIT_OK;
out:
	doc_release(&doc);
	font_free(fonts[DOC_FONT_BODY]);
	font_free(fonts[DOC_FONT_HEADING]);
	return rc;
}

int cmd_render(int argc, char **argv)
{
	struct render_opts o;
	struct run r;
	size_t shown;
	int rc, per;

	if ((rc = parse_opts(argc, argv, &o)) != EXIT_OK)
		return rc;
	rc = run_load(&r, o.config, stderr);
	shown = r.diag.n;
	if (rc == EXIT_OK && o.period) {
		if ((per = run_period(&r, o.period)) < 0)
			rc = EXIT_USAGE;
		else
			r.res.report_period = per;
	}
	if (rc == EXIT_OK)
		rc = render(&o, &r);
	diag_print_from(&r.diag, shown, stderr);
	run_release(&r);
	font_cleanup();
	return rc;
}
