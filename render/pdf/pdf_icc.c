#include "render/pdf/pdf_icc.h"

#include <math.h>
#include <string.h>

/* Big-endian writers at p; each returns the position after. */
static unsigned char *put32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return p + 4;
}

static unsigned char *put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
	return p + 2;
}

static unsigned char *put_sig(unsigned char *p, const char *sig)
{
	memcpy(p, sig, 4);
	return p + 4;
}

/* An XYZType: three s15Fixed16Numbers, given as such (the values of
 * every sRGB profile, so readers compare them bit for bit). */
static unsigned char *put_xyz(unsigned char *p, unsigned long x, unsigned long y,
			      unsigned long z)
{
	p = put_sig(p, "XYZ ");
	p = put32(p, 0);
	p = put32(p, x);
	p = put32(p, y);
	return put32(p, z);
}

/* The sRGB decoding function (IEC 61966-2.1): encoded v in 0..1 to
 * linear light. */
static double srgb_linear(double v)
{
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

#define NTAGS 9
#define CURVE_POINTS 256
#define DESC "sRGB IEC61966-2.1"
#define CPRT "No copyright, use freely"
/* header, tag table, desc, cprt (and 3 bytes to align), four XYZ, curv */
_Static_assert(128 + 4 + 12 * NTAGS + (12 + sizeof(DESC) + 4 + 4 + 2 + 1 + 67) +
			       (8 + sizeof(CPRT) + 3) + 4 * 20 + 12 + 2 * CURVE_POINTS <=
		       PDF_ICC_SRGB_MAX,
	       "PDF_ICC_SRGB_MAX is too small for the profile");

size_t pdf_icc_srgb(unsigned char out[PDF_ICC_SRGB_MAX])
{
	/* tag data, in this order, each at a multiple of 4 */
	static const char *const sigs[NTAGS] = {"desc", "cprt", "wtpt", "rXYZ", "gXYZ",
						"bXYZ", "rTRC", "gTRC", "bTRC"};
	unsigned long off[NTAGS], len[NTAGS];
	unsigned char *p = out + 128 + 4 + 12 * NTAGS, *start;
	size_t i, n;

	memset(out, 0, PDF_ICC_SRGB_MAX);
	/* desc: textDescriptionType, ASCII only (no Unicode or ScriptCode
	 * text: their counts 0, the 67 ScriptCode bytes zero) */
	start = p;
	p = put_sig(p, "desc");
	p = put32(p, 0);
	p = put32(p, sizeof(DESC));
	memcpy(p, DESC, sizeof(DESC));
	p += sizeof(DESC) + 4 + 4 + 2 + 1 + 67;
	off[0] = (unsigned long)(start - out);
	len[0] = (unsigned long)(p - start);
	/* cprt: textType */
	start = p;
	p = put_sig(p, "text");
	p = put32(p, 0);
	memcpy(p, CPRT, sizeof(CPRT));
	p += sizeof(CPRT);
	off[1] = (unsigned long)(start - out);
	len[1] = (unsigned long)(p - start);
	while ((p - out) % 4)
		p++;
	/* the media white point, D65 (an ICC v2 display profile's white as
	 * measured), and the primaries adapted to D50 (Bradford) */
	start = p;
	p = put_xyz(p, 0xF351, 0x10000, 0x116CC);
	p = put_xyz(p, 0x6F94, 0x38EE, 0x0390);
	p = put_xyz(p, 0x62A5, 0xB790, 0x18DE);
	p = put_xyz(p, 0x249D, 0x0F83, 0xB6BE);
	for (i = 2; i < 6; i++) {
		off[i] = (unsigned long)(start - out) + 20 * (i - 2);
		len[i] = 20;
	}
	/* one curveType for the three channels */
	start = p;
	p = put_sig(p, "curv");
	p = put32(p, 0);
	p = put32(p, CURVE_POINTS);
	for (i = 0; i < CURVE_POINTS; i++)
		p = put16(p, (unsigned)lround(65535.0 *
					      srgb_linear((double)i / (CURVE_POINTS - 1))));
	for (i = 6; i < 9; i++) {
		off[i] = (unsigned long)(start - out);
		len[i] = (unsigned long)(p - start);
	}
	n = (size_t)(p - out);

	/* the header */
	p = put32(out, (unsigned long)n);
	p = put32(p, 0);          /* no preferred CMM */
	p = put32(p, 0x02100000); /* version 2.1.0 */
	p = put_sig(p, "mntr");
	p = put_sig(p, "RGB ");
	p = put_sig(p, "XYZ ");
	/* date and time of creation: fixed, so two runs write the same bytes */
	p = put16(p, 2026);
	p = put16(p, 12);
	p = put16(p, 4);
	p = put16(p, 0);
	p = put16(p, 0);
	p = put16(p, 0);
	p = put_sig(p, "acsp");
	/* platform, flags, manufacturer, model, attributes (8), perceptual
	 * intent: zero */
	p += 4 + 4 + 4 + 4 + 8 + 4;
	/* the connection space's illuminant, D50 */
	p = put32(p, 0xF6D6);
	p = put32(p, 0x10000);
	p = put32(p, 0xD32D);
	/* creator and the reserved rest: zero */
	p = out + 128;
	p = put32(p, NTAGS);
	for (i = 0; i < NTAGS; i++) {
		p = put_sig(p, sigs[i]);
		p = put32(p, off[i]);
		p = put32(p, len[i]);
	}
	return n;
}
