#!/usr/bin/env bash
# Appendix tables grouped by parent (table group_by; docs/config.md,
# "Tables grouped by parent"): in the gongwen sample the county appendix
# (附表1) lists the counties under a header row per prefecture, each group
# closed by a 小计 row whose every figure is the prefecture's value as
# `progrep compute --level prefecture` gives it (a rate is the
# prefecture's own rate, not a sum of the counties'), to the decimals the
# cell shows. The report preset keeps its one list; `group_by: none` turns
# grouping off in gongwen, `group_by: parent` on in report; group_by with
# rows other than level is an error at its line.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
G=templates/xinjiang-2019-gongwen.yaml

# The appendix table's columns: indicator and period of each.
COLS="registered_households:2019 registered_persons:2019 lifted_persons:2019 remaining_persons:2019 incidence:2013 incidence:2019 poor_villages:2019 villages_exited:2019 villages_remaining:2019"

# subtotals PDF COMPUTE_CSV: one line per problem; "groups N" on stderr.
subtotals() {
	pdftotext -layout "$1" "$TMP/text.txt" || { echo "pdftotext failed"; return; }
	$PY - "$TMP/text.txt" "$2" "$COLS" <<'PYEOF'
import csv, re, sys
text = open(sys.argv[1], encoding='utf-8').read().split('\n')
val, names = {}, set()
for row in csv.DictReader(open(sys.argv[2], encoding='utf-8')):
    names.add(row['name'])
    if row['value'] != '':
        val[(row['name'], row['period'], row['indicator'])] = float(row['value'])
cols = [c.split(':') for c in sys.argv[3].split()]
# the appendix table: from its caption to the next table's
start = next((i for i, l in enumerate(text) if '附表1 ' in l), None)
if start is None:
    print('no 附表1'); sys.exit()
end = next((i for i in range(start + 1, len(text)) if re.search(r'^\s*附表2 ', text[i])), len(text))
fig = re.compile(r'(−|-)?(\d+(?:\.\d+)?)(万|亿)?(户|人|%|个)')
group, pending, seen, groups = None, '', set(), 0
for l in text[start:end]:
    s = l.strip()
    if not s or s.startswith('续附表1'):
        continue
    # a header row: the prefecture's name alone (it may wrap)
    if not re.search(r'\d', s) and ' ' not in s:
        pending += s
        if pending in names:
            group, pending = pending, ''
            if group in seen:
                print('%s: a second group' % group)
            seen.add(group)
        continue
    pending = ''
    if not s.startswith('小计'):
        continue
    groups += 1
    if group is None:
        print('a 小计 row before any group header'); continue
    figs = fig.findall(s)
    if len(figs) != len(cols):
        print('%s 小计: %d figures, want %d: %s' % (group, len(figs), len(cols), s)); continue
    for (ind, per), (minus, num, scale, unit) in zip(cols, figs):
        want = val.get((group, per, ind))
        if want is None:
            print('%s %s@%s: no computed value' % (group, ind, per)); continue
        mult = {'万': 1e4, '亿': 1e8}.get(scale, 1)
        places = len(num.split('.')[1]) if '.' in num else 0
        got = float(num) * (-1 if minus else 1)
        # the computed value rounded half-up to the cell's places
        w = want / mult
        if abs(got - w) > 0.5 * 10 ** -places + 1e-9:
            print('%s %s@%s: 小计 reads %s%s%s, computed %s' % (group, ind, per, num, scale, unit, want))
    group = None
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

# 2. report: one list, no 小计 (the sample's bytes are render_sample's).
"$PROGREP" render templates/xinjiang-2019.yaml -o "$TMP/r.pdf" 2>/dev/null
if pdftotext "$TMP/r.pdf" - | grep -q "小计"; then fail "report preset: grouped"; else pass; fi

# 3. group_by: none in gongwen turns it off; group_by: parent in report on.
sed "s/^          top: 0 .*\$/&\n          group_by: none/" "$G" >"$TMP/t/none.yaml"
"$PROGREP" render "$TMP/t/none.yaml" -o "$TMP/n.pdf" 2>/dev/null
if pdftotext "$TMP/n.pdf" - | grep -q "小计"; then fail "group_by: none still grouped"; else pass; fi
sed "s/^          top: 0 .*\$/&\n          group_by: parent/" templates/xinjiang-2019.yaml >"$TMP/t/rep.yaml"
if "$PROGREP" render "$TMP/t/rep.yaml" -o "$TMP/p.pdf" 2>/dev/null; then
	expect_eq "report group_by: parent" "$(pdftotext "$TMP/p.pdf" - | grep -c '^小计')" 14
else
	fail "report + group_by: parent did not render"
fi

# 4. group_by on a table of children: an error at its line, nothing written.
awk '/rows: children/ && !done { print; print "              group_by: parent"; done = 1; next } { print }' \
	"$G" >"$TMP/t/bad.yaml"
line=$(grep -n "group_by: parent" "$TMP/t/bad.yaml" | cut -d: -f1)
"$PROGREP" render "$TMP/t/bad.yaml" -o "$TMP/bad.pdf" 2>"$TMP/bad.err"
expect_eq "group_by on children: exit" "$?" 1
if grep -q "bad.yaml:$line:[0-9]*: error:.*group_by" "$TMP/bad.err" && [ ! -e "$TMP/bad.pdf" ]; then
	pass
else
	fail "group_by on children: no error at line $line"; cat "$TMP/bad.err" >&2
fi

finish
