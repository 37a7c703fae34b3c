#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "cmd/batch.h"
#include "core/util/arena.h"
#include "core/util/sha256.h"
#include "render/layout/font.h"

/*
 * Incremental batch runs: a report is written again only when its PDF
 * would come out different, or the file on disk is not the one the last
 * run wrote.
 *
 * What a report depends on is answered by construction rather than by
 * tracing formulas: the input digest of a report is taken over its
 * laid-out doc, which holds every word, figure, position and font size of
 * the PDF (made from the config, the data of every region its formulas
 * read, share(), rank() and parent() included, and the fonts' metrics),
 * plus the prepared font subsets (made from the code points of all the
 * run's reports, so a new character anywhere changes every report), the
 * versions of the libraries that write the bytes, and this program's
 * executable. pdf_write is a function of exactly these (render/pdf/pdf.h),
 * so an equal digest means an equal PDF. The config file's bytes and the
 * font files' path, size and modification time go in too: they cannot
 * change a PDF without changing the doc or the subsets, but an edited
 * config is what a user expects to redo everything, and it costs one
 * read.
 */

#define INCR_TAG "progrep incremental 1"

static void put_str(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, strlen(s) + 1, (const unsigned char *)s); /* with its NUL */
}

/* A file's sha256 into c, or its absence (a path that cannot be read
 * hashes differently from every file). */
static void put_file(struct sha256_ctx *c, const char *path)
{
	char hex[SHA256_HEX_LEN + 1];

	put_str(c, sha256_file(path, hex, NULL) == 0 ? hex : "unreadable");
}

/* The font files as opened: a new version of a font installed over the
 * old one shows in its size or time even where the subsets miss it. */
static void put_fonts(struct sha256_ctx *c, const struct pdf_fonts *pf)
{
	char buf[160];
	struct stat st;
	int i;

	for (i = 0; i < DOC_NFONTS; i++) {
		const char *file = pf->font[i] ? font_file(pf->font[i]) : NULL;
		put_str(c, file ? file : "");
		if (!file || stat(file, &st) != 0)
			memset(&st, 0, sizeof(st));
		snprintf(buf, sizeof(buf), "%u %lld %lld.%09ld",
			 pf->font[i] ? font_face_index(pf->font[i]) : 0, (long long)st.st_size,
			 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
		put_str(c, buf);
	}
}

/* What every report of the run shares. */
static void base_digest(const struct pdf_fonts *pf, const struct run *r,
			unsigned char out[SHA256_DIGEST_SIZE])
{
	unsigned char fonts[PDF_DIGEST_LEN];
	struct sha256_ctx c;

	sha256_init(&c);
	put_str(&c, INCR_TAG);
	put_str(&c, PROGREP_VERSION);
	/* The code that writes the bytes: a rebuilt progrep of the same
	 * version number may write them differently. */
	put_file(&c, "/proc/self/exe");
	put_file(&c, r->cfg.file);
	put_fonts(&c, pf);
	pdf_fonts_digest(pf, fonts);
	sha256_update(&c, sizeof(fonts), fonts);
	sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

void batch_incr_inputs(struct batch_job *jobs, size_t n, const struct pdf_fonts *pf,
		       const struct run *r)
{
	unsigned char base[SHA256_DIGEST_SIZE], doc[PDF_DIGEST_LEN], out[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	size_t i;

	base_digest(pf, r, base);
	for (i = 0; i < n; i++) {
		struct batch_job *j = &jobs[i];
		j->input[0] = '\0';
		if (!j->mine || !j->arena || j->status != BATCH_PENDING)
			continue;
		pdf_doc_digest(&j->doc, doc);
		sha256_init(&c);
		sha256_update(&c, sizeof(base), base);
		sha256_update(&c, sizeof(doc), doc);
		sha256_digest(&c, SHA256_DIGEST_SIZE, out);
		sha256_hex(out, j->input);
	}
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct manifest_entry *)a)->path,
		      ((const struct manifest_entry *)b)->path);
}

/* The old manifest's entries sorted by path; *n 0 when there is none. */
static struct manifest_entry *old_entries(const char *manifest, struct arena *a, size_t *n,
					  struct batch_progress *p)
{
	struct manifest_entry *e;
	const char *why = NULL;

	*n = 0;
	if (access(manifest, F_OK) != 0 && errno == ENOENT)
		return NULL; /* the first run into this folder */
	if (manifest_read(manifest, a, &e, n, &why) < 0) {
		batch_progress_say(p, "progrep render: warning: cannot use the manifest '%s' (%s): "
				      "writing every report",
				   manifest, why ? why : "not a manifest");
		*n = 0;
		return NULL;
	}
	qsort(e, *n, sizeof(*e), cmp_entry);
	return e;
}

/* Is j's file the one e lists, made from the same input? Says why not
 * when the file was changed or removed behind the manifest's back. */
static int reusable(struct batch_job *j, const struct manifest_entry *e,
		    struct batch_progress *p)
{
	char hex[SHA256_HEX_LEN + 1];
	long long bytes;

	if (!e || strcmp(e->status, "ok") != 0 || !e->input || !e->sha256 ||
	    strcmp(e->input, j->input) != 0)
		return 0;
	if (sha256_file(j->path, hex, &bytes) < 0) {
		if (p->verbosity != BATCH_QUIET)
			batch_progress_say(p, "progrep render: '%s' is gone (%s): writing it again",
					   j->path, strerror(errno));
		return 0;
	}
	if (strcmp(hex, e->sha256) != 0) {
		if (p->verbosity != BATCH_QUIET)
			batch_progress_say(p, "progrep render: '%s' is not the file the manifest "
					      "lists (sha256 %.12s..., not %.12s...): writing it again",
					   j->path, hex, e->sha256);
		return 0;
	}
	memcpy(j->sha256, hex, sizeof(j->sha256));
	j->bytes = bytes;
	return 1;
}

void batch_incr_reuse(struct batch_job *jobs, size_t n, const char *manifest,
		      const struct run *r, struct batch_progress *p)
{
	struct arena *a = arena_new();
	struct manifest_entry *e, key;
	size_t ne, i;
	double t0 = batch_now();

	e = old_entries(manifest, a, &ne, p);
	for (i = 0; i < n && ne > 0; i++) {
		struct batch_job *j = &jobs[i];
		if (!j->mine || j->status != BATCH_PENDING || !j->input[0])
			continue;
		key.path = j->path;
		if (!reusable(j, bsearch(&key, e, ne, sizeof(*e), cmp_entry), p))
			continue;
		j->status = BATCH_OK;
		j->reused = 1;
		p->reused++;
		batch_progress_done(p, r, j);
	}
	if (p->verbosity == BATCH_VERBOSE)
		batch_progress_say(p, "progrep render: %zu reports unchanged, their files checked in "
				      "%.3f s",
				   p->reused, batch_now() - t0);
	arena_free(a);
}
