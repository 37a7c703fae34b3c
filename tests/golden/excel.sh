#!/usr/bin/env bash
# progrep compute --excel: the CSV with a UTF-8 byte order mark and CRLF
# line ends, otherwise byte for byte the plain CSV; values are the shortest
# decimal that reads back to the same double (-0.3 stays -0.3; a computed
# 0.7 - 1 is -0.30000000000000004, a different double). The options that
# do not go with it are refused.
source "$(dirname "$0")/lib.bash"
D=tests/golden/excel

"$PROGREP" compute $D/report.yaml --level 市 --excel >"$TMP/excel.csv" 2>"$TMP/err"
expect_eq "--excel exit" "$?" 0
expect_same "compute --excel" "$TMP/excel.csv" $D/expected.csv
expect_eq "starts with a BOM" "$(head -c 3 "$TMP/excel.csv" | od -An -tx1 | tr -d ' ')" efbbbf
expect_eq "every line ends in CRLF" "$(grep -c $'\r$' "$TMP/excel.csv")" "$(wc -l <"$TMP/excel.csv")"
"$PROGREP" compute $D/report.yaml --level 市 >"$TMP/plain.csv"
sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$TMP/excel.csv" | cmp -s - "$TMP/plain.csv" && pass ||
	fail "--excel differs from the plain CSV beyond the BOM and CRLF"
grep -q ',c,-0.3,' "$TMP/plain.csv" && pass || fail "-0.3 is written -0.3"
grep -q ',差,-0.30000000000000004,' "$TMP/plain.csv" && pass ||
	fail "0.7 - 1 is written so that it reads back"

"$PROGREP" compute $D/report.yaml --excel --format json >/dev/null 2>"$TMP/err"
expect_eq "--excel with json exit" "$?" 2
grep -qx "progrep compute: '--excel' writes CSV, not json" "$TMP/err" && pass ||
	{ fail "--excel with json message"; cat "$TMP/err" >&2; }
finish
