#include "core/util/json.h"

#include <math.h>
#include <string.h>

#include "core/util/format.h"
#include "core/util/utf8.h"

/* The escape for byte c, or NULL when c goes out as it is. buf holds a
 * \u00XX escape. */
static const char *escape(unsigned char c, char buf[8])
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: break;
	}
	if (c >= 0x20 && c != 0x7f)
		return NULL;
	snprintf(buf, 8, "\\u%04x", c);
	return buf;
}

void json_write_str(FILE *out, const char *s)
{
	const char *p = s ? s : "", *end = p + strlen(p), *run = p;
	char buf[8];

	fputc('"', out);
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		const char *esc = NULL;
		unsigned cp;
		int n = 1;

		if (c >= 0x80) {
			/* Copy valid sequences whole; a stray byte would make
			 * the output invalid UTF-8, which JSON forbids. */
			n = utf8_decode(p, (size_t)(end - p), &cp);
			if (n > 0) {
				p += n;
				continue;
			}
			n = 1;
			esc = "\\ufffd";
		} else {
			esc = escape(c, buf);
		}
		if (esc) {
			fwrite(run, 1, (size_t)(p - run), out);
			fputs(esc, out);
			run = p + n;
		}
		p += n;
	}
	fwrite(run, 1, (size_t)(p - run), out);
	fputc('"', out);
}

void json_write_num(FILE *out, double x)
{
	char buf[40];

	if (!isfinite(x)) { /* JSON has no NaN or infinity */
		fputs("null", out);
		return;
	}
	fmt_roundtrip(x, buf, sizeof(buf));
	fputs(buf, out);
}
