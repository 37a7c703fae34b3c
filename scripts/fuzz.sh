#!/usr/bin/env bash
# Build the libFuzzer targets with clang in build-fuzz and run each for
# SECONDS (default 60), two at a time (docs/fuzzing.md):
#   bash scripts/fuzz.sh 600            every target, ten minutes each
#   bash scripts/fuzz.sh 600 expr csv   only these
#   bash scripts/fuzz.sh 0              build and replay the corpora only
# New inputs go to build-fuzz/corpus/TARGET (seeded from tests/fuzz/corpus);
# a crash is written as build-fuzz/crash-TARGET-*: fix it, then copy the
# input into tests/fuzz/corpus/TARGET/ so ctest replays it for ever.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config csv expr pipeline xlsx)

CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROGREP_WERROR=ON \
	-DPROGREP_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
(cd build-fuzz && ctest --output-on-failure -R "^fuzz/($(IFS='|'; echo "${targets[*]}"))\$")
[ "$secs" -gt 0 ] || exit 0

run() {
	local t=$1
	mkdir -p "build-fuzz/corpus/$t"
	echo "fuzz: $t for ${secs}s (log build-fuzz/fuzz-$t.log)" >&2
	"build-fuzz/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-max_len=8192 -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$t-" \
		"build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" >"build-fuzz/fuzz-$t.log" 2>&1
}

failed=0
i=0
while [ $i -lt ${#targets[@]} ]; do
	pids=()
	for t in "${targets[@]:$i:2}"; do
		run "$t" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || failed=1
	done
	i=$((i + 2))
done
for t in "${targets[@]}"; do
	grep -E '^(stat::number_of_executed_units|Done)' "build-fuzz/fuzz-$t.log" | sed "s/^/$t: /" || true
done
if [ $failed -ne 0 ] || ls build-fuzz/crash-* >/dev/null 2>&1; then
	echo "fuzz: crashes found: $(ls build-fuzz/crash-* 2>/dev/null | tr '\n' ' ')" >&2
	exit 1
fi
