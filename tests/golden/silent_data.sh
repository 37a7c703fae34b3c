#!/usr/bin/env bash
# Data problems a new user met that used to pass silently (issue 13), each
# on tests/golden/silent/base.yaml changed in one place:
# - a report.period outside the data is an error at report.period;
# - two indicators reading one data column is an error at both columns;
# - sum_of_children on a rollup: none total with nothing to compare is
#   reported as not run, by check and in 数据质量说明, never as passed;
# - a rollup that overflows is an error naming its inputs; figures of 1e123
#   print in full; compute --format json is valid JSON.
source "$(dirname "$0")/lib.bash"
D=tests/golden/silent

# run NAME ARGS...: stdout and stderr of progrep, then "exit: N"
run() {
	local name=$1
	shift
	"$PROGREP" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	echo "exit: $?" >>"$TMP/$name.err"
}
# has NAME FILE TEXT: FILE contains TEXT
has() { grep -qF -- "$3" "$2" && pass || fail "$1: no '$3' in $(cat "$2")"; }

sed 's/period: 2020/period: 2021/' $D/base.yaml >"$TMP/period.yaml"
cp $D/regions.csv $D/values.csv "$TMP/"
run period check "$TMP/period.yaml"
has "period outside the data" "$TMP/period.err" \
	"period.yaml:5:11: error: report period '2021' is not in the data (2019 to 2020)"
has "period outside the data: exit" "$TMP/period.err" "exit: 1"
run period_render render "$TMP/period.yaml" -o "$TMP/period.pdf"
has "period outside the data: render refuses" "$TMP/period_render.err" "exit: 1"
[ -e "$TMP/period.pdf" ] && fail "period outside the data: a PDF was written" || pass

run samecol check $D/samecol.yaml
has "same column" "$TMP/samecol.err" "samecol.yaml:23:13: error: indicators 'persons' and 'persons_again' read the same data column 'persons'"
has "same column: the first one" "$TMP/samecol.err" "samecol.yaml:17:3: note: 'persons' reads column 'persons' here"
has "same column: exit" "$TMP/samecol.err" "exit: 1"

run notrun check $D/base.yaml
has "not run: check says so" "$TMP/notrun.err" \
	"base.yaml:26:5: warning: check 'sum_of_children(income_total)' did not run"
run notrun_json check $D/base.yaml --format json
has "not run: json" "$TMP/notrun_json.out" '"not_run": ["sum_of_children(income_total)"]'
run notrun_render render $D/base.yaml --format text -o "$TMP/notrun.txt"
tr -d '\n' <"$TMP/notrun.txt" >"$TMP/notrun.flat"
has "not run: 数据质量说明" "$TMP/notrun.flat" "未能进行（收入总额的上下级汇总）"
grep -q "未发现问题" "$TMP/notrun.flat" && fail "not run: 数据质量说明 says the checks passed" || pass

run overflow check $D/overflow.yaml
has "overflow" "$TMP/overflow.err" "overflow.yaml:17:3: error: 'persons' at region '11' in 2020 is too large for a number: the sum of its children ('1101' 1e+308, '1102' 1e+308) overflows"
has "overflow: exit" "$TMP/overflow.err" "exit: 1"
run overflow_json compute $D/overflow.yaml --format json
has "overflow: compute refuses" "$TMP/overflow_json.err" "exit: 1"

# A derived formula that overflows: missing there, and a warning says so
# (the evaluator used to turn it into "—" with no word).
run derived_overflow check $D/derived_overflow.yaml
has "derived overflow" "$TMP/derived_overflow.err" \
	"derived_overflow.yaml:23:14: warning: indicator 'squared' is too large for a number (overflows to infinity) at 1 示例省 in 2019 and 7 more cells: shown as missing there"
has "derived overflow: exit" "$TMP/derived_overflow.err" "exit: 0"

run huge render $D/huge.yaml --format text -o "$TMP/huge.txt"
tr -d '\n' <"$TMP/huge.txt" >"$TMP/huge.flat"
has "1e123 in full" "$TMP/huge.flat" "贫困人口3000000000000000000000000000000"
run huge_json compute $D/huge.yaml --format json
if command -v python3 >/dev/null; then
	python3 -m json.tool "$TMP/huge_json.out" >/dev/null && pass || fail "compute json is not JSON"
fi
grep -qw inf "$TMP/huge_json.out" && fail "compute json has inf" || pass

finish
