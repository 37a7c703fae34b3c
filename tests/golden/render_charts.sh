#!/usr/bin/env bash
# Charts of the sample report: their labels in the PDF (pdftotext) and in
# the text rendering. Each kind is there: the incidence trend (line), the
# prefecture ranking and a bar chart per prefecture (bar), the 2020
# targets (progress).
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml

"$PROGREP" render "$cfg" -o "$TMP/r.pdf" 2>"$TMP/err"
expect_eq "render exit" "$?" 0
"$PROGREP" render "$cfg" --format text -o "$TMP/r.txt" 2>>"$TMP/err"
expect_eq "render text exit" "$?" 0

# One pdftotext run; pages are split at form feeds: page N is pg-N.txt.
pdftotext "$TMP/r.pdf" "$TMP/raw.txt"
awk -v dir="$TMP" 'BEGIN { RS = "\f" } { f = dir "/pg-" NR ".txt"; printf "%s", $0 > f; close(f) }' \
	"$TMP/raw.txt"
npages=$(pdfinfo "$TMP/r.pdf" | awk '/^Pages:/ { print $2 }')

# The number of the first page whose text has STRING, or 0.
page_of() {
	local p
	for ((p = 1; p <= npages; p++)); do
		if grep -qF -- "$1" "$TMP/pg-$p.txt"; then
			echo "$p"
			return
		fi
	done
	echo 0
}

# has NAME FILE STRING...: every STRING occurs in FILE.
has() {
	local name=$1 file=$2 s
	shift 2
	for s in "$@"; do
		if grep -qF -- "$s" "$file"; then pass; else fail "$name: no '$s'"; fi
	done
}

# Figure 1, the line chart: axis title, ticks 0..20 by 5, a value label on
# every year (17.26 etc. are in no table), the target in the legend, all on
# the page of its caption.
p=$(page_of "图1 贫困发生率（2013—2019年）")
if [ "$p" -gt 0 ]; then pass; else fail "line chart caption missing"; fi
cp "$TMP/pg-$p.txt" "$TMP/p1.txt"
has "line chart" "$TMP/p1.txt" "贫困发生率（%）" "19.40" "17.26" "14.32" "11.48" "8.50" \
	"4.85" "1.24" "2013年" "2019年" "2020年目标：0.00%"
for t in 0 5 10 15 20; do
	if grep -qx -- "$t" "$TMP/p1.txt"; then pass; else fail "line chart: no tick '$t'"; fi
done

# Figure 2, the progress bars: figures as the table's 目标进度, status words.
p=$(page_of "图2 2020年目标完成进度")
cp "$TMP/pg-$p.txt" "$TMP/p2.txt"
has "progress chart" "$TMP/p2.txt" "未脱贫人口" "93.5%" "84.8%" "71.4%" "93.6%" "进展顺利" \
	"存在风险" "0%" "50%" "100%" "2013年 254.10万人 → 2019年 16.58万人"

# Figure 3, prefectures by incidence (horizontal bars: one label per
# line): in the order of 表4 above it, top to bottom, though the chart says
# sort: descending (a chart without a table sorts: chart_print.sh).
p=$(page_of "图3 各地州贫困发生率")
cp "$TMP/pg-$p.txt" "$TMP/p3.txt"
has "bar chart" "$TMP/p3.txt" "和田地区" "3.59" "喀什地区" "2.12" "进展顺利" "贫困发生率（%）"
order=$(grep -B40 -F "图3 各地州贫困发生率" "$TMP/r.txt" |
	grep -xE "和田地区|喀什地区|克孜勒苏柯尔克孜自治州|克拉玛依市" | tr '\n' ' ')
expect_eq "bar chart in its table's order" "$order" "克拉玛依市 克孜勒苏柯尔克孜自治州 喀什地区 和田地区 "

# A grouped bar chart per prefecture (2013 and 2019), each whole on one
# page with its axis title and legend; 克拉玛依市 (nothing but zeros)
# collapses to one sentence, without a chart.
expect_eq "prefecture charts" \
	"$(grep -c "各县（市、区）贫困发生率（2013年、2019年）" "$TMP/r.txt")" 13
for ((q = 1; q <= npages; q++)); do
	c=$(grep -c "各县（市、区）贫困发生率（2013年、2019年）" "$TMP/pg-$q.txt")
	a=$(grep -c "^贫困发生率（%）$" "$TMP/pg-$q.txt")
	[ "$c" -le "$a" ] || fail "page $q: a chart caption without its axis"
done
pass
has "grouped legend" "$TMP/r.txt" "2013年 2019年"

# The new drawing operators (paths, circles, dashes) make a valid PDF.
if qpdf --check "$TMP/r.pdf" >"$TMP/qpdf" 2>&1; then pass; else fail "qpdf --check"; fi

# The text rendering lists the same chart labels.
has "text rendering" "$TMP/r.txt" "图1 贫困发生率（2013—2019年）" "17.26" \
	"贫困发生率 2020年目标：0.00%" "图2 2020年目标完成进度" "71.4%" "存在风险" \
	"图3 各地州贫困发生率"
if grep -qiE "nan|inf" "$TMP/r.txt"; then fail "text has nan or inf"; else pass; fi

# A small config: an indicator in 万 on the axis (values divided by 10^4,
# the unit in the axis title) and a line with missing years (2013, 2014: no
# point and no figure, not a zero).
cat >"$TMP/c.yaml" <<EOF
report: {title: 图表测试, region: "65", period: 2019, toc: false}
levels: [region, prefecture, county, village]
data:
  regions: $ROOT/data/xinjiang/regions.csv
  sources: [{type: csv, path: $ROOT/data/xinjiang/values.csv}]
indicators:
  registered_persons: {name: 建档立卡贫困人口, unit: 人, scale: 万, decimals: 1, rollup: sum}
  poor_hh_income: {name: 建档立卡贫困户人均纯收入, unit: 元, rollup: none}
sections:
  - title: 测试
    blocks:
      - chart: {type: bar, title: 图A 人口, indicator: registered_persons, over: children,
                sort: descending, horizontal: false}
      - chart: {type: line, title: 图B 收入, indicators: [poor_hh_income]}
EOF
"$PROGREP" render "$TMP/c.yaml" --format text -o "$TMP/c.txt" 2>"$TMP/c.err"
expect_eq "small config exit" "$?" 0
# The lines after the line equal to $1, up to the first one matching $2.
after() {
	awk -v a="$1" -v b="$2" 'f && $0 ~ b { exit } f { printf "%s ", $0 } $0 == a { f = 1 }' \
		"$TMP/c.txt"
}
expect_eq "axis in 万" "$(after "建档立卡贫困人口（万人）" "^123")" "0 50 100 150 "
has "bar in 万" "$TMP/c.txt" "123.2" "100.4" "0.4"
expect_eq "line with a gap" "$(after "建档立卡贫困户人均纯收入（元）" "年")" \
	"0 2000 4000 6000 8000 10000 2725 3690 5010 6780 9195 "

finish
