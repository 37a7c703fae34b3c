#!/usr/bin/env bash
# Tables as 统计公报 print them (docs/config.md, "Tables"), measured on the
# PDF of the gongwen sample with pdftotext -bbox-layout (every word's box in
# points; a table cell is a block). Its charts are left out (their value
# labels are figures too); its tables are the sample's. In every table:
#   - cells hold bare figures: no unit after a number (the change of a
#     percentage in an indicator table keeps its 个百分点), units in the
#     headers ("（万人）"), a 单位 column or a 单位： line;
#   - each figure column of a table of regions has one precision;
#   - the figures of a column align on the decimal point within 0.5 pt;
#   - no figure comes closer than 4 pt to its neighbour's text or to the
#     type area's right edge (half a 小五 character of padding);
#   - a header wraps only between words: at a | of its config title,
#     before （, after ）, / or 、, or after a year's 年;
#   - a table of regions, continued pages too, has its units in the headers
#     or its 单位 line (repeated over each 续表);
# a group's header row (grouped appendix tables: a prefecture's name, the
# other cells empty) is a row of the table, not a table's header.
# Then: the report preset's tables keep their units in the cells, and
# `units:`, `align:` and `width:` do what docs/config.md says.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
GW=templates/xinjiang-2019-gongwen.yaml

# nocharts IN OUT: the config without its chart blocks.
nocharts() {
	$PY - "$1" >"$2" <<'PYEOF'
import sys
out, skip = [], None
for line in open(sys.argv[1], encoding='utf-8'):
    ind = len(line) - len(line.lstrip(' '))
    if skip is not None:
        if line.strip() and ind <= skip:
            skip = None
        else:
            continue
    if line.lstrip().startswith('- chart:'):
        skip = ind
        continue
    out.append(line)
sys.stdout.write(''.join(out))
PYEOF
}

# tables PDF CONFIG RIGHT_PT BOTTOM_PT [RIGHT_PT BOTTOM_PT] (the type area's,
# then the turned one's on landscape pages): prints one line per problem,
# then "tables N".
tables() {
	pdftotext -bbox-layout "$1" "$TMP/bbox.html" || { echo "pdftotext failed"; return; }
	$PY - "$TMP/bbox.html" "$2" "$3" "$4" "${5:-}" "${6:-}" <<'PYEOF'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
cfg = open(sys.argv[2], encoding='utf-8').read()
PORTRAIT = float(sys.argv[3]), float(sys.argv[4])
TURNED = (float(sys.argv[5]), float(sys.argv[6])) if sys.argv[5] else None
PAD, ALIGN = 4.0, 0.5
NUM = re.compile(r'^(－|-)?[0-9][0-9,]*(\.[0-9]+)?$')
FIG = re.compile(r'^(－|-)?[0-9][0-9,]*(\.[0-9]+)?(\D.*)?$')

def fig(s):
    """A figure, and what follows it; a year (2013年) is none."""
    m = FIG.match(s)
    return m if m and not (m.group(3) or '').startswith('年') else None
# the config's column titles with a | in them, as (text, break offsets)
marks = []
for q, b in re.findall(r'title: (?:"([^"\n]*)"|([^,}"\n]*))', cfg):
    t = (q or b).replace('{period}', '2019')
    if '|' not in t:
        continue
    offs, clean = set(), ''
    for ch in t:
        if ch == '|':
            offs.add(len(clean))
        else:
            clean += ch
    marks.append((clean, offs))
word_re = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
block_re = re.compile(r'<block [^>]*>(.*?)</block>', re.S)
line_re = re.compile(r'<line [^>]*>(.*?)</line>', re.S)

def unesc(s):
    return s.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')

def allowed(h, k, ):
    if h[k] == '（' or h[k - 1] in '）/、':
        return True
    if h[k - 1] == '年' and k > 1 and h[k - 2].isdigit():
        return True
    return any(h.startswith(c) and k in o for c, o in marks)

ntables = nfigs = ncols = nheads = 0
for p, page in enumerate(html.split('<page ')[1:], 1):
    pw, ph = map(float, re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
    if pw > ph and TURNED is None:
        print('page %d: a landscape page, and no turned type area given' % p)
        continue
    RIGHT, BOTTOM = TURNED if pw > ph else PORTRAIT
    blocks = []
    for b in block_re.finditer(page):
        lines = []
        for l in line_re.finditer(b.group(1)):
            ws = [(float(a), float(c), float(d), float(e), unesc(t))
                  for a, c, d, e, t in word_re.findall(l.group(1))]
            if ws:
                lines.append(ws)
        if lines:
            blocks.append(lines)
    words = [w for b in blocks for l in b for w in l]
    # a table's header cell 地区 or 指标 is a block of its own; the name of
    # a group's header row (a prefecture, its other cells empty) may end
    # in 地区 on a line of its own (阿克苏|地区) but is not a header
    heads = sorted((b[0][0] for b in blocks if len(b) == 1 and len(b[0]) == 1
                    and b[0][0][4] in ('地区', '指标')), key=lambda w: w[1])
    for k, hd in enumerate(heads):
        ntables += 1
        name = 'page %d table %d' % (p, k + 1)
        mid = (hd[1] + hd[3]) / 2
        end = heads[k + 1][1] if k + 1 < len(heads) else 1e9
        hblocks = [b for b in blocks if b[0][0][1] <= mid <= b[-1][0][3]]
        hbottom = max(b[-1][0][3] for b in hblocks)
        if min(b[0][0][0] for b in hblocks) < hd[0] - 1:
            continue # 序号 | 地区 | ...: a table of words (数据质量说明)
        # header cells: wrapped only between words
        nheads += sum(len(b) > 1 for b in hblocks)
        for b in hblocks:
            texts = [''.join(w[4] for w in l) for l in b]
            h, k2 = ''.join(texts), 0
            for t in texts[:-1]:
                k2 += len(t)
                if not allowed(h, k2):
                    print('%s: header "%s" broken inside a word, after "%s"' % (name, h, h[:k2]))
        region = hd[4] == '地区'
        if region and not any('（' in ''.join(w[4] for l in b for w in l) for b in hblocks) \
           and not any(w[4].startswith('单位：') for w in words if hd[1] - 40 < w[1] < hd[1]):
            print('%s: no unit in a header nor a 单位 line' % name)
        rows = {}
        for w in words:
            if hbottom < w[1] < min(end, BOTTOM):
                rows.setdefault(round(w[1] * 2) / 2, []).append(w)
        figs = []
        for y, ws in sorted(rows.items()):
            ws.sort()
            # the table ends at its note, a caption or a paragraph
            if re.match(r'^(注|表|续表|附表)', ws[0][4]) or max(w[2] - w[0] for w in ws) > 200:
                break
            if not any(fig(w[4]) for w in ws):
                continue # a wrapped label
            for i, w in enumerate(ws):
                m = fig(w[4])
                if not m:
                    continue
                if m.group(3) and not (not region and m.group(3) == '个百分点'):
                    print('%s: a unit in a cell: "%s"' % (name, w[4]))
                    continue
                if i > 0 and w[0] - ws[i - 1][2] < 2 * PAD:
                    print('%s: "%s" %.2f pt from "%s"' % (name, w[4], w[0] - ws[i - 1][2], ws[i - 1][4]))
                if i + 1 < len(ws) and ws[i + 1][0] - w[2] < 2 * PAD:
                    print('%s: "%s" %.2f pt from "%s"' % (name, w[4], ws[i + 1][0] - w[2], ws[i + 1][4]))
                if w[2] > RIGHT - PAD:
                    print('%s: "%s" %.2f pt from the right edge' % (name, w[4], RIGHT - w[2]))
                figs.append(w)
        if not figs:
            print('%s: no figures found' % name)
            continue
        # digit width: of the whole numbers (digits are as wide as each
        # other in every face used; a point need not be: the latin face's
        # is a quarter em)
        cws = sorted((w[2] - w[0]) / len(w[4]) for w in figs if re.match(r'^[0-9]+$', w[4]))
        if not cws:  # only decimals: width = digits x cw + the point's width
            dw = sorted(set((len(w[4]) - 1, round(w[2] - w[0], 2)) for w in figs
                            if re.match(r'^[0-9]+\.[0-9]+$', w[4])))
            cws = sorted((b[1] - a[1]) / (b[0] - a[0]) for a in dw for b in dw if b[0] > a[0])
        if not cws:
            print('%s: no bare figures' % name)
            continue
        cw = cws[len(cws) // 2]
        # columns: figures whose boxes overlap horizontally
        cols = []
        for w in sorted(figs):
            if cols and w[0] < cols[-1][0]:
                cols[-1][0] = max(cols[-1][0], w[2])
                cols[-1][1].append(w)
            else:
                cols.append([w[2], [w]])
        nfigs += len(figs)
        ncols += len(cols)
        for c, (_, ws) in enumerate(cols, 1):
            points, decs = [], set()
            for w in ws:
                m = fig(w[4])
                suffix = m.group(3) or ''
                frac = m.group(2) or ''
                # the point is where the integer part ends, measured from
                # the left: sign (－ a full em) and digits
                sign = m.group(1) or ''
                head = re.match(r'^(－|-)?[0-9,]*', w[4]).group(0)
                points.append(w[0] + (2 * cw if sign == '－' else cw if sign else 0) +
                              (len(head) - len(sign)) * cw)
                decs.add(len(frac) - 1 if frac else 0)
            if region and len(decs) > 1:
                print('%s column %d: %s decimals (%s)' % (name, c, sorted(decs),
                      ' '.join(w[4] for w in ws[:6])))
            if max(points) - min(points) > ALIGN:
                print('%s column %d: decimal points %.2f pt apart (%s)' % (name, c,
                      max(points) - min(points), ' '.join(w[4] for w in ws[:6])))
print('tables %d figures %d columns %d wrapped-headers %d' % (ntables, nfigs, ncols, nheads))
PYEOF
}

nocharts "$GW" "$TMP/t/gw.yaml"
# the type area: 156 mm from a 28 mm margin, 225 mm from 37 mm
"$PROGREP" render "$TMP/t/gw.yaml" -o "$TMP/gw.pdf" 2>"$TMP/err" || fail "gongwen: render failed: $(tail -2 "$TMP/err")"
# 附表1 is on landscape pages: that area turned, 225 mm from 35 mm, 156 mm from 28 mm
tables "$TMP/gw.pdf" "$TMP/t/gw.yaml" "$($PY -c 'print(184 * 72 / 25.4)')" \
	"$($PY -c 'print(262 * 72 / 25.4)')" "$($PY -c 'print(260 * 72 / 25.4)')" \
	"$($PY -c 'print(184 * 72 / 25.4)')" >"$TMP/got"
grep -v '^tables ' "$TMP/got" | head -20 >&2
grep -q -v '^tables ' "$TMP/got" && fail "gongwen: tables not as 统计公报 print them" || pass
# 4 of the text, 14 prefectures' county tables, 7 pages of the appendix
grep '^tables ' "$TMP/got" >&2
read -r _ n _ f _ c _ h <<<"$(grep '^tables ' "$TMP/got")"
[ "${n:-0}" -ge 20 ] && [ "${f:-0}" -ge 1000 ] && [ "${c:-0}" -ge 150 ] && [ "${h:-0}" -ge 100 ] && pass ||
	fail "gongwen: measured too little: $(grep '^tables ' "$TMP/got")"

# The same sample on bulletin (no | titles: headers wrap by the rules alone).
nocharts templates/xinjiang-2019.yaml "$TMP/t/bu.yaml"
sed -i 's/^  levels: \[region\]$/&\n  page: bulletin/' "$TMP/t/bu.yaml"
"$PROGREP" render "$TMP/t/bu.yaml" -o "$TMP/bu.pdf" 2>"$TMP/err" || fail "bulletin: render failed"
pdftotext "$TMP/bu.pdf" - | grep '^单位：\|（万人）' >/dev/null && pass || fail "bulletin: no unit in a header or a 单位 line"
pdftotext "$TMP/bu.pdf" - | grep '[0-9]万人$' >/dev/null && fail "bulletin: a cell keeps its unit" || pass

# report: units stay in the cells.
sed 's/^  page: bulletin$/  page: report/' "$TMP/t/bu.yaml" >"$TMP/t/re.yaml"
"$PROGREP" render "$TMP/t/re.yaml" -o "$TMP/re.pdf" 2>/dev/null || fail "report: render failed"
pdftotext "$TMP/re.pdf" - | grep '^16.58万人$' >/dev/null && pass || fail "report: cells lost their unit"

# units: line on a table of one unit; units: cells on bulletin; align and
# width of a column.
D=$ROOT/tests/golden/broken/_data
cat >"$TMP/t/one.yaml" <<EOF
report:
  title: 单位测试
  page: bulletin
levels: [region, prefecture, county]
data:
  regions: $D/regions.csv
  sources:
    - {type: csv, path: $D/values.csv}
indicators:
  registered_persons: {name: 建档立卡贫困人口, unit: 人, decimals: 0}
  remaining_persons: {name: 剩余贫困人口, unit: 人}
sections:
  - title: 表
    blocks:
      - table:
          title: 表1 线
          rows: children
          units: line
          columns:
            - {indicator: registered_persons, title: 建档立卡|贫困人口}
            - {indicator: remaining_persons, align: left, width: 60mm}
      - table:
          title: 表2 格
          rows: children
          units: cells
          columns:
            - {indicator: registered_persons}
EOF
"$PROGREP" render "$TMP/t/one.yaml" -o "$TMP/one.pdf" 2>"$TMP/err" || fail "units: render failed: $(tail -3 "$TMP/err")"
pdftotext -bbox-layout "$TMP/one.pdf" "$TMP/one.html"
$PY - "$TMP/one.html" <<'PYEOF' >"$TMP/got"
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
ws = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
print('line', ' '.join(w[4] for w in ws if w[4].startswith('单位：')))
# the 60 mm column, left-aligned: its figures (the last of each row of
# table 1) start at one x, left of its centred header
head = [w for w in ws if w[4] == '剩余贫困人口'][0]
end = [w for w in ws if w[4] == '表2'][0][1]
rows = {}
for w in ws:
    if re.match(r'^[0-9.]+$', w[4]) and head[3] < w[1] < end:
        rows.setdefault(round(w[1]), []).append(w)
xs = set(round(max(r)[0], 2) for r in rows.values())
print('left', len(xs), len(rows), int(min(xs) < head[0]) if xs else -1)
print('cells', ' '.join(w[4] for w in ws if w[4].endswith('人')))
PYEOF
grep -q '^line 单位：人$' "$TMP/got" && pass || fail "units: line: $(cat "$TMP/got")"
grep -q '^left 1 [1-9][0-9]* 1$' "$TMP/got" && pass || fail "align: left: $(cat "$TMP/got")"
grep -q '^cells .*[0-9]人' "$TMP/got" && pass || fail "units: cells: $(cat "$TMP/got")"
# A table of one unit that runs over pages repeats its 单位 line under
# each 续表 caption, as 统计公报 do: every county of the sample, one column.
cat >"$TMP/t/long.yaml" <<EOF
report:
  title: 单位行测试
  page: bulletin
levels: [region, prefecture, county, village]
data:
  regions: $ROOT/data/xinjiang/regions.csv
  sources:
    - {type: csv, path: $ROOT/data/xinjiang/values.csv}
indicators:
  registered_persons: {name: 建档立卡贫困人口, unit: 人, scale: 万, decimals: 2}
sections:
  - title: 表
    blocks:
      - table:
          title: 表1 各县建档立卡贫困人口
          rows: level
          level: county
          top: 0
          group_by: none
          units: line
          columns:
            - {indicator: registered_persons}
EOF
"$PROGREP" render "$TMP/t/long.yaml" -o "$TMP/long.pdf" 2>"$TMP/err" || fail "续表: render failed: $(tail -3 "$TMP/err")"
np=$(pdfinfo "$TMP/long.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
cont=0
for ((p = 1; p <= ${np:-0}; p++)); do
	pdftotext -f $p -l $p -layout "$TMP/long.pdf" "$TMP/p.txt"
	grep -q '续表' "$TMP/p.txt" || continue
	cont=$((cont + 1))
	# the caption, then the 单位 line, before the header's 地区
	awk '/续表/ { c = 1 } c && /单位：万人/ { u = 1 } /地区/ { print (c && u) ? "ok" : "no"; exit }' \
		"$TMP/p.txt" | grep -q '^ok$' || fail "续表 on page $p: no 单位 line above its header"
done
[ "$cont" -ge 2 ] && pass || fail "续表: $cont continued pages, want at least 2"
finish
