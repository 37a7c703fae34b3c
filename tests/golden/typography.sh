#!/usr/bin/env bash
# Chinese typesetting details (issue 14), measured on the PDF itself.
# Bold: gongwen's 1. headings are 仿宋 bold, synthesised (no free 仿宋 has
# a bold): the heading's glyphs are drawn in text render mode 2 (fill and
# stroke) with a line 1/30 em wide, and nothing else is. Squeeze
# (标点挤压): of two adjacent full-width marks the closing one, or else the
# opening one, is set half-width, so "）。" "”；" "。”" "，“" take 1.5 em
# (pdftotext -bbox: the pair's boxes), while "（“" squeezes the second;
# report keeps full-width pairs.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
command -v pdftotext >/dev/null && command -v qpdf >/dev/null || exit 77
# The latin role's default face is a dependency (scripts/deps.sh), not
# optional: without it this test cannot measure what it names.
fc-list | grep -q "Liberation Serif" ||
	{ fail "Liberation Serif is not installed: run scripts/deps.sh (fonts-liberation2)"; finish; exit 1; }

# cfg NAME PAGE: the sample with `page: PAGE` and these sections only:
# a 1. heading and one-line paragraphs, each a pair of marks between two
# plain characters, and 甲乙丙丁 to compare them with.
PAIRS="）。 ”； 。” ，“ （“ ）， （）"
cfg() {
	sed "/^sections:/,\$d; s/^  page: gongwen .*$/  page: $2/" \
		templates/xinjiang-2019-gongwen.yaml >"$TMP/t/$1.yaml"
	{
		echo "sections:"
		echo "  - title: 总体进展"
		echo "    sections:"
		echo "      - title: 脱贫进展"
		echo "        sections:"
		echo "          - title: 贫困人口持续减少"
		echo "            blocks:"
		echo "              - text: 甲乙丙丁"
		for p in $PAIRS; do echo "              - text: 甲${p}丁"; done
		echo "              - text: 甲0.44万人乙"
		echo "              - text: 甲万人乙"
	} >>"$TMP/t/$1.yaml"
}

cfg gw gongwen
cfg rp report
for v in gw rp; do
	"$PROGREP" render "$TMP/t/$v.yaml" -o "$TMP/$v.pdf" 2>"$TMP/$v.err" ||
		{ fail "$v: render failed: $(cat "$TMP/$v.err")"; continue; }
	pdftotext -bbox "$TMP/$v.pdf" "$TMP/$v.html"
	pdftotext "$TMP/$v.pdf" "$TMP/$v.txt"
	qpdf --qdf --object-streams=disable "$TMP/$v.pdf" "$TMP/$v.qdf"
done
grep -q "page: report" "$TMP/t/rp.yaml" || fail "report variant not made"

# savings HTML: what each pair's paragraph saves against 甲乙丙丁, in em
# of the 16 pt (gongwen) or 11 pt (report) body: "）。0.49 ”；0.49 ...".
savings() {
	$PY - "$1" "$2" $PAIRS <<'PYEOF'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
size = float(sys.argv[2])
w = {t: float(b) - float(a) for a, b, t in
     re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)}
plain = w['甲乙丙丁']
print(' '.join('%s%.2f' % (p, (plain - w['甲' + p + '丁']) / size) if '甲' + p + '丁' in w
               else p + 'missing' for p in sys.argv[3:]))
PYEOF
}
# A squeezed pair saves just under half an em (LINEBREAK_SQUEEZE 0.49; in
# gongwen less the 0.21 pt grid track given back); （） is an opening then a
# closing mark: left alone.
expect_eq "gongwen squeeze" "$(savings "$TMP/gw.html" 16)" \
	"）。0.48 ”；0.48 。”0.48 ，“0.48 （“0.48 ），0.48 （）0.00"
expect_eq "report: no squeeze" "$(savings "$TMP/rp.html" 11)" \
	"）。0.00 ”；0.00 。”0.00 ，“0.00 （“0.00 ），0.00 （）0.00"
# Each squeezed paragraph still reads as one line in pdftotext.
for p in $PAIRS; do
	grep -qx "甲${p}丁" "$TMP/gw.txt" && pass || fail "pdftotext splits 甲${p}丁"
done

# Latin: gongwen embeds the latin role's face and sets "0.44" in it, 1.75
# em (Times metrics: digits 1/2 em, "." 1/4 em; less the 4 grid tracks of
# -0.21 pt), where report's 宋 face takes 2 em for it; report embeds no
# Latin face.
lat=$($PY - "$TMP/gw.html" "$TMP/rp.html" <<'PYEOF'
import re, sys
out = []
for path, size in ((sys.argv[1], 16.0), (sys.argv[2], 11.0)):
    html = open(path, encoding='utf-8').read()
    w = {t: float(b) - float(a) for a, b, t in
         re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)}
    out.append('%.2f' % ((w['甲0.44万人乙'] - w['甲万人乙']) / size))
print(' '.join(out))
PYEOF
)
expect_eq "width of 0.44 in em (gongwen report)" "$lat" "1.70 2.00"
pdffonts "$TMP/gw.pdf" | grep -q "+LiberationSerif " && pass || fail "gongwen: no Liberation Serif"
pdffonts "$TMP/rp.pdf" | grep -q "LiberationSerif" && fail "report embeds Liberation Serif" || pass
# --format text is not touched by the latin role: the same text
"$PROGREP" render "$TMP/t/gw.yaml" --format text -o "$TMP/gw.txt2" 2>/dev/null &&
	grep -q "甲0.44万人乙" "$TMP/gw.txt2" && pass || fail "text output lost 甲0.44万人乙"

# Justified lines on the sample: no run in the Latin face takes the
# justifying stretch inside (its Tc stays the grid track, -0.21 pt), while
# Chinese runs do take some (Tc above the track); and pdftotext reads no
# space between two Chinese characters or digits of a body line.
"$PROGREP" render templates/xinjiang-2019-gongwen.yaml -o "$TMP/g.pdf" 2>/dev/null ||
	fail "gongwen sample did not render"
qpdf --qdf --object-streams=disable "$TMP/g.pdf" "$TMP/g.qdf"
tc=$($PY - "$TMP/g.qdf" <<'PYEOF'
import re, sys
data = open(sys.argv[1], 'rb').read().decode('latin-1')
objs = {int(n): body for n, body in re.findall(r'\n(\d+) 0 obj\n(.*?)\nendobj', data, re.S)}
def stream(n):
    m = re.search(r'(?<!end)stream\r?\n(.*?)endstream', objs[n], re.S)
    return m.group(1) if m else ''
latin_tc, cjk_tc = set(), set()
for n, body in objs.items():
    if '/Type /Page\n' not in body and not body.rstrip().endswith('/Type /Page\n>>') \
            and not re.search(r'/Type /Page\s', body):
        continue
    c = re.search(r'/Contents (\d+) 0 R', body)
    if not c:
        continue
    fonts = {name: 'LiberationSerif' in objs.get(int(ref), '')
             for name, ref in re.findall(r'/(F\d+) (\d+) 0 R', body)}
    latin, tc = False, 0.0
    for m in re.finditer(r'/(F\d+) [\d.]+ Tf|(-?[\d.]+) Tc|<[0-9a-fA-F]*>Tj|\[.*?\]TJ', stream(int(c.group(1)))):
        if m.group(1):
            latin = fonts.get(m.group(1), False)
        elif m.group(2):
            tc = float(m.group(2))
        else:
            (latin_tc if latin else cjk_tc).add(tc)
print('latin_max=%.2f cjk_stretched=%d' % (max(latin_tc), any(t > 0 for t in cjk_tc)))
PYEOF
)
expect_eq "Tc of Latin runs" "$tc" "latin_max=0.00 cjk_stretched=1"
# (body lines: 20 characters or more with ，。or 、; captions, chart
# labels (→) and table rows have real spaces). The bulletin's smaller
# type shares the same gap among fewer points: it is read too.
sed 's/^  page: gongwen .*$/  page: bulletin/' templates/xinjiang-2019-gongwen.yaml >"$TMP/t/bl.yaml"
grep -q "^  page: bulletin" "$TMP/t/bl.yaml" || fail "bulletin variant not made"
"$PROGREP" render "$TMP/t/bl.yaml" -o "$TMP/bl.pdf" 2>/dev/null || fail "bulletin sample did not render"
spaced=$(for f in g bl; do pdftotext "$TMP/$f.pdf" -; done | $PY -c '
import re, sys
for l in sys.stdin:
    l = l.rstrip("\n\f")
    if len(l) >= 20 and re.search("[，。、]", l) and "..." not in l and "→" not in l and "附表" not in l and \
            re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff0-9]", l):
        print(l)')
[ -z "$spaced" ] && pass || fail "stretched lines read with spaces: $spaced"

# The grid: in gongwen a heading takes whole grid lines (225/22 mm) as
# the body does; every 16 pt baseline of the test page (three headings,
# the paragraphs, the sample's 落款; read from the content stream, as
# pdftotext's boxes depend on each face's ascent) lies a whole number of
# grid lines below the first.
grid=$($PY - "$TMP/gw.qdf" <<'PYEOF'
import re, sys
MM = 72 / 25.4
pitch = 225 / 22 * MM
data = open(sys.argv[1], 'rb').read().decode('latin-1')
streams = re.findall(r'(?<!end)stream\r?\n(.*?)endstream', data, re.S)
# the test page: the one with most 16 pt text runs
best = []
for st in streams:
    size, ly, ys = 0, 0.0, []
    for m in re.finditer(r'/F\d+ ([\d.]+) Tf|(-?[\d.]+) (-?[\d.]+) Td|BT|<[0-9a-fA-F]*>Tj|\[.*?\]TJ', st):
        if m.group(0) == 'BT':
            ly = 0.0
        elif m.group(1):
            size = float(m.group(1))
        elif m.group(2):
            ly += float(m.group(3))
        elif size == 16:
            ys.append(round(ly, 2))
    ys = sorted(set(ys), reverse=True)
    if len(ys) > len(best):
        best = ys
off = [(best[0] - y) / pitch for y in best]
bad = ['%.2f' % o for o in off if abs(o - round(o)) * pitch > 0.2 * MM]
print('%d lines, off the grid: %s' % (len(best), ' '.join(bad) or 'none'))
PYEOF
)
expect_eq "gongwen grid" "$grid" "15 lines, off the grid: none" # and the 落款

# Bold: 2 Tr only around the 1. heading's glyphs, with a 16/30 pt line;
# the other headings and the body in mode 0.
$PY - "$TMP/gw.qdf" "$TMP/rp.qdf" >"$TMP/bold.txt" <<'PYEOF'
import re, sys
def runs(path):
    data = open(path, 'rb').read().decode('latin-1')
    out = []
    for s in re.findall(r'(?<!end)stream\r?\n(.*?)endstream', data, re.S):
        mode, lw = 0, 1.0
        for m in re.finditer(r'(-?[\d.]+) Tr|(-?[\d.]+) w\n|<[0-9a-fA-F]*>Tj|\((?:[^()\\]|\\.)*\)Tj|\[.*?\]TJ', s):
            if m.group(1) is not None:
                mode = int(m.group(1))
            elif m.group(2) is not None:
                lw = float(m.group(2))
            else:
                # glyphs: 2-byte codes, hex as qpdf --qdf writes them
                g = sum(len(h) for h in re.findall(r'<([0-9a-fA-F]*)>', m.group(0))) // 4
                out.append((mode, lw, g))
    return out
gw, rp = runs(sys.argv[1]), runs(sys.argv[2])
bold = [r for r in gw if r[0] == 2]
print('gw_bold=%d gw_lw=%s rp_bold=%d' % (sum(r[2] for r in bold),
      sorted(set(r[1] for r in bold)), sum(1 for r in rp if r[0] != 0)))
PYEOF
read -r got <"$TMP/bold.txt"
# 10 glyphs: those of "1.贫困人口持续减少" (1. in the latin role)
expect_eq "bold glyphs" "$got" "gw_bold=10 gw_lw=[0.53] rp_bold=0"
# and the heading is that run: its text 1.贫困人口持续减少 in the body role
grep -q '1\.贫困人口持续减少' <(pdftotext "$TMP/gw.pdf" -) && pass || fail "no 1. heading"
finish
