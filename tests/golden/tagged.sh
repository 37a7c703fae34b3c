#!/usr/bin/env bash
# Tagged PDF (issue 18), the default (`pdf: {tagged: false}` turns it
# off); the shipped sample is tagged and PDF/A-2b. pdfinfo says Tagged:
# yes; the structure tree is there and every MCID of every page's content
# is reachable from it through the ParentTree (and the element it names
# has that MCID and that page); marked-content operators nest; every
# Figure has /Alt (its caption, unit and figures, from the report model),
# every TH a /Scope (Column for header rows, Row for a body row's first
# cell); captions sit inside their Table or Figure; headings are H1/H2;
# each link annotation is a Link's OBJR; the XMP parses and says PDF/UA-1
# and PDF/A-2b, with an OutputIntent. The text poppler, pypdf and pdf.js
# extract is the untagged PDF's. Objects are in object streams with a cross-reference
# stream: qpdf, poppler and, where installed, Ghostscript, mutool and
# pypdf read the file. Checked with qpdf --json (pypdf is not packaged
# everywhere CI runs).
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml

sed "s#\.\./data/#$ROOT/data/#" "$cfg" >"$TMP/tagged.yaml"
sed '/^pdf:$/a\  tagged: false' "$TMP/tagged.yaml" >"$TMP/plain.yaml"
grep -v '^  standard: a-2b$' "$TMP/tagged.yaml" >"$TMP/base.yaml"
"$PROGREP" render "$TMP/plain.yaml" -o "$TMP/plain.pdf" 2>/dev/null
expect_eq "plain render exit" "$?" 0
"$PROGREP" render "$TMP/tagged.yaml" -o "$TMP/tagged.pdf" 2>/dev/null
expect_eq "tagged render exit" "$?" 0
expect_eq "plain pdfinfo" "$(pdfinfo "$TMP/plain.pdf" | sed -n 's/^Tagged: *//p')" no
expect_eq "tagged pdfinfo" "$(pdfinfo "$TMP/tagged.pdf" | sed -n 's/^Tagged: *//p')" yes
qpdf --check "$TMP/tagged.pdf" >"$TMP/check" 2>&1
expect_eq "qpdf --check exit" "$?" 0
grep -qi "warning" "$TMP/check" && fail "qpdf --check warns: $(grep -i warning "$TMP/check" | head -3)" || pass
pdftotext -layout "$TMP/plain.pdf" "$TMP/plain.txt"
pdftotext -layout "$TMP/tagged.pdf" "$TMP/tagged.txt"
cmp -s "$TMP/plain.txt" "$TMP/tagged.txt" && pass || fail "tagging changes the text"
"$PROGREP" render "$TMP/tagged.yaml" -o "$TMP/again.pdf" 2>/dev/null
cmp -s "$TMP/tagged.pdf" "$TMP/again.pdf" && pass || fail "two tagged renders differ"
# packed: object streams and an xref stream, no xref table
grep -aq '/Type /ObjStm' "$TMP/tagged.pdf" && grep -aq '/Type /XRef' "$TMP/tagged.pdf" &&
	! grep -aq '^xref' "$TMP/tagged.pdf" && pass || fail "not packed into object streams"
# other readers: each must open every page without an error (pypdf
# with Debian's python3-pypdf, which another python3 first in PATH lacks)
pypdf=
for py in python3 /usr/bin/python3; do
	"$py" -c 'import pypdf' 2>/dev/null && pypdf=$py && break
done
for f in plain tagged; do
	if command -v gs >/dev/null; then
		gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$TMP/$f.pdf" >"$TMP/gs" 2>&1
		[ $? -eq 0 ] && ! grep -qi "error" "$TMP/gs" && pass || fail "gs on $f: $(head -3 "$TMP/gs")"
	fi
	if command -v mutool >/dev/null; then
		mutool info "$TMP/$f.pdf" >"$TMP/mu" 2>&1
		[ $? -eq 0 ] && ! grep -qi "error\|warning" "$TMP/mu" && pass ||
			fail "mutool on $f: $(grep -i 'error\|warning' "$TMP/mu" | head -3)"
	fi
	if [ -n "$pypdf" ]; then
		"$pypdf" - "$TMP/$f.pdf" <<'PYEOF' >"$TMP/py" 2>&1 && pass || fail "pypdf on $f: $(tail -3 "$TMP/py")"
import sys, pypdf
r = pypdf.PdfReader(sys.argv[1], strict=True)
text = ''.join(p.extract_text() for p in r.pages)
assert len(r.pages) > 20 and '新疆' in text, (len(r.pages), text[:80])
assert r.trailer['/Root']['/Metadata'].get_object().get_data().startswith(b'<?xpacket')
PYEOF
	fi
done
# pypdf, a second text extractor besides poppler, reads the same text too
if [ -n "$pypdf" ]; then
	"$pypdf" - "$TMP/plain.pdf" "$TMP/tagged.pdf" <<'PYEOF' >"$TMP/py" 2>&1 && pass || fail "pypdf text: $(tail -3 "$TMP/py")"
import sys, pypdf
a, b = (''.join(p.extract_text() for p in pypdf.PdfReader(f).pages) for f in sys.argv[1:3])
assert a == b, 'tagging changes the text pypdf extracts'
PYEOF
fi

# pdf.js (Debian's libjs-pdf, in node), the third extractor the issue
# names: not optional (scripts/deps.sh installs it)
pdfjs_text() { node "$ROOT/tests/golden/pdfjs_text.js" "$1"; }
if [ -r /usr/share/nodejs/pdfjs-dist/build/pdf.js ] && command -v node >/dev/null; then
	pdfjs_text "$TMP/plain.pdf" >"$TMP/plain.js.txt" 2>"$TMP/js.err" &&
		pdfjs_text "$TMP/tagged.pdf" >"$TMP/tagged.js.txt" 2>>"$TMP/js.err" ||
		fail "pdf.js cannot read the PDFs: $(head -3 "$TMP/js.err")"
	grep -q "新疆维吾尔自治区脱贫攻坚进展报告" "$TMP/tagged.js.txt" && pass ||
		fail "pdf.js extracts no title: $(head -c 200 "$TMP/tagged.js.txt")"
	cmp -s "$TMP/plain.js.txt" "$TMP/tagged.js.txt" && pass ||
		fail "tagging changes the text pdf.js extracts: $(diff "$TMP/plain.js.txt" "$TMP/tagged.js.txt" | head -4)"
else
	fail "pdf.js (node, libjs-pdf) is not installed: run scripts/deps.sh"
fi

qpdf --json --json-stream-data=inline --decode-level=generalized --json-key=qpdf \
	"$TMP/tagged.pdf" >"$TMP/json" || fail "qpdf --json fails"
python3 - "$TMP/json" "$TMP/tagged.txt" >"$TMP/bad" 2>&1 <<'PYEOF' || echo "the check stopped" >>"$TMP/bad"
import base64, json, re, sys
objs = json.load(open(sys.argv[1]))['qpdf'][1]
def val(ref): return objs['obj:' + ref]['value']
def deref(v): return val(v) if isinstance(v, str) and v.endswith(' R') else v
trailer = objs['trailer']['value']
cat = val(trailer['/Root'])
bad = []
if cat.get('/MarkInfo', {}).get('/Marked') is not True: bad.append('no /MarkInfo /Marked true')
root = val(cat['/StructTreeRoot'])
if root.get('/Type') != '/StructTreeRoot': bad.append('StructTreeRoot without its /Type')
# the tree: every element reachable from the root, each with its MCIDs
elems, mcids, tags, objrs = {}, {}, {}, {}
def walk(ref, parent):
    e = val(ref)
    if ref in elems: bad.append('element %s twice in the tree' % ref); return
    elems[ref] = e
    if e.get('/P') != parent: bad.append('%s /P is %r, not %s' % (ref, e.get('/P'), parent))
    tags[e['/S']] = tags.get(e['/S'], 0) + 1
    k = e.get('/K', [])
    for kid in (k if isinstance(k, list) else [k]):
        if isinstance(kid, int): mcids[(e.get('/Pg'), kid)] = ref
        elif isinstance(kid, dict): objrs[kid['/Obj']] = ref
        else: walk(kid, ref)
walk(root['/K'], cat['/StructTreeRoot'])
nums = deref(root['/ParentTree'])['/Nums']
ptree = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}  # page arrays are direct
pages = []
def collect(ref):
    n = val(ref)
    if n.get('/Type') == '/Pages':
        for kid in n['/Kids']: collect(kid)
    else: pages.append(ref)
collect(cat['/Pages'])
seen = 0
for ref in pages:
    pg = val(ref)
    sp = pg.get('/StructParents')
    if sp is None or sp not in ptree: bad.append('page %s has no ParentTree entry' % ref); continue
    cs = pg['/Contents']
    data = b''.join(base64.b64decode(objs['obj:' + c]['stream']['data'])
                    for c in (cs if isinstance(cs, list) else [cs])).decode('latin-1')
    # marked content and text objects each nest properly, separately (PDF
    # 14.6: BT BDC EMC ET and BDC BT ET EMC, never BDC BT EMC ET), and
    # marked content is never nested in marked content
    stack = []
    ops = re.sub(r'<[0-9A-Fa-f]*>', ' ', data)  # glyph strings hold "BDC" too
    for m in re.finditer(r'(?:(?<=\s)|(?<=>)|^)(BT|ET|BDC|BMC|EMC)(?=\s|$)', ops):
        op = m.group(1)
        if op in ('BT', 'BDC', 'BMC'):
            stack.append('T' if op == 'BT' else 'M')
            if stack.count('M') > 1: bad.append('page %s: marked content in marked content' % ref); break
        elif not stack or stack.pop() != ('T' if op == 'ET' else 'M'):
            bad.append('page %s: %s closes what it did not open' % (ref, op)); break
    if stack: bad.append('page %s: %r left open' % (ref, stack))
    for m in re.finditer(r'/MCID (\d+)', data):
        n = int(m.group(1)); seen += 1
        arr = ptree[sp]
        if n >= len(arr): bad.append('page %s MCID %d not in the ParentTree' % (ref, n)); continue
        if mcids.get((ref, n)) != arr[n]:
            bad.append('page %s MCID %d: ParentTree says %s, tree %s' % (ref, n, arr[n], mcids.get((ref, n))))
for ref in pages:
    for a in val(ref).get('/Annots', []):
        sp = deref(a).get('/StructParent')
        if sp is None or ptree.get(sp) != objrs.get(a):
            bad.append('annotation %s: StructParent %r, not its Link %s' % (a, sp, objrs.get(a)))
if root.get('/ParentTreeNextKey') != max(ptree) + 1: bad.append('ParentTreeNextKey')
if sorted(ptree) != [nums[i] for i in range(0, len(nums), 2)]: bad.append('/Nums out of order')
if len(mcids) != seen: bad.append('%d MCIDs in the tree, %d in the pages' % (len(mcids), seen))
for ref, e in elems.items():
    if e['/S'] == '/Figure' and not e.get('/Alt'): bad.append('Figure %s without /Alt' % ref)
    if e['/S'] == '/TH' and e.get('/A', {}).get('/Scope') not in ('/Column', '/Row', '/Both'):
        bad.append('TH %s without /Scope' % ref)
    if re.match(r'/H\d', e['/S']) and e['/S'] not in ('/H1', '/H2'): bad.append('heading %s' % e['/S'])
# the text alternative comes from the report model: caption, then figures
alts = [e.get('/Alt', '') for e in elems.values() if e['/S'] == '/Figure']
if not any(a.startswith('u:图1 贫困发生率') and '2019年 1.24' in a for a in alts):
    bad.append('no Figure /Alt with the caption and figures of 图1: %r' % alts[:2])
for t in ['/Document', '/H1', '/H2', '/P', '/Table', '/TR', '/TH', '/TD', '/Figure', '/Caption', '/TOC', '/TOCI', '/Link']:
    if not tags.get(t): bad.append('no %s element' % t)
# captions inside the Table or Figure they describe
for ref, e in elems.items():
    if e['/S'] == '/Caption' and val(e['/P'])['/S'] not in ('/Table', '/Figure'):
        bad.append('Caption %s is a child of %s' % (ref, val(e['/P'])['/S']))
scopes = {e.get('/A', {}).get('/Scope') for e in elems.values() if e['/S'] == '/TH'}
if scopes != {'/Column', '/Row'}: bad.append('TH scopes %r, not Column and Row' % scopes)
# a table over pages is one Table, its head once at its top: the head a
# continuation page draws again (续附表, header rows) is an artifact
def kids(e):
    k = e.get('/K', [])
    return [x for x in (k if isinstance(k, list) else [k]) if isinstance(x, str)]
spans = 0
for ref, e in elems.items():
    if e['/S'] != '/Table': continue
    rows = [val(r) for r in kids(e) if val(r)['/S'] == '/TR']
    head = [all(val(c)['/S'] == '/TH' and val(c).get('/A', {}).get('/Scope') == '/Column'
                for c in kids(r)) for r in rows]
    if True in head[head.index(False):] if False in head else False:
        bad.append('Table %s has a header row after its body rows' % ref)
    pgs = {val(c).get('/Pg') for r in rows for c in kids(r)}
    spans = max(spans, len(pgs))
if spans < 3: bad.append('no Table over three pages or more (the 附表 takes four): %d' % spans)
if not any('贫困发生率（%）' in a for a in alts): bad.append('no Figure /Alt names its unit: %r' % alts[:1])
# a P per paragraph: on the first page of 转移就业扶持 (paragraphs only), at least
# as many P elements as pdftotext shows indented first lines
text = open(sys.argv[2], encoding='utf-8').read().split('\f')
for i, pg in enumerate(text):
    if '转移就业扶持' in pg and i < len(pages):
        starts = len([l for l in pg.split('\n') if re.match(r'^  \S', l)])
        ps = len([e for e in elems.values() if e['/S'] == '/P' and e.get('/Pg') == pages[i]])
        if starts < 2 or ps < starts: bad.append('page %d: %d P elements for %d paragraphs' % (i + 1, ps, starts))
        break
# XMP: well-formed, PDF/A-2b and PDF/UA-1; the output intent of PDF/A
import xml.etree.ElementTree as ET
xmp = base64.b64decode(objs['obj:' + cat['/Metadata']]['stream']['data'])
x = ET.fromstring(xmp[xmp.index(b'<x:xmpmeta'):xmp.index(b'</x:xmpmeta>') + 12])
ns = {'pdfaid': 'http://www.aiim.org/pdfa/ns/id/', 'pdfuaid': 'http://www.aiim.org/pdfua/ns/id/'}
if x.findtext('.//pdfuaid:part', namespaces=ns) != '1': bad.append('XMP has no pdfuaid:part 1')
if x.findtext('.//pdfaid:part', namespaces=ns) != '2': bad.append('XMP has no pdfaid:part 2')
ois = cat.get('/OutputIntents', [])
if not ois or deref(ois[0]).get('/S') != '/GTS_PDFA1': bad.append('no PDF/A OutputIntent')
for line in bad[:20]: print(line)
if '-v' in sys.argv: print(tags, seen, file=sys.stderr)
PYEOF
[ ! -s "$TMP/bad" ] && pass || fail "structure: $(cat "$TMP/bad")"

# tagged without PDF/A
"$PROGREP" render "$TMP/base.yaml" -o "$TMP/base.pdf" 2>/dev/null
expect_eq "tagged, no standard: render exit" "$?" 0
qpdf --check "$TMP/base.pdf" >"$TMP/check" 2>&1
expect_eq "tagged, no standard: qpdf --check exit" "$?" 0
expect_eq "tagged, no standard: pdfinfo" "$(pdfinfo "$TMP/base.pdf" | sed -n 's/^Tagged: *//p')" yes
# a tagged batch: the same bytes whether sharded or not
sed "s#\.\./\.\./\.\./data/#$ROOT/data/#" tests/golden/batch/counties.yaml >"$TMP/counties.yaml"
"$PROGREP" render "$TMP/counties.yaml" --each county --out "$TMP/all/{code}.pdf" -j 2 \
	>/dev/null 2>&1
expect_eq "tagged batch exit" "$?" 0
for k in 1 2; do
	"$PROGREP" render "$TMP/counties.yaml" --each county --out "$TMP/sh/{code}.pdf" \
		--shard $k/2 -j 1 >/dev/null 2>&1
done
n=0
for f in "$TMP"/all/*.pdf; do
	cmp -s "$f" "$TMP/sh/${f##*/}" || n=$((n + 1))
done
expect_eq "tagged PDFs differing between sharded and unsharded runs" "$n" 0
expect_eq "tagged batch pdfinfo" "$(pdfinfo "$TMP/all/654226.pdf" | sed -n 's/^Tagged: *//p')" yes

# a bad value is an error at its position
sed '/^pdf:$/a\  tagged: maybe' "$TMP/tagged.yaml" >"$TMP/bad.yaml"
"$PROGREP" render "$TMP/bad.yaml" -o "$TMP/bad.pdf" 2>"$TMP/err"
expect_eq "bad tagged exit" "$?" 1
grep -q "tagged" "$TMP/err" && pass || fail "bad tagged not reported: $(head -3 "$TMP/err")"
finish
