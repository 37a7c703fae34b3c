/*
 * CSV files in GB18030 / GBK (core/data/encoding.h). Detection looks at the
 * first MiB only, so a UTF-8 file costs one pass over a buffer that is
 * about to be read anyway; a GB18030 file is then read whole, converted
 * once, and read from memory by the same reader (and its fast path).
 */
#include "core/data/encoding.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/csv.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

#define ENC_SAMPLE ((size_t)1 << 20)
#define ENC_BLOCK ((size_t)64 << 10)
/* A converted file lives in memory twice (bytes and UTF-8) for a moment. */
#define ENC_MAX_FILE ((size_t)1 << 30)

/* Is s[0..n) UTF-8, allowing a sequence cut by the end of the sample? */
static int sample_is_utf8(const char *s, size_t n, int whole)
{
	size_t bad = utf8_invalid(s, n);

	return bad == (size_t)-1 || (!whole && n - bad < 4 && (unsigned char)s[bad] >= 0xC0);
}

char *encoding_gb18030_to_utf8(const char *in, size_t n, size_t *out_len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = n + n / 2 + 16, left = n, room = cap;
	char *out = xmalloc(cap + 1), *ip = (char *)in, *op = out;

	if (cd == (iconv_t)-1) {
		*bad = (size_t)-1;
		free(out);
		return NULL;
	}
	while (left > 0 && iconv(cd, &ip, &left, &op, &room) == (size_t)-1) {
		size_t used = (size_t)(op - out);
		if (errno != E2BIG) {
			*bad = (size_t)(ip - in);
			iconv_close(cd);
			free(out);
			return NULL;
		}
		cap *= 2;
		out = xrealloc(out, cap + 1);
		op = out + used;
		room = cap - used;
	}
	iconv_close(cd);
	*out_len = (size_t)(op - out);
	out[*out_len] = '\0';
	return out;
}

/* Read the whole of fd (at most ENC_MAX_FILE bytes) into a malloc'd buffer. */
static char *read_all(int fd, const char *path, size_t *n, struct diag *d)
{
	size_t cap = ENC_SAMPLE, len = 0;
	char *buf = xmalloc(cap);
	ssize_t r;

	for (;;) {
		if (len == cap) {
			if (cap >= ENC_MAX_FILE) {
				diag_error(d, (struct src_pos){path, 0, 0}, "file larger than %zu MiB "
					   "cannot be converted from GB18030: convert it to UTF-8 first "
					   "(iconv -f GB18030 -t UTF-8)", ENC_MAX_FILE >> 20);
				free(buf);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = pread(fd, buf + len, cap - len, (off_t)len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_error(d, (struct src_pos){path, 0, 0}, "cannot read '%s': %s", path,
				   strerror(errno));
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	*n = len;
	return buf;
}

/* The line and column (in characters of the converted text) of byte bad. */
static struct src_pos bad_pos(const char *path, const char *in, size_t bad)
{
	struct src_pos pos = {path, 1, 1};
	size_t i, ls = 0, outn = 0, bad2;
	char *conv;

	for (i = 0; i < bad; i++)
		if (in[i] == '\n') {
			pos.line++;
			ls = i + 1;
		}
	conv = encoding_gb18030_to_utf8(in + ls, bad - ls, &outn, &bad2);
	if (conv)
		pos.col = (int)utf8_count(conv, outn) + 1;
	free(conv);
	return pos;
}

/* Read fd as GB18030 into c. declared: the config says so (a bad byte is
 * an error), else detected (a bad byte means: not GB18030 either). 1: read
 * as GB18030; 0: not GB18030, read as UTF-8; -1: error reported. */
static int open_gb18030(struct csv *c, const char *path, struct src_pos where,
			int declared, struct diag *d)
{
	size_t n = 0, outn = 0, bad = 0;
	char *in = read_all(c->fd, path, &n, d), *out;

	if (!in)
		return -1;
	out = encoding_gb18030_to_utf8(in, n, &outn, &bad);
	if (!out && bad == (size_t)-1) {
		diag_error(d, where, "cannot read '%s' as GB18030: this system's iconv does not "
			   "convert it (glibc's gconv modules missing?)", path);
		declared = 1;
	} else if (!out && declared) {
		diag_error(d, bad_pos(path, in, bad), "invalid GB18030 byte 0x%02x (the config "
			   "says the file is GB18030 or GBK; is it UTF-8?)", (unsigned char)in[bad]);
	} else if (out) {
		csv_close(c);
		csv_open_mem(c, path, out, outn, d);
		if (!declared)
			diag_note(d, where, "'%s' is not UTF-8: read as GB18030 (GBK); say "
				  "'encoding: gb18030' to skip this guess", path);
	}
	free(in);
	free(out);
	return out ? 1 : declared ? -1 : 0;
}

/* No byte >= 0x80 in s[0..n): 8 bytes at a time. */
static int all_ascii(const char *s, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return (acc & 0x8080808080808080ull) == 0;
}

/* Is the head of the file UTF-8? Read in small blocks (a UTF-8 file costs
 * no memory to speak of), up to ENC_SAMPLE bytes; the first block with a
 * multi-byte sequence settles it, as other encodings rarely pass. */
static int head_is_utf8(int fd)
{
	char *buf = xmalloc(ENC_BLOCK);
	size_t off = 0;
	int r = 1;

	while (off < ENC_SAMPLE) {
		ssize_t n = pread(fd, buf, ENC_BLOCK, (off_t)off);
		size_t bad;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (all_ascii(buf, (size_t)n)) { /* most data files: codes and numbers */
			off += (size_t)n;
			if (n < (ssize_t)ENC_BLOCK)
				break;
			continue;
		}
		bad = utf8_invalid(buf, (size_t)n);
		if (bad != (size_t)-1 && !sample_is_utf8(buf, (size_t)n, n < (ssize_t)ENC_BLOCK)) {
			r = 0;
			break;
		}
		if (bad == (size_t)-1)
			break; /* valid multi-byte UTF-8: settled */
		off += bad == (size_t)-1 ? (size_t)n : bad; /* a cut sequence: again */
		if (n < (ssize_t)ENC_BLOCK)
			break;
	}
	free(buf);
	return r;
}

int encoding_csv_open(struct csv *c, const char *path, struct src_pos where,
		      enum cfg_encoding enc, struct diag *d)
{
	if (csv_open(c, path, where, d) < 0)
		return -1;
	if (enc == CFG_ENC_UTF8 || (enc == CFG_ENC_AUTO && head_is_utf8(c->fd)))
		return 0;
	return open_gb18030(c, path, where, enc == CFG_ENC_GB18030, d) < 0 ? -1 : 0;
}
