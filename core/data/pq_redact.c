#include "core/data/pq_redact.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

static const char *const secret_keys[] = {"password", "sslpassword", "passfile", NULL};

static int key_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* After "://": user:PASSWORD@ up to the last '@' before the URI ends (a
 * blank or a quote in a message); a malformed URI may hold more than one. */
static void mark_userinfo(const char *s, size_t i, char *mask)
{
	size_t end = i, at = 0, colon = 0;

	for (; s[end] && !space(s[end]) && s[end] != '"'; end++)
		if (s[end] == '@')
			at = end;
	for (colon = i; colon < at && s[colon] != ':'; colon++)
		;
	if (at > colon)
		memset(mask + colon + 1, 1, at - colon - 1);
}

/* s[i..] is the value after "key =": 'quoted' (backslash escapes) or up to
 * a blank. Over-marking is harmless, a partial mark would leak. */
static size_t mark_value(const char *s, size_t i, char *mask)
{
	size_t j = i;

	if (s[j] == '\'') {
		for (j++; s[j] && s[j] != '\''; j++)
			if (s[j] == '\\' && s[j + 1])
				j++;
		j += s[j] == '\'';
	} else {
		while (s[j] && !space(s[j]))
			j++;
	}
	memset(mask + i, 1, j - i);
	return j;
}

/* key = value with a key of secret_keys, not inside a longer word. */
static void mark_keys(const char *s, char *mask)
{
	size_t i, j, k, len;

	for (k = 0; secret_keys[k]; k++) {
		len = strlen(secret_keys[k]);
		for (i = 0; s[i]; i++) {
			if (strncmp(s + i, secret_keys[k], len) != 0 || (i > 0 && key_char(s[i - 1])))
				continue;
			for (j = i + len; space(s[j]); j++)
				;
			if (s[j] != '=')
				continue;
			for (j++; space(s[j]); j++)
				;
			i = mark_value(s, j, mask) - 1;
		}
	}
}

/* mask[i] = 1 for each byte of s that is a credential by its syntax. */
static char *mask_of(const char *s)
{
	char *mask = xcalloc(strlen(s) + 1, 1);
	const char *p;

	for (p = s; (p = strstr(p, "://")) != NULL; p += 3)
		mark_userinfo(s, (size_t)(p - s) + 3, mask);
	mark_keys(s, mask);
	return mask;
}

/* Mark in msg every copy of a secret of conninfo (3 bytes or more: a
 * shorter one would blank out ordinary words). */
static void mark_copies(const char *msg, char *mask, const char *conninfo)
{
	char *cm = mask_of(conninfo);
	size_t i = 0, j, k, len;

	while (conninfo[i]) {
		if (!cm[i]) {
			i++;
			continue;
		}
		for (j = i; cm[j]; j++)
			;
		len = j - i;
		for (k = 0; len >= 3 && msg[k]; k++)
			if (strncmp(msg + k, conninfo + i, len) == 0)
				memset(mask + k, 1, len);
		i = j;
	}
	free(cm);
}

const char *pq_redact(char *buf, size_t n, const char *msg, const char *conninfo)
{
	char *mask = mask_of(msg);
	size_t i, o = 0;

	if (conninfo)
		mark_copies(msg, mask, conninfo);
	for (i = 0; msg[i] && o + 1 < n; i++) {
		if (!mask[i]) {
			buf[o++] = msg[i];
		} else if (i == 0 || !mask[i - 1]) {
			size_t k = o + 4 <= n ? 3 : n - 1 - o;
			memcpy(buf + o, "***", k);
			o += k;
		}
	}
	buf[o] = '\0';
	free(mask);
	return buf;
}
