#include "core/util/utf8.h"

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
