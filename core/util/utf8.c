#include "core/util/utf8.h"

#include <string.h>

int utf8_decode(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c, min;
	int len, i;

	if (n == 0)
		return -1;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return len;
}

int utf8_encode(unsigned cp, char *buf)
{
	unsigned char *b = (unsigned char *)buf;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	b[0] = (unsigned char)(0xF0 | (cp >> 18));
	b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	b[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_invalid(const char *s, size_t n)
{
	size_t i = 0;
	unsigned cp;

	while (i < n) {
		int len;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len < 0)
			return i;
		i += (size_t)len;
	}
	return (size_t)-1;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	unsigned cp;

	while (i < n) {
		int len = utf8_decode(s + i, n - i, &cp);
		i += len > 0 ? (size_t)len : 1;
		count++;
	}
	return count;
}

/* Sorted, disjoint ranges of letters beyond ASCII (docs/config.md lists
 * the scripts). A compact table instead of libicu: ids are typed by
 * people, and these are the scripts they type them in. */
static const unsigned letters[][2] = {
	{0x00AA, 0x00AA}, {0x00B5, 0x00B5}, {0x00BA, 0x00BA}, {0x00C0, 0x00D6},
	{0x00D8, 0x00F6}, {0x00F8, 0x02AF}, {0x0386, 0x0386}, {0x0388, 0x038A},
	{0x038C, 0x038C}, {0x038E, 0x03A1}, {0x03A3, 0x03FF}, {0x0400, 0x0481},
	{0x048A, 0x052F}, {0x0531, 0x0556}, {0x0561, 0x0587}, {0x05D0, 0x05EA},
	{0x0620, 0x064A}, {0x0671, 0x06D3}, {0x06D5, 0x06D5}, {0x0F00, 0x0F00},
	{0x0F40, 0x0F6C}, {0x1820, 0x1878}, {0x1E00, 0x1EFF}, {0x3005, 0x3007},
	{0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x30FC, 0x30FF}, {0x3105, 0x312F},
	{0x3131, 0x318E}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},
	{0xF900, 0xFAFF}, {0x20000, 0x2A6DF}, {0x2A700, 0x2EBEF}, {0x2F800, 0x2FA1F},
	{0x30000, 0x3134F},
};

int utf8_is_letter(unsigned cp)
{
	size_t lo = 0, hi = sizeof(letters) / sizeof(letters[0]);

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < letters[mid][0])
			hi = mid;
		else if (cp > letters[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int utf8_is_name_char(unsigned cp)
{
	return utf8_is_letter(cp) || (cp >= '0' && cp <= '9') || cp == '_';
}

int utf8_is_name(const char *s)
{
	size_t n = strlen(s), i = 0;
	unsigned cp;

	while (i < n) {
		int len = utf8_decode(s + i, n - i, &cp);
		if (len < 0 || !utf8_is_name_char(cp) || (i == 0 && cp >= '0' && cp <= '9'))
			return 0;
		i += (size_t)len;
	}
	return n > 0;
}
