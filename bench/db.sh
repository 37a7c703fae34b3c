#!/usr/bin/env bash
# Benchmark: the same data loaded from CSV, SQLite and PostgreSQL.
#
#   bash bench/db.sh [small|large]        (default: large, 100,000 villages)
#
# Environment: RUNS (timed runs per measurement, default 1: the large case
# moves 16 million rows per run), BUILD (default build-bench), PROGREP.
#
# Uses bench/out/<preset>/ (made by bench/run.sh, or generated here the same
# way with bench_gen), then:
#   1. `progrep import synthetic.yaml --to data.sqlite` (timed);
#   2. a throwaway PostgreSQL cluster (tests/pg/pg.bash), values.csv loaded
#      with COPY into indicator_values (timed; no index: the query reads all);
#   3. `progrep compute --format csv` on three configs that differ only in
#      data.sources (regions from regions.csv in all three): wall time and
#      peak RSS of progrep (the PostgreSQL server's memory is not included).
# The three outputs must be identical; the script says so. Prints a Markdown
# table for the "Databases" section of bench/README.md.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
RUNS=${RUNS:-1}
PRESET=${1:-large}
case "$PRESET" in
small) VILLAGES=3700 ;;
large) VILLAGES=100000 ;;
*) echo "usage: bash bench/db.sh [small|large]" >&2; exit 2 ;;
esac
DIR=$ROOT/bench/out/$PRESET

say() { printf '%s\n' "$*" >&2; }
ms_to_s() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

[ -x /usr/bin/time ] || apt-get install -y time >/dev/null 2>&1 ||
	{ say "bench: GNU time (/usr/bin/time) is missing"; exit 1; }

build() {
	say "bench: building release binaries in $BUILD"
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DPROGREP_TESTS=OFF >/dev/null &&
		cmake --build "$BUILD" -j2 --target bench_gen progrep >/dev/null ||
		{ say "bench: build failed"; exit 1; }
	PROGREP=${PROGREP:-$BUILD/progrep}
}

generate() {
	local args="--villages $VILLAGES --years 2013-2020 --indicators 20"
	mkdir -p "$DIR"
	if [ -s "$DIR/values.csv" ] && [ "$(cat "$DIR/.genargs" 2>/dev/null)" = "$args" ]; then
		say "bench: $PRESET: using existing data in $DIR"
	else
		# shellcheck disable=SC2086
		"$BUILD/bench/bench_gen" $args --out "$DIR" >&2 || { say "bench: bench_gen failed"; exit 1; }
		echo "$args" >"$DIR/.genargs"
	fi
	cp "$ROOT/bench/synthetic.yaml" "$DIR/synthetic.yaml"
}

# config NAME: synthetic.yaml with its data: block replaced by stdin.
config() {
	local block
	block=$(cat)
	awk -v block="$block" '
		/^data:/ { print "data:"; print block; skip = 1; next }
		skip && /^[a-z]/ { skip = 0 }
		!skip { print }' "$DIR/synthetic.yaml" >"$DIR/$1.yaml"
}

# timed NAME CMD...: one run; sets T_WALL (s) and T_RSS (MB).
timed() {
	local name=$1 t0 t1 tf rc
	shift
	tf=$(mktemp)
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$tf" "$@" >/dev/null 2>"$tf.err"
	rc=$?
	t1=$(date +%s%N)
	if [ $rc -ne 0 ]; then
		say "bench: $name failed (exit $rc): $(head -n 3 "$tf.err")"
		rm -f "$tf" "$tf.err"
		return 1
	fi
	T_WALL=$(((t1 - t0) / 1000000))
	T_RSS=$(tail -n 1 "$tf")
	rm -f "$tf" "$tf.err"
}

# measure NAME CMD...: RUNS runs, medians in M_WALL (s) and M_RSS (MB).
measure() {
	local name=$1 i walls="" rsss=""
	shift
	for ((i = 1; i <= RUNS; i++)); do
		timed "$name" "$@" || return 1
		say "bench:   $name run $i: $(ms_to_s "$T_WALL") s, $T_RSS KB"
		walls+="$T_WALL"$'\n'
		rsss+="$T_RSS"$'\n'
	done
	M_WALL=$(ms_to_s "$(printf '%s' "$walls" | median)")
	M_RSS=$(printf '%s' "$rsss" | median | awk '{ printf "%.1f", $1 / 1024 }')
}

ROWS=""
row() { ROWS+="| $PRESET | $1 | $2 | $3 | $4 |"$'\n'; }

build
generate
NVALUES=$(($(wc -l <"$DIR/values.csv") - 1))
say "bench: $PRESET: $NVALUES values"

config db-csv <<EOF
  regions: regions.csv
  sources:
    - type: csv
      path: values.csv
EOF
config db-sqlite <<EOF
  regions: regions.csv
  sources:
    - type: sqlite
      path: data.sqlite
      query: SELECT region, period, indicator, value FROM indicator_values
EOF
config db-pg <<EOF
  regions: regions.csv
  sources:
    - type: postgres
      env: PROGREP_PG
      query: SELECT region, period, indicator, value FROM indicator_values
EOF

cat "$DIR/regions.csv" "$DIR/values.csv" >/dev/null # warm the page cache
rm -f "$DIR/data.sqlite"
timed import "$PROGREP" import "$DIR/db-csv.yaml" --to "$DIR/data.sqlite" || exit 1
row "progrep import (CSV -> SQLite, $(awk -v b="$(stat -c %s "$DIR/data.sqlite")" \
	'BEGIN { printf "%.0f MB", b / 1e6 }'))" "$(ms_to_s "$T_WALL")" \
	"$(awk -v k="$T_RSS" 'BEGIN { printf "%.1f", k / 1024 }')" "-"

source "$ROOT/tests/pg/pg.bash"
trap 'pg_stop' EXIT
pg_start || exit 1
t0=$(date +%s%N)
pg_psql <<SQL || { say "bench: loading PostgreSQL failed"; exit 1; }
CREATE TABLE indicator_values (region text NOT NULL, period text NOT NULL,
	indicator text NOT NULL, value double precision);
\\copy indicator_values FROM '$DIR/values.csv' WITH (FORMAT csv, HEADER true)
VACUUM ANALYZE indicator_values;
SQL
t1=$(date +%s%N)
row "PostgreSQL: COPY values.csv into a table (psql)" "$(ms_to_s $(((t1 - t0) / 1000000)))" \
	"-" "-"
export PROGREP_PG="$PG_CONNINFO"

same="identical"
for src in csv sqlite pg; do
	"$PROGREP" compute "$DIR/db-$src.yaml" --format csv >"$DIR/db-$src.out" 2>/dev/null ||
		{ say "bench: compute on $src failed"; exit 1; }
	[ "$src" = csv ] || cmp -s "$DIR/db-csv.out" "$DIR/db-$src.out" || same="DIFFERENT"
	measure "compute ($src)" "$PROGREP" compute "$DIR/db-$src.yaml" --format csv || exit 1
	[ "$src" = csv ] && cw=$M_WALL cr=$M_RSS
	case $src in
	csv) what="progrep compute, values from CSV" ;;
	sqlite) what="progrep compute, values from SQLite" ;;
	pg) what="progrep compute, values from PostgreSQL (unix socket)" ;;
	esac
	row "$what" "$M_WALL" "$M_RSS" "$(awk -v a="$M_WALL" -v b="$cw" -v c="$M_RSS" -v d="$cr" \
		'BEGIN { printf "%.1fx / %.1fx", a / b, c / d }')"
done
rm -f "$DIR"/db-*.out
say "bench: the three outputs are $same"

echo
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS run(s) each, warm page cache; $NVALUES values; outputs $same."
echo
echo "| preset | what | wall s | peak RSS MB | vs CSV (wall / RSS) |"
echo "|---|---|---:|---:|---:|"
printf '%s' "$ROWS"
