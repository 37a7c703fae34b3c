#!/usr/bin/env bash
# Incremental batch benchmark: `progrep render --each county` as a full run,
# as an incremental run with nothing changed, and as an incremental run after
# one village's figure changed (so one county report is written again), on
#   - templates/county-brief.yaml over data/xinjiang (96 counties), and
#   - bench/county.yaml over the small synthetic preset (96 counties,
#     3,700 villages; bench/out/small, made by bash bench/run.sh small or
#     by this script with bench_gen).
# The three runs are interleaved (full, one change, no change, full, ...) so
# that a slow spell of the shared machine hits all three alike. Wall time
# and CPU time (user + system, the worker processes included), median of
# RUNS. Prints a Markdown table on stdout.
#
#   bash bench/incremental.sh
#
# Environment: RUNS (default 7), JOBS (default 2), PROGREP (binary; default
# build-bench/progrep, built if missing).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-7}
JOBS=${JOBS:-2}
PROGREP=${PROGREP:-$ROOT/build-bench/progrep}
BUILD=$ROOT/build-bench
say() { printf '%s\n' "$*" >&2; }

SMALL=$ROOT/bench/out/small
if [ ! -x "$PROGREP" ] || { [ ! -f "$SMALL/values.csv" ] && [ ! -x "$BUILD/bench/bench_gen" ]; }; then
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DPROGREP_TESTS=OFF >/dev/null &&
		cmake --build "$BUILD" -j2 --target progrep bench_gen >/dev/null ||
		{ say "bench: cannot build progrep"; exit 1; }
fi
if [ ! -f "$SMALL/values.csv" ]; then
	mkdir -p "$SMALL"
	"$BUILD/bench/bench_gen" --villages 3700 --years 2013-2020 --indicators 20 \
		--out "$SMALL" >&2 || { say "bench: bench_gen failed"; exit 1; }
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export SOURCE_DATE_EPOCH=1587686400

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# timed NAME DIR FLAGS...: one run of the case's config into DIR; appends
# "wall cpu" to $OUT/NAME.times and checks what it wrote against $want.
timed() {
	local name=$1 dir=$2
	shift 2
	# GNU time counts in 10 ms: too coarse for runs of 0.05 s.
	python3 -c '
import os, resource, sys, time
t = time.monotonic()
rc = os.spawnvp(os.P_WAIT, sys.argv[1], sys.argv[1:])
wall = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.4f %.4f" % (wall, ru.ru_utime + ru.ru_stime))
sys.exit(rc)' "$PROGREP" render "$OUT/case/cfg.yaml" --each county --out "$dir/{code}.pdf" \
		--jobs "$JOBS" --quiet "$@" >>"$OUT/$name.times" || say "bench: $name: render exited $?"
	local got
	got=$(grep -c '"action":"rendered"' "$dir/manifest.jsonl")
	[ "$got" = "$want" ] || say "bench: $name: $got reports rendered, expected $want"
}

# toggle: one village's registered_persons in the report year, +100 and
# back (the village with the most, so that the checks still pass).
toggle() {
	awk -F, -v OFS=, -v v="$VILLAGE" -v d="$1" \
		'$1 == v && $2 == 2019 && $3 == "registered_persons" { $4 += d } 1' \
		"$OUT/case/values.csv" >"$OUT/case/v" && mv "$OUT/case/v" "$OUT/case/values.csv"
}

# bench_case LABEL CONFIG DATA_DIR VILLAGE
bench_case() {
	local label=$1 i col
	rm -rf "$OUT/case" "$OUT"/*.times && mkdir -p "$OUT/case"
	cp "$3/regions.csv" "$3/values.csv" "$OUT/case/"
	sed -e 's|^\(  *regions:\).*|\1 regions.csv|' -e 's|^\(  *path:\).*values.csv|\1 values.csv|' \
		"$2" >"$OUT/case/cfg.yaml"
	VILLAGE=$4
	want=96 "$PROGREP" render "$OUT/case/cfg.yaml" --each county --out "$OUT/inc/{code}.pdf" \
		--quiet || say "bench: $label: first run failed"
	for i in $(seq "$RUNS"); do
		want=96 timed full "$OUT/full" --full
		toggle $((i % 2 ? 100 : -100))
		want=1 timed one "$OUT/inc" --incremental
		want=0 timed none "$OUT/inc" --incremental
	done
	want=96 "$PROGREP" render "$OUT/case/cfg.yaml" --each county --out "$OUT/full/{code}.pdf" \
		--quiet
	diff -r -x 'manifest*' -x '.*' "$OUT/full" "$OUT/inc" >/dev/null ||
		say "bench: $label: the incremental PDFs differ from the full run's"
	for col in full one none; do
		eval "${col}_wall=$(median $(cut -d' ' -f1 "$OUT/$col.times"))"
		eval "${col}_cpu=$(median $(cut -d' ' -f2 "$OUT/$col.times"))"
	done
	printf '| %s | full (96 written) | %.3f | %.3f | 1 | 1 |\n' "$label" "$full_wall" "$full_cpu"
	for col in one none; do
		eval "w=\$${col}_wall c=\$${col}_cpu"
		printf '| %s | incremental, %s | %.3f | %.3f | %.2f | %.2f |\n' "$label" \
			"$([ $col = one ] && echo '1 county changed (1 written, 95 reused)' ||
				echo 'no change (96 reused)')" "$w" "$c" \
			"$(echo "$w / $full_wall" | bc -l)" "$(echo "$c / $full_cpu" | bc -l)"
	done
}

echo "| data | run | wall s | CPU s | wall / full | CPU / full |"
echo "|---|---|---:|---:|---:|---:|"
bench_case "county-brief, data/xinjiang" "$ROOT/templates/county-brief.yaml" \
	"$ROOT/data/xinjiang" 653224101
bench_case "bench/county.yaml, small" "$ROOT/bench/county.yaml" "$SMALL" \
	"$(awk -F, '$2 == 2019 && $3 == "registered_persons" && $4 + 0 > m { m = $4 + 0; v = $1 }
		END { print v }' "$SMALL/values.csv")"
