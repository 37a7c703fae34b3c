#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/batch.h"
#include "core/util/afile.h"
#include "core/util/arena.h"
#include "core/util/xalloc.h"

/*
 * What a batch run says on stderr. On a terminal: a progress bar with
 * counts and the time left, redrawn at most ten times a second. Otherwise
 * (cron, a scheduler's log) nothing but the failed reports and a one-line
 * summary. --quiet keeps only the failures, --verbose adds a line per
 * report. The clock is read only for these messages, never for output.
 */

#define BAR_WIDTH 30

double batch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void batch_progress_init(struct batch_progress *p, size_t total, enum batch_verbosity v)
{
	memset(p, 0, sizeof(*p));
	p->tty = isatty(STDERR_FILENO) && v != BATCH_QUIET;
	p->verbosity = v;
	p->total = total;
	p->start = batch_now();
}

static void clear_bar(struct batch_progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}

static void draw_bar(struct batch_progress *p, int force)
{
	double now = batch_now(), el = now - p->start, eta;
	size_t fill = p->total ? p->done * BAR_WIDTH / p->total : BAR_WIDTH, i;
	char bar[BAR_WIDTH + 1];

	if (!p->tty || (!force && now - p->last_draw < 0.1))
		return;
	p->last_draw = now;
	for (i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	eta = p->done ? el / (double)p->done * (double)(p->total - p->done) : 0;
	fprintf(stderr, "\r\033[K[%s] %zu/%zu", bar, p->done, p->total);
	if (p->failed)
		fprintf(stderr, ", %zu failed", p->failed);
	if (p->done && p->done < p->total)
		fprintf(stderr, ", %.0f s left", eta + 0.5);
	fflush(stderr);
	p->drawn = 1;
}

void batch_progress_say(struct batch_progress *p, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	clear_bar(p);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	/* region names come from the data: no escape sequence reaches the tty */
	diag_write_clean(stderr, msg);
	free(msg);
	fputc('\n', stderr);
	draw_bar(p, 1);
}

void batch_progress_done(struct batch_progress *p, const struct run *r,
			 const struct batch_job *job)
{
	const struct regions *rg = r->res.reg;

	p->done++;
	if (job->status != BATCH_OK) {
		p->failed++;
		batch_progress_say(p, "progrep render: %s %s: %s", rg->code[job->region],
				   rg->name[job->region], job->error ? job->error : "failed");
	} else if (p->verbosity == BATCH_VERBOSE) {
		batch_progress_say(p, "%s %s: %s (%d pages, %lld bytes%s)", rg->code[job->region],
				   rg->name[job->region], job->path, job->pages, job->bytes,
				   job->reused ? ", reused" : "");
	}
	draw_bar(p, p->done == p->total);
}

void batch_progress_end(struct batch_progress *p, const char *manifest)
{
	double el = batch_now() - p->start;

	clear_bar(p);
	if (p->verbosity == BATCH_QUIET)
		return;
	if (p->incremental)
		fprintf(stderr, "progrep render: %zu of %zu reports written, %zu reused, %zu "
				"failed, in %.2f s; manifest '%s'\n",
			p->done - p->failed - p->reused, p->total, p->reused, p->failed, el,
			manifest);
	else
		fprintf(stderr, "progrep render: %zu of %zu reports written, %zu failed, in %.2f s; "
				"manifest '%s'\n",
			p->done - p->failed, p->total, p->failed, el, manifest);
}

static void manifest_line(FILE *f, const struct run *r, const struct batch_job *j)
{
	const struct regions *rg = r->res.reg;
	int ok = j->status == BATCH_OK;

	fputs("{\"region\":", f);
	json_write_str(f, rg->code[j->region]);
	fputs(",\"name\":", f);
	json_write_str(f, rg->name[j->region]);
	fputs(",\"path\":", f);
	json_write_str(f, j->path);
	fputs(",\"sha256\":", f);
	if (ok)
		json_write_str(f, j->sha256);
	else
		fputs("null", f);
	fprintf(f, ",\"pages\":%d,\"bytes\":%lld,\"status\":\"%s\",\"error\":", ok ? j->pages : 0,
		ok ? j->bytes : 0LL, ok ? "ok" : "failed");
	if (ok)
		fputs("null", f);
	else
		json_write_str(f, j->error ? j->error : "failed");
	/* What the next incremental run compares (cmd/batch_incr.c). */
	fputs(",\"input\":", f);
	if (j->input[0])
		json_write_str(f, j->input);
	else
		fputs("null", f);
	fputs(",\"action\":", f);
	fputs(!ok ? "null" : j->reused ? "\"reused\"" : "\"rendered\"", f);
	fputs("}\n", f);
}

/* Written like the PDFs: ".NAME.XXXXXX" beside it, synced, renamed, and
 * its folder synced: the commit record of a run (cmd/batch.c syncs the
 * PDFs it lists before). */
int batch_manifest_write(const char *path, const struct run *r, const struct batch_job *jobs,
			 size_t n)
{
	struct afile af;
	FILE *f;
	size_t i;

	if (afile_open(&af, path, AFILE_SYNC) != 0)
		return -1;
	if (!(f = afile_stream(&af))) {
		afile_abort(&af);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (jobs[i].mine)
			manifest_line(f, r, &jobs[i]);
	return afile_commit(&af);
}
