#!/usr/bin/env bash
# Landscape pages for wide tables (table `orientation`; docs/config.md,
# "Landscape pages"), measured on the PDF: pdfinfo gives each page's size,
# pdftotext -bbox-layout each text line's box. The gongwen sample's county
# appendix with `orientation: landscape` is on A4 pages turned (842 x 595
# pt) and only those; their text lies in the gongwen type area turned with
# the sheet (225 x 156 mm, 35 mm from the left, 28 mm from the top, within
# 0.5 mm) but the page number, which is where the portrait foot is: its
# right edge 7 mm left of the type area, read downward, its far end one
# character in from the type area's bottom (odd) or top (even), and the
# numbers run on without a gap. A table too wide for the portrait type
# area turns by itself; `orientation: portrait` keeps it upright. The
# unforced sample has no landscape page.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
G=templates/xinjiang-2019-gongwen.yaml

# sizes PDF: "L" or "P" per page, one line.
sizes() {
	local n
	n=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
	pdfinfo -f 1 -l "$n" "$1" | awk '/^Page +[0-9]+ size:/ { printf "%s", ($4 > $6 ? "L" : "P") } END { print "" }'
}

# turned PDF SIZES: one line per problem with the landscape pages' text.
turned() {
	pdftotext -bbox-layout "$1" "$TMP/bbox.html" || { echo "pdftotext failed"; return; }
	$PY - "$TMP/bbox.html" "$2" <<'PYEOF'
import re, sys
MM = 72 / 25.4
L, T, W, H = 35 * MM, 28 * MM, 225 * MM, 156 * MM
TOL = 0.5 * MM
html = open(sys.argv[1], encoding='utf-8').read()
kinds = sys.argv[2]
line_re = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
numbers = []
for p, page in enumerate(html.split('<page ')[1:], 1):
    folio = None
    for m in line_re.finditer(page):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        t = ''.join(re.findall(r'>([^<]*)</word>', m.group(5)))
        f = re.fullmatch(r'—(\d+)—', t)
        if f:
            folio = (int(f.group(1)), x0, y0, x1, y1)
            continue
        if kinds[p - 1] == 'L' and (x0 < L - TOL or x1 > L + W + TOL or y0 < T - TOL or y1 > T + H + TOL):
            print('page %d: "%s" outside the turned type area (%.1f %.1f %.1f %.1f mm)'
                  % (p, t[:20], x0 / MM, y0 / MM, x1 / MM, y1 / MM))
    if folio is None:
        continue
    numbers.append(folio[0])
    if kinds[p - 1] != 'L':
        continue
    n, x0, y0, x1, y1 = folio
    if abs(x1 - (L - 7 * MM)) > TOL:
        print('page %d: the folio ends %.1f mm left of the type area, not 7' % (p, (L - x1) / MM))
    if y1 - y0 < 2 * (x1 - x0):
        print('page %d: the folio is not set downward (%.1f x %.1f pt)' % (p, x1 - x0, y1 - y0))
    # 4号 (14 pt) in: odd pages at the far end (the portrait right)
    end = T + H - 14 - y1 if n % 2 else y0 - T - 14
    if abs(end) > TOL:
        print('page %d: the folio is %.1f mm off its place' % (p, end / MM))
if numbers != list(range(1, len(numbers) + 1)):
    print('page numbers: %s' % numbers)
PYEOF
}

# 1. The sample as it ships: its county appendix (附表1) has `orientation:
# landscape`, so exactly that table's pages are turned, in one run.
"$PROGREP" render "$G" -o "$TMP/l.pdf" 2>/dev/null || fail "gongwen sample did not render"
k=$(sizes "$TMP/l.pdf")
if [[ "$k" =~ ^P+L+P+$ ]]; then pass; else fail "gongwen sample pages: $k"; fi
pdftotext -layout "$TMP/l.pdf" "$TMP/l.txt"
want=$($PY - "$TMP/l.txt" <<'PYEOF'
import sys
pages = open(sys.argv[1], encoding='utf-8').read().split('\f')
print(''.join('L' if ('附表1 ' in p or '续附表1' in p) else 'P' for p in pages)[:-1])
PYEOF
)
expect_eq "landscape pages hold the table" "$k" "$want"
out=$(turned "$TMP/l.pdf" "$k")
if [ -z "$out" ]; then pass; else fail "landscape geometry:"; echo "$out" | head >&2; fi
# what the turn is for: every county's name on one line in 附表1 (a word of
# its own on the table's pages; the body's tables set them whole anyway)
"$PROGREP" compute "$G" --level county --period 2019 2>/dev/null >"$TMP/county.csv"
wholenames() {
	pdftotext -bbox-layout "$1" "$TMP/names.html" &&
		$PY - "$TMP/names.html" "$TMP/county.csv" <<'PYEOF'
import csv, re, sys
html = open(sys.argv[1], encoding='utf-8').read()
words = set()
for page in html.split('<page ')[1:]:
    ws = re.findall(r'<word [^>]*>([^<]*)</word>', page)
    if '附表1' in ws or '续附表1' in ws:   # the appendix's pages only
        words.update(ws)
names = sorted({r['name'] for r in csv.DictReader(open(sys.argv[2], encoding='utf-8'))})
broken = [n for n in names if n not in words]
if len(names) < 90 or broken:
    print('%d counties, %d not on one line: %s' % (len(names), len(broken), ' '.join(broken)))
PYEOF
}
out=$(wholenames "$TMP/l.pdf")
if [ -z "$out" ]; then pass; else fail "county names: $out"; fi

# 2. Unforced (the orientation line taken out): the appendix fits the
# portrait type area by breaking names, so nothing turns by itself.
grep -q "^          orientation: landscape\$" "$G" || fail "the sample has no orientation: landscape"
sed "/^          orientation: landscape\$/d" "$G" >"$TMP/t/unforced.yaml"
"$PROGREP" render "$TMP/t/unforced.yaml" -o "$TMP/g.pdf" 2>/dev/null || fail "unforced sample did not render"
expect_eq "unforced sample: landscape pages" "$(sizes "$TMP/g.pdf" | tr -d P)" ""

# 3. Too wide for portrait: the appendix with its columns twice over
# (18 figure columns) turns by itself; orientation: portrait keeps it.
$PY - "$TMP/t/unforced.yaml" "$TMP/t/wide.yaml" <<'PYEOF'
import sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
i = lines.index('          top: 0              # every county: this is the list the appendix is for')
j = i + 2
cols = []
while lines[j].startswith('            - {'):
    cols.append(lines[j]); j += 1
extra = [c.replace('{indicator', '{period: 2018, indicator').replace('period: 2013, ', '') for c in cols]
extra = [c.replace('title: 2013年贫困发生率', 'title: 2018年贫困发生率').replace('title: "{period}年贫困发生率"', 'title: 2018年贫困发生率（2）') for c in extra]
lines[j:j] = extra
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(lines))
PYEOF
if "$PROGREP" render "$TMP/t/wide.yaml" -o "$TMP/w.pdf" 2>"$TMP/w.err"; then
	if [[ "$(sizes "$TMP/w.pdf")" =~ ^P+L+P+$ ]]; then pass; else fail "wide table: not turned: $(sizes "$TMP/w.pdf")"; fi
else
	fail "wide table did not render"; head "$TMP/w.err" >&2
fi
sed "s/^          top: 0 .*\$/&\n          orientation: portrait/" "$TMP/t/wide.yaml" >"$TMP/t/upright.yaml"
if "$PROGREP" render "$TMP/t/upright.yaml" -o "$TMP/u.pdf" 2>/dev/null; then
	expect_eq "orientation: portrait" "$(sizes "$TMP/u.pdf" | tr -d P)" ""
else
	fail "orientation: portrait did not render"
fi

# 4. A bad value: exit 1 at its line, nothing written.
sed "s/^          orientation: landscape\$/          orientation: sideways/" "$G" >"$TMP/t/bad.yaml"
expect_render_error "bad orientation" "$TMP/t/bad.yaml" "orientation: sideways" sideways

finish
