#!/usr/bin/env bash
# 表/图 numbers and captions (report.numbering; docs/config.md, "Table and
# figure numbers"), measured on the PDF: pdftotext -bbox-layout gives each
# text line's box. In the gongwen sample: 表1..表N, 图1..图M and 附表1..附表K
# in sequence without gaps or repeats, each 续表 naming the table it
# continues; a table's caption right above its first row, a figure's right
# under the chart; 注： right under a table's last row, smaller than body
# text; by chapter (表2-1) the numbers restart with each top-level section;
# a hand-written number that disagrees is replaced, with a warning at its
# line; a table note's placeholders filled in like a text block's. The page
# number is not flow text: on the sample's landscape 附表1 pages it runs down
# the left margin and is not taken for what lies under a caption.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
G=templates/xinjiang-2019-gongwen.yaml

# lines PDF: one line per text line, "page y0 height x0 text", in y order.
lines() {
	pdftotext -bbox-layout "$1" "$TMP/bbox.html" || return 1
	$PY - "$TMP/bbox.html" <<'PYEOF'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
line_re = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
for p, page in enumerate(html.split('<page ')[1:], 1):
    rows = []
    for m in line_re.finditer(page):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        t = ' '.join(re.findall(r'>([^<]*)</word>', m.group(5)))
        rows.append((y0, y1 - y0, x0, t))
    for y0, h, x0, t in sorted(rows):
        print('%d %.1f %.1f %.1f %s' % (p, y0, h, x0, t))
PYEOF
}

# check LINES MODE SMALL: prints one line per problem in the numbers and
# places; lines at most SMALL pt high are table or chart text (body text is
# taller: 16 pt in gongwen, 11 pt in report).
check() {
	$PY - "$1" "$2" "${3:-12}" <<'PYEOF'
import re, sys
mode = sys.argv[2]
rows = []
for l in open(sys.argv[1], encoding='utf-8'):
    p, y, h, x, t = l.rstrip('\n').split(' ', 4)
    rows.append((int(p), float(y), float(h), t))
NUM = r'(\d+(?:-\d+)?)'
cap = re.compile(r'^(续)?(附)?([表图])' + NUM)
seq = {}       # series -> numbers in order
last = {}      # series -> the last number given
SMALL = float(sys.argv[3])
NEAR = 25
# A page number is outside the type area, not part of the flow: on a
# landscape page it runs down the left margin, and its box (56 pt high)
# can start between a 续表 caption and the table's header.
folio = re.compile(r'— \d+ —|第 \d+ 页 / 共 \d+ 页')
def row_near(i, step):
    """The nearest line above (step -1) or below (+1) on the same page,
    past lines on the caption's own row and the page number."""
    p, y = rows[i][0], rows[i][1]
    j = i + step
    while 0 <= j < len(rows) and rows[j][0] == p:
        if abs(rows[j][1] - y) > 2 and not folio.fullmatch(rows[j][3]):
            return rows[j]
        j += step
    return None
for i, (p, y, h, t) in enumerate(rows):
    m = cap.match(t)
    if not m:
        continue
    cont, app, word, num = m.groups()
    series = (app or '') + word
    if cont:
        if last.get(series) != num:
            print('page %d: "%s" continues %s%s, the last was %s' % (p, t, series, num, last.get(series)))
        below = row_near(i, +1)
        if not below or below[1] - y > NEAR or below[2] > SMALL:
            print('page %d: "%s" is not right above a table' % (p, t))
        continue
    seq.setdefault(series, []).append(num)
    last[series] = num
    above, below = row_near(i, -1), row_near(i, +1)
    def small_near(r, d):
        return r is not None and abs(r[1] - y) <= d and r[2] <= SMALL
    if word == '表':
        if not small_near(below, NEAR):
            print('page %d: table caption "%s" is not right above a table' % (p, t))
        if small_near(above, NEAR) and not cap.match(above[3]):
            print('page %d: table caption "%s" is right under small text (%s)' % (p, t, above[3]))
    else:
        if not small_near(above, 2 * NEAR):
            print('page %d: figure caption "%s" is not right under a chart' % (p, t))
        if small_near(below, NEAR):
            print('page %d: figure caption "%s" has chart text under it (%s)' % (p, t, below[3]))
for series, nums in seq.items():
    if mode == 'chapter' and series in ('表', '图'):
        chap = [tuple(map(int, n.split('-'))) for n in nums if '-' in n]
        if len(chap) != len(nums):
            print('%s: numbers without a chapter: %s' % (series, nums))
        for (c0, n0), (c1, n1) in zip(chap, chap[1:]):
            if not ((c1 == c0 and n1 == n0 + 1) or (c1 > c0 and n1 == 1)):
                print('%s: %d-%d then %d-%d' % (series, c0, n0, c1, n1))
        if chap and chap[0][1] != 1:
            print('%s: starts at %d-%d' % (series, *chap[0]))
        continue
    want = [str(k) for k in range(1, len(nums) + 1)]
    if nums != want:
        print('%s: numbered %s' % (series, ' '.join(nums)))
for want in ('表', '图', '附表'):
    if want not in seq:
        print('no %s caption found' % want)
# 注： lines: right under table text, and smaller than the body
for i, (p, y, h, t) in enumerate(rows):
    if not t.startswith('注：'):
        continue
    above = row_near(i, -1)
    if above is None or y - above[1] > NEAR or above[2] > SMALL:
        print('page %d: "%s" is not right under a table' % (p, t[:20]))
    if h > SMALL:
        print('page %d: "%s" is set %.1f pt high, as large as body text' % (p, t[:20], h))
    # the caption above it on the page (or a page before) is a table's
    for q in range(i - 1, -1, -1):
        c = cap.match(rows[q][3])
        if c:
            if c.group(3) != '表':
                print('page %d: "%s" follows a figure caption' % (p, t[:20]))
            break
print('counts', ' '.join('%s=%d' % (k, len(v)) for k, v in sorted(seq.items())), file=sys.stderr)
PYEOF
}

# 1. The gongwen sample: numbered in one series, captions in place.
if "$PROGREP" render "$G" -o "$TMP/g.pdf" 2>"$TMP/g.err" && lines "$TMP/g.pdf" >"$TMP/g.lines"; then
	out=$(check "$TMP/g.lines" document 2>"$TMP/counts")
	if [ -z "$out" ]; then pass; else fail "gongwen numbers and captions:"; echo "$out" | head -20 >&2; fi
	# the sample numbers its first four tables by hand, in sequence: no warning
	if grep -q "report.numbering" "$TMP/g.err"; then fail "gongwen: warned about its own numbers"; grep numbering "$TMP/g.err" >&2; else pass; fi
	# every per-prefecture table and chart is numbered: 17 tables, 16 figures, 3 appendix tables
	expect_eq "gongwen counts" "$(cat "$TMP/counts")" "counts 图=16 表=17 附表=3"
	# 续表 pages in the standard form
	if grep -q " 续表1\$" "$TMP/g.lines" && grep -q " 续附表1\$" "$TMP/g.lines"; then pass; else fail "no 续表1 / 续附表1 caption"; fi
else
	fail "gongwen sample did not render"; cat "$TMP/g.err" >&2
fi

# 2. The report preset is not numbered by default: titles as written.
"$PROGREP" render templates/xinjiang-2019.yaml -o "$TMP/r.pdf" 2>/dev/null
if pdftotext "$TMP/r.pdf" - | grep "^附表 全区各县" >/dev/null; then pass; else fail "report preset: the appendix title changed"; fi
if pdftotext "$TMP/r.pdf" - | grep "附表1" >/dev/null; then fail "report preset: numbered"; else pass; fi

# 3. report.numbering: document turns it on in the report preset too.
sed "s/^  levels: \[region\]\$/&\n  numbering: document/" templates/xinjiang-2019.yaml >"$TMP/t/doc.yaml"
if "$PROGREP" render "$TMP/t/doc.yaml" -o "$TMP/d.pdf" 2>/dev/null && lines "$TMP/d.pdf" >"$TMP/d.lines"; then
	out=$(check "$TMP/d.lines" document 10.5 2>/dev/null)
	if [ -z "$out" ]; then pass; else fail "report + numbering: document:"; echo "$out" | head >&2; fi
else
	fail "report + numbering: document did not render"
fi

# 4. By chapter: 表1-1, 表2-1 ..., restarting with each top-level section.
sed "s/^  page: gongwen .*\$/&\n  numbering: chapter/" "$G" >"$TMP/t/chap.yaml"
if "$PROGREP" render "$TMP/t/chap.yaml" -o "$TMP/c.pdf" 2>/dev/null && lines "$TMP/c.pdf" >"$TMP/c.lines"; then
	out=$(check "$TMP/c.lines" chapter 2>/dev/null)
	if [ -z "$out" ]; then pass; else fail "numbering: chapter:"; echo "$out" | head >&2; fi
	# 二、主要措施 holds two tables, 三、各地州进展 starts with its own
	if grep -q " 表2-2 各地州帮扶措施覆盖情况\$" "$TMP/c.lines" && grep -q " 表3-1 各地州脱贫攻坚主要指标\$" "$TMP/c.lines"; then
		pass
	else
		fail "numbering: chapter: 表2-2 / 表3-1 not where expected"; grep " 表[0-9]" "$TMP/c.lines" | head >&2
	fi
else
	fail "numbering: chapter did not render"
fi

# 5. A hand number out of sequence is replaced, with a warning at its line.
sed "s/title: 表2 七个方面帮扶主要指标/title: 表9 七个方面帮扶主要指标/" "$G" >"$TMP/t/hand.yaml"
line=$(grep -n "title: 表9 七个方面" "$TMP/t/hand.yaml" | cut -d: -f1)
if "$PROGREP" render "$TMP/t/hand.yaml" -o "$TMP/h.pdf" 2>"$TMP/h.err" && lines "$TMP/h.pdf" >"$TMP/h.lines"; then
	# the block's position: the line of `- table:` above the title
	if grep -q "hand.yaml:$((line - 1)):[0-9]*: warning: the title says '表9' but this is 表2 in sequence" "$TMP/h.err"; then
		pass
	else
		fail "hand number: no warning at line $((line - 1))"; grep -i "numbering" "$TMP/h.err" >&2
	fi
	out=$(check "$TMP/h.lines" document 2>/dev/null)
	if [ -z "$out" ] && grep -q " 表2 七个方面帮扶主要指标\$" "$TMP/h.lines"; then pass; else fail "hand number: sequence broken"; echo "$out" | head >&2; fi
else
	fail "hand number: did not render"
fi

# 5b. "表2019年…" starts with a year, not a table number: numbered before it.
sed "s/title: 表2 七个方面帮扶主要指标/title: 表2019年七个方面帮扶主要指标/" "$G" >"$TMP/t/year.yaml"
"$PROGREP" render "$TMP/t/year.yaml" -o "$TMP/y.pdf" 2>"$TMP/y.err"
if pdftotext "$TMP/y.pdf" - | grep -E "^$(printf '\f')?表2 表2019年七个方面帮扶主要指标" >/dev/null && ! grep -q "report.numbering" "$TMP/y.err"; then
	pass
else
	fail "a title starting with a year: taken for a number"
fi

# 6. A bad value: exit 1 at its line and column, nothing written.
sed "s/^  page: gongwen .*\$/&\n  numbering: by-section/" "$G" >"$TMP/t/bad.yaml"
expect_render_error "bad numbering" "$TMP/t/bad.yaml" "numbering: by-section" by-section

# 7. A table note with a figure placeholder reads the figure the engine
# computed, "注：" put before a note that lacks it.
fig=$("$PROGREP" compute "$G" --level region --period 2019 2>/dev/null | awk -F, '$5 == "lifted_persons" { print $7 }')
sed "s/          note: 注：县以下数据为示意数据，全区合计与原文一致。/          note: 全区累计脱贫{lifted_persons}。/" "$G" >"$TMP/t/note.yaml"
if [ -n "$fig" ] && "$PROGREP" render "$TMP/t/note.yaml" -o "$TMP/n.pdf" 2>/dev/null && lines "$TMP/n.pdf" >"$TMP/n.lines"; then
	if grep -q " 注：全区累计脱贫$fig。" "$TMP/n.lines"; then pass; else fail "note: no '注：全区累计脱贫$fig。'"; grep " 注：" "$TMP/n.lines" >&2; fi
	out=$(check "$TMP/n.lines" document 2>/dev/null)
	if [ -z "$out" ]; then pass; else fail "note: captions"; echo "$out" | head >&2; fi
else
	fail "note: did not render (figure '$fig')"
fi

# 8. A stated figure in a table note (its check prints the computed figure
# with a footnote): the footnote goes into that note, under the table.
sed "s/          note: 注：县以下数据为示意数据，全区合计与原文一致。/          note: 贫困县农民人均可支配收入年均增长{poor_county_income_growth}。/" "$G" >"$TMP/t/stated.yaml"
if "$PROGREP" render "$TMP/t/stated.yaml" -o "$TMP/s.pdf" 2>/dev/null; then
	pdftotext "$TMP/s.pdf" - | tr -d '\n' >"$TMP/s.txt"
	if grep -q "注：贫困县农民人均可支配收入年均增长[0-9.]*%①。 ① 此处贫困县农民人均可支配收入年均增长为" "$TMP/s.txt"; then
		pass
	else
		fail "stated figure in a note: no footnote in the note"; grep -o "注：贫困县.\{0,80\}" "$TMP/s.txt" >&2
	fi
else
	fail "stated note: did not render"
fi

finish
