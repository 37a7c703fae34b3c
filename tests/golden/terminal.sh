#!/usr/bin/env bash
# What reaches the terminal from the data: a control character in a data
# file (ESC ] 0;pwned BEL would retitle the terminal) is shown as a visible
# stand-in (docs/errors.md: U+2400-U+241F for C0, U+2421 for DEL, U+FFFD for
# C1), in the message and in the echoed source line, with the caret still
# under the right character; a huge line or value gives a small message.
source "$(dirname "$0")/lib.bash"

tpl=templates/xinjiang-2019.yaml
values=$ROOT/data/xinjiang/values.csv
regions=$ROOT/data/xinjiang/regions.csv
osc=$'\e]0;pwned\a'
shown=$'\u241b]0;pwned\u2407'

# cfg NAME REGIONS VALUES: the sample reading those files, as NAME.yaml.
cfg() {
	sed -e "s|\.\./data/xinjiang/regions.csv|$2|" -e "s|\.\./data/xinjiang/values.csv|$3|" \
		-e "s|\.\./data/|$ROOT/data/|" "$tpl" >"$TMP/$1.yaml"
}

# run NAME: compute on NAME.yaml, stderr in NAME.err.
run() {
	"$PROGREP" compute "$TMP/$1.yaml" >/dev/null 2>"$TMP/$1.err"
	rc=$?
}

# no_controls NAME: NAME.err has no C0 control but tab and newline, no DEL
# and no C1 control.
no_controls() {
	if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/$1.err" ||
		grep -qaP '\xc2[\x80-\x9f]' "$TMP/$1.err"; then
		fail "$1: a control character reaches stderr: $(cat -v "$TMP/$1.err" | head -3)"
	else
		pass
	fi
}

# expect_line NAME TEXT: TEXT is a line of NAME.err.
expect_line() {
	if grep -qxF -- "$2" "$TMP/$1.err"; then pass; else
		fail "$1: no line '$2' in: $(head -4 "$TMP/$1.err")"
	fi
}

# caret_under NAME LINE CHAR: in NAME.err, the caret after source line LINE
# (1-based line of the file) stands under CHAR of the shown line (display
# columns: CJK characters are two wide).
caret_under() {
	local got
	got=$(python3 -c '
import sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = int(sys.argv[2]) - 1
col, at = lines[i + 1].index("^"), 0
for ch in lines[i]:
    if at == col:
        print(ch)
        break
    at += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
else:
    print("<not under a character>")' "$TMP/$1.err" "$2")
	expect_eq "$1: caret under" "$got" "$3"
}

# --- control characters ---------------------------------------------
{ cat "$values"; printf '65%s,2019,farmer_income,1\n6501,2019,farmer_income,1%s\n' "$osc" "$osc"
} >"$TMP/osc.csv"
cfg osc "$regions" "$TMP/osc.csv"
run osc
expect_eq "osc in values: exit" "$rc" 1
no_controls osc
n=$(($(wc -l <"$values") + 1))
expect_line osc "$TMP/osc.csv:$n:1: error: unknown region '65$shown'"
expect_line osc "    65$shown,2019,farmer_income,1"
expect_line osc "$TMP/osc.csv:$((n + 1)):25: error: value '1$shown' is not a number"
expect_line osc "    6501,2019,farmer_income,1$shown"
caret_under osc 5 1

# a region name, DEL and C1 (U+009B, a one-byte CSI to some terminals)
# before the column in error: one stand-in each, the caret still right
{ head -2 "$regions"; printf '6502,克拉玛依%s\x7f\xc2\x9b市,65,prefectur\n' "$osc"
	tail -n +3 "$regions" | grep -v '^6502,'; } >"$TMP/osc_regions.csv"
cfg oscr "$TMP/osc_regions.csv" "$values"
run oscr
expect_eq "osc in a region name: exit" "$rc" 1
no_controls oscr
expect_line oscr "    6502,克拉玛依$shown"$'\u2421\ufffd'"市,65,prefectur"
caret_under oscr 2 p

# a batch names a failed report by its region's name, from the data
{ head -1 "$regions"; tail -n +2 "$regions" | sed "s/^6532,\([^,]*\),/6532,\1$osc,/"
} >"$TMP/osc_name.csv"
tpl=templates/county-brief.yaml cfg oscb "$TMP/osc_name.csv" "$values" # written for prefectures too
PROGREP_TEST_CRASH_REGION=6532 "$PROGREP" render "$TMP/oscb.yaml" --each prefecture \
	--out "$TMP/batch/{code}.pdf" --quiet >/dev/null 2>"$TMP/oscb.err"
expect_eq "osc in a region name, batch: exit" "$?" 4
no_controls oscb
grep -qF "progrep render: 6532 和田地区$shown: " "$TMP/oscb.err" && pass ||
	fail "osc in a region name, batch: $(cat -v "$TMP/oscb.err" | head -2)"

# a message quoting a value with a tab and a newline: one line
{ cat "$values"; printf '65,2019,farmer_income,"1\t\n2"\n'; } >"$TMP/nl.csv"
cfg nl "$regions" "$TMP/nl.csv"
run nl
no_controls nl
grep -qF "value '1"$'\u2409\u240a'"2' is not a number" "$TMP/nl.err" && pass ||
	fail "tab and newline in a value: $(head -3 "$TMP/nl.err")"

# --- huge lines -------------------------------------------------------
# a 4 MB value in a data file: a message of at most 2 KB
{ cat "$values"; printf '65,2019,farmer_income,'; head -c 4000000 /dev/zero | tr '\0' 9
	printf 'x\n'; } >"$TMP/big.csv"
cfg big "$regions" "$TMP/big.csv"
run big
expect_eq "4 MB value: exit" "$rc" 1
size=$(wc -c <"$TMP/big.err")
[ "$size" -lt 2048 ] && pass || fail "4 MB value: $size bytes of stderr"

# a 4 MB region code: unknown region, the message cut too
{ cat "$values"; head -c 4000000 /dev/zero | tr '\0' 6; printf ',2019,farmer_income,1\n'
} >"$TMP/bigcode.csv"
cfg bigcode "$regions" "$TMP/bigcode.csv"
run bigcode
size=$(wc -c <"$TMP/bigcode.err")
[ "$size" -lt 2048 ] && pass || fail "4 MB region code: $size bytes of stderr"
grep -q "error: unknown region '6666" "$TMP/bigcode.err" && pass ||
	fail "4 MB region code: $(cut -c1-200 "$TMP/bigcode.err" | head -2)"

# a 4 MB scalar in the config (refused: longer than 64 KiB): the line shown
# is cut, the message small
sed -e "s|\.\./data/|$ROOT/data/|" "$tpl" >"$TMP/sample.yaml"
{ sed -n '1,/^report:/p' "$TMP/sample.yaml"; printf '  subtitle: '
	head -c 4000000 /dev/zero | tr '\0' a; echo
	sed -n '/^report:/,$p' "$TMP/sample.yaml" | tail -n +2; } >"$TMP/scalar.yaml"
run scalar
expect_eq "4 MB scalar in the config: exit" "$rc" 1
size=$(wc -c <"$TMP/scalar.err")
[ "$size" -lt 2048 ] && pass || fail "4 MB scalar in the config: $size bytes of stderr"

# an error at the end of a 60000-character line of the config: the line is
# cut around the column, the caret under the character in error
sed -e "s|\.\./data/|$ROOT/data/|" "$tpl" | awk -v s="$(head -c 60000 /dev/zero | tr '\0' a)" '
	{ print } /^report:/ { print "  subtitle: \"" s "\" x" }' >"$TMP/long.yaml"
run long
expect_eq "long config line: exit" "$rc" 1
size=$(wc -c <"$TMP/long.err")
[ "$size" -lt 2048 ] && pass || fail "long config line: $size bytes of stderr"
grep -q '^    …a*" x$' "$TMP/long.err" && pass ||
	fail "long config line: not cut around the column: $(cut -c1-100 "$TMP/long.err")"
caret_under long 2 x
finish
