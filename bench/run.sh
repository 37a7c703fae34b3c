#!/usr/bin/env bash
# Benchmark: progrep against the minimal C floor on synthetic data.
#
#   bash bench/run.sh [small|large|all]      (default: all)
#
# Environment: RUNS (timed runs per measurement, default 3; the median is
# reported), BUILD (build dir, default build-bench), PROGREP (a progrep
# binary to use instead of the one built here), FULL=0 (skip the full
# `compute` output, 21 million rows on large), RENDER=all (also render the
# large preset; by default only small, the report's intended size).
#
# Builds release binaries (-O2) in build-bench, generates bench/out/<preset>/
# if missing, then measures wall time and peak RSS of bench_floor and of
# `progrep check`, `progrep compute --level county` (the floor's
# aggregation), the full `progrep compute` output and `progrep render`
# (small preset). Prints a Markdown
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

# The programs of one preset, timed interleaved: each round runs every job
# once, so a change in the load of the (shared) machine hits all of them
# alike and the ratios to the floor stay meaningful. JOB_LABEL[j] names
# job j, JOB_CMD[j] is its command line (printf %q quoted).
JOB_LABEL=() JOB_CMD=() JOB_WALL=() JOB_CPU=() JOB_RSS=() JOB_FAILED=()
add_job() {
	local label=$1
	shift
	JOB_LABEL+=("$label")
	JOB_CMD+=("$(printf '%q ' "$@")")
	JOB_WALL+=("") JOB_CPU+=("") JOB_RSS+=("") JOB_FAILED+=(0)
}

# run_job J ROUND: one timed run of job j, stdout to /dev/null. Wall time is
# taken around the process with nanosecond clocks (GNU time's %e has only
# 10 ms resolution); CPU time (user + system) and peak RSS come from GNU
# time. A failing job is reported and not run again.
run_job() {
	local j=$1 round=$2 t0 t1 rc tf wall cpu rss
	tf=$(mktemp)
	t0=$(date +%s%N)
	eval "/usr/bin/time -f '%M %U %S' -o \"\$tf\" ${JOB_CMD[$j]}" >/dev/null 2>"$tf.err"
	rc=$?
	t1=$(date +%s%N)
	if [ $rc -ne 0 ]; then
		say "bench: ${JOB_LABEL[$j]} failed (exit $rc): $(grep -v '^Command exited' "$tf.err" "$tf" | head -n 3)"
		JOB_FAILED[$j]=1
		rm -f "$tf" "$tf.err"
		return
	fi
	wall=$(((t1 - t0) / 1000000))
	read -r rss cpu <<<"$(tail -n 1 "$tf" | awk '{ printf "%d %d", $1, ($2 + $3) * 1000 + 0.5 }')"
	rm -f "$tf" "$tf.err"
	JOB_WALL[$j]+="$wall"$'\n'
	JOB_CPU[$j]+="$cpu"$'\n'
	JOB_RSS[$j]+="$rss"$'\n'
	say "bench:   round $round: ${JOB_LABEL[$j]}: $(ms_to_s "$wall") s wall, $(ms_to_s "$cpu") s cpu, $rss KB"
}

# Run RUNS rounds of all jobs, then add a row per job: medians, and ratios
# to job 0 (the floor).
measure_jobs() {
	local preset=$1 nvalues=$2 mb=$3 round j fw fc fr w c r
	for ((round = 1; round <= RUNS; round++)); do
		for ((j = 0; j < ${#JOB_LABEL[@]}; j++)); do
			[ "${JOB_FAILED[$j]}" = 1 ] || run_job "$j" "$round"
		done
	done
	[ "${JOB_FAILED[0]}" = 1 ] && { say "bench: bench_floor failed"; exit 1; }
	for ((j = 0; j < ${#JOB_LABEL[@]}; j++)); do
		if [ "${JOB_FAILED[$j]}" = 1 ]; then
			row "$preset" "$nvalues" "$mb" "${JOB_LABEL[$j]}" "failed" "-" "-" "-"
			continue
		fi
		w=$(printf '%s' "${JOB_WALL[$j]}" | median)
		c=$(printf '%s' "${JOB_CPU[$j]}" | median)
		r=$(printf '%s' "${JOB_RSS[$j]}" | median)
		[ "$j" = 0 ] && { fw=$w fc=$c fr=$r; }
		row "$preset" "$nvalues" "$mb" "${JOB_LABEL[$j]}" "$(ms_to_s "$w")" "$(ms_to_s "$c")" \
			"$(awk -v k="$r" 'BEGIN { printf "%.1f", k / 1024 }')" \
			"$(ratio "$w" "$fw") / $(ratio "$c" "$fc") / $(ratio "$r" "$fr")"
	done
	JOB_LABEL=() JOB_CMD=() JOB_WALL=() JOB_CPU=() JOB_RSS=() JOB_FAILED=()
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
row() { ROWS+="| $1 | $2 | $3 | $4 | $5 | $6 | $7 | $8 |"$'\n'; }

bench_preset() {
	local preset=$1 dir=$OUT/$1 yaml nvalues mb pdf pages=""
	yaml=$dir/synthetic.yaml
	nvalues=$(($(wc -l <"$dir/values.csv") - 1))
	mb=$(size_mb "$dir/values.csv")
	say "bench: $preset: $nvalues values, values.csv $mb MB"
	cat "$dir/regions.csv" "$dir/values.csv" >/dev/null   # warm the page cache
	"$BUILD/bench/bench_floor" "$dir" >&2 || { say "bench: bench_floor failed"; exit 1; }
	add_job "floor (bench_floor)" "$BUILD/bench/bench_floor" "$dir"
	if [ -z "$PROGREP" ] || [ ! -x "$PROGREP" ]; then
		say "bench: progrep compute failed: no progrep binary"
	elif ! probe_compute "$yaml"; then
		say "bench: progrep compute failed on $preset; skipped"
	else
		# check: load + rollup + derive + checks, no output.
		add_job "progrep check" "$PROGREP" check "$yaml"
		# The headline: the floor's aggregation (county level), a small
		# output.
		add_job "progrep compute --level county --format csv" \
			"$PROGREP" compute "$yaml" --level county --format csv
		# Every region x period x indicator row (21 million on large):
		# bound by writing the text, which the floor does not do.
		if [ "${FULL:-1}" = 1 ]; then
			add_job "progrep compute --format csv (full output)" \
				"$PROGREP" compute "$yaml" --format csv
		fi
		# The report is sized for the small preset (issue 3); on large
		# its appendix lists 2,597 counties. RENDER=all renders both.
		pdf=$(mktemp -u /tmp/progrep-bench-XXXXXX.pdf)
		if [ "$preset" != small ] && [ "${RENDER:-small}" != all ]; then
			:
		elif probe_render "$yaml" "$pdf"; then
			pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print " (" $2 " pages, " }')
			pages+="$(awk -v b="$(stat -c %s "$pdf")" 'BEGIN { printf "%.0f KB)", b / 1024 }')"
			add_job "progrep render$pages" "$PROGREP" render "$yaml" -o "$pdf"
		else
			say "bench: progrep render not working yet on $preset; not measured"
		fi
	fi
	measure_jobs "$preset" "$nvalues" "$mb"
	rm -f "${pdf:-}"
}

build
for p in $PRESETS; do
	generate "$p"
done
for p in $PRESETS; do
	bench_preset "$p"
done

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS interleaved rounds, warm page cache."
echo
echo "| preset | values | values.csv MB | program | wall s | CPU s | peak RSS MB | progrep/floor (wall / CPU / RSS) |"
echo "|---|---:|---:|---|---:|---:|---:|---:|"
printf '%s' "$ROWS"
