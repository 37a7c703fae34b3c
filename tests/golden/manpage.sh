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
# progrep COMMAND --help and -h: the command's own lines of --help, exit 0,
# even with other arguments; every option they name is in the man page.
for c in $commands; do
	"$PROGREP" "$c" --help >"$TMP/h1" 2>&1
	expect_eq "$c --help exit" "$?" 0
	"$PROGREP" "$c" some.yaml -h >"$TMP/h2" 2>&1
	expect_eq "$c -h exit" "$?" 0
	cmp -s "$TMP/h1" "$TMP/h2" && pass || fail "$c: -h and --help differ"
	head -1 "$TMP/h1" | grep -q "^usage: progrep $c\b" && pass ||
		fail "$c --help: $(head -1 "$TMP/h1")"
	# Every line of the command's entry in --help, in the same order.
	awk -v c="$c" '/^  [a-z]/ { on = ($1 == c) } /^([A-Z]|$)/ { on = 0 } on' "$TMP/help" |
		sed 's/^  [a-z][a-z]* //' >"$TMP/want"
	sed -n '/^$/q; s/^usage: progrep [a-z]* //; s/^       progrep [a-z]* //; p' "$TMP/h1" >"$TMP/got"
	diff "$TMP/want" "$TMP/got" >/dev/null && pass ||
		{ fail "$c --help is not its entry of --help"; diff "$TMP/want" "$TMP/got" >&2; }
	for o in $(grep -o -- '--[a-z][a-z-]*' "$TMP/h1" | sort -u); do
		grep -q -- "$o\b" "$TMP/man" && pass || fail "man page lacks '$o' of $c --help"
	done
done
grep -q '^\.I COMMAND$' "$TMP/man" && pass || fail "man page synopsis lacks COMMAND --help"
# progrep alone lists every command (exit 2).
"$PROGREP" >"$TMP/out" 2>"$TMP/err"
expect_eq "progrep alone exit" "$?" 2
for c in $commands; do
	grep -q "^  $c\b" "$TMP/err" && pass || fail "progrep alone does not list '$c'"
done
"$PROGREP" rendr >/dev/null 2>"$TMP/err"
expect_eq "unknown command exit" "$?" 2
head -1 "$TMP/err" | grep -qx "progrep: unknown command 'rendr'" && pass ||
	fail "unknown command message: $(head -1 "$TMP/err")"

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
# --level and --each offer the level names of the config on the line: a
# file (flow or block list), or a shipped template by name.
got=$(comp "$PROGREP" compute templates/xinjiang-2019.yaml --level "" | tr '\n' ' ')
expect_eq "compute --level completion" "$got" "region prefecture county village "
got=$(comp "$PROGREP" render xinjiang-2019 --each c | tr '\n' ' ')
expect_eq "render --each completion of a template name" "$got" "county "
printf 'report: {title: x}\nlevels:\n  - 省   # root\n  - "市"\n  - 县\nindicators: {}\n' >"$TMP/blk.yaml"
got=$(comp "$PROGREP" compute "$TMP/blk.yaml" --period 2019 --level "" | tr '\n' ' ')
expect_eq "--level completion of a block list" "$got" "省 市 县 "
got=$(comp "$PROGREP" render nowhere.yaml --each "" | grep -c .)
expect_eq "--each completion without a config" "$got" 0
comp "$PROGREP" render x.yaml --format "" | sort | tr '\n' ' ' | grep -qx 'pdf text ' &&
	pass || fail "completion of render --format values"
finish
