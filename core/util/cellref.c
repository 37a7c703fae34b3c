#include "core/util/cellref.h"

#include <stddef.h>

int cellref_parse(const char *s, int *col, int *row, const char **end)
{
	long c = 0, r = 0;
	int nl = 0, nd = 0;

	for (; ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') && nl < 3; s++, nl++)
		c = c * 26 + ((*s | 0x20) - 'a' + 1);
	for (; *s >= '0' && *s <= '9' && nd < 7; s++, nd++)
		r = r * 10 + (*s - '0');
	if (!nl || !nd || c > 16384 || r < 1 || r > 1048576)
		return -1;
	*col = (int)c - 1;
	*row = (int)r - 1;
	if (end)
		*end = s;
	return 0;
}
