#!/usr/bin/env bash
# rank() over very many siblings: one county with N villages (default
# 1,000,000; SIBLINGS=250000 for the case of issue 15), 2 years, one base
# indicator and its rank among siblings. `progrep check` evaluates rank at
# every village and year; with the sorted-siblings memo (core/engine/
# expr_eval.c) that is O(n log n). Before it, 250,000 siblings took 110 s.
# Prints the wall time of `check` and its peak RSS.
#   bash bench/rank.sh [PROGREP]
set -euo pipefail
cd "$(dirname "$0")/.."
PROGREP=${1:-build/progrep}
N=${SIBLINGS:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk -v n="$N" 'BEGIN {
	print "code,name,parent,level" > "'"$dir"'/regions.csv"
	print "65,R,,region" > "'"$dir"'/regions.csv"
	print "6501,C,65,county" > "'"$dir"'/regions.csv"
	print "region,period,indicator,value" > "'"$dir"'/values.csv"
	s = 12345
	for (i = 0; i < n; i++) {
		code = sprintf("65019%07d", i)
		printf "%s,v%d,6501,village\n", code, i > "'"$dir"'/regions.csv"
		for (y = 2019; y <= 2020; y++) {
			s = (s * 1103515245 + 12345) % 2147483648
			printf "%s,%d,persons,%d\n", code, y, s % 5000 > "'"$dir"'/values.csv"
		}
	}
}'
cat >"$dir/rank.yaml" <<'YAML'
report:
  title: rank benchmark
  region: "65"
  period: 2020
levels: [region, county, village]
data:
  regions: regions.csv
  sources:
    - type: csv
      path: values.csv
indicators:
  persons:
    name: 人数
    unit: 人
    rollup: sum
  persons_rank:
    name: 人数排名
    formula: rank(persons)
sections: []
YAML
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$dir/rss" "$PROGREP" check "$dir/rank.yaml" >/dev/null
end=$(date +%s.%N)
printf 'rank over %d siblings x 2 years: progrep check %.2f s wall, peak RSS %d MB\n' \
	"$N" "$(echo "$end - $start" | bc)" "$(($(cat "$dir/rss") / 1024))"
