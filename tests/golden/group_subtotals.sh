#!/usr/bin/env bash
# Appendix tables grouped by parent (table group_by; docs/config.md,
# "Tables grouped by parent"): in the gongwen sample the county appendix
# (附表1) lists the counties under a header row per prefecture, each group
# closed by a 小计 row whose every figure is the prefecture's value as
# `progrep compute --level prefecture` gives it (a rate is the
# prefecture's own rate, not a sum of the counties'), to the decimals the
# cell shows, in the unit its column's header (or the 单位 line) names. The report preset keeps its one list; `group_by: none` turns
# grouping off in gongwen, `group_by: parent` on in report; group_by with
# rows other than level is an error at its line.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
G=templates/xinjiang-2019-gongwen.yaml

# The appendix table's columns: indicator and period of each.
COLS="registered_households:2019 registered_persons:2019 lifted_persons:2019 remaining_persons:2019 incidence:2013 incidence:2019 poor_villages:2019 villages_exited:2019 villages_remaining:2019"

# subtotals PDF COMPUTE_CSV: one line per problem; "groups N" on stderr.
# Measured on the PDF's words (pdftotext -bbox-layout): gongwen prints
# bare figures under units in the headers ("（万人）") or a 单位 line, so
# each figure's scale is its column's unit, the columns taken left to right.
subtotals() {
	pdftotext -bbox-layout "$1" "$TMP/bbox.html" || { echo "pdftotext failed"; return; }
	$PY - "$TMP/bbox.html" "$2" "$COLS" <<'PYEOF'
import csv, re, sys
html = open(sys.argv[1], encoding='utf-8').read()
val, names = {}, set()
for row in csv.DictReader(open(sys.argv[2], encoding='utf-8')):
    names.add(row['name'])
    if row['value'] != '':
        val[(row['name'], row['period'], row['indicator'])] = float(row['value'])
cols = [c.split(':') for c in sys.argv[3].split()]
word_re = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
UNIT = re.compile(r"（(万|亿)?(户|人|%|个)）$")  # a header line "（万人）", or "发生率（%）" in a wide column
NUM = re.compile(r'^(−|-|－)?(\d+(?:\.\d+)?)$')
UNITWORD = re.compile(r'^单位：(万|亿)?(户|人|%|个)$')
group, pending, seen, groups, inside, pages = None, '', set(), 0, False, 0
for page in html.split('<page ')[1:]:
    ws = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in word_re.findall(page)]
    cap = [w for w in ws if w[4] in ('附表1', '续附表1')]
    stop = [w[1] for w in ws if w[4] in ('附表2', '续附表2')]
    if not cap and not inside:
        continue
    top = cap[0][1] if cap else 0
    bottom = min(stop) if stop else 1e9
    inside = not stop
    ws = [w for w in ws if top <= w[1] < bottom]
    # the page number is no part of the table: on a landscape page it runs
    # down the left margin ("第 28 页 / 共 40 页" a character at a time), its
    # words level with rows; so words left of the row labels are dropped
    left = [w[0] for w in ws if w[4] in names or w[4] == '小计']
    if left:
        ws = [w for w in ws if w[2] > min(left)]
    if not cap:
        if stop:
            break # 附表2 starts a page of its own
        print('a page of 附表1 without its 续附表1 caption'); continue
    pages += 1
    # the columns' units: in the headers, else one 单位 line for all
    units = sorted((w for w in ws if UNIT.search(w[4])), key=lambda w: w[0])
    line = [w for w in ws if UNITWORD.match(w[4])]
    if units:
        scales = [UNIT.search(w[4]).group(1) for w in units]
    elif line:
        scales = [UNITWORD.match(line[0][4]).group(1)] * len(cols)
    else:
        print('a page of 附表1 with no unit in its headers nor a 单位 line'); continue
    if len(scales) != len(cols):
        print('附表1: %d units in the headers, want %d' % (len(scales), len(cols))); continue
    hbottom = max(w[3] for w in units) if units else line[0][3]
    # rows: words whose vertical middles meet, top to bottom
    rows = []
    for w in sorted((w for w in ws if w[1] > hbottom), key=lambda w: (w[1] + w[3]) / 2):
        mid = (w[1] + w[3]) / 2
        if rows and abs(mid - rows[-1][0]) < 3:
            rows[-1][1].append(w)
        else:
            rows.append([mid, [w]])
    for _, r in rows:
        r.sort()
        text = ''.join(w[4] for w in r)
        figs = [w[4] for w in r if NUM.match(w[4])]
        if not figs:
            # a header row: the prefecture's name alone (or wrapped)
            pending = text if text in names else pending + text
            if pending in names:
                group, pending = pending, ''
                if group in seen:
                    print('%s: a second group' % group)
                seen.add(group)
            continue
        pending = ''
        if r[0][4] != '小计':
            continue
        groups += 1
        if group is None:
            print('a 小计 row before any group header'); continue
        if len(figs) != len(cols) or len(r) != len(cols) + 1:
            print('%s 小计: %d figures, want %d: %s' % (group, len(figs), len(cols),
                  ' '.join(w[4] for w in r))); continue
        for (ind, per), num, scale in zip(cols, figs, scales):
            want = val.get((group, per, ind))
            if want is None:
                print('%s %s@%s: no computed value' % (group, ind, per)); continue
            m = NUM.match(num)
            mult = {'万': 1e4, '亿': 1e8}.get(scale, 1)
            places = len(m.group(2).split('.')[1]) if '.' in m.group(2) else 0
            got = float(m.group(2)) * (-1 if m.group(1) else 1)
            # the computed value rounded half-up to the cell's places
            w = want / mult
            if abs(got - w) > 0.5 * 10 ** -places + 1e-9:
                print('%s %s@%s: 小计 reads %s (%s), computed %s' % (group, ind, per, num,
                      scale or '', want))
        group = None
    # a group's header row never ends a page: it goes on with its rows
    # (the page number — 30 — is no row)
    rows = [r for r in rows if not re.match(r'^—\d+—$', ''.join(w[4] for w in r[1]))]
    if rows and ''.join(w[4] for w in rows[-1][1]) in names:
        print('%s: a group header ends a page' % ''.join(w[4] for w in rows[-1][1]))
    # nor does a 小计 start one: its group's last row comes with it
    if rows and rows[0][1][0][4] == '小计':
        print('a 小计 row starts a page')
if pages == 0:
    print('no 附表1')
print('groups %d' % groups, file=sys.stderr)
PYEOF
}

"$PROGREP" compute "$G" --level prefecture >"$TMP/pref.csv" 2>/dev/null || fail "compute --level prefecture"

# 1. gongwen: grouped by default, every 小计 the prefecture's figures.
if "$PROGREP" render "$G" -o "$TMP/g.pdf" 2>/dev/null; then
	out=$(subtotals "$TMP/g.pdf" "$TMP/pref.csv" 2>"$TMP/groups")
	if [ -z "$out" ]; then pass; else fail "gongwen 小计 rows:"; echo "$out" | head -20 >&2; fi
	# 14 prefectures hold counties in the sample
	expect_eq "gongwen groups" "$(cat "$TMP/groups")" "groups 14"
else
	fail "gongwen sample did not render"
fi

# 1a. bulletin: the same table at bulletin's sizes breaks across pages
# elsewhere (喀什地区's 小计 fell alone at the top of a page once)
sed 's/^  page: gongwen /  page: bulletin /' "$G" >"$TMP/t/bulletin.yaml"
if "$PROGREP" render "$TMP/t/bulletin.yaml" -o "$TMP/b.pdf" 2>/dev/null; then
	out=$(subtotals "$TMP/b.pdf" "$TMP/pref.csv" 2>/dev/null)
	if [ -z "$out" ]; then pass; else fail "bulletin 小计 rows:"; echo "$out" | head -20 >&2; fi
else
	fail "bulletin variant did not render"
fi

# 1b. how they read (docs/config.md, "Tables grouped by parent"): each
# group's header row and each 小计 label in the heading role (the font of
# the captions), at the left edge of the county names, which stay in the
# body font; a group's name on one line, never split.
roles() {
	pdftohtml -xml -i -q "$1" "$TMP/x" >/dev/null 2>&1 || { echo "pdftohtml failed"; return; }
	$PY - "$TMP/x.xml" "$2" <<'PYEOF'
import csv, re, sys
xml = open(sys.argv[1], encoding='utf-8').read()
names = set(r['name'] for r in csv.DictReader(open(sys.argv[2], encoding='utf-8')))
fam = dict(re.findall(r'<fontspec id="(\d+)" size="[\d.]+" family="([^"]+)"', xml))
txt = re.compile(r'<text top="(\d+)" left="(\d+)" width="\d+" height="\d+" font="(\d+)">(.*?)</text>')
start = xml.find('>附表1 ')
end = xml.find('>附表2 ', start)
if start < 0:
    print('no 附表1'); sys.exit()
cap = txt.findall(xml[xml.rfind('<text', 0, start):start + 1000])[0]
head = fam[cap[2]]
ts = txt.findall(xml[start:end if end > 0 else len(xml)])
groups = [t for t in ts if t[3] in names]
subs = [t for t in ts if t[3] == '小计']
body = [t for t in ts if re.match(r'^\S+[县区市]$', t[3]) and t[3] not in names]
lefts = set(t[1] for t in body)
for t in groups + subs:
    if fam[t[2]] != head:
        print('"%s" in %s, not the heading role (%s)' % (t[3], fam[t[2]], head))
    if t[1] not in lefts:
        print('"%s" at left %s, county names at %s' % (t[3], t[1], sorted(lefts)))
for t in body:
    if fam[t[2]] == head:
        print('county "%s" in the heading role' % t[3])
print('roles %d %d %d' % (len(groups), len(subs), len(body)))
PYEOF
}
out=$(roles "$TMP/g.pdf" "$TMP/pref.csv")
if [ "$(echo "$out" | grep -v '^roles ')" = "" ]; then pass; else
	fail "group and 小计 rows:"; echo "$out" | head -10 >&2; fi
# every group name whole on one line, as many 小计 rows, most counties
read -r _ ng ns nb <<<"$(echo "$out" | grep '^roles ')"
[ "${ng:-0}" -eq 14 ] && [ "${ns:-0}" -eq 14 ] && [ "${nb:-0}" -ge 50 ] && pass ||
	fail "measured: $(echo "$out" | tail -1)"

# 2. report: one list, no 小计 (the sample's bytes are render_sample's).
"$PROGREP" render templates/xinjiang-2019.yaml -o "$TMP/r.pdf" 2>/dev/null
if pdftotext "$TMP/r.pdf" - | grep "小计" >/dev/null; then fail "report preset: grouped"; else pass; fi

# 3. group_by: none in gongwen turns it off; group_by: parent in report on.
sed "s/^          top: 0 .*\$/&\n          group_by: none/" "$G" >"$TMP/t/none.yaml"
"$PROGREP" render "$TMP/t/none.yaml" -o "$TMP/n.pdf" 2>/dev/null
if pdftotext "$TMP/n.pdf" - | grep "小计" >/dev/null; then fail "group_by: none still grouped"; else pass; fi
sed "s/^          top: 0 .*\$/&\n          group_by: parent/" templates/xinjiang-2019.yaml >"$TMP/t/rep.yaml"
if "$PROGREP" render "$TMP/t/rep.yaml" -o "$TMP/p.pdf" 2>/dev/null; then
	expect_eq "report group_by: parent" "$(pdftotext "$TMP/p.pdf" - | grep -c '^小计')" 14
else
	fail "report + group_by: parent did not render"
fi

# 4. group_by on a table of children: an error at its line, nothing written.
awk '/rows: children/ && !done { print; print "              group_by: parent"; done = 1; next } { print }' \
	"$G" >"$TMP/t/bad.yaml"
expect_render_error "group_by on children" "$TMP/t/bad.yaml" "group_by: parent" group_by

finish
