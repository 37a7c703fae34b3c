#!/usr/bin/env bash
# The exact diagnostics of broken configs and data files: each folder of
# tests/golden/broken/ holds a config.yaml (and its data files when they are
# the broken part) and expected.txt, the stderr of `progrep check` run from
# the repo root on the repo-relative config path, then a line "exit: N".
# A file "args" names another command (compute, render): it must refuse the
# config the same way and write nothing.
# Folders whose name starts with _ hold data shared by several cases.
# PROGREP_UPDATE_GOLDEN=1 rewrites the expected files.
source "$(dirname "$0")/lib.bash"

for dir in tests/golden/broken/*/; do
	dir=${dir%/}
	name=${dir##*/}
	case $name in _*) continue ;; esac # shared data, not a case
	cmd=check
	[ -f "$dir/args" ] && cmd=$(cat "$dir/args")
	extra=()
	[ "$cmd" = render ] && extra=(-o "$TMP/out.pdf")
	rm -f "$TMP/out.pdf"
	"$PROGREP" "$cmd" "$dir/config.yaml" "${extra[@]}" >"$TMP/stdout" 2>"$TMP/got"
	echo "exit: $?" >>"$TMP/got"
	expect_same "$name" "$TMP/got" "$dir/expected.txt"
	if [ "$cmd" != check ]; then
		[ -s "$TMP/stdout" ] && fail "$name: $cmd wrote to stdout" || pass
		[ -e "$TMP/out.pdf" ] && fail "$name: $cmd wrote $TMP/out.pdf" || pass
		ls -A "$TMP" | grep -q '^\..*\.[A-Za-z0-9]\{6\}$' && fail "$name: $cmd left a temporary file" || pass
	fi
done
finish
