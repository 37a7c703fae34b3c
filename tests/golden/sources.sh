#!/usr/bin/env bash
# Database sources under hostile conditions, without a server: a malformed
# PostgreSQL connection string never shows its password (libpq echoes some
# whole into its error), in any command or output format; SQLite waits for
# a writer's lock up to busy_timeout and then fails with the runtime exit
# code; a runaway query is stopped at statement_timeout; a REAL Inf is
# refused like 1e400 in a CSV file. Needs sqlite3 and python3 (for a
# process holding a lock); the PostgreSQL time limit is in databases.sh.
source "$(dirname "$0")/lib.bash"

tpl=templates/xinjiang-2019.yaml
regions=$ROOT/data/xinjiang/regions.csv

# run_cfg NAME [progrep args after the config]: compute on NAME.yaml;
# stderr in NAME.err, the exit code in $rc.
run_cfg() {
	local name=$1
	shift
	"$PROGREP" compute "$TMP/$name.yaml" "$@" >/dev/null 2>"$TMP/$name.err"
	rc=$?
}

# expect_msg NAME TEXT: TEXT is on NAME.err.
expect_msg() {
	if grep -qF -- "$2" "$TMP/$1.err"; then pass; else
		fail "$1: no '$2' in: $(grep -m2 ': error: ' "$TMP/$1.err")"
	fi
}

# --- PostgreSQL: the password of a malformed connection string ----------
mkcfg pg <<EOF
  regions: $regions
  sources:
    - type: postgres
      env: PROGREP_PG
      query: SELECT region, period, indicator, value FROM indicator_values
EOF
variants=(
	'postgresql://u:s3cret@host:notaport/db'
	'postgresql://u:s3cret@[::1/db'
	'postgresql://u:s3cret@[::1]x/db'
	'host=x password=s3cret port=abc'
	"password='s3cret"
	'postgresql://u:s3cret@h/db?sslmode=bogus'
	'postgresql://u:s3cret@h/db?password=s3cret&x=%zz'
	'postgresql://u:s3cret@h/db?password=s3cret&sslpassword=s3cret&bogus=1'
)
for v in "${variants[@]}"; do
	for cmd in "compute" "check" "check --format json" "explain @ farmer_income" \
		"explain @ farmer_income --format json" "render --format text -o $TMP/r.txt" \
		"import @ --to $TMP/r.sqlite"; do
		# the config goes in place of @, or after the command word
		[[ $cmd == *@* ]] || cmd=${cmd/ / @ }
		[[ $cmd == *@* ]] || cmd="$cmd @"
		# shellcheck disable=SC2086
		PROGREP_PG=$v "$PROGREP" ${cmd/@/$TMP/pg.yaml} >"$TMP/pg.out" 2>"$TMP/pg.err"
		rc=$?
		if grep -q s3cret "$TMP/pg.out" "$TMP/pg.err"; then
			fail "postgres '$v', $cmd: the password is shown: $(grep -h s3cret \
				"$TMP/pg.out" "$TMP/pg.err" | head -2)"
		else
			pass
		fi
		grep -q 'cannot connect to the server' "$TMP/pg.out" "$TMP/pg.err" && pass ||
			fail "postgres '$v', $cmd: no 'cannot connect': $(head -2 "$TMP/pg.err")"
		# a source that cannot connect is a runtime failure, not the data's
		expect_eq "postgres '$v', $cmd: exit" "$rc" 3
	done
done
PROGREP_PG='postgresql://u:s3cret@[::1/db' run_cfg pg
expect_msg pg 'in URI: "postgresql://u:***@[::1/db"'

# --- SQLite -------------------------------------------------------------
"$PROGREP" import "$tpl" --to "$TMP/data.sqlite" >/dev/null 2>&1
expect_eq "import exit" "$?" 0
"$PROGREP" compute "$tpl" >"$TMP/csv.out" 2>/dev/null

sq_cfg() {
	mkcfg "$1" <<EOF
  regions: $regions
  sources:
    - type: sqlite
      path: $TMP/data.sqlite
$2
EOF
}
sq_cfg locked "      busy_timeout: 1
      query: SELECT region, period, indicator, value FROM indicator_values"
# the default busy_timeout, 5 s (SQLite's own is to fail at once)
sq_cfg waits "      query: SELECT region, period, indicator, value FROM indicator_values"

# hold SECONDS: a writer holding an exclusive lock on the database for that
# long; returns once the lock is taken.
hold() {
	python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")' "$TMP/data.sqlite" "$1" >"$TMP/hold.out" &
	holder=$!
	for _ in $(seq 100); do grep -q locked "$TMP/hold.out" && return; sleep 0.05; done
}

# a lock that outlasts busy_timeout: exit 3, the file and the limit named
hold 3
start=$(date +%s%N)
run_cfg locked
took=$((($(date +%s%N) - start) / 1000000))
wait "$holder"
expect_eq "sqlite locked past busy_timeout: exit" "$rc" 3
expect_msg locked "sqlite source '$TMP/data.sqlite': '$TMP/data.sqlite' is locked by another process: gave up after waiting 1 s (busy_timeout)"
[ "$took" -ge 900 ] && pass || fail "sqlite locked: gave up after $took ms, not 1 s"

# a lock released within busy_timeout: waited for, then a normal run
hold 1
"$PROGREP" compute "$TMP/waits.yaml" >"$TMP/waits.out" 2>"$TMP/waits.err"
rc=$?
wait "$holder"
expect_eq "sqlite lock released in time: exit" "$rc" 0
cmp -s "$TMP/csv.out" "$TMP/waits.out" && pass ||
	fail "sqlite lock released in time: output differs: $(head -3 "$TMP/waits.err")"

# a runaway query: stopped at statement_timeout, exit 3
sq_cfg runaway "      statement_timeout: 1
      query: |
        WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
        SELECT '65' AS region, '2019' AS period, 'x' AS indicator, n AS value
        FROM r WHERE n < 0"
start=$(date +%s%N)
timeout 60 "$PROGREP" compute "$TMP/runaway.yaml" >/dev/null 2>"$TMP/runaway.err"
rc=$?
took=$((($(date +%s%N) - start) / 1000000))
expect_eq "sqlite runaway query: exit" "$rc" 3
expect_msg runaway "sqlite source '$TMP/data.sqlite': the query ran longer than the time limit of 1 s and was stopped (statement_timeout)"
[ "$took" -lt 10000 ] && pass || fail "sqlite runaway query: stopped after $took ms"

# Inf from a REAL that overflowed: refused like 1e400 in a CSV file (exit 1)
sq_cfg inf "      query: |
        SELECT region, period, indicator,
          CASE WHEN region = '65' AND period = '2019' AND indicator = 'farmer_income'
          THEN -1e999 ELSE value END AS value FROM indicator_values"
run_cfg inf
expect_eq "sqlite -Inf: exit" "$rc" 1
expect_msg inf "value '-Inf' is too large for a number (beyond 1.8e308)"
sq_cfg pinf "      query: SELECT region, period, indicator, value * 1e308 * 10 AS value FROM indicator_values"
run_cfg pinf
expect_eq "sqlite Inf: exit" "$rc" 1
expect_msg pinf "value 'Inf' is too large for a number (beyond 1.8e308)"

# the limits are checked like every number of the config
sq_cfg badlimit "      busy_timeout: -1
      statement_timeout: 1e9
      query: SELECT region, period, indicator, value FROM indicator_values"
run_cfg badlimit
expect_eq "sqlite bad limits: exit" "$rc" 1
expect_eq "sqlite bad limits: errors" "$(grep -c ': error: .*_timeout' "$TMP/badlimit.err")" 2
finish
