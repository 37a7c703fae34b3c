#!/usr/bin/env bash
# Faults outside the config: the output folder missing, not a folder or
# read-only, the disk full, the font missing or corrupt, the data missing or
# unreadable, memory running out (the PROGREP_TEST_FAIL_ALLOC hook). Each
# must give its exit code (core/util/exitcode.h) and message and leave no PDF,
# no temporary file beside it and no font subset in TMPDIR.
source "$(dirname "$0")/lib.bash"
cfg=templates/xinjiang-2019.yaml
export TMPDIR=$TMP/tmpdir # the font subsets go here: must be empty after
mkdir -p "$TMPDIR"
chmod 755 "$TMP"

# sample_with KEY_LINE: the sample with absolute data paths and KEY_LINE
# added under report:, in $TMP/cfg.yaml.
sample_with() {
	sed -e "s|\.\./data/|$ROOT/data/|" -e "s|^report:|report:\n  $1|" "$cfg" >"$TMP/cfg.yaml"
}

# expect_fault NAME RC MESSAGE OUTFILE -- progrep args...: run, compare the
# exit code, look for MESSAGE on stderr, check nothing was left.
expect_fault() {
	local name=$1 rc=$2 msg=$3 out=$4 got dir
	shift 5
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	expect_eq "$name: exit code" "$got" "$rc"
	if grep -qF -- "$msg" "$TMP/err"; then pass; else
		fail "$name: no '$msg' in: $(grep -v '^ \|warning' "$TMP/err" | head -3)"
	fi
	[ ! -e "$out" ] && pass || fail "$name: '$out' was written"
	dir=$(dirname "$out")
	if [ -d "$dir" ] && ls -A "$dir" | grep -q '^\.'; then
		fail "$name: temporary files left in $dir: $(ls -A "$dir" | tr '\n' ' ')"
	else
		pass
	fi
	if [ -n "$(ls -A "$TMPDIR")" ]; then
		fail "$name: left in TMPDIR: $(ls -A "$TMPDIR")"
		rm -rf "${TMPDIR:?}"/*
	else
		pass
	fi
}

# --- output -------------------------------------------------------------------
expect_fault "output folder missing" 3 "cannot write '$TMP/nodir/r.pdf': No such file or directory" \
	"$TMP/nodir/r.pdf" -- "$PROGREP" render "$cfg" -o "$TMP/nodir/r.pdf"
touch "$TMP/afile"
expect_fault "output folder is a file" 3 "cannot write '$TMP/afile/r.pdf': Not a directory" \
	"$TMP/afile/r.pdf" -- "$PROGREP" render "$cfg" -o "$TMP/afile/r.pdf"
mkdir -p "$TMP/afile-text"
expect_fault "text output folder missing" 3 "cannot write '$TMP/nodir/r.txt'" \
	"$TMP/nodir/r.txt" -- "$PROGREP" render "$cfg" --format text -o "$TMP/nodir/r.txt"

# Read-only: root ignores permissions, so run as nobody when we are root.
mkdir -p "$TMP/ro"
chmod 555 "$TMP/ro"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		chmod 777 "$TMPDIR"
	else
		as_user=(skip)
	fi
fi
if [ "${as_user[0]:-}" = skip ] || ! "${as_user[@]}" test -r "$ROOT/$cfg" 2>/dev/null; then
	echo "skip: read-only folder (no setpriv or the tree is not readable by nobody)" >&2
else
	expect_fault "output folder read-only" 3 "cannot write '$TMP/ro/r.pdf': Permission denied" \
		"$TMP/ro/r.pdf" -- "${as_user[@]}" "$PROGREP" render "$cfg" -o "$TMP/ro/r.pdf"
	cp "$ROOT/data/xinjiang/values.csv" "$TMP/values.csv"
	chmod 000 "$TMP/values.csv"
	sed -e "s|\.\./data/xinjiang/values.csv|$TMP/values.csv|" -e "s|\.\./data/|$ROOT/data/|" \
		"$cfg" >"$TMP/unreadable.yaml"
	chmod 644 "$TMP/unreadable.yaml"
	mkdir -p "$TMP/out-u" && chmod 777 "$TMP/out-u"
	expect_fault "data file unreadable" 1 "cannot open '$TMP/values.csv': Permission denied" \
		"$TMP/out-u/r.pdf" -- "${as_user[@]}" "$PROGREP" render "$TMP/unreadable.yaml" \
		-o "$TMP/out-u/r.pdf"
fi
chmod 755 "$TMPDIR"

# Disk full: a 64 KiB tmpfs when we may mount one, else a file size limit
# (with SIGXFSZ ignored, write() fails with EFBIG instead of killing us).
mkdir -p "$TMP/small"
trap 'umount "$TMP/small" 2>/dev/null; rm -rf "$TMP"' EXIT
if mount -t tmpfs -o size=64k tmpfs "$TMP/small" 2>/dev/null; then
	expect_fault "disk full" 3 "cannot write '$TMP/small/r.pdf': No space left on device" \
		"$TMP/small/r.pdf" -- "$PROGREP" render "$cfg" -o "$TMP/small/r.pdf"
	dd if=/dev/zero of="$TMP/small/fill" bs=4k 2>/dev/null # the text is small: fill up first
	expect_fault "disk full (text)" 3 "cannot write '$TMP/small/r.txt': No space left on device" \
		"$TMP/small/r.txt" -- "$PROGREP" render "$cfg" --format text -o "$TMP/small/r.txt"
	umount "$TMP/small"
else
	expect_fault "file too large" 3 "File too large" "$TMP/small/r.pdf" -- \
		bash -c 'ulimit -f 64; trap "" XFSZ; exec "$@"' _ "$PROGREP" render "$cfg" \
		-o "$TMP/small/r.pdf"
fi

# --- fonts --------------------------------------------------------------------
mkdir -p "$TMP/o"
sample_with "fonts: {body: $TMP/missing.ttf}"
expect_fault "font file missing" 3 "cannot open font '$TMP/missing.ttf': No such file or directory" \
	"$TMP/o/r.pdf" -- "$PROGREP" render "$TMP/cfg.yaml" -o "$TMP/o/r.pdf"
: >"$TMP/empty.ttf"
sample_with "fonts: {body: $TMP/empty.ttf}"
expect_fault "font file empty" 3 "font '$TMP/empty.ttf' is not a TrueType or OpenType file" \
	"$TMP/o/r.pdf" -- "$PROGREP" render "$TMP/cfg.yaml" -o "$TMP/o/r.pdf"
font=$(fc-match -f '%{file}' 'AR PL UMing CN' 2>/dev/null)
if [ -f "$font" ]; then
	head -c 100000 "$font" >"$TMP/trunc.ttf"
	sample_with "fonts: {body: $TMP/trunc.ttf}"
	expect_fault "font file truncated" 3 "font '$TMP/trunc.ttf' has no glyphs" \
		"$TMP/o/r.pdf" -- "$PROGREP" render "$TMP/cfg.yaml" -o "$TMP/o/r.pdf"
fi
head -c 4096 /dev/urandom >"$TMP/noise.ttf"
sample_with "fonts: {heading: $TMP/noise.ttf}"
"$PROGREP" render "$TMP/cfg.yaml" -o "$TMP/o/r.pdf" 2>"$TMP/err"
expect_eq "font file of noise: exit code" "$?" 3
[ ! -e "$TMP/o/r.pdf" ] && pass || fail "font file of noise: a PDF was written"
sample_with "fonts: {body: $TMP}"
expect_fault "font is a folder" 3 "cannot open font '$TMP'" \
	"$TMP/o/r.pdf" -- "$PROGREP" render "$TMP/cfg.yaml" -o "$TMP/o/r.pdf"

# --- data ---------------------------------------------------------------------
sed -e "s|\.\./data/xinjiang/values.csv|$TMP/gone.csv|" -e "s|\.\./data/|$ROOT/data/|" \
	"$cfg" >"$TMP/gone.yaml"
expect_fault "data file missing" 1 "cannot open '$TMP/gone.csv': No such file or directory" \
	"$TMP/o/r.pdf" -- "$PROGREP" render "$TMP/gone.yaml" -o "$TMP/o/r.pdf"
mkdir -p "$TMP/gone.csv"
expect_fault "data file is a folder" 1 "'$TMP/gone.csv'" \
	"$TMP/o/r.pdf" -- "$PROGREP" render "$TMP/gone.yaml" -o "$TMP/o/r.pdf"
rmdir "$TMP/gone.csv"

# --- memory -------------------------------------------------------------------
# exit() from inside an allocation leaves the run's memory to the system:
# not a leak, so LeakSanitizer (the sanitizer build) is told so.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
# The hook makes allocation N+1 fail. Early (config), in the middle, and
# the last allocation of the run (found by bisection): each stops with the
# message and exit code 3, and leaves nothing.
for n in 0 50 2000; do
	expect_fault "out of memory after $n allocations" 3 "progrep: out of memory" \
		"$TMP/o/r.pdf" -- env PROGREP_TEST_FAIL_ALLOC=$n "$PROGREP" render "$cfg" -o "$TMP/o/r.pdf"
done
lo=2000 hi=1000000
while [ $((hi - lo)) -gt 1 ]; do
	m=$(((lo + hi) / 2))
	if PROGREP_TEST_FAIL_ALLOC=$m "$PROGREP" render "$cfg" -o "$TMP/o/b.pdf" 2>/dev/null; then
		hi=$m
	else
		lo=$m
	fi
	rm -f "$TMP/o/b.pdf"
done
for n in $((lo - 200)) $((lo - 20)) $((lo - 2)) $lo; do
	expect_fault "out of memory after $n allocations (of $hi)" 3 "progrep: out of memory" \
		"$TMP/o/r.pdf" -- env PROGREP_TEST_FAIL_ALLOC=$n "$PROGREP" render "$cfg" -o "$TMP/o/r.pdf"
done
PROGREP_TEST_FAIL_ALLOC=$hi "$PROGREP" render "$cfg" -o "$TMP/o/r.pdf" 2>/dev/null
expect_eq "enough memory after $hi allocations: exit code" "$?" 0
expect_fault "out of memory in check" 3 "progrep: out of memory" "$TMP/o/none" -- \
	env PROGREP_TEST_FAIL_ALLOC=500 "$PROGREP" check "$cfg"
# --- limits -------------------------------------------------------------------
# Bad input past a bound gets a clear error (exit 1), never a crash or a
# hang. Invalid UTF-8, NUL bytes and NaN/inf text have their own cases in
# tests/golden/broken (diagnostics.sh).
ok=tests/golden/broken/ok/config.yaml
data=$ROOT/tests/golden/broken/_data
# limit NAME MESSAGE FILE: check FILE, want exit 1 and MESSAGE.
limit() {
	"$PROGREP" check "$3" >/dev/null 2>"$TMP/err"
	expect_eq "$1: exit code" "$?" 1
	grep -qF -- "$2" "$TMP/err" && pass || fail "$1: no '$2' in: $(head -c 300 "$TMP/err")"
}
# ok_with SED_EXPR: the ok config with absolute data paths, edited.
ok_with() { sed -e "s|\.\./_data/|$data/|" -e "$1" "$ok" >"$TMP/lim.yaml"; }
{
	echo "a: &a [x, x, x, x, x, x, x, x, x, x]"
	prev=a
	for n in b c d e f g h i j; do
		echo "$n: &$n [*$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev]"
		prev=$n
	done
	echo "report: {title: *j}"
} >"$TMP/laughs.yaml"
limit "billion laughs" "aliases expand to more than 100000 nodes" "$TMP/laughs.yaml"
printf 'report: %s%s\n' "$(printf '[%.0s' {1..200})" "$(printf ']%.0s' {1..200})" >"$TMP/deep.yaml"
limit "YAML nesting" "nesting deeper than 64 levels" "$TMP/deep.yaml"
ok_with "s|remaining_persons / rural_population \* 100|$(printf 'rural_population+%.0s' {1..300})1|"
limit "formula length" "formula is too long" "$TMP/lim.yaml"
ok_with "s|remaining_persons / rural_population \* 100|$(printf '(%.0s' {1..70})1$(printf ')%.0s' {1..70})|"
limit "formula nesting" "formula is nested too deeply (limit 64)" "$TMP/lim.yaml"
ok_with "s|    name: 乡村人口|    name: $(head -c 70000 /dev/zero | tr '\0' x)|"
limit "long string" "scalar is longer than 64 KiB" "$TMP/lim.yaml"
{ cat "$ok"; head -c 17000000 /dev/zero | tr '\0' '#'; echo; } >"$TMP/huge.yaml"
limit "config size" "the config is larger than 16 MiB" "$TMP/huge.yaml"
ok_with "s|remaining_persons / rural_population \* 100|1e400 * rural_population|"
limit "1e400 in a formula" "number '1e400' is out of range" "$TMP/lim.yaml"
ok_with "s|^    decimals: 2|    decimals: 2\n    target: {value: 1e400, by: 2020, direction: down}|"
limit "1e400 in the config" "'value' must be a number, got '1e400'" "$TMP/lim.yaml"
ok_with "s|^    decimals: 2|    decimals: 2\n    target: {value: .nan, by: 2020, direction: down}|"
limit "NaN in the config" "'value' must be a number, got '.nan'" "$TMP/lim.yaml"
for v in 1e400 -1e400; do
	{ cat "$data/values.csv"; echo "65,2019,rural_population,$v"; } >"$TMP/v.csv"
	sed -e "s|\.\./_data/values.csv|$TMP/v.csv|" -e "s|\.\./_data/|$data/|" "$ok" >"$TMP/lim.yaml"
	limit "$v in the data" "value '$v' is too large for a number (beyond 1.8e308)" "$TMP/lim.yaml"
done
{
	echo "region,period,indicator,value"
	for ((i = 0; i < 1300; i++)); do
		printf '653121,%d-%02d,rural_population,%d\n' $((1900 + i / 12)) $((i % 12 + 1)) $i
	done
} >"$TMP/v.csv"
sed -e "s|\.\./_data/values.csv|$TMP/v.csv|" -e "s|\.\./_data/|$data/|" \
	-e "s|period: 2019|period: 2000-01|" "$ok" >"$TMP/lim.yaml"
limit "number of periods" "make the data cube too big (at most 1200 periods" "$TMP/lim.yaml"
# A value too large for its display form (1e200 人 has 201 digits):
# explain shows the exact value, never what was left in its buffer.
{ grep -v '^653121,2018,rural_population' "$data/values.csv"; echo "653121,2018,rural_population,1e200"; } >"$TMP/v.csv"
sed -e "s|\.\./_data/values.csv|$TMP/v.csv|" -e "s|\.\./_data/|$data/|" "$ok" >"$TMP/lim.yaml"
"$PROGREP" explain "$TMP/lim.yaml" rural_population --region 653121 --period 2018 >"$TMP/out" 2>"$TMP/err"
expect_eq "explain 1e200: exit code" "$?" 0
head -1 "$TMP/out" | grep -q '^rural_population = 1e+200  \[653121 ' && pass ||
	fail "explain 1e200: $(head -1 "$TMP/out" | cat -v)"
# -0 in the data is a value (zero): shown as 0, never as "-0".
sed "s|^653121,2019,registered_persons,1200|653121,2019,registered_persons,-0|" \
	"$data/values.csv" >"$TMP/v.csv"
sed -e "s|\.\./_data/values.csv|$TMP/v.csv|" -e "s|\.\./_data/|$data/|" "$ok" >"$TMP/lim.yaml"
"$PROGREP" compute "$TMP/lim.yaml" --level county >"$TMP/out" 2>"$TMP/err"
expect_eq "-0 in the data: exit code" "$?" 0
grep -q ',-0[^,]*$' "$TMP/out" && fail "-0 displayed: $(grep ',-0[^,]*$' "$TMP/out" | head -2)" || pass
finish
