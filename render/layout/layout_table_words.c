#include "render/layout/layout_table_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/layout/linebreak.h"

/*
 * Header words and figures of a table (render/layout/layout_table.c lays
 * the table out): where a header may wrap, as 统计公报 wrap them (between
 * words, never "贫困人\n口"), and where a figure's decimal point is.
 */

#define ZWSP 0x200Bu

void table_head_words(const char *s, char **out, unsigned char **ok)
{
	size_t len = strlen(s), i = 0, o = 0;
	unsigned cp, prev = 0, prev2 = 0;
	int k, zw = 0, depth = 0;

	*out = xmalloc(len + 1);
	*ok = xcalloc(len + 1, 1);
	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) < 0) {
			k = 1;
			cp = 0xFFFD;
		}
		if (cp == ZWSP) {
			zw = 1;
			i += (size_t)k;
			continue;
		}
		if (o > 0 && (zw || cp == 0xFF08 || cp == '(' || prev == 0xFF09 || prev == ')' ||
			      prev == '/' || prev == 0x3001 || prev == ' ' ||
			      (prev == 0x5E74 /* 年 */ && prev2 >= '0' && prev2 <= '9')))
			(*ok)[o] = 1;
		if (o > 0 && depth == 0 && !strchr(")%,.", (int)(cp < 0x80 ? cp : 'x')) &&
		    cp != 0xFF09 && cp != 0x3001 && cp != 0xFF0C && cp != 0x3002 && prev != 0xFF08 &&
		    prev != '(' && !(cp < 0x80 && prev < 0x80 && cp > ' ' && prev > ' '))
			(*ok)[o] |= 2;
		depth += cp == 0xFF08 || cp == '(';
		depth -= depth > 0 && (cp == 0xFF09 || cp == ')');
		zw = 0;
		memcpy(*out + o, s + i, (size_t)k);
		o += (size_t)k;
		i += (size_t)k;
		prev2 = prev;
		prev = cp;
	}
	(*out)[o] = '\0';
}

int table_has_break(const char *s)
{
	return s && strstr(s, "\xe2\x80\x8b") != NULL;
}

/* Break s only where ok allows, greedily; a word wider than avail makes
 * the whole cell break as other text does (by code point), as a last
 * resort when even the widest columns cannot hold it. */
size_t table_words_break(const struct layout *lo, const char *s, const unsigned char *ok,
			  unsigned mask, enum doc_font f, double avail, struct linebreak_line **l)
{
	size_t len = strlen(s), start = 0, n = 0, b, last;
	double wd;

	*l = xcalloc(len + 1, sizeof(**l));
	while (start < len) {
		for (last = 0, b = start + 1; b <= len; b++) {
			if (b < len && !(ok[b] & mask))
				continue;
			wd = layout_text_width(lo, f, lo->table_size, s + start, b - start);
			if (wd > avail + 1e-6)
				break;
			last = b;
		}
		if (!last) {
			free(*l);
			return layout_break(lo, s, f, lo->table_size, avail, 0, l);
		}
		(*l)[n].start = start;
		(*l)[n].end = last;
		(*l)[n].width = layout_text_width(lo, f, lo->table_size, s + start, last - start);
		(*l)[n].first = start == 0;
		n++;
		start = last;
	}
	return n;
}

/* A figure's split for decimal alignment: the length of what goes left of
 * the alignment point (sign and integer digits), the rest (point,
 * decimals, a unit or mark) right of it; 0 when s is no figure. */
size_t table_fig_head(const char *s)
{
	size_t i = 0;

	if (strncmp(s, "\xef\xbc\x8d", 3) == 0 || *s == '-') /* U+FF0D minus */
		i = *s == '-' ? 1 : 3;
	if (s[i] < '0' || s[i] > '9')
		return 0;
	while ((s[i] >= '0' && s[i] <= '9') || s[i] == ',')
		i++;
	return i;
}
