#!/usr/bin/env bash
# Charts readable on paper (issue 14), measured on the PDF itself: in the
# sample as `report`, `gongwen` and `bulletin`, and with charts that push
# the limits (every village with top: 0, 96 counties upright, two periods),
# no text inside a chart (the /Figure marked content of a tagged PDF) is
# drawn below 8 pt: the Tf size times the scale of the text matrix, read
# from the content streams (tests/golden/charts/print_check.py). gongwen
# and bulletin charts use no colour and no text lighter than 60% black, and
# their status bars carry hatching; a chart too long for a page is cut
# with a note, not shrunk. A bar chart lists regions in the order of its
# section's table, and its figures read as the table's (a zero as the
# table writes it, the same precision).
source "$(dirname "$0")/lib.bash"
check=tests/golden/charts/print_check.py

variant() { # NAME TEMPLATE [PRESET]: tagged (the default), data paths absolute, stress sections
	sed "s#\.\./data/#$ROOT/data/#" "$2" |
		if [ -n "${3:-}" ]; then sed "s/page: gongwen/page: $3/"; else cat; fi >"$TMP/$1.yaml"
	cp "$TMP/$1.yaml" "$TMP/$1-plain.yaml"
	grep -v '^#' tests/golden/charts/stress_sections.yaml >>"$TMP/$1.yaml"
}
variant report templates/xinjiang-2019.yaml
variant gongwen templates/xinjiang-2019-gongwen.yaml
variant bulletin templates/xinjiang-2019-gongwen.yaml bulletin
grep -q 'page: bulletin' "$TMP/bulletin.yaml" && pass || fail "no bulletin variant"

for v in report gongwen bulletin; do
	"$PROGREP" render "$TMP/$v.yaml" -o "$TMP/$v.pdf" 2>/dev/null
	expect_eq "$v render exit" "$?" 0
	qpdf --json --json-stream-data=inline --decode-level=generalized --json-key=qpdf \
		"$TMP/$v.pdf" >"$TMP/$v.json" || fail "$v: qpdf --json fails"
	mode=$([ $v = report ] || echo mono)
	python3 "$check" "$TMP/$v.json" $mode >"$TMP/$v.out" 2>&1 || fail "$v: the check stopped"
	head -1 "$TMP/$v.out"
	if grep BAD "$TMP/$v.out" >&2; then fail "$v: chart text or colour"; else pass; fi
	# Not passing by finding nothing: the sample's and the stress charts' text.
	n=$(sed -n 's/^figure_texts \([0-9]*\) .*/\1/p' "$TMP/$v.out")
	[ "${n:-0}" -gt 500 ] && pass || fail "$v: only ${n:-0} chart texts found"
	h=$(sed -n 's/.*hatch_lines \([0-9]*\).*/\1/p' "$TMP/$v.out")
	[ "${h:-0}" -gt 20 ] && pass || fail "$v: no hatched status bars (${h:-0} lines)"
	"$PROGREP" render "$TMP/$v.yaml" --format text -o "$TMP/$v.txt" 2>/dev/null
	# every village: cut to what a page holds at 8 pt, and said so
	grep -Eq '^((附)?图[0-9]+ )?各村未脱贫人口（最高[0-9]+个，其余[0-9]+个村未列出）$' "$TMP/$v.txt" && pass ||
		fail "$v: the village chart is not cut with a note"
done

# The cut keeps every row on one page: the village chart's page holds all
# its rows (names read back in the text of the page with its caption).
cut=$(grep -o '最高[0-9]*个，其余[0-9]*个村' "$TMP/report.txt" | sed 's/最高\([0-9]*\)个.*/\1/')
rows=$(awk '/^=== page/ { n = 0 } /[乡镇].*村( [0-9.]+)?$/ { n++ } /^各村未脱贫人口（最高/ { print n; exit }' \
	"$TMP/report.txt")
expect_eq "village rows on the chart's page" "$rows" "$cut"

# Order: 图3 lists the prefectures as 表4 does, top to bottom, though the
# chart says sort: descending; and so does each prefecture's county chart.
# Rows of the table titled $1 (no header, no total row), and the category
# names of the chart captioned $1 (the lines after its axis title).
table_rows() {
	awk -F' [|] ' -v t="$1" '$0 == t { s = 1; next } s == 1 { s = 2; next }
		s && NF > 2 { if ($1 != "全区" && $1 != "合计") print $1; next } s { exit }' "$TMP/plain.txt"
}
chart_cats() {
	awk -v c="$1" '/^贫困发生率（%）$/ { n = 0; delete k; next } index($0, c) == 1 { for (i = 1; i <= n; i++) print k[i]; exit }
		/^[^0-9]/ && !/年 / && !/^进展/ { k[++n] = $0 }' "$TMP/plain.txt"
}
"$PROGREP" render "$TMP/report-plain.yaml" --format text -o "$TMP/plain.txt" 2>/dev/null
table_rows "表4 各地州脱贫攻坚主要指标" >"$TMP/table_order"
chart_cats "图3 各地州贫困发生率" >"$TMP/chart_order"
[ "$(wc -l <"$TMP/table_order")" -eq 14 ] && pass || fail "表4 rows not found"
expect_same "图3 in 表4's order" "$TMP/chart_order" "$TMP/table_order"
table_rows "喀什地区各县（市、区）主要指标" >"$TMP/kashi_table"
chart_cats "喀什地区各县（市、区）贫困发生率" >"$TMP/kashi_chart"
[ "$(wc -l <"$TMP/kashi_table")" -eq 12 ] && pass || fail "喀什地区 table rows not found"
expect_same "喀什地区 chart in its table's order" "$TMP/kashi_chart" "$TMP/kashi_table"

# Figures as the table prints them: 克拉玛依市 has no one left, the table
# says 0人 and the chart (axis in 万人) 0, not 0.00; 乌鲁木齐市's 0.005万人
# keeps its third place.
fig() { awk -v r="$1" '/^各地州未脱贫人口$/ { exit } s && $0 == r { getline; print; exit } /^未脱贫人口（万人）$/ { s = 1 }' "$TMP/report.txt"; }
expect_eq "zero bar" "$(fig 克拉玛依市)" 0
expect_eq "small bar" "$(fig 乌鲁木齐市)" 0.005
grep -q '^克拉玛依市 | 0人 | 0人 | 0人 ' "$TMP/plain.txt" && pass || fail "the table no longer says 0人"
# With no table of its regions in its section, that chart keeps its sort.
order=$(awk '/^未脱贫人口（万人）$/ { s = 1; next } /^各地州未脱贫人口$/ { exit }
	s && /地区$|州$/ { printf "%s ", $0 }' "$TMP/report.txt" | cut -d' ' -f1-3)
expect_eq "sorted without a table" "$order" "喀什地区 和田地区 克孜勒苏柯尔克孜自治州"
finish
