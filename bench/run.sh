#!/usr/bin/env bash
# Benchmark: progrep against the minimal C floor on synthetic data.
#
#   bash bench/run.sh [small|large|all]      (default: all)
#
# Environment: RUNS (timed runs per measurement, default 3; the median is
# reported), BUILD (build dir, default build-bench), PROGREP (a progrep
# binary to use instead of the one built here).
#
# Builds release binaries (-O2) in build-bench, generates bench/out/<preset>/
# if missing, then measures wall time and peak RSS of bench_floor and of
# `progrep compute` (and `progrep render` once it works). Prints a Markdown
# table for bench/README.md. A stage of progrep that fails is reported as
# such and skipped; the script itself only fails if the floor cannot run.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
OUT=$ROOT/bench/out
RUNS=${RUNS:-3}
YEARS=2013-2020
NIND=20

case "${1:-all}" in
small) PRESETS="small" ;;
large) PRESETS="large" ;;
all) PRESETS="small large" ;;
*) echo "usage: bash bench/run.sh [small|large|all]" >&2; exit 2 ;;
esac

villages_of() {
	case "$1" in
	small) echo 3700 ;;
	large) echo 100000 ;;
	esac
}

say() { printf '%s\n' "$*" >&2; }

# GNU time gives peak RSS; Debian's package is called `time`.
if [ ! -x /usr/bin/time ]; then
	say "bench: /usr/bin/time is missing; installing the Debian package 'time'"
	apt-get install -y time >/dev/null 2>&1 || { say "bench: cannot install 'time'"; exit 1; }
fi

build() {
	say "bench: building release binaries in $BUILD"
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DPROGREP_TESTS=OFF >/dev/null ||
		{ say "bench: cmake configure failed"; exit 1; }
	cmake --build "$BUILD" -j2 --target bench_gen bench_floor >/dev/null ||
		{ say "bench: building bench_gen/bench_floor failed"; exit 1; }
	if [ -z "${PROGREP:-}" ]; then
		PROGREP=$BUILD/progrep
		if ! cmake --build "$BUILD" -j2 --target progrep >"$BUILD/progrep-build.log" 2>&1; then
			say "bench: progrep failed to build (see $BUILD/progrep-build.log); measuring the floor only"
			PROGREP=
		fi
	fi
}

generate() {
	local preset=$1 dir=$OUT/$1 args t0 t1
	args="--villages $(villages_of "$preset") --years $YEARS --indicators $NIND"
	mkdir -p "$dir"
	if [ -s "$dir/values.csv" ] && [ "$(cat "$dir/.genargs" 2>/dev/null)" = "$args" ]; then
		say "bench: $preset: using existing data in $dir"
	else
		rm -f "$dir/.genargs"
		t0=$(date +%s%N)
		# shellcheck disable=SC2086
		"$BUILD/bench/bench_gen" $args --out "$dir" >&2 || { say "bench: bench_gen failed"; exit 1; }
		t1=$(date +%s%N)
		echo "$args" >"$dir/.genargs"
		say "bench: $preset: generated in $(ms_to_s $(((t1 - t0) / 1000000))) s"
	fi
	cp "$ROOT/bench/synthetic.yaml" "$dir/synthetic.yaml"
}

ms_to_s() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME CMD...: RUNS timed runs with stdout to /dev/null. Sets
# M_WALL (seconds, median), M_RSS (MB, median) and returns the first
# non-zero exit status, if any. Wall time is taken around the process with
# nanosecond clocks (GNU time's %e has only 10 ms resolution); peak RSS
# comes from GNU time's %M.
measure() {
	local name=$1 i t0 t1 rc walls="" rsss="" tf
	shift
	tf=$(mktemp)
	for ((i = 1; i <= RUNS; i++)); do
		t0=$(date +%s%N)
		/usr/bin/time -f '%M' -o "$tf" "$@" >/dev/null 2>"$tf.err"
		rc=$?
		t1=$(date +%s%N)
		if [ $rc -ne 0 ]; then
			say "bench: $name failed (exit $rc): $(grep -v '^Command exited' "$tf.err" "$tf" | head -n 3)"
			rm -f "$tf" "$tf.err"
			return $rc
		fi
		walls+="$(((t1 - t0) / 1000000))"$'\n'
		rsss+="$(tail -n 1 "$tf")"$'\n'
		say "bench:   $name run $i: $(ms_to_s $(((t1 - t0) / 1000000))) s, $(tail -n 1 "$tf") KB"
	done
	rm -f "$tf" "$tf.err"
	M_WALL=$(ms_to_s "$(printf '%s' "$walls" | median)")
	M_RSS=$(printf '%s' "$rsss" | median | awk '{ printf "%.1f", $1 / 1024 }')
	return 0
}

# A progrep stage counts as working when a probe run (untimed, also warming
# the page cache) exits 0 and writes what it should.
probe_compute() {
	local yaml=$1 out rc ef
	ef=$(mktemp)
	# Keep the first line, drain the rest: no SIGPIPE to confuse the status.
	out=$("$PROGREP" compute "$yaml" --format csv 2>"$ef" | { head -n 1; cat >/dev/null; }
		exit "${PIPESTATUS[0]}")
	rc=$?
	if [ $rc -ne 0 ]; then
		say "bench: progrep compute failed (exit $rc): $(head -n 3 "$ef")"
		rm -f "$ef"
		return 1
	fi
	rm -f "$ef"
	if ! printf '%s' "$out" | head -n 1 | grep -q ','; then
		say "bench: progrep compute failed: no CSV on stdout (got: $(printf '%s' "$out" | head -n 1))"
		return 1
	fi
}

probe_render() {
	local yaml=$1 pdf=$2
	rm -f "$pdf"
	"$PROGREP" render "$yaml" -o "$pdf" >/dev/null 2>&1 &&
		[ "$(head -c 5 "$pdf" 2>/dev/null)" = "%PDF-" ]
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }

size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }

ROWS=""
row() { ROWS+="| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"$'\n'; }

bench_preset() {
	local preset=$1 dir=$OUT/$1 yaml nvalues fw fr pdf pages
	yaml=$dir/synthetic.yaml
	nvalues=$(($(wc -l <"$dir/values.csv") - 1))
	say "bench: $preset: $nvalues values, values.csv $(size_mb "$dir/values.csv") MB"
	cat "$dir/regions.csv" "$dir/values.csv" >/dev/null   # warm the page cache
	"$BUILD/bench/bench_floor" "$dir" >&2 || { say "bench: bench_floor failed"; exit 1; }
	measure floor "$BUILD/bench/bench_floor" "$dir" || exit 1
	fw=$M_WALL fr=$M_RSS
	row "$preset" "$nvalues" "$(size_mb "$dir/values.csv")" "floor (bench_floor)" "$fw" "$fr" "1.0x / 1.0x"

	if [ -z "$PROGREP" ] || [ ! -x "$PROGREP" ]; then
		say "bench: progrep compute failed: no progrep binary"
		row "$preset" "$nvalues" "$(size_mb "$dir/values.csv")" "progrep compute" "failed" "-" "-"
		return
	fi
	if probe_compute "$yaml" && measure "progrep compute" "$PROGREP" compute "$yaml" --format csv; then
		row "$preset" "$nvalues" "$(size_mb "$dir/values.csv")" "progrep compute --format csv" \
			"$M_WALL" "$M_RSS" "$(ratio "$M_WALL" "$fw") / $(ratio "$M_RSS" "$fr")"
	else
		say "bench: progrep compute failed on $preset; skipped"
		row "$preset" "$nvalues" "$(size_mb "$dir/values.csv")" "progrep compute" "failed" "-" "-"
	fi

	pdf=$(mktemp -u /tmp/progrep-bench-XXXXXX.pdf)
	if probe_render "$yaml" "$pdf" && measure "progrep render" "$PROGREP" render "$yaml" -o "$pdf"; then
		pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print " (" $2 " pages)" }')
		row "$preset" "$nvalues" "$(size_mb "$dir/values.csv")" "progrep render$pages" \
			"$M_WALL" "$M_RSS" "$(ratio "$M_WALL" "$fw") / $(ratio "$M_RSS" "$fr")"
	else
		say "bench: progrep render not working yet on $preset; not measured"
	fi
	rm -f "$pdf"
}

build
for p in $PRESETS; do
	generate "$p"
done
for p in $PRESETS; do
	bench_preset "$p"
done

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs, warm page cache."
echo
echo "| preset | values | values.csv MB | program | wall s | peak RSS MB | progrep/floor (wall / RSS) |"
echo "|---|---:|---:|---|---:|---:|---:|"
printf '%s' "$ROWS"
