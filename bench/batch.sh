#!/usr/bin/env bash
# Batch benchmark: every county report (bench/county.yaml, 2-3 pages) of the
# small preset (96 counties over 3,700 villages) with `progrep render --each county`, with
# --jobs 1 and --jobs 2; total time (data loading included), time per
# report, total size. Target (issue 5): under 0.3 s on 2 cores, under 2.5 MB.
#
#   bash bench/batch.sh            (needs bench/out/small: bash bench/run.sh small)
#
# Environment: RUNS (default 3, the median is reported), PROGREP (binary;
# default build-bench/progrep, built if missing).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
CFG=$ROOT/bench/out/small/county.yaml
PROGREP=${PROGREP:-$ROOT/build-bench/progrep}
say() { printf '%s\n' "$*" >&2; }

[ -f "$ROOT/bench/out/small/values.csv" ] ||
	{ say "bench: bench/out/small missing: run bash bench/run.sh small first"; exit 1; }
# The county report (2-3 pages each) beside the data, as run.sh does with
# synthetic.yaml.
cp "$ROOT/bench/county.yaml" "$CFG"
if [ ! -x "$PROGREP" ]; then
	cmake -S "$ROOT" -B "$ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DPROGREP_TESTS=OFF >/dev/null &&
		cmake --build "$ROOT/build-bench" -j2 --target progrep >/dev/null ||
		{ say "bench: cannot build progrep"; exit 1; }
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "| jobs | reports | pages | total s (median of $RUNS) | ms per report | total size | per report |"
echo "|-----:|--------:|------:|------:|------:|------:|------:|"
for jobs in 1 2; do
	times=()
	for _ in $(seq "$RUNS"); do
		rm -rf "$OUT/r"
		s=$(date +%s.%N)
		"$PROGREP" render "$CFG" --each county --out "$OUT/r/{code}.pdf" --jobs "$jobs" \
			--quiet || say "bench: render exited $?"
		e=$(date +%s.%N)
		times+=("$(echo "$e - $s" | bc -l)")
	done
	t=$(median "${times[@]}")
	n=$(ls "$OUT"/r/*.pdf | wc -l)
	bytes=$(cat "$OUT"/r/*.pdf | wc -c)
	pages=$(awk -F'"pages":' '{ split($2, a, ","); p += a[1] } END { print p }' "$OUT/r/manifest.jsonl")
	printf '| %d | %d | %d | %.3f | %.1f | %.2f MB | %.1f KB |\n' "$jobs" "$n" "$pages" "$t" \
		"$(echo "$t * 1000 / $n" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)" \
		"$(echo "$bytes / 1024 / $n" | bc -l)"
done
"$PROGREP" render "$CFG" --each county --out "$OUT/v/{code}.pdf" --jobs 2 --verbose 2>&1 |
	grep -E 'laid out|reports written' | sed 's/^/    /' >&2
