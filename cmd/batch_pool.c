#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cmd/batch.h"
#include "core/util/sha256.h"
#include "core/util/xalloc.h"

/*
 * The worker pool. Workers are forked after layout and font subsetting, so
 * they share the laid-out docs and the subset files without copying. The
 * parent hands out one report at a time over a pipe (the fast workers take
 * more) and reads one fixed-size result back. A worker that dies (a crash,
 * abort(), the OOM killer) shows as end-of-file on its result pipe: the
 * report it had is failed with the signal, its temporary file removed, and
 * a new worker takes over the rest.
 */

struct result {
	int job;
	int ok;
	int pages;
	long long bytes;
	char sha256[65];
	char error[480]; /* the whole struct stays under PIPE_BUF: atomic */
};

struct worker {
	pid_t pid;
	int cmd, res; /* parent's ends: write job numbers, read results */
	int job;      /* in flight, or -1 */
};

struct pool {
	struct batch_job *jobs;
	size_t n, next;
	const struct pdf_fonts *pf;
	const struct run *r;
	struct batch_progress *p;
	struct worker *w;
	int nw;
};

/* The worker writes one report. Its manifest line may say "ok" only for
 * bytes verified at the final path: the file is read back and its size
 * and sha256 compared with those of the bytes handed to write(). Reading
 * back (rather than trusting the hash of what was written) also catches a
 * file that another process replaced or truncated after the rename. */
static void write_one(const struct pool *pl, int job, struct result *out)
{
	const struct batch_job *j = &pl->jobs[job];
	const char *crash = getenv("PROGREP_TEST_CRASH_REGION");
	char sha[SHA256_HEX_LEN + 1];
	long long bytes;
	struct diag d;

	memset(out, 0, sizeof(*out));
	out->job = job;
	out->pages = j->pages;
	if (crash && strcmp(crash, pl->r->res.reg->code[j->region]) == 0)
		abort(); /* the test hook of cmd/batch.h */
	diag_init(&d);
	if (pdf_write_hashed(&j->doc, pl->pf, j->path, &d, sha, &bytes) < 0) {
		size_t i;
		snprintf(out->error, sizeof(out->error), "cannot write '%s'", j->path);
		for (i = 0; i < d.n; i++)
			if (d.items[i].level == DIAG_ERROR) {
				snprintf(out->error, sizeof(out->error), "%s", d.items[i].msg);
				break;
			}
	} else if (sha256_file(j->path, out->sha256, &out->bytes) < 0) {
		snprintf(out->error, sizeof(out->error), "cannot read back '%s': %s", j->path,
			 strerror(errno));
	} else if (out->bytes != bytes || strcmp(out->sha256, sha) != 0) {
		snprintf(out->error, sizeof(out->error),
			 "'%s' read back differs from what was written (%lld bytes, wrote %lld)",
			 j->path, out->bytes, bytes);
	} else {
		out->ok = 1;
	}
	diag_release(&d);
}

static int read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = read(fd, (char *)buf + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return got == 0 && k == 0 ? 0 : -1;
		got += (size_t)k;
	}
	return 1;
}

static void worker_main(const struct pool *pl, int cmd, int res, pid_t parent)
{
	struct result out;
	int job;

#ifdef __linux__
	/* Die with the parent: a killed run must not go on writing. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (getppid() != parent)
		_exit(1);
	while (read_full(cmd, &job, sizeof(job)) == 1) {
		if (job < 0 || (size_t)job >= pl->n)
			break;
		write_one(pl, job, &out);
		if (write(res, &out, sizeof(out)) != (ssize_t)sizeof(out))
			break;
	}
	/* _exit: no atexit handlers, no flushing of the parent's stdio. */
	_exit(0);
}

static int spawn(struct pool *pl, struct worker *w)
{
	int cmd[2], res[2], i;
	pid_t parent = getpid();

	if (pipe(cmd) != 0)
		return -1;
	if (pipe(res) != 0) {
		close(cmd[0]), close(cmd[1]);
		return -1;
	}
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		close(cmd[0]), close(cmd[1]), close(res[0]), close(res[1]);
		return -1;
	}
	if (w->pid == 0) {
		for (i = 0; i < pl->nw; i++)
			if (pl->w[i].pid > 0 && &pl->w[i] != w)
				close(pl->w[i].cmd), close(pl->w[i].res);
		close(cmd[1]), close(res[0]);
		worker_main(pl, cmd[0], res[1], parent);
	}
	close(cmd[0]), close(res[1]);
	w->cmd = cmd[1];
	w->res = res[0];
	w->job = -1;
	return 0;
}

/* The next report to write, or -1. */
static int next_job(struct pool *pl)
{
	while (pl->next < pl->n) {
		const struct batch_job *j = &pl->jobs[pl->next++];
		if (j->mine && j->status == BATCH_PENDING)
			return (int)(j - pl->jobs);
	}
	return -1;
}

/* Give w its next report, or close its command pipe so that it ends. */
static void assign(struct pool *pl, struct worker *w)
{
	int job = next_job(pl);

	if (job >= 0 && write(w->cmd, &job, sizeof(job)) == (ssize_t)sizeof(job)) {
		w->job = job;
		return;
	}
	if (job >= 0)
		pl->next = (size_t)job; /* the worker is gone: another takes it */
	w->job = -1;
	if (w->cmd >= 0)
		close(w->cmd);
	w->cmd = -1;
}

static void finish_job(struct pool *pl, const struct result *res)
{
	struct batch_job *j = &pl->jobs[res->job];

	if (res->ok) {
		j->status = BATCH_OK;
		j->bytes = res->bytes;
		memcpy(j->sha256, res->sha256, sizeof(j->sha256));
	} else {
		j->status = BATCH_FAILED;
		j->error = xstrdup(res->error);
	}
	batch_progress_done(pl->p, pl->r, j);
}

static char *describe_exit(int status)
{
	char buf[160];

	if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "the worker process crashed (signal %d, %s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, sizeof(buf), "the worker process exited with status %d",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return xstrdup(buf);
}

/* w ended (end of file on its results): reap it; a report it had fails. */
static void worker_gone(struct pool *pl, struct worker *w)
{
	int status = 0;

	/* A worker still reading commands ends at end of file. */
	if (w->cmd >= 0)
		close(w->cmd);
	w->cmd = -1;
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (w->job >= 0) {
		struct batch_job *j = &pl->jobs[w->job];
		j->status = BATCH_FAILED;
		j->error = describe_exit(status);
		batch_clean_temps(&j->path, 1, 1); /* its writer is dead: ours, reaped */
		batch_progress_done(pl->p, pl->r, j);
	}
	if (w->cmd >= 0)
		close(w->cmd);
	close(w->res);
	w->pid = 0;
	w->cmd = w->res = -1;
	w->job = -1;
}

/* Wait for one result or death and act on it; 0 when no worker is left. */
static int step(struct pool *pl)
{
	struct pollfd *fds = xcalloc((size_t)pl->nw, sizeof(*fds));
	int i, n = 0, live = 0;
	struct result res;

	for (i = 0; i < pl->nw; i++) {
		fds[i].fd = pl->w[i].pid > 0 ? pl->w[i].res : -1;
		fds[i].events = POLLIN;
		live += pl->w[i].pid > 0;
	}
	if (live > 0)
		n = poll(fds, (nfds_t)pl->nw, -1);
	for (i = 0; n > 0 && i < pl->nw; i++) {
		struct worker *w = &pl->w[i];
		if (w->pid <= 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		int got = read_full(w->res, &res, sizeof(res));
		if (got == 1 && res.job == w->job) {
			finish_job(pl, &res);
			assign(pl, w);
			continue;
		}
		if (got != 0)
			kill(w->pid, SIGKILL); /* it broke the protocol */
		worker_gone(pl, w);
		/* Replace it while reports wait. */
		if (pl->next < pl->n && spawn(pl, w) == 0)
			assign(pl, w);
	}
	free(fds);
	return live;
}

void batch_pool_run(struct batch_job *jobs, size_t n, const struct pdf_fonts *pf, int njobs,
		    const struct run *r, struct batch_progress *p)
{
	struct pool pl = {jobs, n, 0, pf, r, p, NULL, 0};
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
	size_t todo = 0, i;
	int k;

	for (i = 0; i < n; i++)
		todo += jobs[i].mine && jobs[i].status == BATCH_PENDING;
	pl.nw = njobs < (int)todo ? njobs : (int)todo;
	pl.w = xcalloc(pl.nw > 0 ? (size_t)pl.nw : 1, sizeof(*pl.w));
	for (k = 0; k < pl.nw; k++) {
		pl.w[k].cmd = pl.w[k].res = -1;
		if (spawn(&pl, &pl.w[k]) == 0)
			assign(&pl, &pl.w[k]);
		else
			pl.w[k].pid = 0;
	}
	while (step(&pl) > 0)
		;
	/* Reports no worker could take (fork failed every time). */
	for (i = 0; i < n; i++)
		if (jobs[i].mine && jobs[i].status == BATCH_PENDING) {
			jobs[i].status = BATCH_FAILED;
			jobs[i].error = xstrdup("no worker process could be started");
			batch_progress_done(p, r, &jobs[i]);
		}
	free(pl.w);
	signal(SIGPIPE, old_pipe);
}
