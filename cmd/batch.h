#ifndef PROGREP_BATCH_H
#define PROGREP_BATCH_H

#include <stdio.h>

#include "cmd/cmd.h"
#include "render/layout/doc.h"
#include "render/pdf/pdf.h"

/*
 * Batch runs: `progrep render CONFIG --each LEVEL --out PATTERN` writes one
 * PDF per region of LEVEL within the report region, from one load and one
 * computation (docs/deploy/README.md for running it). The parent lays out
 * every report, subsets the fonts once for all of them, then forked worker
 * processes write the PDFs, so a report that crashes takes down only its
 * worker: it is reported with its region and the others go on.
 *
 * Test hook: when PROGREP_TEST_CRASH_REGION holds a region code, the
 * worker writing that region's report calls abort() (for the tests of
 * crash isolation; never set it in production).
 */

/* --- batch options and driver (batch.c) --- */

enum batch_verbosity { BATCH_QUIET = -1, BATCH_NORMAL = 0, BATCH_VERBOSE = 1 };

struct batch_opts {
	const char *each;    /* level name */
	const char *pattern; /* output pattern */
	const char *lock;    /* lock file, NULL: the default in the output directory */
	int jobs;            /* worker processes, >= 1 */
	int shard_k, shard_n; /* this run renders shard k of n (1 <= k <= n) */
	int incremental;     /* reuse what the manifest shows unchanged (batch_incr.c) */
	enum batch_verbosity verbosity;
};

/* Parse "K/N" into *k, *n; -1 when it is not 1 <= K <= N. */
int batch_parse_shard(const char *s, int *k, int *n);

/* The batch run on a loaded run r. Returns the exit code: EXIT_OK when
 * every report was written, EXIT_PARTIAL when some failed, EXIT_RUNTIME
 * when none could be written or another run holds the lock, EXIT_USAGE
 * for a bad level or pattern. */
int batch_run(const struct batch_opts *o, struct run *r);

/* --- internals shared by batch*.c --- */

enum batch_status { BATCH_PENDING, BATCH_OK, BATCH_FAILED };

struct batch_job {
	int region;
	char *path;            /* xmalloc'd */
	int mine;              /* in this shard */
	struct arena *arena;   /* owns doc's strings; NULL once released */
	struct doc doc;
	enum batch_status status;
	int pages;
	long long bytes;
	char sha256[65];
	char *error;           /* xmalloc'd, when failed */
	char input[65];        /* digest of what the PDF is made from; "" if unknown */
	int reused;            /* an incremental run kept the existing file */
};

/* Progress on stderr: a bar with counts and ETA on a terminal; otherwise
 * nothing but errors and the summary (batch_progress.c). */
struct batch_progress {
	int tty;
	enum batch_verbosity verbosity;
	size_t total, done, failed;
	size_t reused;
	int incremental;       /* the summary says how many were reused */
	double start, last_draw;
	int drawn;             /* a bar is on the screen */
};

void batch_progress_init(struct batch_progress *p, size_t total, enum batch_verbosity v);
/* A report finished (failed: with its message). */
void batch_progress_done(struct batch_progress *p, const struct run *r,
			 const struct batch_job *job);
/* A message on its own line, above the bar. */
void batch_progress_say(struct batch_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void batch_progress_end(struct batch_progress *p, const char *root);
double batch_now(void);

/* Write the manifest of the jobs of this shard, atomically (batch_progress.c).
 * 0 or -1 (errno). */
int batch_manifest_write(const char *path, const struct run *r, const struct batch_job *jobs,
			 size_t n);

/* Write the reports of the jobs with mine set and status BATCH_PENDING in
 * up to njobs worker processes; each job ends BATCH_OK or BATCH_FAILED
 * (batch_pool.c). */
void batch_pool_run(struct batch_job *jobs, size_t n, const struct pdf_fonts *pf, int njobs,
		    const struct run *r, struct batch_progress *p);

/* Remove the temporary files a killed run left for these paths: pdf_write
 * names them ".BASENAME.XXXXXX" beside the target (batch_files.c). Only
 * stale ones (afile_is_stale), unless force: the caller knows the writer
 * is dead. */
void batch_clean_temps(char *const *paths, size_t n, int force);
/* mkdir -p the folder that holds path (path itself when dir_itself). 0 or -1. */
int batch_mkdirs(const char *path, int dir_itself);

/* Incremental runs (batch_incr.c). Set the input digest of every job of
 * this shard that has a doc: what the config, the data and the fonts make
 * of the report (its laid-out doc), the prepared font subsets, the config
 * file and the program. Call after pdf_fonts_prepare. */
void batch_incr_inputs(struct batch_job *jobs, size_t n, const struct pdf_fonts *pf,
		       const struct run *r);
/* Mark BATCH_OK and reused every pending job of this shard whose line in
 * the old manifest has the same input digest and whose file still has the
 * sha256 listed there; the others stay pending, to be written. A missing
 * manifest reuses nothing; an unreadable one is said on p. */
void batch_incr_reuse(struct batch_job *jobs, size_t n, const char *manifest,
		      const struct run *r, struct batch_progress *p);

/* flock-based lock (lock.c). Returns the descriptor, or -1: *holder gets
 * the pid that holds it (0 if unknown) when it is held, else errno. */
int lock_acquire(const char *path, long *holder);
void lock_release(int fd);

/* The locks of a run in every folder it writes into (batch_locks.c). */
struct batch_locks {
	size_t n;
	char **dir; /* the folders, sorted */
	int *fd;    /* the lock of each */
};
/* Lock the file name in each distinct folder of paths[0..n), in sorted
 * order, without waiting. 0, or -1 with the reason in errs and nothing
 * held. Release with batch_locks_release either way. */
int batch_locks_take(struct batch_locks *l, char *const *paths, size_t n, const char *name,
		     struct diag *errs);
/* syncfs each file system the folders are on. 0, or -1 with errno set and
 * *dir the folder whose sync failed. */
int batch_locks_sync(const struct batch_locks *l, const char **dir);
void batch_locks_release(struct batch_locks *l);
/* Report why lock_acquire failed for lock (errno and holder as it left them). */
void batch_lock_error(struct diag *errs, const char *lock, long holder);

#endif
