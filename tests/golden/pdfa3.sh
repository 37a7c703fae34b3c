#!/usr/bin/env bash
# PDF/A-3b with the report's inputs inside (issue 18): `pdf: {standard:
# a-3b}` attaches the config, the regions and data files and the explain
# trail as associated files. pdfdetach gets them back byte for byte; the
# trail holds the figure the page shows; the structure (name tree, /AF,
# /AFRelationship, /Subtype, /Params /Size /CheckSum /ModDate, pdfaid
# part 3) is checked with qpdf --json; the file stays byte-reproducible;
# other standards attach nothing.
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml
data=data/xinjiang

# The template with absolute data paths, so the copy in $TMP finds them.
# without the template's own pdf: entry (PDF/A-2b)
sed -e "s#\.\./data/#$ROOT/data/#" -e '/^pdf:$/d' -e '/^  standard: a-2b$/d' "$cfg" >"$TMP/base.yaml"
{ cat "$TMP/base.yaml"; printf 'pdf:\n  standard: a-3b\n'; } >"$TMP/report.yaml"
"$PROGREP" render "$TMP/report.yaml" -o "$TMP/a.pdf" 2>/dev/null
expect_eq "a-3b render exit" "$?" 0
qpdf --check "$TMP/a.pdf" >"$TMP/check" 2>&1
expect_eq "qpdf --check exit" "$?" 0
grep -qi warning "$TMP/check" && fail "qpdf --check warns: $(grep -i warning "$TMP/check" | head -3)" || pass

# --- what pdfdetach sees ------------------------------------------------------
pdfdetach -list "$TMP/a.pdf" | sed -n 's/^[0-9]*: //p' >"$TMP/list"
expect_eq "attachments" "$(tr '\n' ' ' <"$TMP/list")" \
	"explain-65.txt regions.csv report.yaml values.csv "
mkdir "$TMP/out"
pdfdetach -saveall -o "$TMP/out" "$TMP/a.pdf"
expect_eq "pdfdetach -saveall exit" "$?" 0
cmp -s "$TMP/out/report.yaml" "$TMP/report.yaml" && pass || fail "the config comes back changed"
cmp -s "$TMP/out/values.csv" "$data/values.csv" && pass || fail "values.csv comes back changed"
cmp -s "$TMP/out/regions.csv" "$data/regions.csv" && pass || fail "regions.csv comes back changed"

# The trail explains the figure the page shows: 未脱贫人口 in the summary
# ("4.21万户16.58万人未脱贫"), read from the PDF, not written here.
pdftotext -layout "$TMP/a.pdf" "$TMP/a.txt"
fig=$(tr -d ' \n' <"$TMP/a.txt" | sed -n 's/.*万户\([0-9.]*万人\)未脱贫.*/\1/p')
[ -n "$fig" ] && pass || fail "no 未脱贫 figure in the PDF's text"
grep -q "^remaining_persons = $fig (" "$TMP/out/explain-65.txt" && pass ||
	fail "the explain trail does not give remaining_persons = $fig: $(grep -m1 '^remaining_persons' "$TMP/out/explain-65.txt")"
# and it is what `progrep explain` says
"$PROGREP" explain "$TMP/report.yaml" remaining_persons 2>/dev/null >"$TMP/explain"
grep -qxF -f <(head -1 "$TMP/explain") "$TMP/out/explain-65.txt" && pass ||
	fail "the trail differs from progrep explain: $(head -1 "$TMP/explain")"

# --- the structure --------------------------------------------------------------
qpdf --json --json-stream-data=inline --json-key=qpdf --decode-level=generalized "$TMP/a.pdf" \
	>"$TMP/json"
python3 - "$TMP/json" "$TMP/out" 2>&1 <<'PYEOF' >"$TMP/bad" || echo "the check stopped" >>"$TMP/bad"
import base64, hashlib, json, os, sys, xml.etree.ElementTree as ET
objs = json.load(open(sys.argv[1]))['qpdf'][1]
out = sys.argv[2]
def obj(ref): return objs['obj:' + ref]
def val(ref): return obj(ref)['value'] if isinstance(ref, str) and ref.endswith(' R') else ref
def text(v): return v[2:] if isinstance(v, str) and v[:2] in ('u:', 'b:') else v
trailer = objs['trailer']['value']
cat = val(trailer['/Root'])
info = val(trailer['/Info'])
bad = []
pairs = val(val(cat['/Names'])['/EmbeddedFiles'])['/Names']
keys = [text(k) for k in pairs[0::2]]
if keys != sorted(keys): bad.append('name tree keys not sorted: %r' % keys)
af = cat.get('/AF', [])
if sorted(af) != sorted(pairs[1::2]): bad.append('/AF %r is not the name tree\'s %r' % (af, pairs[1::2]))
rel = {'report.yaml': '/Source', 'regions.csv': '/Source', 'values.csv': '/Source',
       'explain-65.txt': '/Data'}
# qpdf --json shows a name decoded: /text#2Fcsv as /text/csv
mime = {'report.yaml': '/application/yaml', 'regions.csv': '/text/csv',
        'values.csv': '/text/csv', 'explain-65.txt': '/text/plain'}
for key, ref in zip(keys, pairs[1::2]):
    fs = val(ref)
    if fs.get('/Type') != '/Filespec': bad.append('%s: not a /Filespec' % key)
    if text(fs.get('/UF')) != key or text(fs.get('/F')) != key:
        bad.append('%s: /F %r /UF %r' % (key, fs.get('/F'), fs.get('/UF')))
    if fs.get('/AFRelationship') != rel.get(key): bad.append('%s: /AFRelationship %r' % (key, fs.get('/AFRelationship')))
    if not text(fs.get('/Desc')): bad.append('%s: no /Desc' % key)
    st = obj(val(fs['/EF'])['/F'])['stream']
    d = st['dict']
    if d.get('/Type') != '/EmbeddedFile' or d.get('/Subtype') != mime.get(key):
        bad.append('%s: stream /Type %r /Subtype %r' % (key, d.get('/Type'), d.get('/Subtype')))
    data = base64.b64decode(st['data'])
    saved = open(os.path.join(out, key), 'rb').read()
    if data != saved: bad.append('%s: stream is not what pdfdetach saved' % key)
    p = val(d['/Params'])
    if p.get('/Size') != len(data): bad.append('%s: /Size %r, %d bytes' % (key, p.get('/Size'), len(data)))
    if text(p.get('/CheckSum')) != hashlib.md5(data).hexdigest():
        bad.append('%s: /CheckSum %r is not the MD5' % (key, p.get('/CheckSum')))
    if text(p.get('/ModDate')) != text(info.get('/ModDate')):
        bad.append('%s: /ModDate %r, the report\'s %r' % (key, p.get('/ModDate'), info.get('/ModDate')))
md = obj(cat['/Metadata'])['stream']
xmp = base64.b64decode(md['data'])
root = ET.fromstring(xmp.split(b'?>', 1)[1].rsplit(b'<?xpacket', 1)[0])
ns = {'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'pdfaid': 'http://www.aiim.org/pdfa/ns/id/'}
def x(path):
    e = root.find('.//rdf:Description/' + path, ns)
    return e.text if e is not None else None
if (x('pdfaid:part'), x('pdfaid:conformance')) != ('3', 'B'):
    bad.append('pdfaid %r %r' % (x('pdfaid:part'), x('pdfaid:conformance')))
if not cat.get('/OutputIntents'): bad.append('no output intent')
for b in bad: print(b)
PYEOF
[ ! -s "$TMP/bad" ] && pass || fail "PDF/A-3b structure: $(cat "$TMP/bad")"

# --- reproducible, and only a-3b attaches ------------------------------------------
"$PROGREP" render "$TMP/report.yaml" -o "$TMP/b.pdf" 2>/dev/null
cmp -s "$TMP/a.pdf" "$TMP/b.pdf" && pass || fail "two a-3b renders differ"
pdftotext -layout "$TMP/b.pdf" "$TMP/b.txt"
{ cat "$TMP/base.yaml"; printf 'pdf:\n  standard: a-2b\n'; } >"$TMP/a2b.yaml"
"$PROGREP" render "$TMP/a2b.yaml" -o "$TMP/a2b.pdf" 2>/dev/null
expect_eq "a-2b attachments" "$(pdfdetach -list "$TMP/a2b.pdf" | head -1)" "0 embedded files"
pdftotext -layout "$TMP/a2b.pdf" "$TMP/a2b.txt"
cmp -s "$TMP/a.txt" "$TMP/a2b.txt" && pass || fail "a-3b changes the text"

# pdfdetach -savefile finds a file by its name (docs/config.md says so)
pdfdetach -savefile explain-65.txt -o "$TMP/e.txt" "$TMP/a.pdf" &&
	cmp -s "$TMP/e.txt" "$TMP/out/explain-65.txt" && pass || fail "pdfdetach -savefile explain-65.txt"

# --- a config named in Chinese, and two files of one name -------------------
# the regions file is b/values.csv, the data values.csv: the second is
# attached as 2-values.csv
mkdir "$TMP/b"
cp "$data/regions.csv" "$TMP/b/values.csv"
tpl=$TMP/report.yaml
mkcfg 配置 <<EOF
  regions: $TMP/b/values.csv
  sources:
    - type: csv
      path: $ROOT/$data/values.csv
EOF
"$PROGREP" render "$TMP/配置.yaml" -o "$TMP/cn.pdf" 2>/dev/null
expect_eq "a-3b Chinese name render exit" "$?" 0
expect_eq "Chinese name attachments" \
	"$(pdfdetach -list "$TMP/cn.pdf" | sed -n 's/^[0-9]*: //p' | tr '\n' ' ')" \
	"2-values.csv explain-65.txt values.csv 配置.yaml "
mkdir "$TMP/cn"
pdfdetach -saveall -o "$TMP/cn" "$TMP/cn.pdf"
cmp -s "$TMP/cn/配置.yaml" "$TMP/配置.yaml" && pass || fail "配置.yaml comes back changed"
cmp -s "$TMP/cn/values.csv" "$data/regions.csv" && pass || fail "the regions file comes back changed"
cmp -s "$TMP/cn/2-values.csv" "$data/values.csv" && pass || fail "2-values.csv comes back changed"
qpdf --check "$TMP/cn.pdf" >/dev/null 2>&1
expect_eq "Chinese name qpdf --check exit" "$?" 0

# --- a SQLite source: the database file itself is attached ---------------------
"$PROGREP" import "$cfg" --to "$TMP/data.sqlite" >"$TMP/import.out" 2>/dev/null
expect_eq "import exit" "$?" 0
tpl=$TMP/report.yaml
{ sed -n '/^data:/,$p' "$TMP/import.out" | tail -n +2; } | mkcfg sq
"$PROGREP" render "$TMP/sq.yaml" -o "$TMP/sq.pdf" 2>/dev/null
expect_eq "a-3b sqlite render exit" "$?" 0
expect_eq "sqlite attachments" "$(pdfdetach -list "$TMP/sq.pdf" | sed -n 's/^[0-9]*: //p' | tr '\n' ' ')" \
	"data.sqlite explain-65.txt sq.yaml "
mkdir "$TMP/sq"
pdfdetach -saveall -o "$TMP/sq" "$TMP/sq.pdf"
cmp -s "$TMP/sq/data.sqlite" "$TMP/data.sqlite" && pass || fail "data.sqlite comes back changed"
grep -q "^remaining_persons = $fig (" "$TMP/sq/explain-65.txt" && pass ||
	fail "the sqlite trail does not give remaining_persons = $fig"

# --- a batch: each county's PDF explains its own figures ------------------------
{ cat tests/golden/batch/counties.yaml | sed "s#\.\./\.\./\.\./data/#$ROOT/data/#"
  printf 'pdf:\n  standard: a-3b\n'; } >"$TMP/counties.yaml"
"$PROGREP" render "$TMP/counties.yaml" --each county --out "$TMP/c/{code}.pdf" -j 2 \
	>/dev/null 2>"$TMP/err"
expect_eq "a-3b batch exit" "$?" 0
n=0
for f in "$TMP"/c/*.pdf; do
	code=$(basename "$f" .pdf)
	pdfdetach -list "$f" | grep -q "^[0-9]*: explain-$code.txt$" || {
		fail "$f has no explain-$code.txt"
		break
	}
	n=$((n + 1))
done
[ "$n" -gt 1 ] && pass || fail "the batch wrote $n county PDFs"
one=$(ls "$TMP"/c/*.pdf | head -1)
mkdir "$TMP/c1"
pdfdetach -saveall -o "$TMP/c1" "$one"
cmp -s "$TMP/c1/values.csv" "$data/values.csv" && pass || fail "a county PDF's values.csv differs"
head -1 "$TMP/c1/explain-$(basename "$one" .pdf).txt" | grep -q "$(basename "$one" .pdf) " && pass ||
	fail "a county's trail is not about the county: $(head -1 "$TMP/c1"/explain-*.txt)"
finish
