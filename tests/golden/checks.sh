#!/usr/bin/env bash
# Data checks on purpose-built data (tests/golden/checks/): every kind of
# check holds on pass.yaml and fails on fail.yaml with the exact messages;
# `check --format json` lists the findings; an error stops the render, a
# warning does not and shows in the report's 数据质量说明.
# PROGREP_UPDATE_GOLDEN=1 rewrites the expected files.
source "$(dirname "$0")/lib.bash"
D=tests/golden/checks
E=$D/expected

# run NAME ARGS...: stdout and stderr of progrep, then "exit: N"
run() {
	local name=$1
	shift
	"$PROGREP" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	echo "exit: $?" >>"$TMP/$name.err"
}

run pass check $D/pass.yaml
expect_same "pass stdout" "$TMP/pass.out" $E/pass.out
expect_same "pass stderr" "$TMP/pass.err" $E/pass.err

run fail check $D/fail.yaml
expect_same "fail stderr" "$TMP/fail.err" $E/fail.err
[ -s "$TMP/fail.out" ] && fail "fail: check wrote to stdout" || pass

run json check $D/fail.yaml --format json
expect_same "fail json" "$TMP/json.out" $E/fail.json
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["findings"]) == 30 and not d["ok"] else 1)' \
		"$TMP/json.out" && pass || fail "fail json: not JSON, or not 30 findings"
fi

run passjson check $D/pass.yaml --format json
expect_same "pass json" "$TMP/passjson.out" $E/pass.json

# An error stops the render and writes nothing.
run render_fail render $D/fail.yaml -o "$TMP/fail.pdf"
expect_eq "render refuses on error" "$(tail -1 "$TMP/render_fail.err")" "exit: 1"
[ -e "$TMP/fail.pdf" ] && fail "render wrote a PDF despite failed checks" || pass

# Warnings do not stop it, and the report lists them (数据质量说明) and
# explains every indicator (指标说明).
# Only the headings and table rows are compared: paragraph wrapping belongs
# to the layout tests.
run warn render $D/warn.yaml --format text -o "$TMP/warn.txt"
expect_eq "render with warnings" "$(tail -1 "$TMP/warn.err")" "exit: 0"
grep -E '^(数据质量说明|指标说明)$| \| ' "$TMP/warn.txt" >"$TMP/warn.rows"
expect_same "warn report" "$TMP/warn.rows" $E/warn.txt

finish
