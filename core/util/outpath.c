#include <stdlib.h>
#include <string.h>

#include "core/util/outpath.h"
#include "core/util/strbuf.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

static const char *const field_names[] = {"code", "name", "level", "period"};
#define NFIELDS (sizeof(field_names) / sizeof(field_names[0]))

/* Index of the field named s[0..n), or -1. */
static int field_index(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (strlen(field_names[i]) == n && memcmp(field_names[i], s, n) == 0)
			return (int)i;
	return -1;
}

static const char *field_value(const struct outpath_fields *f, int i)
{
	const char *v[NFIELDS];

	v[0] = f->code, v[1] = f->name, v[2] = f->level, v[3] = f->period;
	return v[i] ? v[i] : "";
}

/* Does the literal text hold a ".." folder? Checked per '/'-separated
 * component of the whole pattern, fields included as text. */
static int has_dotdot(const char *p)
{
	const char *c = p;

	for (;;) {
		size_t n = strcspn(c, "/");
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return 1;
		if (!c[n])
			return 0;
		c += n + 1;
	}
}

int outpath_check(const char *pattern, struct diag *d)
{
	struct src_pos none = {NULL, 0, 0};
	const char *p, *close;
	size_t len = strlen(pattern);

	if (len == 0)
		return diag_error(d, none, "the output pattern is empty");
	if (pattern[len - 1] == '/')
		return diag_error(d, none, "output pattern '%s' names a folder, not a file", pattern);
	if (has_dotdot(pattern))
		return diag_error(d, none,
				  "output pattern '%s' has a '..' folder: it could write outside "
				  "its output directory",
				  pattern);
	for (p = pattern; (p = strpbrk(p, "{}")) != NULL; p = close + 1) {
		if (*p == '}')
			return diag_error(d, none, "output pattern '%s' has a '}' without '{'",
					  pattern);
		close = strchr(p, '}');
		if (!close)
			return diag_error(d, none, "output pattern '%s' has a '{' without '}'",
					  pattern);
		if (field_index(p + 1, (size_t)(close - p - 1)) < 0)
			return diag_error(d, none,
					  "unknown field '%.*s' in output pattern '%s' (fields: "
					  "{code} {name} {level} {period})",
					  (int)(close - p + 1), p, pattern);
	}
	return 0;
}

char *outpath_root(const char *pattern)
{
	size_t field = strcspn(pattern, "{"), end = field;
	char *root;

	/* The last '/' before the first field (or, without fields, the last
	 * one before the file name). */
	while (end > 0 && pattern[end - 1] != '/')
		end--;
	if (end == 0)
		return xstrdup(".");
	if (end == 1)
		return xstrdup("/");
	root = xmalloc(end);
	memcpy(root, pattern, end - 1);
	root[end - 1] = '\0';
	return root;
}

static int unsafe_ascii(unsigned char c)
{
	return c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c) != NULL;
}

char *outpath_sanitize(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = xmalloc(OUTPATH_FIELD_MAX + 1);
	unsigned cp;
	int len;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len <= 0)
			len = 1, cp = 0xFFFD;
		if (o + (size_t)(len > 0 && cp != 0xFFFD ? len : 1) > OUTPATH_FIELD_MAX)
			break;
		if (cp == 0xFFFD || (cp < 0x80 && unsafe_ascii((unsigned char)cp)) ||
		    (cp >= 0x80 && cp < 0xA0) || (o == 0 && cp == '.')) {
			out[o++] = '_';
		} else {
			memcpy(out + o, s + i, (size_t)len);
			o += (size_t)len;
		}
		i += (size_t)len;
	}
	if (o == 0)
		out[o++] = '_';
	out[o] = '\0';
	return out;
}

/* Every '/'-separated name at most OUTPATH_NAME_MAX bytes. */
static int check_names(const char *path, struct diag *d)
{
	struct src_pos none = {NULL, 0, 0};
	const char *c = path;

	for (;;) {
		size_t n = strcspn(c, "/");
		if (n > OUTPATH_NAME_MAX)
			return diag_error(d, none, "file name '%.40s...' is longer than %d bytes", c,
					  OUTPATH_NAME_MAX);
		if (!c[n])
			return 0;
		c += n + 1;
	}
}

char *outpath_expand(const char *pattern, const struct outpath_fields *f, struct diag *d)
{
	const char *p = pattern, *open, *close;
	struct strbuf out = {0};
	char *v;

	strbuf_grow(&out, strlen(pattern) + 64);
	while ((open = strchr(p, '{')) != NULL) {
		close = strchr(open, '}');
		strbuf_add(&out, p, (size_t)(open - p));
		v = outpath_sanitize(field_value(f, field_index(open + 1,
								  (size_t)(close - open - 1))));
		strbuf_adds(&out, v);
		free(v);
		p = close + 1;
	}
	strbuf_adds(&out, p);
	if (check_names(out.s, d) < 0) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}
