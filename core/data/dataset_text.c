/*
 * Text as typed in Excel (core/data/dataset_text.h). Each form accepted here
 * has one reading only: thousands separators must group by three, so
 * "1,5" (a decimal comma?) is refused with the fix rather than guessed.
 */
#include "core/data/dataset_text.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/arena.h"
#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/util/numparse.h"
#include "core/util/xalloc.h"

#define TEXT_MAX 64

/* Full-width digits, sign, point and comma (U+FF0B..U+FF19) to ASCII, into
 * buf; 1 when any was found. -1 when too long to be a number. */
static int ascii_digits(const char *s, size_t len, char *buf, size_t *n)
{
	size_t i, k = 0;
	int wide = 0;

	for (i = 0; i < len; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (k + 1 >= TEXT_MAX)
			return -1;
		if (i + 2 < len && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x8B && u[2] <= 0x99) {
			buf[k++] = (char)(u[2] - 0x8B + '+');
			i += 2;
			wide = 1;
		} else {
			buf[k++] = s[i];
		}
	}
	*n = k;
	return wide;
}

/* Drop thousands separators in place: 1-3 digits, then groups of ',ddd'
 * up to the point or the end. 1: dropped; 0: no comma; -1: misplaced. */
static int drop_commas(char *b, size_t *n)
{
	size_t i = (b[0] == '-' || b[0] == '+'), k, lead = 0, end = *n;
	const char *dot = memchr(b, '.', *n);

	if (!memchr(b, ',', dot ? (size_t)(dot - b) : *n))
		return memchr(b, ',', *n) ? -1 : 0;
	if (dot)
		end = (size_t)(dot - b);
	for (; i + lead < end && b[i + lead] >= '0' && b[i + lead] <= '9'; lead++)
		;
	if (lead < 1 || lead > 3)
		return -1;
	for (k = i + lead; k < end; k += 4)
		if (k + 4 > end || b[k] != ',' || (size_t)strspn(b + k + 1, "0123456789") < 3)
			return -1;
	for (i = k = 0; i < *n; i++)
		if (b[i] != ',' || (dot && b + i > dot))
			b[k++] = b[i];
	*n = k;
	return 1;
}

static int is_missing(const struct cfg_source *src, const char *s, size_t len)
{
	size_t i;

	for (i = 0; src && i < src->nmissing; i++)
		if (strlen(src->missing[i]) == len && memcmp(src->missing[i], s, len) == 0)
			return 1;
	return 0;
}

/* A text that usually means "no value" in Chinese tables. */
static int looks_missing(const char *s, size_t len)
{
	static const char *const marks[] = {"-", "--", "—", "——", "…", "……", "/", "－", "NA",
					    "N/A", "无", NULL};
	size_t i;

	for (i = 0; marks[i]; i++)
		if (strlen(marks[i]) == len && memcmp(marks[i], s, len) == 0)
			return 1;
	return 0;
}

int ds_text_value(const struct cfg_source *src, const char *s, size_t len, double *out,
		  const char **why, struct arena *a)
{
	char buf[TEXT_MAX];
	size_t n = 0;
	int wide, commas;

	if (is_missing(src, s, len))
		return DS_TEXT_MISSING;
	*why = NULL;
	if (looks_missing(s, len)) {
		*why = arena_printf(a, "is not a number; if it means a missing value, say so on "
				    "the source: missing: [\"%.*s\"]", (int)len, s);
		return DS_TEXT_BAD;
	}
	wide = ascii_digits(s, len, buf, &n);
	if (wide < 0 || n == 0)
		return DS_TEXT_BAD;
	commas = drop_commas(buf, &n);
	if (commas < 0) {
		*why = "is not a number (a thousands separator groups three digits, as in 9,899; "
		       "write a decimal comma as a point: 1.5)";
		return DS_TEXT_BAD;
	}
	if ((wide || commas) && numparse_double(buf, n, out) == 0)
		return DS_TEXT_VALUE;
	return DS_TEXT_BAD;
}

int ds_text_period(const char *s, size_t len, struct period *out)
{
	char buf[TEXT_MAX];
	size_t n = 0;

	if (ascii_digits(s, len, buf, &n) < 0)
		return -1;
	if (n > 3 && memcmp(buf + n - 3, "年", 3) == 0)
		n -= 3;
	else if (n == len)
		return -1; /* nothing changed: the strict parse already refused it */
	if (period_parse(buf, n, out) < 0 || out->kind != PERIOD_YEAR)
		return -1;
	return 0;
}

static void build_names(struct ds_names *nm, const struct regions *rg)
{
	size_t i;

	smap_init(&nm->map, rg->n);
	nm->amb = xcalloc(rg->n ? rg->n : 1, 1);
	for (i = 0; i < rg->n; i++) {
		int had = smap_put(&nm->map, rg->name[i], strlen(rg->name[i]), (int)i);
		if (had >= 0)
			nm->amb[had] = 1;
	}
	nm->built = 1;
}

int ds_text_region(struct ds_names *nm, const struct regions *rg, const char *s, size_t len,
		   const char **cands, struct arena *a)
{
	const char *list = "";
	int r;
	size_t i, k = 0;

	if (!nm->built)
		build_names(nm, rg);
	r = smap_get(&nm->map, s, len);
	if (r < 0 || !nm->amb[r])
		return r;
	for (i = (size_t)r; i < rg->n && k < 5; i++)
		if (strlen(rg->name[i]) == len && memcmp(rg->name[i], s, len) == 0)
			list = arena_printf(a, "%s%s'%s' (%s)", list, k++ ? ", " : "",
					    rg->code[i], rg->name[i]);
	*cands = list;
	return -2;
}

void ds_names_release(struct ds_names *nm)
{
	if (nm->built) {
		smap_release(&nm->map);
		free(nm->amb);
	}
	nm->built = 0;
}
