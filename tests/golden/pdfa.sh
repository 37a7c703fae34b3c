#!/usr/bin/env bash
# The document level of every PDF (issue 18): version 1.7, /Lang, XMP
# metadata that parses and says what the info dictionary says, a trailer
# /ID that is the same for the same inputs, the title shown by viewers,
# bookmarks opened, printable links; with `pdf: {standard: a-2b}` also the
# sRGB output intent and the PDF/A-2b identification. Checked with pdfinfo
# and qpdf --json (no validator for PDF/A-2 is packaged in Debian: PDFBox
# Preflight, libpdfbox2-java, checks PDF/A-1b only).
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml

# check_doc PDF LANG STANDARD: the structure checks; prints one line a problem.
check_doc() {
	qpdf --json --json-stream-data=inline --json-key=qpdf "$1" >"$TMP/json" || {
		echo "qpdf --json fails on $1"
		return
	}
	# a missing entry stops the script: a problem too, not a silent pass
	python3 - "$TMP/json" "$2" "$3" 2>&1 <<'PYEOF' || echo "the check of $1 stopped"
import base64, json, sys, xml.etree.ElementTree as ET
objs = json.load(open(sys.argv[1]))['qpdf'][1]
lang, standard = sys.argv[2], sys.argv[3]
def obj(ref): return objs['obj:' + ref]
def val(ref): return obj(ref)['value']
def text(v): return v[2:] if isinstance(v, str) and v[:2] in ('u:', 'b:') else v
trailer = objs['trailer']['value']
cat = val(trailer['/Root'])
info = val(trailer['/Info'])
bad = []
ids = trailer.get('/ID', [])
if len(ids) != 2 or ids[0] != ids[1] or set(text(ids[0])) <= {'0'}:
    bad.append('trailer /ID missing, unequal or zero: %r' % ids)
if text(cat.get('/Lang')) != lang: bad.append('/Lang is %r' % cat.get('/Lang'))
if cat.get('/ViewerPreferences', {}).get('/DisplayDocTitle') is not True:
    bad.append('no /ViewerPreferences /DisplayDocTitle true')
if cat.get('/PageMode') != '/UseOutlines': bad.append('no /PageMode /UseOutlines')
md = obj(cat['/Metadata'])['stream']
if md['dict'].get('/Type') != '/Metadata' or md['dict'].get('/Subtype') != '/XML' \
        or '/Filter' in md['dict']:
    bad.append('metadata stream dict %r' % md['dict'])
xmp = base64.b64decode(md['data'])
root = ET.fromstring(xmp.split(b'?>', 1)[1].rsplit(b'<?xpacket', 1)[0])
ns = {'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
      'dc': 'http://purl.org/dc/elements/1.1/', 'xmp': 'http://ns.adobe.com/xap/1.0/',
      'pdf': 'http://ns.adobe.com/pdf/1.3/', 'pdfaid': 'http://www.aiim.org/pdfa/ns/id/'}
def x(path):
    e = root.find('.//rdf:Description/' + path, ns)
    return e.text if e is not None else None
def pdfdate(d):  # D:20200424000000 -> 2020-04-24T00:00:00
    d = text(d)[2:]
    return '%s-%s-%sT%s:%s:%s' % (d[0:4], d[4:6], d[6:8], d[8:10], d[10:12], d[12:14])
pairs = [('/Title', 'dc:title/rdf:Alt/rdf:li'), ('/Author', 'dc:creator/rdf:Seq/rdf:li'),
         ('/Subject', 'dc:description/rdf:Alt/rdf:li'), ('/Keywords', 'pdf:Keywords'),
         ('/Creator', 'xmp:CreatorTool'), ('/Producer', 'pdf:Producer')]
for key, path in pairs:
    if text(info.get(key)) != x(path):
        bad.append('info %s %r but XMP %s %r' % (key, text(info.get(key)), path, x(path)))
for key, path in [('/CreationDate', 'xmp:CreateDate'), ('/ModDate', 'xmp:ModifyDate')]:
    if pdfdate(info[key]) != x(path):
        bad.append('info %s %r but XMP %r' % (key, info[key], x(path)))
links = [v['value'] for v in objs.values() if isinstance(v.get('value'), dict)
         and v['value'].get('/Subtype') == '/Link']
if not links: bad.append('no link annotations')
bad += ['link without /F 4: %r' % l for l in links if l.get('/F') != 4][:3]
intents = cat.get('/OutputIntents', [])
if standard == 'a-2b':
    if x('pdfaid:part') != '2' or x('pdfaid:conformance') != 'B':
        bad.append('pdfaid %r %r' % (x('pdfaid:part'), x('pdfaid:conformance')))
    oi = val(intents[0]) if intents and isinstance(intents[0], str) else (intents or [{}])[0]
    if oi.get('/S') != '/GTS_PDFA1' or oi.get('/Type') != '/OutputIntent':
        bad.append('output intent %r' % oi)
    icc = obj(oi['/DestOutputProfile'])['stream'] if '/DestOutputProfile' in oi else None
    if not icc or icc['dict'].get('/N') != 3:
        bad.append('no RGB ICC profile in the output intent')
    else:
        prof = base64.b64decode(icc['data'])  # qpdf has inflated it
        if prof[36:40] != b'acsp' or prof[16:20] != b'RGB ':
            bad.append('the ICC profile is not an RGB profile')
elif intents or x('pdfaid:part') is not None:
    bad.append('a PDF without pdf.standard claims PDF/A')
for b in bad: print(b)
PYEOF
}

# --- every PDF ---------------------------------------------------------------
# The sample asks for PDF/A-2b; base.yaml is it without its pdf: entry,
# with absolute data paths, so the copy in $TMP finds them.
"$PROGREP" render "$cfg" -o "$TMP/a.pdf" 2>/dev/null
expect_eq "render exit" "$?" 0
pdfinfo "$TMP/a.pdf" >"$TMP/info"
expect_eq "PDF version" "$(sed -n 's/^PDF version: *//p' "$TMP/info")" 1.7
expect_eq "title" "$(sed -n 's/^Title: *//p' "$TMP/info")" "新疆维吾尔自治区脱贫攻坚进展报告"
qpdf --check "$TMP/a.pdf" >"$TMP/check" 2>&1
expect_eq "qpdf --check exit" "$?" 0
grep -qi warning "$TMP/check" && fail "qpdf --check warns: $(grep -i warning "$TMP/check" | head -3)" || pass
check_doc "$TMP/a.pdf" zh-CN a-2b >"$TMP/bad"
[ ! -s "$TMP/bad" ] && pass || fail "document level: $(cat "$TMP/bad")"
# The output intent's profile (progrep makes it: render/pdf/pdf_icc.c) is
# sRGB as littleCMS knows it: an ICC v2 display profile (PDF/A-1 takes
# v2 only) that maps a 17x17x17 grid and every grey and red level within
# one 8-bit step of lcms's built-in sRGB, as sRGB profiles do, in every
# rendering intent.
/usr/bin/python3 - "$TMP/a.pdf" >"$TMP/icc" 2>&1 <<'PYEOF' && pass || fail "the sRGB profile: $(tail -3 "$TMP/icc")"
import io, sys
import pypdf
from PIL import Image, ImageCms
oi = pypdf.PdfReader(sys.argv[1]).trailer['/Root']['/OutputIntents'][0].get_object()
data = oi['/DestOutputProfile'].get_object().get_data()
assert len(data) > 128 and data[36:40] == b'acsp', 'not an ICC profile (%d bytes)' % len(data)
p = ImageCms.ImageCmsProfile(io.BytesIO(data))
assert p.profile.version < 3 and p.profile.device_class == 'mntr', (p.profile.version, p.profile.device_class)
assert p.profile.xcolor_space.strip() == 'RGB', p.profile.xcolor_space
assert ImageCms.getProfileDescription(p).strip() == 'sRGB IEC61966-2.1'
vals = [round(i * 255 / 16) for i in range(17)]
pix = [(r, g, b) for r in vals for g in vals for b in vals] + [(i, i, i) for i in range(256)] + \
      [(i, 0, 0) for i in range(256)]
im = Image.new('RGB', (len(pix), 1))
im.putdata(pix)
for intent in (0, 1, 3):
    t = ImageCms.buildTransform(p, ImageCms.createProfile('sRGB'), 'RGB', 'RGB', renderingIntent=intent)
    out = list(ImageCms.applyTransform(im, t).getdata())
    worst = max(max(abs(a - b) for a, b in zip(x, y)) for x, y in zip(pix, out))
    assert worst <= 1, 'intent %d: a colour moves %d steps' % (intent, worst)
PYEOF
sed -e "s#\.\./data/#$ROOT/data/#" -e '/^pdf:$/d' -e '/^  standard: a-2b$/d' "$cfg" >"$TMP/base.yaml"
"$PROGREP" render "$TMP/base.yaml" -o "$TMP/none.pdf" 2>/dev/null
expect_eq "no standard: render exit" "$?" 0
check_doc "$TMP/none.pdf" zh-CN none >"$TMP/bad"
[ ! -s "$TMP/bad" ] && pass || fail "no standard: $(cat "$TMP/bad")"

# the /ID comes from the content: the same for the same inputs, other for other
"$PROGREP" render "$cfg" -o "$TMP/b.pdf" 2>/dev/null
cmp -s "$TMP/a.pdf" "$TMP/b.pdf" && pass || fail "two renders differ"
id() { qpdf --show-object=trailer "$1" | sed -n 's/.*\/ID \[ <\([0-9a-f]*\)>.*/\1/p'; }
[ -n "$(id "$TMP/a.pdf")" ] && pass || fail "no /ID in the trailer"
expect_eq "/ID of two renders" "$(id "$TMP/b.pdf")" "$(id "$TMP/a.pdf")"

# --- pdf: lang and standard ----------------------------------------------------
{ cat "$TMP/base.yaml"; printf 'pdf:\n  lang: zh-Hans-CN\n  standard: a-2b\n'; } >"$TMP/a2b.yaml"
"$PROGREP" render "$TMP/a2b.yaml" -o "$TMP/a2b.pdf" 2>/dev/null
expect_eq "a-2b render exit" "$?" 0
qpdf --check "$TMP/a2b.pdf" >"$TMP/check" 2>&1
expect_eq "a-2b qpdf --check exit" "$?" 0
check_doc "$TMP/a2b.pdf" zh-Hans-CN a-2b >"$TMP/bad"
[ ! -s "$TMP/bad" ] && pass || fail "PDF/A-2b: $(cat "$TMP/bad")"
[ "$(id "$TMP/a2b.pdf")" != "$(id "$TMP/a.pdf")" ] && pass || fail "other content, same /ID"
pdftotext -layout "$TMP/a.pdf" "$TMP/a.txt"
pdftotext -layout "$TMP/a2b.pdf" "$TMP/a2b.txt"
cmp -s "$TMP/a.txt" "$TMP/a2b.txt" && pass || fail "a-2b changes the text"

# a bad value is an error at its position, and nothing is written
{ cat "$TMP/base.yaml"; printf 'pdf:\n  lang: "zh CN"\n  standard: a-3u\n'; } >"$TMP/bad.yaml"
"$PROGREP" render "$TMP/bad.yaml" -o "$TMP/bad.pdf" 2>"$TMP/err"
expect_eq "bad pdf entry exit" "$?" 1
grep -q "error: pdf lang 'zh CN' is not a language tag" "$TMP/err" && pass ||
	fail "bad lang not reported: $(head -3 "$TMP/err")"
grep -q "a-3u" "$TMP/err" && pass || fail "bad standard not reported: $(head -3 "$TMP/err")"
[ ! -e "$TMP/bad.pdf" ] && pass || fail "a config error wrote a PDF"
finish
