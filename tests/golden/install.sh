#!/usr/bin/env bash
# Installing: `cmake --install` into a temporary prefix, then the shipped
# templates render by name from another folder; the .deb built by CPack
# installs with dpkg, renders, and is removed again. Runs as root in CI (or
# with sudo); without dpkg the test fails: it is not skipped.
source "$(dirname "$0")/lib.bash"
BUILD=$(cd "$(dirname "$PROGREP")" && pwd)
PREFIX=$TMP/prefix
mkdir -p "$TMP/elsewhere"

cmake --install "$BUILD" --prefix "$PREFIX" >"$TMP/install.log" 2>&1
expect_eq "cmake --install exit" "$?" 0
for f in bin/progrep share/progrep/templates/xinjiang-2019.yaml \
	share/progrep/templates/county-brief.yaml share/progrep/data/xinjiang/values.csv \
	share/progrep/data/xinjiang/regions.csv share/man/man1/progrep.1 \
	share/bash-completion/completions/progrep \
	share/progrep/schema/progrep-config.schema.json share/doc/progrep/config.md; do
	[ -f "$PREFIX/$f" ] && pass || fail "not installed: $f"
done

# From a folder with no templates, without the source tree's help.
cd "$TMP/elsewhere" || exit 1
P=$PREFIX/bin/progrep
got=$(env -u PROGREP_TEMPLATE_PATH "$P" templates --path)
expect_eq "template folder of the prefix" "$got" "$(cd "$PREFIX/share/progrep/templates" && pwd -P)"
env -u PROGREP_TEMPLATE_PATH "$P" templates >"$TMP/list"
grep -q '^xinjiang-2019 ' "$TMP/list" && grep -q '^county-brief .*--each county' "$TMP/list" &&
	pass || { fail "templates lists both with descriptions"; cat "$TMP/list" >&2; }
env -u PROGREP_TEMPLATE_PATH "$P" render xinjiang-2019 -o x.pdf 2>"$TMP/err"
expect_eq "render xinjiang-2019 from the prefix" "$?" 0
pages=$(pdfinfo x.pdf 2>/dev/null | awk '/^Pages:/ { print $2 }')
[ "${pages:-0}" -ge 20 ] && pass || fail "xinjiang-2019 has ${pages:-no} pages"
env -u PROGREP_TEMPLATE_PATH "$P" render county-brief 2>>"$TMP/err"
expect_eq "render county-brief by name" "$?" 0
[ -f county-brief.pdf ] && pass || fail "county-brief.pdf not written in the current folder"
pdftotext county-brief.pdf - | grep '脱贫攻坚简报' >/dev/null && pass || fail "county-brief text"
# The county brief is meant for --each county: a cover and one page each.
env -u PROGREP_TEMPLATE_PATH "$P" render county-brief --each county --shard 1/48 --jobs 2 \
	--out 'briefs/{code}-{name}.pdf' --quiet 2>"$TMP/err"
expect_eq "county-brief --each county" "$?" 0
n=0
for f in briefs/*.pdf; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f" .pdf)
	expect_eq "$f pages" "$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')" 1
	pdftotext "$f" - | grep "${name#*-}脱贫攻坚简报" >/dev/null && pass || fail "$f names its county"
done
[ "$n" -ge 1 ] && pass || fail "no county briefs written"
"$P" render no-such-template 2>"$TMP/err"
expect_eq "unknown template name" "$?" 1
grep -q "no-such-template" "$TMP/err" && pass || fail "the message names the config"

# PROGREP_TEMPLATE_PATH comes first: a template of one's own, found by name.
mkdir -p "$TMP/mine"
sed -e "s|\.\./data/xinjiang/|$PREFIX/share/progrep/data/xinjiang/|" \
	-e 's|^  description: .*|  description: my own brief|' \
	"$PREFIX/share/progrep/templates/county-brief.yaml" >"$TMP/mine/mine.yaml"
PROGREP_TEMPLATE_PATH=$TMP/nonexistent:$TMP/mine "$P" templates >"$TMP/list"
grep -q '^mine  *my own brief$' "$TMP/list" && pass || fail "PROGREP_TEMPLATE_PATH template listed"
PROGREP_TEMPLATE_PATH=$TMP/mine "$P" render mine --format text -o "$TMP/elsewhere/mine.txt" 2>"$TMP/err"
expect_eq "render a PROGREP_TEMPLATE_PATH template" "$?" 0
cd "$ROOT"

# README's order: scripts/sample.sh and scripts/test.sh, then README's own
# cmake commands into build/. scripts/build.sh must not leave -Werror in the
# cache (a folder configured with it before gets it turned off), and
# scripts/test.sh keeps its -Werror build out of build/.
cmake -S . -B "$TMP/readme-build" -DPROGREP_WERROR=ON >"$TMP/cmake.log" 2>&1
PROGREP_BUILD_DIR=$TMP/readme-build PROGREP_CONFIGURE_ONLY=1 bash scripts/build.sh \
	>>"$TMP/cmake.log" 2>&1
expect_eq "scripts/build.sh configures" "$?" 0 || cat "$TMP/cmake.log" >&2
grep -qx 'PROGREP_WERROR:BOOL=OFF' "$TMP/readme-build/CMakeCache.txt" && pass ||
	fail "scripts/build.sh left -Werror in the build folder"
grep -q 'PROGREP_WERROR=ON PROGREP_BUILD_DIR=build-ci' scripts/test.sh && pass ||
	fail "scripts/test.sh builds with -Werror outside build-ci/"
grep -qF 'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release' README.md &&
	grep -qF 'cmake --build build --target package' README.md && pass ||
	fail "README's install commands changed: update this test"

# The Debian package: build, inspect, install, render, remove. One dpkg at a
# time on this machine (other builds run this test too).
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
command -v dpkg >/dev/null || fail "dpkg is not available"
# CPack's own install step first builds the "preinstall" target, which
# would relink binaries that other tests of this ctest run are executing:
# install through the build's cmake_install.cmake instead, with the same
# package settings (CPackConfig.cmake) and the same install rules.
printf 'set(CMAKE_INSTALL_PREFIX /usr)\ninclude("%s/cmake_install.cmake")\n' "$BUILD" \
	>"$TMP/install.cmake"
(cd "$TMP" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TMP/pkg" \
	-D CPACK_INSTALL_CMAKE_PROJECTS= -D CPACK_INSTALL_SCRIPTS="$TMP/install.cmake") \
	>"$TMP/cpack.log" 2>&1
expect_eq "cpack exit" "$?" 0 || cat "$TMP/cpack.log" >&2
deb=$(ls "$TMP"/pkg/progrep_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] && pass || { fail "no progrep_*.deb"; tail -20 "$TMP/cpack.log" >&2; }
deps=$(dpkg-deb -f "$deb" Depends 2>/dev/null)
for d in libyaml-0-2 libhpdf-2.3.0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
	libsqlite3-0 libdeflate0 libnettle8 libminizip1 libexpat1 libfreexl1 \
	fonts-arphic-uming fonts-wqy-zenhei; do
	case ", $deps," in *", $d"[\ ,]*) pass ;; *) fail "Depends lacks $d: $deps" ;; esac
done
# libpq only for PostgreSQL sources (dlopen), the completion only with bash-completion.
case ", $deps," in *", libpq5"[\ ,]*) fail "libpq5 is a Depends: $deps" ;; *) pass ;; esac
recs=$(dpkg-deb -f "$deb" Recommends 2>/dev/null)
for d in libpq5 bash-completion; do
	case ", $recs," in *", $d"[\ ,]*) pass ;; *) fail "Recommends lacks $d: $recs" ;; esac
done
dpkg-deb -c "$deb" | grep -q './usr/share/progrep/templates/xinjiang-2019.yaml' &&
	pass || fail "the .deb holds the templates under /usr/share/progrep"
(
	flock -w 900 9 || exit 1
	$sudo dpkg -i "$deb" >"$TMP/dpkg.log" 2>&1 || { cat "$TMP/dpkg.log" >&2; exit 2; }
	cd "$TMP/elsewhere" && rm -f x.pdf
	env -u PROGREP_TEMPLATE_PATH /usr/bin/progrep render xinjiang-2019 -o x.pdf 2>"$TMP/err"
	rc=$?
	[ -f /usr/share/man/man1/progrep.1 ] || rc=5
	$sudo dpkg -r progrep >>"$TMP/dpkg.log" 2>&1 || rc=6
	exit $rc
) 9>/tmp/progrep-dpkg.lock
rc=$?
expect_eq "dpkg -i, render from /usr, dpkg -r" "$rc" 0
[ "$rc" -eq 0 ] || { cat "$TMP/dpkg.log" "$TMP/err" >&2; }
pdfinfo "$TMP/elsewhere/x.pdf" >/dev/null 2>&1 && pass || fail "the packaged progrep wrote no PDF"
[ ! -e /usr/bin/progrep ] && pass || fail "dpkg -r left /usr/bin/progrep"
finish
