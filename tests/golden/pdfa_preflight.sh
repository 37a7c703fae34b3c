#!/usr/bin/env bash
# PDF/A-1b validated offline (issue 18): Debian's PDFBox Preflight
# (libpdfbox2-java ships preflight.jar; scripts/deps.sh installs it with a
# JRE and the two javax jars Java 17 no longer has) must call an A-1b
# build of the sample "a valid PDF/A-1b file". Besides, what Preflight
# does not check closely: PDF 1.4 with no object or cross-reference
# streams, pdfaid part 1 conformance B, and each font's /CIDSet holding
# exactly .notdef, the glyphs with outlines in the embedded font and the
# glyphs the pages draw.
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml
jars=/usr/share/java
cp=$jars/preflight.jar:$jars/pdfbox2.jar:$jars/fontbox2.jar:$jars/xmpbox.jar
cp=$cp:$jars/commons-logging.jar:$jars/javax.activation.jar:$jars/jaxb-api.jar

# without the template's own pdf: entry (PDF/A-2b)
sed -e "s#\.\./data/#$ROOT/data/#" -e '/^pdf:$/d' -e '/^  standard: a-2b$/d' "$cfg" >"$TMP/base.yaml"
{ cat "$TMP/base.yaml"; printf 'pdf:\n  standard: a-1b\n'; } >"$TMP/a1b.yaml"
"$PROGREP" render "$TMP/a1b.yaml" -o "$TMP/a1b.pdf" 2>/dev/null
expect_eq "a-1b render exit" "$?" 0

# --- PDFBox Preflight ------------------------------------------------------------
# Its exit code is 0 either way: the verdict is in what it prints.
java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$TMP/a1b.pdf" >"$TMP/pf" 2>&1
grep -q "is a valid PDF/A-1b file" "$TMP/pf" && pass ||
	fail "PDFBox Preflight: $(head -12 "$TMP/pf")"
# the 公文 sample too: four font roles (仿宋 stand-in, 黑体, 小标宋, 楷体)
sed -e "s#\.\./data/#$ROOT/data/#" -e '/^pdf:$/d' -e '/^  standard: a-2b$/d' templates/xinjiang-2019-gongwen.yaml >"$TMP/gw.yaml"
printf 'pdf:\n  standard: a-1b\n' >>"$TMP/gw.yaml"
"$PROGREP" render "$TMP/gw.yaml" -o "$TMP/gw.pdf" 2>/dev/null
expect_eq "gongwen a-1b render exit" "$?" 0
java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$TMP/gw.pdf" >"$TMP/pfg" 2>&1
grep -q "is a valid PDF/A-1b file" "$TMP/pfg" && pass ||
	fail "PDFBox Preflight, gongwen: $(head -12 "$TMP/pfg")"
# and it is a validator that says no: the A-2b file is not A-1b
{ cat "$TMP/base.yaml"; printf 'pdf:\n  standard: a-2b\n'; } >"$TMP/a2b.yaml"
"$PROGREP" render "$TMP/a2b.yaml" -o "$TMP/a2b.pdf" 2>/dev/null
java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$TMP/a2b.pdf" >"$TMP/pf2" 2>&1
grep -q "is not a valid PDF/A-1b file" "$TMP/pf2" && pass ||
	fail "Preflight passes an A-2b file as A-1b: $(head -3 "$TMP/pf2")"

# --- what Preflight checks loosely -------------------------------------------------
expect_eq "header" "$(head -c 8 "$TMP/a1b.pdf")" "%PDF-1.4"
grep -aqE "/Type */(ObjStm|XRef)" "$TMP/a1b.pdf" && fail "object or xref streams in A-1b" || pass
qpdf --check "$TMP/a1b.pdf" >/dev/null 2>&1
expect_eq "qpdf --check exit" "$?" 0
qpdf --json --json-stream-data=inline --json-key=qpdf --decode-level=generalized \
	"$TMP/a1b.pdf" >"$TMP/json"
python3 - "$TMP/json" 2>&1 <<'PYEOF' >"$TMP/bad" || echo "the check stopped" >>"$TMP/bad"
import base64, json, re, struct, sys, xml.etree.ElementTree as ET
objs = json.load(open(sys.argv[1]))['qpdf'][1]
def obj(ref): return objs['obj:' + ref]
def val(v): return obj(v)['value'] if isinstance(v, str) and v.endswith(' R') else v
def data(ref): return base64.b64decode(obj(ref)['stream']['data'])
bad = []
cat = val(objs['trailer']['value']['/Root'])
md = data(cat['/Metadata'])
root = ET.fromstring(md.split(b'?>', 1)[1].rsplit(b'<?xpacket', 1)[0])
ns = {'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'pdfaid': 'http://www.aiim.org/pdfa/ns/id/'}
def x(path):
    e = root.find('.//rdf:Description/' + path, ns)
    return e.text if e is not None else None
if (x('pdfaid:part'), x('pdfaid:conformance')) != ('1', 'B'):
    bad.append('pdfaid %r %r' % (x('pdfaid:part'), x('pdfaid:conformance')))
if '/Names' in cat or '/AF' in cat: bad.append('A-1b carries attachments')

# the CIDs each font draws: "/F1 9 Tf", then strings of 2-byte CIDs,
# literal (with \\ \( \) \r \n escapes) or <hex>
drawn = {}  # font object ref -> set of CIDs
def pages(node):
    node = val(node)
    if node.get('/Type') == '/Pages':
        for k in node['/Kids']: yield from pages(k)
    else:
        yield node
for page in pages(cat['/Pages']):
    fonts = val(val(page['/Resources'])['/Font'])
    contents = page['/Contents']
    text = b''.join(data(c) for c in (contents if isinstance(contents, list) else [contents]))
    font = None
    for m in re.finditer(rb'/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)', text, re.S):
        if m.group(1):
            font = fonts['/' + m.group(1).decode()]
            continue
        if m.group(2) is not None:
            h = bytes.fromhex(m.group(2).decode())
        else:
            esc = {b'n': b'\n', b'r': b'\r', b't': b'\t', b'b': b'\b', b'f': b'\f'}
            h = re.sub(rb'\\(.)', lambda e: esc.get(e.group(1), e.group(1)), m.group(3), flags=re.S)
        drawn.setdefault(font, set()).update(struct.unpack('>%dH' % (len(h) // 2), h))
if not drawn: bad.append('no text drawn?')

def glyphs_with_outlines(ttf):
    n = struct.unpack('>H', ttf[4:6])[0]
    tab = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack('>4sIII', ttf[12 + 16 * i:28 + 16 * i])
        tab[tag] = ttf[off:off + ln]
    ng = struct.unpack('>H', tab[b'maxp'][4:6])[0]
    longfmt = struct.unpack('>h', tab[b'head'][50:52])[0]
    loca = (struct.unpack('>%dI' % (ng + 1), tab[b'loca'][:4 * (ng + 1)]) if longfmt else
            [2 * v for v in struct.unpack('>%dH' % (ng + 1), tab[b'loca'][:2 * (ng + 1)])])
    return ng, {g for g in range(ng) if loca[g + 1] > loca[g]}

for ref, cids in drawn.items():
    t0 = val(ref)
    cid = val(t0['/DescendantFonts'][0])
    desc = val(cid['/FontDescriptor'])
    name = t0.get('/BaseFont')
    if cid.get('/CIDToGIDMap') != '/Identity': bad.append('%s: CIDToGIDMap %r' % (name, cid.get('/CIDToGIDMap')))
    if '/FontFile2' not in desc: bad.append('%s: not embedded' % name); continue
    if '/CIDSet' not in desc: bad.append('%s: no /CIDSet' % name); continue
    ng, outlined = glyphs_with_outlines(data(desc['/FontFile2']))
    bits = data(desc['/CIDSet'])
    inset = {g for g in range(8 * len(bits)) if bits[g // 8] & (0x80 >> (g % 8))}
    want = {0} | outlined | cids
    if len(bits) != (ng + 7) // 8: bad.append('%s: /CIDSet of %d bytes for %d glyphs' % (name, len(bits), ng))
    if inset != want:
        bad.append('%s: /CIDSet has %d CIDs, the font %d: extra %s, missing %s' % (
            name, len(inset), len(want), sorted(inset - want)[:5], sorted(want - inset)[:5]))
for b in bad: print(b)
PYEOF
[ ! -s "$TMP/bad" ] && pass || fail "PDF/A-1b structure: $(cat "$TMP/bad")"

# the pages read the same as the plain PDF's
"$PROGREP" render "$TMP/base.yaml" -o "$TMP/plain.pdf" 2>/dev/null
pdftotext -layout "$TMP/plain.pdf" "$TMP/plain.txt"
pdftotext -layout "$TMP/a1b.pdf" "$TMP/a1b.txt"
cmp -s "$TMP/plain.txt" "$TMP/a1b.txt" && pass || fail "a-1b changes the text"
finish
