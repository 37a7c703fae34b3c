/*
 * The period range of a long CSV, guessed before it is read (core/data/dataset.c
 * lays the cube out on it): the periods of the lines in its first and last
 * DS_SAMPLE bytes. Data sorted by region or by period shows its whole range
 * there; a wrong guess only costs a re-layout of the cube.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/dataset_int.h"
#include "core/util/xalloc.h"

#define DS_SAMPLE ((size_t)64 << 10)

/* The period column of the complete lines in buf[0..n), after the first
 * line (a header, or a line cut by the sample). Lines with quotes are
 * skipped: this is a guess, not a parse. */
static void sample_lines(const char *buf, size_t n, int pcol, struct ds_range *r)
{
	const char *p = memchr(buf, '\n', n), *end = buf + n, *nl;
	struct period per;

	for (p = p ? p + 1 : end; p < end && (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
		const char *s = p, *e;
		int k;
		if (memchr(p, '"', (size_t)(nl - p)))
			continue;
		for (k = 0; k < pcol && s; k++) {
			s = memchr(s, ',', (size_t)(nl - s));
			if (s)
				s++;
		}
		if (!s)
			continue;
		e = memchr(s, ',', (size_t)(nl - s));
		if (period_parse(s, (size_t)((e ? e : nl) - s), &per) == 0 &&
		    (!r->ok || per.kind == r->kind))
			ds_range_add(r, per.kind, per.ord, per.ord);
	}
}

/* The index of "period" in the header line at the start of buf, or -1. */
static int sample_header(const char *buf, size_t n)
{
	const char *p = buf, *end;
	int k = 0;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	end = memchr(p, '\n', (size_t)(buf + n - p));
	if (!end)
		return -1;
	while (p < end) {
		const char *e = memchr(p, ',', (size_t)(end - p));
		size_t len = (size_t)((e ? e : end) - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 6 && memcmp(p, "period", 6) == 0)
			return k;
		if (!e)
			break;
		p = e + 1;
		k++;
	}
	return -1;
}

void ds_sample_periods(const char *path, struct ds_range *r)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd = open(path, O_RDONLY), pcol;

	memset(r, 0, sizeof(*r));
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	buf = xmalloc(DS_SAMPLE);
	n = pread(fd, buf, DS_SAMPLE, 0);
	pcol = n > 0 ? sample_header(buf, (size_t)n) : -1;
	if (pcol >= 0) {
		sample_lines(buf, (size_t)n, pcol, r);
		if ((size_t)st.st_size > DS_SAMPLE) {
			n = pread(fd, buf, DS_SAMPLE, st.st_size - (off_t)DS_SAMPLE);
			if (n > 0)
				sample_lines(buf, (size_t)n, pcol, r);
		}
	}
	free(buf);
	close(fd);
}

void ds_range_add(struct ds_range *r, enum period_kind kind, int lo, int hi)
{
	if (!r->ok) {
		r->ok = 1;
		r->kind = kind;
		r->lo = lo;
		r->hi = hi;
		return;
	}
	if (lo < r->lo)
		r->lo = lo;
	if (hi > r->hi)
		r->hi = hi;
}
