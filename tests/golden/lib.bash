# Shared by the golden tests: source it. $1 of the test is the progrep binary.
set -u
PROGREP=${PROGREP:-$1}
ROOT=${PROGREP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$ROOT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILED=0
PASSED=0

pass() { PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*" >&2; FAILED=$((FAILED + 1)); }

# expect_same NAME GOT EXPECTED_FILE: compare a file with the expected one.
# With PROGREP_UPDATE_GOLDEN=1 the expected file is rewritten instead.
expect_same() {
	if [ "${PROGREP_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$2" "$3"
		pass
		return
	fi
	if diff -u "$3" "$2" >"$TMP/diff"; then
		pass
	else
		fail "$1: output differs from $3"
		head -40 "$TMP/diff" >&2
	fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}

# expect_render_error NAME YAML KEY MESSAGE: `progrep render YAML` exits
# 1, writes no PDF, and says "YAML:LINE:COL: error: ...MESSAGE" (a grep
# pattern) with LINE that of YAML's first line containing KEY.
expect_render_error() {
	local line rc out="$TMP/$1.pdf" err="$TMP/$1.err"
	line=$(grep -n -F -- "$3" "$2" | head -1 | cut -d: -f1)
	rm -f "$out"
	"$PROGREP" render "$2" -o "$out" 2>"$err"
	rc=$?
	expect_eq "$1: exit" "$rc" 1
	if [ -n "$line" ] && grep -q -- "$(basename "$2"):$line:[0-9]*: error:.*$4" "$err" &&
		[ ! -e "$out" ]; then
		pass
	else
		fail "$1: no error at line ${line:-?} matching '$4', or a PDF written"
		cat "$err" >&2
	fi
}

# mkcfg NAME: the template $tpl (set by the test) with its data: block
# replaced by stdin, in $TMP/NAME.yaml.
mkcfg() {
	local block
	block=$(cat)
	awk -v block="$block" '
		/^data:/ { print "data:"; print block; skip = 1; next }
		skip && /^[a-z]/ { skip = 0 }
		!skip { print }' "$tpl" >"$TMP/$1.yaml"
}

finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
