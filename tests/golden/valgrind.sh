#!/usr/bin/env bash
# One full render of the sample under valgrind: no memory errors and no
# definite or indirect leaks (fontconfig, HarfBuzz and libharu keep some
# caches "still reachable" until exit: that is allowed). Also one run that
# stops on a config error, since error paths leak most easily. Skipped
# when valgrind is missing or the binary is built with a sanitizer (the two
# cannot run together).
source "$(dirname "$0")/lib.bash"
if ! command -v valgrind >/dev/null; then
	echo "skip: valgrind is not installed" >&2
	finish
	exit
fi
if grep -q __asan_init "$PROGREP" 2>/dev/null || grep -q __ubsan_handle "$PROGREP" 2>/dev/null; then
	echo "skip: $PROGREP is built with a sanitizer" >&2
	finish
	exit
fi
vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --error-exitcode=99)

"${vg[@]}" "$PROGREP" render templates/xinjiang-2019.yaml -o "$TMP/r.pdf" 2>"$TMP/err"
rc=$?
expect_eq "render under valgrind: exit code" "$rc" 0
[ -s "$TMP/r.pdf" ] && pass || fail "render under valgrind wrote no PDF"
if grep -q '^==[0-9]*==' "$TMP/err"; then
	fail "valgrind reports on render: $(grep '^==[0-9]*==' "$TMP/err" | head -30)"
else
	pass
fi

"${vg[@]}" "$PROGREP" render tests/golden/broken/many_errors/config.yaml -o "$TMP/b.pdf" \
	2>"$TMP/err"
expect_eq "broken config under valgrind: exit code" "$?" 1
if grep -q '^==[0-9]*==' "$TMP/err"; then
	fail "valgrind reports on a broken config: $(grep '^==[0-9]*==' "$TMP/err" | head -30)"
else
	pass
fi
finish
