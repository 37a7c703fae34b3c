#!/usr/bin/env bash
# What a reader gets (issue 13), on the text of real renders: the sample
# report (--format text), the county brief for the region, and the PDFs of
# a `--each county` batch of the brief (pdftotext). In none of them:
# "0.00万" (a non-zero figure scaled to nothing), "—" inside a sentence
# (a "—" alone in a table cell is fine), an ASCII hyphen as a minus, an
# empty chart, an indicator id, a file name or formula syntax.
source "$(dirname "$0")/lib.bash"
export SOURCE_DATE_EPOCH=1587686400

# check_text NAME FILE TABLE_SEP: every rule on one text. TABLE_SEP is the
# table cell separator of the text format (" | "), or "" for pdftotext,
# where a lone "—" stands between runs of spaces.
check_text() {
	local name=$1 f=$2 sep=$3 ids=$4 bad
	bad=$(grep -nE '(^|[^0-9.])0\.0+万' "$f" | head -3)
	[ -z "$bad" ] && pass || fail "$name: a figure scaled to zero: $bad"
	# "—" between digits is a range (2013—2019年); a cell of only "—" is
	# a missing table value; anything else is a dash in a sentence
	if [ -n "$sep" ]; then
		bad=$(sed 's/[0-9]—[0-9]//g' "$f" | awk -F"$sep" '{
			for (i = 1; i <= NF; i++) if ($i != "—" && index($i, "—")) { print NR ": " $0; exit } }')
	else
		bad=$(sed 's/[0-9]—[0-9]//g; s/\(^\|  \)—\(  \|$\)/\1\2/g; s/\(^\|  \)—\(  \|$\)/\1\2/g' "$f" |
			grep -n "—" | head -3)
	fi
	[ -z "$bad" ] && pass || fail "$name: a dash in a sentence: $bad"
	bad=$(grep -nE '(^|[^0-9A-Za-z])-[0-9]' "$f" | head -3)
	[ -z "$bad" ] && pass || fail "$name: a hyphen as a minus: $bad"
	bad=$(grep -n "无可绘制的数据" "$f" | head -3)
	[ -z "$bad" ] && pass || fail "$name: an empty chart: $bad"
	bad=$(grep -nwE "$ids|[A-Za-z0-9_]+\.(csv|yaml|db)|[a-z_]+@[0-9]" "$f" | head -3)
	[ -z "$bad" ] && pass || fail "$name: an id, file name or formula in reader text: $bad"
}

# The indicator ids of a config, as one extended regex.
ids_of() {
	"$PROGREP" compute "$1" 2>/dev/null | awk -F, 'NR > 1 { print $5 }' | sort -u |
		paste -sd'|'
}

# The sample report.
cfg=templates/xinjiang-2019.yaml
"$PROGREP" render "$cfg" --format text -o "$TMP/x.txt" 2>/dev/null
expect_eq "sample renders" "$?" 0
check_text "xinjiang-2019" "$TMP/x.txt" " | " "$(ids_of "$cfg")"

# The published 12.09% is footnoted where the computed 14.29% is printed,
# and the note is on the same page.
page=$(awk '/^=== page/ { p = $3 } /年均增长14\.29%①/ { print p; exit }' "$TMP/x.txt")
[ -n "$page" ] && pass || fail "stated: no footnote mark after 14.29%"
awk -v p="$page" '/^=== page/ { q = $3 } q == p' "$TMP/x.txt" >"$TMP/page.txt"
grep -q "① 此处贫困县农民人均可支配收入年均增长为按本报告数据计算的14.29%；公布数为12.09%。" \
	"$TMP/page.txt" && pass || fail "stated: the note is not on page $page"
grep -q "原文贫困县农民人均可支配收入年均增长为12.09%" "$TMP/x.txt" && pass ||
	fail "stated: not listed in 数据质量说明"

# print: published shows the published figure and footnotes the computed
# one; print: fail refuses the render, naming the rule.
for how in published fail; do
	sed "s|\.\./data/|$ROOT/data/|; /^    value: 12.09\$/a\\
    print: $how" templates/xinjiang-2019.yaml >"$TMP/$how.yaml"
	"$PROGREP" render "$TMP/$how.yaml" --format text -o "$TMP/$how.txt" 2>"$TMP/$how.err"
	echo "$?" >"$TMP/$how.rc"
done
grep -q "年均增长12.09%①" "$TMP/published.txt" && pass || fail "published: 12.09% not printed"
grep -q "① 此处贫困县农民人均可支配收入年均增长为公布数12.09%；按本报告数据计算为14.29%。" \
	"$TMP/published.txt" && pass || fail "published: no note with the computed figure"
expect_eq "print: fail exit" "$(cat "$TMP/fail.rc")" 1
grep -q "error: check 'stated(poor_county_income_growth)' failed at 65 新疆维吾尔自治区 in 2019: stated 12.09%" \
	"$TMP/fail.err" && pass || fail "print: fail: $(head -3 "$TMP/fail.err")"

# 指标说明 reads as words: names, ordinary notation, the source's title.
grep -qF "贫困发生率（%） | 未脱贫人口占乡村人口的比重 | （未脱贫人口÷乡村人口）×100%" "$TMP/x.txt" &&
	pass || fail "指标说明: the incidence formula is not in ordinary notation"
grep -qF "建档立卡数据" "$TMP/x.txt" && pass ||
	fail "指标说明: the source is not named by its title"

# Tables: the total first, under its label (total_label: 全区), its share
# 100%; a prefecture's own table under the default 合计.
grep -qF "合计 | 0.44万人 | 0.44万人 | 46人 |" "$TMP/x.txt" && pass ||
	fail "乌鲁木齐市: the total row is not first as 合计"
grep -qF "全区 | 308.90万人 | 292.32万人 | 16.580万人 | 100.00% |" "$TMP/x.txt" && pass ||
	fail "表4: the total row is not first as 全区 with 100.00%"

# Met targets read as met in the county brief of a county that met them.
cfg=templates/county-brief.yaml
"$PROGREP" render "$cfg" --format text -o "$TMP/b.txt" 2>/dev/null
expect_eq "brief renders" "$?" 0
ids=$(ids_of "$cfg")
check_text "county-brief" "$TMP/b.txt" " | " "$ids"

# Every county's brief of a batch, as its PDF reads.
"$PROGREP" render "$cfg" --each county --out "$TMP/cb/{code}.pdf" --quiet 2>/dev/null
expect_eq "batch exit" "$?" 0
for pdf in "$TMP"/cb/*.pdf; do
	pdftotext -layout "$pdf" "$TMP/c.txt" 2>/dev/null || fail "pdftotext $pdf"
	check_text "$(basename "$pdf" .pdf)" "$TMP/c.txt" "" "$ids"
done
# a county with nothing to show says so, without an empty chart
pdftotext "$TMP/cb/650102.pdf" - 2>/dev/null | tr -d '\n' |
	grep -q "天山区本部分各项指标均为0或无数据，不再列表作图。" && pass ||
	fail "650102: no sentence saying why nothing is shown"

finish
