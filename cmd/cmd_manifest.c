#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/util/afile.h"
#include "core/util/arena.h"
#include "core/util/xalloc.h"

/*
 * progrep manifest merge OUT IN...
 *
 * A sharded batch run (render --each --shard K/N, docs/deploy/) leaves one
 * manifest.K-of-N.jsonl per shard; merge makes the one manifest of the
 * whole run from them: every report line, sorted by path. The lines are
 * copied as they are (so keys a newer progrep adds survive), but each must
 * be a manifest line as cmd/batch_progress.c writes it; a path listed twice
 * must be listed identically. Any bad line is an error with its file:line,
 * and then nothing is written: a merged manifest is trusted as the record
 * of the run, so it must not silently drop or invent a report. The output
 * appears only when complete (temporary file, fsync, rename), as the
 * manifests of the shards do.
 */

#define MERGE_MAX_ERRORS 20 /* then stop listing: the input is not a manifest */
#define JSON_MAX_DEPTH 32   /* nesting in values of unknown keys */

/* One report line of an input manifest. */
struct mline {
	const char *text; /* the line as read, without its newline */
	const char *path; /* its "path", decoded */
	const char *sha256, *input, *status, *action; /* decoded; NULL for null */
	const char *file; /* where it was read, for messages */
	long lineno;
	size_t order; /* input order: ties in the sort keep it */
};

struct merge {
	struct arena *a;
	struct mline *lines;
	size_t n, cap;
	int errors;
	int quiet;       /* manifest_read: no messages, the first in why */
	const char *why;
};

/* ---- JSON, as far as a manifest line needs it (RFC 8259) ---- */

/* A scanner over one line; err is set at the first error, col is where. */
struct json {
	const char *start, *p;
	const char *err;
	long col;
	struct arena *a;
};

static int json_fail(struct json *j, const char *msg)
{
	if (!j->err) {
		j->err = msg;
		j->col = (long)(j->p - j->start) + 1;
	}
	return -1;
}

static void json_ws(struct json *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static int json_lit(struct json *j, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(j->p, word, n) != 0)
		return json_fail(j, "not a JSON value");
	j->p += n;
	return 0;
}

static int hex4(const char *s, unsigned *u)
{
	int i;

	*u = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		*u = *u << 4 | d;
	}
	return 0;
}

static char *utf8_put(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* \uXXXX at j->p (after the backslash and 'u'), with a surrogate pair
 * taken whole: the code point, or -1. */
static long json_uescape(struct json *j)
{
	unsigned hi, lo;

	if (hex4(j->p, &hi) < 0)
		return json_fail(j, "bad \\u escape");
	j->p += 4;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return json_fail(j, "lone low surrogate in \\u escape");
	if (hi < 0xd800 || hi > 0xdbff)
		return (long)hi;
	if (j->p[0] != '\\' || j->p[1] != 'u' || hex4(j->p + 2, &lo) < 0 || lo < 0xdc00 ||
	    lo > 0xdfff)
		return json_fail(j, "high surrogate without its low half in \\u escape");
	j->p += 6;
	return 0x10000 + ((long)(hi - 0xd800) << 10) + (long)(lo - 0xdc00);
}

/* One escape after a backslash, appended at o; NULL on error. */
static char *json_escape(struct json *j, char *o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e = *j->p ? strchr(from, *j->p) : NULL;
	long cp;

	if (e) {
		j->p++;
		*o++ = to[e - from];
		return o;
	}
	if (*j->p != 'u') {
		json_fail(j, "bad escape in string");
		return NULL;
	}
	j->p++;
	cp = json_uescape(j);
	return cp < 0 ? NULL : utf8_put(o, (unsigned)cp);
}

/* string = '"' chars '"'. The decoded text into *out (in the arena; out may
 * be NULL to skip it). Decoding never lengthens: the buffer is the rest of
 * the line. */
static int json_string(struct json *j, const char **out)
{
	char *buf, *o;

	if (*j->p != '"')
		return json_fail(j, "expected a string");
	j->p++;
	buf = o = arena_alloc(j->a, strlen(j->p) + 1);
	while (*j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c == '\0')
			return json_fail(j, "unterminated string");
		if (c < 0x20)
			return json_fail(j, "control character in string");
		if (c != '\\') {
			*o++ = *j->p++;
			continue;
		}
		j->p++;
		if (!(o = json_escape(j, o)))
			return -1;
	}
	j->p++;
	*o = '\0';
	if (out)
		*out = buf;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* number = '-'? int frac? exp?. *whole gets the value when it is a whole
 * number that fits, else -1 (so a count field can refuse it). */
static int json_number(struct json *j, long long *whole)
{
	const char *s = j->p;
	int neg = *j->p == '-', big = 0;
	long long v = 0;

	j->p += neg;
	if (!is_digit(*j->p))
		return json_fail(j, "not a JSON value");
	if (*j->p == '0' && is_digit(j->p[1]))
		return json_fail(j, "leading zero in number");
	for (; is_digit(*j->p); j->p++) {
		if (v > (0x7fffffffffffffffLL - 9) / 10)
			big = 1;
		else
			v = v * 10 + (*j->p - '0');
	}
	*whole = neg || big ? -1 : v;
	if (*j->p == '.') {
		for (j->p++, s = j->p; is_digit(*j->p); j->p++)
			;
		if (j->p == s)
			return json_fail(j, "digits expected after '.'");
		*whole = -1;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p += j->p[1] == '+' || j->p[1] == '-' ? 2 : 1;
		for (s = j->p; is_digit(*j->p); j->p++)
			;
		if (j->p == s)
			return json_fail(j, "digits expected in exponent");
		*whole = -1;
	}
	return 0;
}

static int json_value(struct json *j, int depth);

/* object or array, after its opening bracket: members until close. */
static int json_members(struct json *j, int depth, char close)
{
	json_ws(j);
	if (*j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (json_string(j, NULL) < 0)
				return -1;
			json_ws(j);
			if (*j->p != ':')
				return json_fail(j, "expected ':'");
			j->p++;
		}
		if (json_value(j, depth + 1) < 0)
			return -1;
		json_ws(j);
		if (*j->p == close) {
			j->p++;
			return 0;
		}
		if (*j->p != ',')
			return json_fail(j, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
		j->p++;
		json_ws(j);
	}
}

/* Any value (of a key merge does not know): checked, not kept. */
static int json_value(struct json *j, int depth)
{
	long long n;

	json_ws(j);
	if (depth > JSON_MAX_DEPTH)
		return json_fail(j, "values nested too deeply");
	switch (*j->p) {
	case '"':
		return json_string(j, NULL);
	case '{':
	case '[':
		j->p++;
		return json_members(j, depth, j->p[-1] == '{' ? '}' : ']');
	case 't':
		return json_lit(j, "true");
	case 'f':
		return json_lit(j, "false");
	case 'n':
		return json_lit(j, "null");
	default:
		return json_number(j, &n);
	}
}

/* ---- a manifest line ---- */

/* The keys before K_INPUT are in every line; "input" and "action" came
 * with incremental runs (cmd/batch_incr.c), so a manifest of an older
 * progrep lacks them. */
enum mkey {
	K_REGION, K_NAME, K_PATH, K_SHA256, K_PAGES, K_BYTES, K_STATUS, K_ERROR,
	K_INPUT, K_ACTION, K_N
};
enum mkind { TEXT, TEXT_OR_NULL, COUNT };

static const char *const mkey_name[K_N] = {"region", "name",  "path",   "sha256", "pages",
					    "bytes",  "status", "error", "input",  "action"};
static const enum mkind mkey_kind[K_N] = {TEXT,  TEXT, TEXT,         TEXT_OR_NULL, COUNT,
					  COUNT, TEXT, TEXT_OR_NULL, TEXT_OR_NULL, TEXT_OR_NULL};

/* The known keys of one line; other keys are checked JSON and kept. */
struct mfields {
	const char *text[K_N]; /* NULL for a JSON null */
	long long count[K_N];
	int seen[K_N];
	const char **other; /* the unknown keys, for duplicates */
	size_t nother, cap;
};

static int field_value(struct json *j, enum mkey k, struct mfields *f)
{
	const char *at;

	json_ws(j);
	at = j->p;
	if (mkey_kind[k] == COUNT) {
		if ((*at == '-' || is_digit(*at)) && json_number(j, &f->count[k]) < 0)
			return -1;
		if (at == j->p || f->count[k] < 0) {
			j->p = at;
			return json_fail(j, arena_printf(j->a, "'%s' must be a whole number >= 0",
							 mkey_name[k]));
		}
		return 0;
	}
	if (mkey_kind[k] == TEXT_OR_NULL && *j->p == 'n')
		return json_lit(j, "null");
	if (*j->p != '"')
		return json_fail(j, arena_printf(j->a, "'%s' must be a string%s", mkey_name[k],
						 mkey_kind[k] == TEXT_OR_NULL ? " or null" : ""));
	return json_string(j, &f->text[k]);
}

/* A key seen before in this object? Remembers key. */
static int duplicate_key(struct mfields *f, const char *key)
{
	size_t i;

	for (i = 0; i < K_N; i++)
		if (strcmp(key, mkey_name[i]) == 0) {
			if (f->seen[i])
				return 1;
			f->seen[i] = 1;
			return 0;
		}
	for (i = 0; i < f->nother; i++)
		if (strcmp(key, f->other[i]) == 0)
			return 1;
	xgrow((void **)&f->other, &f->cap, f->nother + 1, sizeof(*f->other));
	f->other[f->nother++] = key;
	return 0;
}

/* One member "key": value of the line's object. */
static int json_member(struct json *j, struct mfields *f)
{
	const char *key, *at = j->p;
	size_t k;

	if (json_string(j, &key) < 0)
		return -1;
	if (duplicate_key(f, key)) {
		j->p = at;
		return json_fail(j, arena_printf(j->a, "key '%s' twice", key));
	}
	json_ws(j);
	if (*j->p != ':')
		return json_fail(j, "expected ':'");
	j->p++;
	for (k = 0; k < K_N; k++)
		if (strcmp(key, mkey_name[k]) == 0)
			return field_value(j, (enum mkey)k, f);
	return json_value(j, 1);
}

/* line = ws '{' member (',' member)* '}' ws */
static int json_line(struct json *j, struct mfields *f)
{
	json_ws(j);
	if (*j->p != '{')
		return json_fail(j, "expected a JSON object ('{')");
	j->p++;
	json_ws(j);
	while (*j->p != '}') {
		if (json_member(j, f) < 0)
			return -1;
		json_ws(j);
		if (*j->p == ',') {
			j->p++;
			json_ws(j);
		} else if (*j->p != '}') {
			return json_fail(j, "expected ',' or '}'");
		}
	}
	j->p++;
	json_ws(j);
	return *j->p ? json_fail(j, "text after the object") : 0;
}

static int is_sha256(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return s[64] == '\0';
}

/* The keys of incremental runs, when present: "input" the digest of what
 * the report was made from, "action" what the run did (a failed report
 * has none). NULL when they are right. */
static const char *incr_problem(const struct mfields *f, int ok)
{
	const char *input = f->text[K_INPUT], *action = f->text[K_ACTION];

	if (input && !is_sha256(input))
		return "'input' must be 64 lowercase hex digits or null";
	if (f->seen[K_ACTION] && ok && !(action && (strcmp(action, "rendered") == 0 ||
						    strcmp(action, "reused") == 0)))
		return "a report with status 'ok' has 'action' 'rendered' or 'reused'";
	if (f->seen[K_ACTION] && !ok && action)
		return "a report with status 'failed' has 'action' null";
	return NULL;
}

/* What a valid line must hold besides being JSON; NULL when it does. */
static const char *fields_problem(const struct mfields *f, struct arena *a)
{
	const char *status = f->text[K_STATUS];
	size_t k;

	for (k = 0; k < K_INPUT; k++)
		if (!f->seen[k])
			return arena_printf(a, "no '%s' in the manifest line", mkey_name[k]);
	if (!*f->text[K_PATH])
		return "empty 'path'";
	if (strcmp(status, "ok") != 0 && strcmp(status, "failed") != 0)
		return arena_printf(a, "'status' is '%s', not 'ok' or 'failed'", status);
	if (strcmp(status, "ok") == 0 && !(f->text[K_SHA256] && is_sha256(f->text[K_SHA256])))
		return "a report with status 'ok' needs a 'sha256' of 64 lowercase hex digits";
	if (strcmp(status, "failed") == 0 && f->text[K_SHA256])
		return "a report with status 'failed' has 'sha256' null";
	return incr_problem(f, strcmp(status, "ok") == 0);
}

/* ---- reading the inputs ---- */

static void merge_error(struct merge *m, const char *file, long line, long col, const char *msg)
{
	if (m->quiet && !m->why)
		m->why = arena_printf(m->a, "%s:%ld: %s", file, line, msg);
	if (++m->errors > MERGE_MAX_ERRORS || m->quiet)
		return;
	if (col)
		fprintf(stderr, "%s:%ld:%ld: error: %s\n", file, line, col, msg);
	else
		fprintf(stderr, "%s:%ld: error: %s\n", file, line, msg);
}

/* One line of file: kept when it is a manifest line, else an error. */
static void merge_line(struct merge *m, const char *file, long lineno, const char *text,
		       size_t len)
{
	struct json j = {text, text, NULL, 0, m->a};
	struct mfields f;
	const char *problem;

	memset(&f, 0, sizeof(f));
	if (len == 0) {
		merge_error(m, file, lineno, 0, "empty line");
		return;
	}
	if (strlen(text) != len) {
		merge_error(m, file, lineno, 0, "NUL byte in a manifest line");
		return;
	}
	if (json_line(&j, &f) < 0) {
		merge_error(m, file, lineno, j.col, j.err);
	} else if ((problem = fields_problem(&f, m->a))) {
		merge_error(m, file, lineno, 0, problem);
	} else {
		xgrow((void **)&m->lines, &m->cap, m->n + 1, sizeof(*m->lines));
		m->lines[m->n] = (struct mline){arena_strdup(m->a, text), f.text[K_PATH],
						f.text[K_SHA256], f.text[K_INPUT],
						f.text[K_STATUS], f.text[K_ACTION],
						file, lineno, m->n};
		m->n++;
	}
	free(f.other);
}

static void merge_io_error(struct merge *m, const char *verb, const char *file, int err)
{
	if (m->quiet && !m->why)
		m->why = arena_printf(m->a, "cannot %s '%s': %s", verb, file, strerror(err));
	else if (!m->quiet)
		fprintf(stderr, "progrep manifest: cannot %s '%s': %s\n", verb, file,
			strerror(err));
}

/* Every line of file; -1 (with a message) when it cannot be read. */
static int merge_file(struct merge *m, const char *file)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int err;

	if (!f) {
		merge_io_error(m, "open", file, errno);
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		merge_line(m, file, lineno, line, (size_t)len);
	}
	err = ferror(f) ? errno : 0;
	free(line);
	fclose(f);
	if (err)
		merge_io_error(m, "read", file, err);
	return err ? -1 : 0;
}

/* ---- sorting and duplicates ---- */

static int mline_cmp(const void *x, const void *y)
{
	const struct mline *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Sort by path and keep one of each identical line; a path listed with
 * different lines (two shards, or two runs, disagree) is an error. */
static void merge_sort(struct merge *m)
{
	size_t i, out = 0;

	if (m->n)
		qsort(m->lines, m->n, sizeof(*m->lines), mline_cmp);
	for (i = 0; i < m->n; i++) {
		const struct mline *prev = out ? &m->lines[out - 1] : NULL, *l = &m->lines[i];

		if (prev && strcmp(prev->path, l->path) == 0) {
			if (strcmp(prev->text, l->text) != 0)
				merge_error(m, l->file, l->lineno, 0,
					    arena_printf(m->a, "'%s' is listed differently at %s:%ld",
							 l->path, prev->file, prev->lineno));
			continue;
		}
		m->lines[out++] = *l;
	}
	m->n = out;
}

/* ---- writing ---- */

static int write_lines(FILE *f, const struct merge *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (fputs(m->lines[i].text, f) == EOF || putc('\n', f) == EOF)
			return -1;
	return 0;
}

/* out written through the one atomic writer (core/util/afile.h): out is
 * either the old file or the complete new one, never a part. */
static int merge_write(const char *out, const struct merge *m)
{
	struct afile af;
	FILE *f;

	if (afile_open(&af, out, AFILE_SYNC) != 0)
		goto fail;
	if (!(f = afile_stream(&af)) || write_lines(f, m) < 0) {
		afile_abort(&af);
		goto fail;
	}
	if (afile_commit(&af) == 0)
		return 0;
fail:
	fprintf(stderr, "progrep manifest: cannot write '%s': %s\n", out, strerror(errno));
	return -1;
}

/* ---- the command ---- */

static int manifest_merge(int argc, char **argv)
{
	struct merge m = {arena_new(), NULL, 0, 0, 0, 0, NULL};
	int i, rc = EXIT_OK;

	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1]) {
			arena_free(m.a);
			return usage_error("manifest merge", "unknown option '%s'", argv[i]);
		}
	if (argc < 3) {
		arena_free(m.a);
		return usage_error("manifest merge", "needs OUT and at least one IN manifest");
	}
	for (i = 2; i < argc; i++)
		if (merge_file(&m, argv[i]) < 0)
			rc = EXIT_DATA;
	merge_sort(&m);
	if (m.errors > MERGE_MAX_ERRORS)
		fprintf(stderr, "progrep manifest: %d more errors not shown\n",
			m.errors - MERGE_MAX_ERRORS);
	if (m.errors)
		rc = EXIT_DATA;
	if (rc == EXIT_DATA)
		fprintf(stderr, "progrep manifest: '%s' not written\n", argv[1]);
	else if (merge_write(argv[1], &m) < 0)
		rc = EXIT_RUNTIME;
	free(m.lines);
	arena_free(m.a);
	return rc;
}

int manifest_read(const char *path, struct arena *a, struct manifest_entry **out, size_t *n,
		  const char **why)
{
	struct merge m = {a, NULL, 0, 0, 0, 1, NULL};
	struct manifest_entry *e;
	size_t i;

	*out = NULL;
	*n = 0;
	if (merge_file(&m, path) < 0 || m.errors) {
		*why = m.why;
		free(m.lines);
		return -1;
	}
	e = arena_alloc(a, (m.n ? m.n : 1) * sizeof(*e));
	for (i = 0; i < m.n; i++)
		e[i] = (struct manifest_entry){m.lines[i].path, m.lines[i].sha256, m.lines[i].input,
					       m.lines[i].status, m.lines[i].action};
	free(m.lines);
	*out = e;
	*n = m.n;
	return 0;
}

int cmd_manifest(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("manifest", "which manifest command? (merge)");
	if (strcmp(argv[1], "merge") == 0)
		return manifest_merge(argc - 1, argv + 1);
	return usage_error("manifest", "unknown manifest command '%s' (merge)", argv[1]);
}
