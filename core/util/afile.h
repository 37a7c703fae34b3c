#ifndef PROGREP_AFILE_H
#define PROGREP_AFILE_H

#include <stdio.h>

/*
 * Atomic output files: every file progrep writes (PDFs, --format text,
 * the batch manifest, configs from init, imported databases) is written
 * to a temporary file ".NAME.XXXXXX" beside its final path and renamed
 * into place only when complete, so a failed run leaves nothing partial at
 * the final path and an older file there stays as it was. The temporary
 * name is the one cmd/batch_files.c recognises and removes when a run was
 * killed. The file gets mode 0666 less the umask, like any file a program
 * creates with open() (not mkstemp's 0600).
 *
 *	struct afile af;
 *	if (afile_open(&af, path, AFILE_SYNC) != 0) report errno;
 *	write to afile_stream(&af), or to af.fd, or to the file named af.tmp;
 *	if (failed) afile_abort(&af); else if (afile_commit(&af) != 0) report errno;
 *
 * While it writes, the writer holds flock(2) on its temporary file: the
 * kernel drops it when the writer dies however it dies, so "nobody holds
 * the lock" means "left by a dead run" (afile_is_stale), on NFS too.
 *
 * Every function returns 0, or -1 with errno set; the caller reports it.
 * A process that exits between afile_open and afile_commit (out of memory
 * exits, xalloc.h) leaves the temporary file: allocate before opening.
 */

/* flags of afile_open */
enum {
	AFILE_SYNC_FILE = 1, /* fsync the file before the rename */
	AFILE_SYNC_DIR = 2,  /* fsync the folder after it: the rename is on disk */
	AFILE_SYNC = AFILE_SYNC_FILE | AFILE_SYNC_DIR,
};

struct afile {
	char *path; /* the final path (a copy) */
	char *tmp;  /* the temporary file beside it, which exists until commit/abort */
	int fd;     /* open for writing */
	FILE *f;    /* the stream over fd, once afile_stream made it */
	int flags;
};

/* Create the temporary file for path (O_EXCL, mode 0666 & ~umask). On -1
 * nothing was created and af holds nothing to release. */
int afile_open(struct afile *af, const char *path, int flags);

/* A stdio stream over af->fd ("w"), made on first call, owned by af. NULL
 * with errno set when fdopen fails (the caller then aborts). */
FILE *afile_stream(struct afile *af);

/* Write n bytes of buf to af->fd, all of them or -1 with errno set (a
 * short write counts as ENOSPC, as the kernel means by it). */
int afile_write(struct afile *af, const void *buf, size_t n);

/* Flush and close the stream or fd (checking each), fsync as the flags
 * ask, and rename the temporary file to the final path. On any failure the
 * temporary file is removed and -1 returned with the first errno. Either
 * way af is released. */
int afile_commit(struct afile *af);

/* Close and remove the temporary file and release af; errno is kept as it
 * was, so a caller can abort and then report the error that made it. */
void afile_abort(struct afile *af);

/* How old (mtime, seconds) an unlocked temporary file must be to be
 * stale: a writer takes its lock a few microseconds after creating the
 * file, and this covers a writer descheduled in between. */
#define AFILE_STALE_AGE 2

/* Whether name (a bare file name) is a temporary name of the file named
 * base: ".BASE.XXXXXX". */
int afile_is_temp_of(const char *name, const char *base);

/* Whether the temporary file at tmp was left by a writer that is gone: a
 * regular file, no process holds its lock, older than AFILE_STALE_AGE. A
 * running writer's file is never stale. */
int afile_is_stale(const char *tmp);

/* Remove the stale temporary files of path (a killed run's), in path's
 * folder. Returns how many were removed. */
int afile_clean(const char *path);

#endif
