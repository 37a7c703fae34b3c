#!/usr/bin/env bash
# A bar chart in a section with a table that has a row for every bar
# follows the table's order (report_charts_follow_tables), so its `sort:`
# decides nothing: `check` and `render` warn once at the sort key's
# file:line:col (docs/config.md, chart keys), and the PDF is the one
# without the key. A sort that picks the top N bars still matters: no
# warning then. The shipped templates carry no such key.
source "$(dirname "$0")/lib.bash"
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
G=templates/xinjiang-2019-gongwen.yaml
MSG="warning: sort is ignored: the chart follows the order of the table in this section"

# the 图3 chart of prefectures (a table of them above it), and the county
# chart of each prefecture's section (built once per prefecture)
awk '/^          over: children$/ { print; print "          sort: descending"; next }
     /^              over: children$/ { print; print "              sort: ascending"; next }
     { print }' "$G" >"$TMP/t/s.yaml"
l1=$(grep -n "^          sort: descending" "$TMP/t/s.yaml" | cut -d: -f1)
l2=$(grep -n "^              sort: ascending" "$TMP/t/s.yaml" | cut -d: -f1)
[ -n "$l1" ] && [ -n "$l2" ] || fail "no chart to add a sort to"

for cmd in check render; do
	if [ $cmd = check ]; then
		"$PROGREP" check "$TMP/t/s.yaml" 2>"$TMP/$cmd.err" >/dev/null
	else
		"$PROGREP" render "$TMP/t/s.yaml" -o "$TMP/s.pdf" 2>"$TMP/$cmd.err"
	fi
	expect_eq "$cmd: exit" "$?" 0
	expect_eq "$cmd: at the first sort" "$(grep -c "s.yaml:$l1:11: $MSG" "$TMP/$cmd.err")" 1
	expect_eq "$cmd: at the county chart's sort, once" \
		"$(grep -c "s.yaml:$l2:15: $MSG" "$TMP/$cmd.err")" 1
	expect_eq "$cmd: no other" "$(grep -c "sort is ignored" "$TMP/$cmd.err")" 2
done
# ignored indeed: the same charts as without the keys
"$PROGREP" render "$G" -o "$TMP/g.pdf" 2>"$TMP/g.err"
if cmp -s <(pdftotext "$TMP/g.pdf" -) <(pdftotext "$TMP/s.pdf" -); then pass; else
	fail "a sort that is warned about changed the PDF"; fi
grep -q "sort is ignored" "$TMP/g.err" && fail "the gongwen template has an ignored sort" || pass
"$PROGREP" check templates/xinjiang-2019.yaml 2>&1 >/dev/null | grep -q "sort is ignored" &&
	fail "the report template has an ignored sort" || pass

# a top 5 of a sort picks the bars: it matters, no warning
awk '/^          over: children$/ { print; print "          sort: descending"; print "          top: 5"; next }
     { print }' "$G" >"$TMP/t/top.yaml"
"$PROGREP" check "$TMP/t/top.yaml" 2>"$TMP/top.err" >/dev/null
expect_eq "top: exit" "$?" 0
grep -q "sort is ignored" "$TMP/top.err" && fail "a sort that picks the top 5 is warned about" || pass
finish
