#!/usr/bin/env bash
# The sample report as a PDF: a valid file with embedded subset fonts,
# reproducible, every figure it shows equal to what `compute` displays,
# tables continued under 续表 with their header, bookmarks and a table of
# contents that point at the right pages, a size budget; a broken config
# writes nothing.
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml
pdf=$TMP/a.pdf
# The sample's size budget: a regression guard, lowered as the file
# shrinks. Issue 3 asks for 150 KB, but the body font's subset alone (AR PL
# UMing, ~580 glyphs of ~160 points each, no hinting left) deflates to
# ~130 KB at zlib -9 (measured), so 150 KB needs a lighter body font.
# The sample is tagged and PDF/A-2b: 255 KB with its objects in object
# streams (205 KB untagged; docs/config.md "PDF documents").
SIZE_LIMIT=${PROGREP_SAMPLE_SIZE_LIMIT:-260000}

"$PROGREP" render "$cfg" -o "$pdf" 2>"$TMP/err"
expect_eq "render exit" "$?" 0
if [ ! -s "$pdf" ]; then
	fail "render wrote no PDF"
	cat "$TMP/err" >&2
	finish
	exit 1
fi

# --- the file ----------------------------------------------------------------
qpdf --check "$pdf" >"$TMP/check" 2>&1
expect_eq "qpdf --check exit" "$?" 0
grep -qi "warning" "$TMP/check" && fail "qpdf --check warns: $(grep -i warning "$TMP/check" | head -3)" || pass

# pdffonts: a table after two header lines; every font embedded and subset
# (name prefixed "ABCDEF+", emb and sub columns "yes").
pdffonts "$pdf" | tail -n +3 >"$TMP/fonts"
[ -s "$TMP/fonts" ] && pass || fail "pdffonts lists no fonts"
awk '{ n = NF; if ($1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/ || $(n-4) != "yes" || $(n-3) != "yes") print }' \
	"$TMP/fonts" >"$TMP/badfonts"
[ ! -s "$TMP/badfonts" ] && pass || fail "fonts not embedded as subsets: $(cat "$TMP/badfonts")"

size=$(stat -c %s "$pdf")
[ "$size" -lt "$SIZE_LIMIT" ] && pass || fail "sample PDF is $size bytes, budget $SIZE_LIMIT"

# Reproducible: a second render, and one with another SOURCE_DATE_EPOCH
# (the config has a date, so the clock must not matter), are the same bytes.
"$PROGREP" render "$cfg" -o "$TMP/b.pdf" 2>/dev/null
cmp -s "$pdf" "$TMP/b.pdf" && pass || fail "two renders differ"
SOURCE_DATE_EPOCH=86400 "$PROGREP" render "$cfg" -o "$TMP/c.pdf" 2>/dev/null
cmp -s "$pdf" "$TMP/c.pdf" && pass || fail "SOURCE_DATE_EPOCH changes a PDF whose config has a date"

# --- pages -------------------------------------------------------------------
pages=$(qpdf --show-npages "$pdf")
pdftotext -layout "$pdf" "$TMP/a.txt"
"$PROGREP" render "$cfg" --format text -o "$TMP/a.out" 2>/dev/null
expect_eq "text render exit" "$?" 0
tpages=$(grep -c '^=== page [0-9]* ===$' "$TMP/a.out")
expect_eq "pages: PDF and text render" "$pages" "$tpages"
grep -q "第 $pages 页 / 共 $pages 页" "$TMP/a.txt" && pass || fail "last footer is not 第 $pages 页 / 共 $pages 页"
# cover, TOC, 3 sections, 14 prefectures, appendix: at least 20 pages
[ "$pages" -ge 20 ] && [ "$pages" -le 60 ] && pass || fail "page count $pages outside 20..60"

# text of page p: pdftotext ends every page with a form feed
mkdir -p "$TMP/pages"
awk -v dir="$TMP/pages" 'BEGIN { p = 1 } { n = split($0, part, "\f")
	for (i = 1; i <= n; i++) { if (i > 1) p++; print part[i] > (dir "/" p) } }' "$TMP/a.txt"
page() { cat "$TMP/pages/$1" 2>/dev/null; }

# --- figures -----------------------------------------------------------------
"$PROGREP" compute "$cfg" --level region >"$TMP/region.csv" 2>/dev/null
"$PROGREP" compute "$cfg" --level county >"$TMP/county.csv" 2>/dev/null
# show CSV REGION_NAME_OR_CODE INDICATOR PERIOD: the display compute gives
show() {
	awk -F, -v r="$2" -v ind="$3" -v per="$4" \
		'($1 == r || $2 == r) && $4 == per && $5 == ind { print $7; exit }' "$1"
}
reg() { show "$TMP/region.csv" 65 "$1" "${2:-2019}"; }

# The body text without page furniture, as one line: a phrase is found
# wherever the line breaks fell.
flat() {
	grep -v -e '^ *第 [0-9]* 页 / 共 [0-9]* 页' -e '^新疆维吾尔自治区脱贫攻坚进展报告$' "$1" |
		tr -d ' \n\f'
}
flat "$TMP/a.txt" >"$TMP/a.flat"
flat "$TMP/a.out" >"$TMP/a.outflat"
# has NAME PHRASE: the PDF text and the text render both contain PHRASE
has() {
	grep -qF -- "$2" "$TMP/a.flat" && pass || fail "$1: '$2' not in the PDF text"
	grep -qF -- "$2" "$TMP/a.outflat" && pass || fail "$1: '$2' not in the --format text output"
}

# The overall section's paragraphs, phrase by phrase as the template words them.
has "scale" "总规模$(reg registered_households)，合计$(reg registered_persons)、贫困村$(reg poor_villages)、贫困县$(reg poor_counties)。"
has "remaining" "尚有$(reg counties_remaining)县未摘帽"
has "villages remaining" "$(reg villages_remaining)村未退出"
has "households and persons remaining" "$(reg remaining_households)$(reg remaining_persons)未脱贫"
has "lifted" "已累计脱贫$(reg lifted_persons)、退出$(reg villages_exited)贫困村、摘帽$(reg counties_delisted)贫困县"
has "incidence" "由2013年底的$(reg incidence_1d 2013)降至$(reg incidence)"
has "farmer income" "由每年$(reg poor_county_farmer_income 2013)增加到$(reg poor_county_farmer_income)，年均增长$(reg poor_county_income_growth)"
has "income gap" "增幅高$(reg income_growth_gap)"
has "household income" "由2015年的每年$(reg poor_hh_income 2015)增加到2019年的$(reg poor_hh_income)，年均增幅$(reg poor_hh_income_growth)"
has "industry" "覆盖贫困人口$(reg industry_support_persons)，占建档立卡贫困人口的$(reg industry_support_share)"
has "employment" "累计转移并稳定在岗就业$(reg transfer_employment)"

# The KPI strip: each figure over its indicator's name.
for ind in remaining_persons incidence villages_remaining counties_remaining poor_hh_income; do
	fig=$(reg "$ind")
	[ -n "$fig" ] || fail "compute has no display for $ind"
	has "kpi $ind" "$fig"
done

# County rows of the appendix table: lifted, remaining, incidence 2013 and
# 2019, poor villages, exited, remaining, in this order on the county's line.
for county in 阿图什市 疏附县 洛浦县 墨玉县; do
	cty() { show "$TMP/county.csv" "$county" "$1" "${2:-2019}"; }
	# remaining persons: the column holds counties of a few dozen people,
	# so it is in 人 (no county reads "0.00万人"), unlike compute's 万人
	raw=$(awk -F, -v r="$county" '$2 == r && $4 == 2019 && $5 == "remaining_persons" { print $6; exit }' \
		"$TMP/county.csv")
	want="$(cty lifted_persons) ${raw}人 $(cty incidence 2013) $(cty incidence)"
	want="$want $(cty poor_villages) $(cty villages_exited) $(cty villages_remaining)"
	# the appendix line: registered households in 万户 follow the name
	got=$(grep -E "^ *$county +[0-9.]+万户" "$TMP/a.txt" | head -1 |
		awk '{ $1 = $2 = $3 = ""; print }' | sed 's/^ *//; s/  */ /g')
	expect_eq "appendix row $county" "$got" "$want"
done

# --- tables across pages -------------------------------------------------------
# Every page that continues a table starts it with "续表 <caption>" (an
# appendix table's "续附表 <caption>") and repeats the header row (its
# first column title) under it.
ncont=0
for ((p = 1; p <= pages; p++)); do
	page "$p" >"$TMP/p.txt"
	grep -qE "续(附)?表" "$TMP/p.txt" || continue
	ncont=$((ncont + 1))
	awk '/续(附)?表/ { found = 1; next } found && NF { print; n++ } n == 3 { exit }' "$TMP/p.txt" |
		grep -qE "地区|指标" && pass || fail "page $p: 续表 without the header row under it"
done
[ "$ncont" -ge 3 ] && pass || fail "only $ncont continuation pages (the appendix spans several)"
grep -q "续附表 全区各县（市、区）脱贫攻坚主要指标" "$TMP/a.txt" && pass ||
	fail "the appendix table is not continued under 续附表"

# --- navigation ----------------------------------------------------------------
qpdf --json "$pdf" >"$TMP/a.json"
python3 - "$TMP/a.json" >"$TMP/outlines" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
def walk(items):
    for o in items:
        print(o["title"])
        walk(o.get("kids", []))
walk(j.get("outlines", []))
EOF
for t in "一、总体进展" "二、主要措施" "三、各地州进展" "附录 各县（市、区）主要指标"; do
	grep -qxF "$t" "$TMP/outlines" && pass || fail "no bookmark '$t'"
done
awk -F, 'NR > 1 && $3 == "prefecture" { print $2 }' \
	<("$PROGREP" compute "$cfg" --level prefecture --period 2019 2>/dev/null) | sort -u >"$TMP/prefs"
expect_eq "prefectures" "$(wc -l <"$TMP/prefs")" 14
while read -r name; do
	grep -qxF "$name" "$TMP/outlines" && pass || fail "no bookmark for prefecture '$name'"
done <"$TMP/prefs"

# The table of contents (page 2): each line's page number is the page its
# heading starts a line on.
page 2 | grep -E '\.{5,} *[0-9]+ *$' | sed -E 's/^ *//; s/ *\.{5,} */|/; s/ *$//' >"$TMP/toc"
[ "$(wc -l <"$TMP/toc")" -ge 20 ] && pass || fail "the TOC lists $(wc -l <"$TMP/toc") lines"
while IFS='|' read -r title p; do
	page "$p" | grep -qE "^ *${title//[()（）]/.} *$" && pass ||
		fail "TOC: '$title' is not a heading on page $p"
done <"$TMP/toc"

# --- short cells stay whole -------------------------------------------------------
# A region's name beside long text is not broken to save a line of the
# text: the 数据质量说明 table shows "65 新疆维吾尔自治区" on one line in
# both its rows (it was "65 / 新疆 / 维吾 / 尔自 / 治区").
whole=$(pdftotext -layout "$pdf" - | grep -c "^ *[12] 65 新疆维吾尔自治区 2019年")
expect_eq "quality table rows with the region's name whole" "$whole" 2

# --- a broken config writes no file -------------------------------------------------
mkdir -p "$TMP/out"
sed -e 's/{poor_villages}、贫困县/{poor_vilages}、贫困县/' -e "s#\.\./data/#$ROOT/data/#" "$cfg" \
	>"$TMP/broken.yaml"
"$PROGREP" render "$TMP/broken.yaml" -o "$TMP/out/x.pdf" 2>"$TMP/err2"
code=$?
expect_eq "broken config exit" "$code" 1
grep -q "poor_vilages" "$TMP/err2" && pass || fail "the error does not name 'poor_vilages'"
[ -z "$(ls -A "$TMP/out")" ] && pass || fail "a broken render left files: $(ls -A "$TMP/out")"

finish
