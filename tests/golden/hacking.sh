#!/usr/bin/env bash
# HACKING.md read as a reviewer would: every file path it names exists, and
# the path of one figure (the numbered list under "## The path of one
# figure") names at most 10 files, each with a function that is defined in
# that file. A rename that leaves HACKING.md behind fails here.
source "$(dirname "$0")/lib.bash"
doc=HACKING.md
[ -f "$doc" ] && pass || { fail "no $doc"; finish; exit 1; }

# Every `path` in backquotes that starts with a folder of the tree.
grep -o '`[a-z_./*-]*`' "$doc" | tr -d '`' |
	grep -E '^(core|render|cmd|tests|docs|templates|data|bench|scripts|schema|completions)/' |
	sort -u >"$TMP/paths"
[ -s "$TMP/paths" ] && pass || fail "$doc names no file"
while read -r p; do
	# a glob (core/config/config*.c) must match something
	compgen -G "$p" >/dev/null && pass || fail "$doc names '$p', which does not exist"
done <"$TMP/paths"

# The figure path: lines "N. `file` `function()` ..." in that section.
awk '/^## The path of one figure/ { on = 1; next } /^## / { on = 0 } on' "$doc" |
	grep -E '^[0-9]+\. ' >"$TMP/steps"
n=$(wc -l <"$TMP/steps")
[ "$n" -ge 5 ] && pass || fail "the figure path has $n steps; expected a numbered list"
files=$(grep -o '^[0-9]*\. `[^`]*`' "$TMP/steps" | sed 's/.*`\(.*\)`/\1/' | sort -u | wc -l)
[ "$files" -le 10 ] && pass || fail "the figure path goes through $files files (goal: at most 10)"
while read -r line; do
	f=$(printf '%s\n' "$line" | sed -n 's/^[0-9]*\. `\([^`]*\)`.*/\1/p')
	fn=$(printf '%s\n' "$line" | sed -n 's/^[0-9]*\. `[^`]*` `\([a-z_0-9]*\)()`.*/\1/p')
	if [ -z "$f" ] || [ -z "$fn" ]; then
		fail "figure path step is not '\`file\` \`function()\`': $line"
		continue
	fi
	# defined there: the name at the start of a line, followed by '('
	grep -qE "^([a-z].* \**)?$fn\(" "$f" && pass || fail "'$fn()' is not defined in $f"
done <"$TMP/steps"
finish
