#!/usr/bin/env bash
# A report speaks for the level it is rendered for (issue 13):
# tests/golden/levels/levels.yaml has parts for the region only, level words
# and region lists, rendered for the region, a county with 373 villages
# (墨玉县) and one with none (天山区); xinjiang-2019 is refused for counties.
source "$(dirname "$0")/lib.bash"
D=tests/golden/levels

# run NAME ARGS...: stdout and stderr of progrep, then "exit: N"
run() {
	local name=$1
	shift
	"$PROGREP" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	echo "exit: $?" >>"$TMP/$name.err"
}
has() { grep -qF -- "$3" "$2" && pass || fail "$1: no '$3' in $2"; }
hasnt() { grep -qF -- "$3" "$2" && fail "$1: '$3' in $2" || pass; }
# at REGION: the test config for that region, in $TMP/REGION.yaml
at() {
	sed -e "s/^  period: 2019/  period: 2019\n  region: \"$1\"/" \
		-e "s|\.\./\.\./\.\./data/|$ROOT/data/|" $D/levels.yaml >"$TMP/$1.yaml"
}

run region render $D/levels.yaml --format text -o "$TMP/region.txt"
has "region: level word" "$TMP/region.txt" "全区建档立卡贫困人口308.90万人，各地州情况见下表。"
has "region: its own sentence" "$TMP/region.txt" "新疆占全国约20%。"
has "region: its own section" "$TMP/region.txt" "本节只在全区报告中出现。"

at 653222
run moyu render "$TMP/653222.yaml" --format text -o "$TMP/moyu.txt"
has "county: renders" "$TMP/moyu.err" "exit: 0"
has "county: its own word" "$TMP/moyu.txt" "全县建档立卡贫困人口30.14万人，各村情况见下表。"
hasnt "county: no region sentence" "$TMP/moyu.txt" "全国"
hasnt "county: no region section" "$TMP/moyu.txt" "全区附表"
hasnt "county: no 全区" "$TMP/moyu.txt" "全区"
# 30 village rows and one for the rest, on at most two pages
expect_eq "county: rows" "$(grep -c '村 | ' "$TMP/moyu.txt")" 31
has "county: the rest in one row" "$TMP/moyu.txt" "其余343个村 | 20.77万人 | 19.77万人"
has "county: chart of the top 20" "$TMP/moyu.txt" "各村建档立卡贫困人口（最高20个，其余353个村未列出）"
expect_eq "county: pages" "$(grep -c '^=== page' "$TMP/moyu.txt")" 2

at 650102
run tianshan render "$TMP/650102.yaml" --format text -o "$TMP/tianshan.txt"
has "a 区 at county level" "$TMP/tianshan.txt" "本报告所称全区，指天山区全境。"
has "a 区 with nothing to show: one sentence" "$TMP/tianshan.txt" "天山区本部分各项指标均为0或无数据"

# A prefecture is not among report.levels: refused at report.levels.
at 6532
run hotan check "$TMP/6532.yaml"
has "other level refused" "$TMP/hotan.err" "6532.yaml:9:11: error: the report is written for level region, county, not prefecture ('6532' 和田地区)"
has "other level refused: exit" "$TMP/hotan.err" "exit: 1"
# ... or, when the config says so, rendered with only what is declared for it.
sed -i 's/^  levels: \[region, county\]/  levels: [region, county]\n  other_levels: omit/' "$TMP/6532.yaml"
run hotan_omit render "$TMP/6532.yaml" --format text -o "$TMP/hotan.txt"
has "omit: warns" "$TMP/hotan_omit.err" "warning: the report is written for level region, county, not prefecture"
has "omit: renders" "$TMP/hotan_omit.err" "exit: 0"
hasnt "omit: nothing undeclared" "$TMP/hotan.txt" "总体情况"

# The sample is written for the region: a county batch is refused once,
# before any report is written.
run sample_batch render xinjiang-2019 --each county --out "$TMP/batch/{code}.pdf"
has "sample --each county refused" "$TMP/sample_batch.err" "error: the report is written for level region, not county"
has "sample --each county: exit" "$TMP/sample_batch.err" "exit: 1"
expect_eq "sample --each county: one message" "$(grep -c 'error:' "$TMP/sample_batch.err")" 1
[ -e "$TMP/batch" ] && [ -n "$(ls "$TMP/batch"/*.pdf 2>/dev/null)" ] && fail "sample batch wrote PDFs" || pass

# Words in levels: are checked when a template needs them.
sed 's/^levels: .*/levels: [region, prefecture, county, village]/' $D/levels.yaml >"$TMP/noword.yaml"
sed -i "s|\.\./\.\./\.\./data/|$ROOT/data/|" "$TMP/noword.yaml"
run noword check "$TMP/noword.yaml"
has "level word missing" "$TMP/noword.err" "noword.yaml:33:16: error: level 'region' has no 'word' for {region.level_word}"
finish
