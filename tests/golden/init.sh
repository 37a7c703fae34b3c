#!/usr/bin/env bash
# progrep init: the starter config lists every indicator and level of the
# data, holds one table and one chart, and renders as it stands; its paths
# are relative to where it is written; an existing config is kept.
source "$(dirname "$0")/lib.bash"
PROGREP=$(realpath "$PROGREP")

"$PROGREP" init data/xinjiang/values.csv -o "$TMP/x.yaml" 2>"$TMP/err"
expect_eq "init exit" "$?" 0
expect_eq "init is quiet" "$(cat "$TMP/err")" ""
grep -q '^levels: \["region", "prefecture", "county", "village"\]$' "$TMP/x.yaml" &&
	pass || fail "levels root first"
want=$(tail -n +2 data/xinjiang/values.csv | cut -d, -f3 | sort -u)
got=$(awk '/^indicators:/ { on = 1; next } /^[a-z]/ { on = 0 }
	on && /^  [a-z_]+:$/ { sub(/:$/, ""); print $1 }' "$TMP/x.yaml" | sort -u)
expect_eq "every indicator of the data" "$got" "$want"
expect_eq "one table" "$(grep -c '^      - table:' "$TMP/x.yaml")" 1
expect_eq "one chart" "$(grep -c '^      - chart:' "$TMP/x.yaml")" 1
# Relative to the config's folder, or absolute when only / is shared.
rel=$(realpath --relative-to="$TMP" data/xinjiang/values.csv)
abs=$(realpath data/xinjiang/values.csv)
[ "$(cd "$TMP" && realpath "$rel")" = "$abs" ] && pass || fail "realpath --relative-to"
grep -qxF "      path: \"$rel\"" "$TMP/x.yaml" || grep -qxF "      path: \"$abs\"" "$TMP/x.yaml" &&
	pass || fail "data path from the config's folder"

"$PROGREP" check "$TMP/x.yaml" >"$TMP/out" 2>"$TMP/err"
expect_eq "check the starter config" "$?" 0
"$PROGREP" render "$TMP/x.yaml" -o "$TMP/x.pdf" 2>"$TMP/err"
expect_eq "render the starter config" "$?" 0
pdfinfo "$TMP/x.pdf" >/dev/null 2>&1 && pass || fail "not a PDF"
pdftotext -layout "$TMP/x.pdf" "$TMP/x.txt"
grep -q '表1 主要指标' "$TMP/x.txt" && grep -q 'registered_persons' "$TMP/x.txt" &&
	grep -q '图1' "$TMP/x.txt" && pass || fail "table and chart in the PDF"

# Standard output: paths relative to the current folder.
(cd data/xinjiang && "$PROGREP" init values.csv >"$TMP/stdout.yaml")
expect_eq "init to standard output" "$?" 0
grep -q '^      path: "values.csv"$' "$TMP/stdout.yaml" && pass || fail "path relative to ."

# An existing config is kept unless --force.
echo keep >"$TMP/keep.yaml"
"$PROGREP" init data/xinjiang/values.csv -o "$TMP/keep.yaml" 2>"$TMP/err"
expect_eq "existing config exit" "$?" 3
expect_eq "existing config kept" "$(cat "$TMP/keep.yaml")" keep
grep -q 'exists (--force overwrites it)' "$TMP/err" && pass || fail "says why"
"$PROGREP" init data/xinjiang/values.csv -o "$TMP/keep.yaml" --force 2>"$TMP/err"
expect_eq "--force exit" "$?" 0
grep -q '^indicators:' "$TMP/keep.yaml" && pass || fail "--force overwrote"

# Names that are not formula names, quarters, an explicit regions file.
mkdir -p "$TMP/q"
printf 'code,name,parent,level\nR,示例市,,city\nA,甲县,R,county\nB,"乙县, 新",R,county\n' \
	>"$TMP/q/areas.csv"
{
	echo 'region,period,indicator,value'
	for p in 2019Q1 2019Q2 2019Q3; do
		echo "A,$p,贫困 人口,10"
		echo "B,$p,贫困 人口,20"
		echo "A,$p,income,1.5"
		echo "B,$p,income,2.5"
	done
} >"$TMP/q/v.csv"
"$PROGREP" init "$TMP/q/v.csv" --regions "$TMP/q/areas.csv" -o "$TMP/q/r.yaml" 2>"$TMP/err"
expect_eq "init quarters" "$?" 0
grep -q '^levels: \["city", "county"\]$' "$TMP/q/r.yaml" && pass || fail "levels from --regions"
grep -q 'column: "贫困 人口"' "$TMP/q/r.yaml" && pass || fail "a made-up id keeps the data name"
grep -q '{period: 2019Q1' "$TMP/q/r.yaml" && pass || fail "first period column"
"$PROGREP" render "$TMP/q/r.yaml" -o "$TMP/q/r.pdf" 2>"$TMP/err"
expect_eq "render the quarterly starter" "$?" 0 || cat "$TMP/err" >&2

# A Chinese CSV: Chinese ids, rates and per-head averages not summed up the
# tree, units in brackets taken off the caption.
mkdir -p "$TMP/cn"
printf 'code,name,parent,level\n65,新疆,,自治区\n6501,甲市,65,地州市\n6502,乙市,65,地州市\n' \
	>"$TMP/cn/regions.csv"
{
	echo 'region,period,indicator,value'
	for r in 6501 6502; do
		echo "$r,2012,贫困人口,100"
		echo "$r,2012,贫困发生率,16"
		echo "$r,2012,农村居民人均可支配收入(元),9000"
		echo "$r,2012,贫困人口 占比（%）,3.5"
		echo "$r,2012,2012年新增,5"
	done
} >"$TMP/cn/v.csv"
(cd "$TMP/cn" && "$PROGREP" init v.csv -o r.yaml) 2>"$TMP/err"
expect_eq "init Chinese exit" "$?" 0
sed -n '/^indicators:/,/^sections:/p' "$TMP/cn/r.yaml" >"$TMP/cn/ind.txt"
expect_same "init Chinese indicators" "$TMP/cn/ind.txt" tests/golden/expected/init-chinese.txt
"$PROGREP" compute "$TMP/cn/r.yaml" --level 自治区 >"$TMP/cn/root.csv" 2>"$TMP/err"
expect_eq "compute the Chinese starter" "$?" 0
grep -qx '65,新疆,自治区,2012,贫困发生率,,—' "$TMP/cn/root.csv" && pass ||
	{ fail "a rate is never summed (want it missing at the root)"; cat "$TMP/cn/root.csv" >&2; }
grep -qx '65,新疆,自治区,2012,贫困人口,200,200' "$TMP/cn/root.csv" && pass ||
	fail "counts are summed"

# No regions file: what it is, its columns, the option; nothing written.
(cd "$TMP/cn" && rm regions.csv && "$PROGREP" init v.csv -o r2.yaml) >"$TMP/got" 2>&1
echo "exit: $?" >>"$TMP/got"
(cd "$TMP/cn" && "$PROGREP" init v.csv --regions areas.csv) >>"$TMP/got" 2>&1
echo "exit: $?" >>"$TMP/got"
expect_same "init without regions" "$TMP/got" tests/golden/expected/init-no-regions.txt
[ ! -e "$TMP/cn/r2.yaml" ] && pass || fail "a config was written without regions"

# Errors.
printf 'a,b\n1,2\n' >"$TMP/bad.csv"
"$PROGREP" init "$TMP/bad.csv" --regions data/xinjiang/regions.csv 2>"$TMP/err" >/dev/null
expect_eq "bad header exit" "$?" 1
grep -q "bad.csv:1:1: error: the header must be region,period,indicator,value" "$TMP/err" &&
	pass || { fail "bad header message"; cat "$TMP/err" >&2; }
: >"$TMP/empty.csv"
"$PROGREP" init "$TMP/empty.csv" --regions data/xinjiang/regions.csv 2>"$TMP/err" >/dev/null
expect_eq "empty data exit" "$?" 1
grep -q "empty.csv: error: the file is empty" "$TMP/err" && pass ||
	{ fail "empty data message"; cat "$TMP/err" >&2; }
"$PROGREP" init "$TMP/none.csv" 2>"$TMP/err" >/dev/null
expect_eq "missing data exit" "$?" 1
"$PROGREP" init 2>/dev/null
expect_eq "no data argument" "$?" 2
"$PROGREP" init data/xinjiang/values.csv --bogus 2>/dev/null
expect_eq "unknown option" "$?" 2
finish
