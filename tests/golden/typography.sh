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

# Bold: 2 Tr only around the 1. heading, with a 16/30 pt line, stroked in
# black; the other headings and the body in mode 0.
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
                out.append((mode, lw))
    return out
gw, rp = runs(sys.argv[1]), runs(sys.argv[2])
bold = [r for r in gw if r[0] == 2]
print('gw_bold=%d gw_lw=%s rp_bold=%d' % (len(bold), sorted(set(r[1] for r in bold)),
      sum(1 for r in rp if r[0] != 0)))
PYEOF
read -r got <"$TMP/bold.txt"
expect_eq "bold runs" "$got" "gw_bold=1 gw_lw=[0.53] rp_bold=0"
# and the heading is that run: its text 1.贫困人口持续减少 in the body role
grep -q '1\.贫困人口持续减少' <(pdftotext "$TMP/gw.pdf" -) && pass || fail "no 1. heading"
finish
