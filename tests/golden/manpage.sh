#!/usr/bin/env bash
# The man page (docs/progrep.1) and the bash completion
# (completions/progrep.bash) keep up with `progrep --help`: every command,
# long option, exit code and environment variable of the help is in the man
# page; every command and long option is offered by the completion, which
# also completes the names of shipped templates.
source "$(dirname "$0")/lib.bash"
PROGREP=$(realpath "$PROGREP")
MAN=docs/progrep.1
"$PROGREP" --help >"$TMP/help"
expect_eq "help exit" "$?" 0
# The roff source without its escapes: \-\-format reads --format.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN" >"$TMP/man"

commands=$(awk '/^Commands:/ { on = 1; next } /^[A-Z]/ { on = 0 }
	on && /^  [a-z]/ { print $1 }' "$TMP/help")
[ -n "$commands" ] && pass || fail "no commands found in --help"
for c in $commands; do
	grep -q "^\.B[IR]* \"*$c\b" "$TMP/man" && pass || fail "man page lacks the command '$c'"
done
for o in $(grep -o -- '--[a-z][a-z-]*' "$TMP/help" | sort -u); do
	grep -q -- "$o\b" "$TMP/man" && pass || fail "man page lacks the option '$o'"
done
for code in $(awk '/^Exit codes:/ { on = 1; next } /^[A-Z]/ { on = 0 }
	on && /^  [0-9]/ { print $1 }' "$TMP/help"); do
	grep -A0 -x "\.B $code" "$TMP/man" >/dev/null && pass || fail "man page lacks exit code $code"
done
for v in $(awk '/^Environment:/ { on = 1; next } /^[A-Z]/ { on = 0 }
	on && /^  [A-Z]/ { print $1 }' "$TMP/help"); do
	grep -q "^\.B $v$" "$TMP/man" && pass || fail "man page lacks the variable $v"
done
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww -z "$MAN" 2>"$TMP/groff"
	[ ! -s "$TMP/groff" ] && pass || { fail "groff warnings"; cat "$TMP/groff" >&2; }
fi

# Completion: run the function as bash would.
complete() { :; }
source completions/progrep.bash
unset -f complete
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_progrep
	printf '%s\n' "${COMPREPLY[@]}"
}
for c in $commands; do
	comp "$PROGREP" "${c:0:3}" | grep -qx "$c" && pass || fail "completion of the command '$c'"
done
# Each command's options, as --help lists them on the command's line.
for c in $commands; do
	for o in $(grep "^  $c " "$TMP/help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		comp "$PROGREP" "$c" "--" | grep -qx -- "$o" && pass ||
			fail "completion of '$o' for '$c'"
	done
done
comp "$PROGREP" render xin | grep -qx xinjiang-2019 && pass || fail "completion of a template name"
comp "$PROGREP" check county | grep -qx county-brief && pass || fail "completion of county-brief"
comp "$PROGREP" render x.yaml --format "" | sort | tr '\n' ' ' | grep -qx 'pdf text ' &&
	pass || fail "completion of render --format values"
finish
