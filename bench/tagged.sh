#!/usr/bin/env bash
# What tagging and object streams cost the sample (bench/README.md
# "Tagged PDF by default"): size, callgrind instructions and perf stat
# task-clock of one render, for an older binary against this one.
#
#   bash bench/tagged.sh OLD_PROGREP [NEW_PROGREP] [ROUNDS]
#
# OLD renders templates/xinjiang-2019.yaml as an older tree shipped it
# (untagged, no PDF/A; pass that tree's binary); NEW (default build/progrep)
# renders it untagged (`pdf: {tagged: false}`), tagged without a
# standard, and as shipped (tagged, PDF/A-2b). Instructions: one
# callgrind run each (they do not vary). Time: ROUNDS (default 5) rounds
# of `perf stat -r 10`, interleaved, median and minimum of the rounds'
# means; on a shared machine only the minimum means much.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OLD=$1
NEW=${2:-$ROOT/build/progrep}
ROUNDS=${3:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

sed "s#\.\./data/#$ROOT/data/#" "$ROOT/templates/xinjiang-2019.yaml" >"$T/ship.yaml"
# the template without its pdf: entry, as the older tree had it
sed -e '/^pdf:$/d' -e '/^  standard: a-2b$/d' "$T/ship.yaml" >"$T/none.yaml"
{ cat "$T/none.yaml"; printf 'pdf:\n  tagged: false\n'; } >"$T/untagged.yaml"
runs=("old $OLD none" "untagged $NEW untagged" "tagged $NEW none" "shipped $NEW ship")

printf '| | bytes | instructions | ratio | task-clock ms median | min | ratio (min) |\n'
printf '|---|---|---|---|---|---|---|\n'
for r in "${runs[@]}"; do
	set -- $r
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$2" render "$T/$3.yaml" \
		-o "$T/$1.pdf" 2>"$T/$1.cg" >/dev/null
	sed -n 's/.*Collected : //p' "$T/$1.cg" >"$T/$1.ir"
done
for ((k = 0; k < ROUNDS; k++)); do
	for r in "${runs[@]}"; do
		set -- $r
		perf stat -r 10 -x, -e task-clock "$2" render "$T/$3.yaml" -o "$T/p.pdf" 2>&1 \
			>/dev/null | awk -F, '/task-clock/ { print $1 }' >>"$T/$1.ms"
	done
done
base_ir=$(cat "$T/old.ir")
base_ms=$(sort -n "$T/old.ms" | head -1)
for r in "${runs[@]}"; do
	set -- $r
	ir=$(cat "$T/$1.ir")
	med=$(sort -n "$T/$1.ms" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	min=$(sort -n "$T/$1.ms" | head -1)
	printf '| %s | %s | %s | %.3f | %s | %s | %.2f |\n' "$1" "$(stat -c %s "$T/$1.pdf")" "$ir" \
		"$(echo "$ir / $base_ir" | bc -l)" "$med" "$min" "$(echo "$min / $base_ms" | bc -l)"
done
