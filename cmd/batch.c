#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/batch.h"
#include "cmd/render_one.h"
#include "core/util/arena.h"
#include "core/util/namecoll.h"
#include "core/util/outpath.h"
#include "core/util/xalloc.h"
#include "render/layout/font.h"

/*
 * The batch driver: plan (regions, shard, file names), lock and clean up
 * after a killed run, lay out every report and subset the fonts once, let
 * the worker pool write this shard's PDFs, write the manifest.
 *
 * Every run lays out the reports of ALL shards, because the font subsets
 * are made from the code points of all of them: so a shard's PDFs are byte
 * for byte those of the unsharded run. Layout is the cheap part; writing
 * (compression, font embedding) is what the shards share out.
 */

struct batch {
	const struct batch_opts *o;
	struct run *r;
	int level;
	struct batch_job *jobs;
	size_t n, nmine;
	char *root;       /* the output directory */
	char *manifest;   /* the manifest path */
	int lockfd;       /* --lock FILE, or -1 */
	struct batch_locks locks; /* one in each folder written into */
	struct font *fonts[DOC_NFONTS];
	struct pdf_fonts pf;
	int pf_init;
	struct batch_progress prog;
	struct diag errs; /* the batch's own errors, not a report's */
	size_t errs_shown;
};

static const struct src_pos nowhere = {NULL, 0, 0};

/* Show the batch's own errors as they happen, the way every diagnostic is
 * shown: a long run should not keep a folder it could not make to itself
 * until its end. Returns rc. */
static int show_errors(struct batch *b, int rc)
{
	diag_print_from(&b->errs, b->errs_shown, stderr);
	b->errs_shown = b->errs.n;
	return rc;
}

int batch_parse_shard(const char *s, int *k, int *n)
{
	char *end;
	long a, b;

	a = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end == s || *end || a < 1 || b < a || b > 1000000)
		return -1;
	*k = (int)a;
	*n = (int)b;
	return 0;
}

static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

static const char *shard_suffix(const struct batch *b, struct arena *a)
{
	if (b->o->shard_n == 1)
		return "";
	return arena_printf(a, ".%d-of-%d", b->o->shard_k, b->o->shard_n);
}

static int find_level(const struct batch *b)
{
	const struct cfg *cfg = &b->r->cfg;
	size_t i, len = 0;
	char *list;

	for (i = 0; i < cfg->nlevels; i++)
		if (strcmp(cfg->levels[i], b->o->each) == 0)
			return (int)i;
	for (i = 0; i < cfg->nlevels; i++)
		len += strlen(cfg->levels[i]) + 2;
	list = xmalloc(len + 1);
	list[0] = '\0';
	for (i = 0; i < cfg->nlevels; i++)
		strcat(strcat(list, i ? ", " : ""), cfg->levels[i]);
	usage_error("render", "no level '%s' in the config (levels: %s)", b->o->each, list);
	free(list);
	return -1;
}

/* The file of every region of the level within the report region, in
 * region order; region i of them belongs to shard (i mod N) + 1. */
static int plan(struct batch *b)
{
	const struct regions *rg = b->r->res.reg;
	const struct results *res = &b->r->res;
	struct outpath_fields f;
	char per[32];
	size_t k;

	period_format(period_at(&res->axis, res->report_period), per, sizeof(per));
	b->jobs = xcalloc(rg->n ? rg->n : 1, sizeof(*b->jobs));
	for (k = 0; k < rg->n; k++) {
		struct batch_job *j = &b->jobs[b->n];
		if (rg->level[k] != b->level || !regions_is_within(rg, (int)k, res->report_region))
			continue;
		f.code = rg->code[k];
		f.name = rg->name[k];
		f.level = b->r->cfg.levels[b->level];
		f.period = per;
		j->region = (int)k;
		j->path = outpath_expand(b->o->pattern, &f, &b->r->diag);
		if (!j->path)
			return -1;
		j->mine = (int)(b->n % (size_t)b->o->shard_n) == b->o->shard_k - 1;
		b->nmine += (size_t)j->mine;
		b->n++;
	}
	return 0;
}

static int cmp_path(const void *a, const void *b)
{
	const struct batch_job *x = *(struct batch_job *const *)a, *y = *(struct batch_job *const *)b;
	int c = strcmp(x->path, y->path);

	return c ? c : x->region - y->region;
}

/* Two regions must not write the same file (a pattern without {code} and
 * two villages of the same name). Checked over all shards, so every shard
 * refuses the same patterns. */
static int check_unique(const struct batch *b)
{
	const struct regions *rg = b->r->res.reg;
	struct batch_job **s = xcalloc(b->n ? b->n : 1, sizeof(*s));
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n; i++)
		s[i] = &b->jobs[i];
	qsort(s, b->n, sizeof(*s), cmp_path);
	for (i = 1; i < b->n && rc == 0; i++)
		if (strcmp(s[i - 1]->path, s[i]->path) == 0)
			rc = usage_error("render",
					 "output pattern '%s' gives the same file '%s' to '%s %s' and "
					 "'%s %s' (add {code})",
					 b->o->pattern, s[i]->path, rg->code[s[i - 1]->region],
					 rg->name[s[i - 1]->region], rg->code[s[i]->region],
					 rg->name[s[i]->region]);
	free(s);
	return rc ? -1 : 0;
}

/* Two regions whose names differ only in case get one file on a
 * case-insensitive file system (exFAT, SMB): ask it (namecoll.h), over all
 * shards, once the folders exist and before anything is written. */
static int check_case(const struct batch *b)
{
	const struct regions *rg = b->r->res.reg;
	const char **paths = xcalloc(b->n ? b->n : 1, sizeof(*paths));
	size_t i, x, y;
	int rc = EXIT_OK;

	for (i = 0; i < b->n; i++)
		paths[i] = b->jobs[i].path;
	if (namecoll_find(namecoll_posix(), paths, b->n, &x, &y) == 1)
		rc = usage_error("render",
				 "output pattern '%s' gives '%s' to '%s %s' and '%s' to '%s %s', "
				 "one file on this case-insensitive file system (add {code})",
				 b->o->pattern, paths[x], rg->code[b->jobs[x].region],
				 rg->name[b->jobs[x].region], paths[y], rg->code[b->jobs[y].region],
				 rg->name[b->jobs[y].region]);
	free(paths);
	return rc;
}

/* The deepest folder that holds every file of the run (all shards). */
static char *common_dir(const struct batch *b)
{
	size_t i, len, k;
	const char *first;
	char *dir;

	if (b->n == 0)
		return xstrdup(b->root);
	first = b->jobs[0].path;
	len = strlen(first);
	for (i = 1; i < b->n; i++) {
		for (k = 0; k < len && b->jobs[i].path[k] == first[k]; k++)
			;
		len = k;
	}
	while (len > 0 && first[len - 1] != '/')
		len--;
	if (len == 0)
		return xstrdup(".");
	dir = xmalloc(len + 1);
	memcpy(dir, first, len > 1 ? len - 1 : 1);
	dir[len > 1 ? len - 1 : 1] = '\0';
	return dir;
}

/* Remove what a killed run left for any file of this run, every shard's
 * too (a shard killed earlier leaves temporary files no later run of its
 * own may come to clean): only stale ones, so a shard writing now keeps
 * its files (afile_is_stale). */
static void clean_all(const struct batch *b)
{
	char **paths = xcalloc(b->n + 1, sizeof(*paths));
	size_t i;

	for (i = 0; i < b->n; i++)
		paths[i] = b->jobs[i].path;
	paths[b->n] = b->manifest;
	batch_clean_temps(paths, b->n + 1, 0);
	free(paths);
}

/* Make the folders, lock each one files land in (batch_locks.c), then
 * remove what a killed earlier run left: temporary PDFs of our files, the
 * manifest's temporary file. */
static int prepare_dirs(struct batch *b)
{
	struct arena *a = b->r->arena;
	const char *suffix = shard_suffix(b, a);
	const char *lock;
	char **paths;
	size_t i, n = 0;
	long holder;
	char *mdir;

	if (batch_mkdirs(b->root, 1) < 0) {
		diag_errno(&b->errs, nowhere, "cannot create '%s'", b->root);
		return show_errors(b, EXIT_RUNTIME);
	}
	if (b->o->lock && (b->lockfd = lock_acquire(b->o->lock, &holder)) < 0) {
		batch_lock_error(&b->errs, b->o->lock, holder);
		return show_errors(b, EXIT_RUNTIME);
	}
	mdir = common_dir(b);
	b->manifest = xstrdup(arena_printf(a, "%s/manifest%s.jsonl", mdir, suffix));
	free(mdir);
	paths = xcalloc(b->nmine + 1, sizeof(*paths));
	for (i = 0; i < b->n; i++) {
		if (!b->jobs[i].mine)
			continue;
		paths[n++] = b->jobs[i].path;
		/* Consecutive files mostly share a folder: mkdir it once. */
		if (n > 1 && dir_len(paths[n - 2]) == dir_len(paths[n - 1]) &&
		    memcmp(paths[n - 2], paths[n - 1], dir_len(paths[n - 1])) == 0)
			continue;
		if (batch_mkdirs(paths[n - 1], 0) < 0)
			diag_errno(&b->errs, nowhere, "cannot create the folder of '%s'",
				   paths[n - 1]);
	}
	show_errors(b, EXIT_OK);
	batch_mkdirs(b->manifest, 0);
	paths[n++] = b->manifest;
	lock = arena_printf(a, ".progrep%s.lock", suffix);
	if (batch_locks_take(&b->locks, paths, n, lock, &b->errs) < 0) {
		free(paths);
		return show_errors(b, EXIT_RUNTIME);
	}
	free(paths);
	clean_all(b);
	return EXIT_OK;
}

static void job_fail(struct batch_job *j, const char *msg)
{
	j->status = BATCH_FAILED;
	free(j->error);
	j->error = xstrdup(msg);
}

/* The message of the first error reported into d from index from on. */
static const char *first_error(const struct diag *d, size_t from)
{
	size_t i;

	for (i = from; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR)
			return d->items[i].msg;
	return "layout failed";
}

static void job_release(struct batch_job *j)
{
	if (!j->arena)
		return;
	doc_release(&j->doc);
	arena_free(j->arena);
	j->arena = NULL;
}

/* Lay out every report (all shards: their code points make the subsets),
 * keep the docs of this shard. A failed layout fails that report only. */
static void layout_all(struct batch *b, struct pdf_codepoints *cp)
{
	struct diag *d = &b->r->diag;
	size_t i, from;

	for (i = 0; i < b->n; i++) {
		struct batch_job *j = &b->jobs[i];
		j->arena = arena_new();
		doc_init(&j->doc, j->arena);
		from = d->n;
		if (render_one_layout(b->r, j->region, b->fonts, &j->doc, d) < 0) {
			job_fail(j, first_error(d, from));
			job_release(j);
			if (j->mine)
				batch_progress_done(&b->prog, b->r, j);
			continue;
		}
		j->pages = (int)j->doc.npages;
		pdf_codepoints_add(cp, &b->pf, &j->doc);
		if (!j->mine)
			job_release(j);
	}
}

/* Fonts, layout, subsets once, then the pool. EXIT_RUNTIME when the fonts
 * cannot be had: then no report can be written. */
static int render_all(struct batch *b)
{
	struct pdf_codepoints *cp;
	size_t i, from = b->r->diag.n;
	double t0, t1;
	int rc;

	if (render_one_fonts_open(&b->r->cfg, b->fonts, &b->r->diag) < 0) {
		diag_print_from(&b->r->diag, from, stderr);
		return EXIT_RUNTIME;
	}
	/* A font standing in for another (the gongwen 仿宋 body) is said once
	 * for the run, not only with --verbose: every report carries it. */
	if (b->o->verbosity == BATCH_NORMAL)
		diag_print_from(&b->r->diag, from, stderr);
	pdf_fonts_init_roles(&b->pf, b->fonts);
	b->pf_init = 1;
	t0 = batch_now();
	cp = pdf_codepoints_new();
	layout_all(b, cp);
	t1 = batch_now();
	from = b->r->diag.n;
	rc = pdf_fonts_prepare(&b->pf, cp, &b->r->diag);
	pdf_codepoints_free(cp);
	if (b->o->verbosity == BATCH_VERBOSE)
		batch_progress_say(&b->prog, "progrep render: %zu reports laid out in %.3f s, fonts "
					     "subset once in %.3f s",
				   b->n, t1 - t0, batch_now() - t1);
	if (rc < 0) {
		diag_print_from(&b->r->diag, from, stderr);
		return EXIT_RUNTIME;
	}
	render_one_pdf_options(&b->r->cfg); /* before the digests, which cover them */
	t0 = batch_now();
	batch_incr_inputs(b->jobs, b->n, &b->pf, b->r);
	if (b->o->verbosity == BATCH_VERBOSE)
		batch_progress_say(&b->prog, "progrep render: input digests in %.3f s",
				   batch_now() - t0);
	if (b->o->incremental)
		batch_incr_reuse(b->jobs, b->n, b->manifest, b->r, &b->prog);
	pdf_write_set_sync(0); /* one syncfs before the manifest instead */
	batch_pool_run(b->jobs, b->n, &b->pf, b->o->jobs, b->r, &b->prog);
	pdf_write_set_sync(1);
	for (i = 0; i < b->n; i++)
		job_release(&b->jobs[i]);
	return EXIT_OK;
}

static int exit_code(const struct batch *b)
{
	size_t i, ok = 0, failed = 0;

	for (i = 0; i < b->n; i++) {
		if (!b->jobs[i].mine)
			continue;
		ok += b->jobs[i].status == BATCH_OK;
		failed += b->jobs[i].status != BATCH_OK;
	}
	if (failed == 0)
		return EXIT_OK;
	return ok > 0 ? EXIT_PARTIAL : EXIT_RUNTIME;
}

static void batch_release(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		job_release(&b->jobs[i]);
		free(b->jobs[i].path);
		free(b->jobs[i].error);
	}
	free(b->jobs);
	if (b->pf_init)
		pdf_fonts_release(&b->pf);
	render_one_fonts_close(b->fonts);
	lock_release(b->lockfd);
	batch_locks_release(&b->locks);
	free(b->root);
	free(b->manifest);
	diag_release(&b->errs);
}

static int plan_all(struct batch *b)
{
	struct diag *d = &b->r->diag;
	size_t from = d->n;

	if ((b->level = find_level(b)) < 0)
		return EXIT_USAGE;
	if (outpath_check(b->o->pattern, d) < 0 || plan(b) < 0)
		return usage_error("render", "%s", first_error(d, from));
	if (check_unique(b) < 0)
		return EXIT_USAGE;
	if (b->n == 0) {
		diag_error(&b->errs, nowhere, "no region of level '%s' in '%s'", b->o->each,
			   b->r->res.reg->name[b->r->res.report_region]);
		return show_errors(b, EXIT_DATA);
	}
	b->root = outpath_root(b->o->pattern);
	return EXIT_OK;
}

/* The workers renamed each PDF into place without waiting for the disk
 * (pdf_write_set_sync): get them all onto it with one flush per file
 * system before the manifest, which lists them with their sha256, is
 * written and synced. A failed sync means no file can be vouched for: every
 * report is failed, and the manifest says so. */
static int sync_outputs(struct batch *b)
{
	const char *dir = "";
	size_t i;

	if (batch_locks_sync(&b->locks, &dir) == 0)
		return 0;
	diag_errno(&b->errs, nowhere, "cannot sync the files under '%s'", dir);
	for (i = 0; i < b->n; i++)
		if (b->jobs[i].mine && b->jobs[i].status == BATCH_OK)
			job_fail(&b->jobs[i], b->errs.items[b->errs.n - 1].msg);
	show_errors(b, EXIT_RUNTIME);
	return -1;
}

int batch_run(const struct batch_opts *o, struct run *r)
{
	struct batch b;
	size_t shown = r->diag.n;
	int rc;

	memset(&b, 0, sizeof(b));
	b.o = o;
	b.r = r;
	b.lockfd = -1;
	diag_init(&b.errs);
	if ((rc = plan_all(&b)) != EXIT_OK)
		goto out;
	if ((rc = prepare_dirs(&b)) != EXIT_OK || (rc = check_case(&b)) != EXIT_OK)
		goto out;
	batch_progress_init(&b.prog, b.nmine, o->verbosity);
	b.prog.incremental = o->incremental;
	if ((rc = render_all(&b)) != EXIT_OK)
		goto out;
	if (o->verbosity == BATCH_VERBOSE)
		diag_print_from(&r->diag, shown, stderr);
	/* An incremental run that wrote nothing has nothing to flush: the
	 * files it kept were synced by the run that wrote them. */
	if (b.prog.done - b.prog.failed > b.prog.reused)
		sync_outputs(&b); /* its failures are the reports' */
	if (batch_manifest_write(b.manifest, r, b.jobs, b.n) < 0) {
		batch_progress_say(&b.prog, "progrep render: cannot write '%s': %s", b.manifest,
				   strerror(errno));
		rc = EXIT_RUNTIME;
	} else {
		rc = exit_code(&b);
	}
	batch_progress_end(&b.prog, b.manifest);
out:
	batch_release(&b);
	return rc;
}
