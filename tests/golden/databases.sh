#!/usr/bin/env bash
# Data from databases, with real servers: `progrep import` writes the
# sample into SQLite; a throwaway PostgreSQL cluster (tests/pg/pg.bash, as a
# non-root user, socket in a temporary folder) gets the sample by COPY; then
# `compute` on the CSV, wide CSV, SQLite and PostgreSQL configs must give
# byte-identical output. Then the errors: variable unset, server
# unreachable, bad query, wrong column types, a value given by two sources.
# Installs nothing: scripts/deps.sh installs sqlite3 and postgresql.
source "$(dirname "$0")/lib.bash"
source tests/pg/pg.bash
trap 'pg_stop; rm -rf "$TMP"' EXIT
export PG_PORT=$((54000 + $$ % 1000))

tpl=templates/xinjiang-2019.yaml
regions=$ROOT/data/xinjiang/regions.csv
values=$ROOT/data/xinjiang/values.csv

# first_error NAME: the message of the first error of compute on NAME.yaml
first_error() {
	"$PROGREP" compute "$TMP/$1.yaml" 2>&1 >/dev/null | grep -m1 ': error: ' |
		sed 's/^.*: error: //'
}

# compute_same NAME: compute on NAME.yaml equals compute on the CSV config.
compute_same() {
	"$PROGREP" compute "$TMP/$1.yaml" >"$TMP/$1.out" 2>"$TMP/$1.err"
	expect_eq "$1: compute exit" "$?" 0
	if cmp -s "$TMP/csv.out" "$TMP/$1.out"; then pass; else
		fail "$1: output differs from the CSV config's"
		diff "$TMP/csv.out" "$TMP/$1.out" | head -5 >&2
		head -5 "$TMP/$1.err" >&2
	fi
}

mkcfg csv <<EOF
  regions: $regions
  sources:
    - type: csv
      path: $values
EOF
"$PROGREP" compute "$TMP/csv.yaml" >"$TMP/csv.out" 2>/dev/null
expect_eq "csv: compute exit" "$?" 0
expect_eq "csv: rows" "$(wc -l <"$TMP/csv.out")" "$(
	"$PROGREP" compute "$tpl" 2>/dev/null | wc -l)"

# --- SQLite -----------------------------------------------------------
"$PROGREP" import "$tpl" --to "$TMP/data.sqlite" >"$TMP/import.out" 2>"$TMP/import.err"
expect_eq "import exit" "$?" 0
grep -q "^      path: $TMP/data.sqlite\$" "$TMP/import.out" && pass ||
	fail "import: no config snippet with the database path"
expect_eq "import: tables" "$(sqlite3 "$TMP/data.sqlite" \
	"SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master
	 WHERE name NOT LIKE 'sqlite%' ORDER BY name)")" \
	"indicator_values indicator_values_by_indicator regions regions_by_parent"
expect_eq "import: values" "$(sqlite3 "$TMP/data.sqlite" \
	"SELECT count(*) FROM indicator_values")" "$(awk -F, 'NR > 1 && $4 != ""' "$values" | wc -l)"
expect_eq "import: regions" "$(sqlite3 "$TMP/data.sqlite" "SELECT count(*) FROM regions")" \
	"$(($(wc -l <"$regions") - 1))"
ls -A "$TMP" | grep -q '^\..*\.[A-Za-z0-9]\{6\}$' && fail "import left a temporary file" || pass

# the snippet import printed, as it is
{ sed -n '/^data:/,$p' "$TMP/import.out" | tail -n +2; } | mkcfg sqlite
compute_same sqlite

mkcfg sqlite_period <<EOF
  regions: $regions
  sources:
    - type: sqlite
      path: $TMP/data.sqlite
      query: SELECT region, period, indicator, value FROM indicator_values WHERE period <= :period
EOF
compute_same sqlite_period
# --period is what :period binds, not the config's report period (2019):
# with "period = :period" only that period is loaded, so --period 2017
# works only if it was bound; latest is refused rather than bound to 2019
mkcfg sqlite_one <<EOF
  regions: $regions
  sources:
    - type: sqlite
      path: $TMP/data.sqlite
      query: SELECT region, period, indicator, value FROM indicator_values WHERE period = :period
EOF
# without the template's checks, which state 2019 figures
awk '/^checks:/ { skip = 1; next } skip && /^[a-z]/ { skip = 0 } !skip' \
	"$TMP/sqlite_one.yaml" >"$TMP/one.yaml" && mv "$TMP/one.yaml" "$TMP/sqlite_one.yaml"
"$PROGREP" compute "$TMP/sqlite_one.yaml" --period 2017 >"$TMP/p17.out" 2>"$TMP/p17.err"
expect_eq "sqlite :period from --period: exit" "$?" 0
expect_eq "sqlite :period from --period: periods" \
	"$(cut -d, -f4 "$TMP/p17.out" | sort -u | tr '\n' ' ')" "2017 period "
"$PROGREP" compute "$TMP/sqlite_period.yaml" --period latest >/dev/null 2>"$TMP/plat.err"
expect_eq "sqlite :period with --period latest: exit" "$?" 1
grep -q "the query uses \$period, which --period latest cannot fill" "$TMP/plat.err" && pass ||
	fail "--period latest with :period: $(cat "$TMP/plat.err")"

# a failed import leaves nothing behind
"$PROGREP" import "$tpl" --to "$TMP/no/such/dir/x.sqlite" >/dev/null 2>"$TMP/err"
expect_eq "import to a missing folder: exit" "$?" 3
cp "$tpl" "$TMP/broken.yaml"
sed -i 's/^levels: .*/levels: [region, prefecture, county]/' "$TMP/broken.yaml"
sed -i "s|\.\./data/xinjiang/|$ROOT/data/xinjiang/|" "$TMP/broken.yaml"
"$PROGREP" import "$TMP/broken.yaml" --to "$TMP/broken.sqlite" >/dev/null 2>&1
expect_eq "import of bad data: exit" "$?" 1
[ -e "$TMP/broken.sqlite" ] && fail "import of bad data wrote a database" || pass

# --- wide CSV: one column per indicator -------------------------------
awk -F, 'NR == 1 { next }
	{ key = $1 "," $2; if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
	  if (!($3 in ind)) { ind[$3] = 1; inds[++ni] = $3 }
	  v[key, $3] = $4 }
	END { printf "code,year"; for (i = 1; i <= ni; i++) printf ",%s", inds[i]; print ""
	      for (k = 1; k <= nk; k++) { printf "%s", keys[k]
	        for (i = 1; i <= ni; i++) printf ",%s", v[keys[k], inds[i]]; print "" } }' \
	"$values" >"$TMP/wide.csv"
mkcfg wide <<EOF
  regions: $regions
  sources:
    - type: csv
      format: wide
      key: code
      period: year
      path: $TMP/wide.csv
EOF
compute_same wide

# --- PostgreSQL ---------------------------------------------------------
# its own folder: the cluster's owner cannot enter $TMP (mode 700, root)
if ! pg_start; then
	fail "postgres: cannot start a throwaway cluster (see above)"
	finish
	exit
fi
pg_load_csv "$regions" "$values" >"$TMP/pg-load.log" 2>&1
expect_eq "postgres: load the sample" "$?" 0
export PROGREP_PG="$PG_CONNINFO"

mkcfg pg <<EOF
  regions: $regions
  sources:
    - type: postgres
      env: PROGREP_PG
      query: SELECT region, period, indicator, value FROM indicator_values
EOF
compute_same pg

mkcfg pg_regions <<EOF
  sources:
    - type: postgres
      env: PROGREP_PG
      regions_query: SELECT code, name, parent, level FROM regions ORDER BY ord
      query: |
        SELECT region, period, indicator, value::numeric AS value
        FROM indicator_values WHERE period <= \$period -- '\$x' and :period in a comment
EOF
compute_same pg_regions

# errors
pg_cfg() {
	mkcfg "$1" <<EOF
  regions: $regions
  sources:
    - type: postgres
      env: PROGREP_PG
      query: $2
EOF
}
pg_cfg pg_types "SELECT region, period, indicator, value::text AS value FROM indicator_values"
expect_eq "postgres: value column of type text" "$(first_error pg_types)" \
	"postgres source '\$PROGREP_PG': column 'value' of the query has type 'text'; expected a number (smallint, integer, bigint, real, double precision or numeric)"
pg_cfg pg_cols "SELECT region, period, value FROM indicator_values"
expect_eq "postgres: missing column" "$(first_error pg_cols)" \
	"postgres source '\$PROGREP_PG': the query must yield the columns region, period, indicator, value (got: region, period, value)"
pg_cfg pg_bad "SELECT region, period, indicator, value FROM no_such_table"
expect_eq "postgres: bad query" "$(first_error pg_bad)" \
	"postgres source '\$PROGREP_PG': the query failed: relation \"no_such_table\" does not exist"
pg_cfg pg_param "SELECT region, period, indicator, value FROM indicator_values WHERE period = \$name"
expect_eq "postgres: unknown parameter" "$(first_error pg_param)" \
	"postgres source '\$PROGREP_PG': unknown parameter '\$name' in the query (the only one is \$period, the report period)"
expect_eq "postgres: variable unset" "$(env -u PROGREP_PG "$PROGREP" compute "$TMP/pg.yaml" 2>&1 |
	grep -m1 ': error: ' | sed 's/^.*: error: //')" \
	"postgres source '\$PROGREP_PG': the environment variable 'PROGREP_PG' is not set; it must hold the connection string (e.g. host=/run/postgresql dbname=reports)"
expect_eq "postgres: server unreachable" "$(PROGREP_PG="host=$TMP/nothing port=5432 dbname=x" \
	"$PROGREP" compute "$TMP/pg.yaml" 2>&1 | grep -m1 ': error: ' | sed 's/^.*: error: //')" \
	"postgres source '\$PROGREP_PG': cannot connect to the server: connection to server on socket \"$TMP/nothing/.s.PGSQL.5432\" failed: No such file or directory; Is the server running locally and accepting connections on that socket?"
# the machine's failure, not the data's: the runtime exit code
PROGREP_PG="host=$TMP/nothing dbname=x" "$PROGREP" compute "$TMP/pg.yaml" >/dev/null 2>&1
expect_eq "postgres: server unreachable: exit" "$?" 3
# a query running past statement_timeout is stopped by the server: exit 3
mkcfg pg_slow <<EOF
  regions: $regions
  sources:
    - type: postgres
      env: PROGREP_PG
      statement_timeout: 1
      query: SELECT region, period, indicator, value FROM indicator_values, pg_sleep(5)
EOF
start=$(date +%s%N)
"$PROGREP" compute "$TMP/pg_slow.yaml" >/dev/null 2>"$TMP/pg_slow.err"
expect_eq "postgres: statement_timeout: exit" "$?" 3
took=$((($(date +%s%N) - start) / 1000000))
[ "$took" -lt 4000 ] && pass || fail "postgres: statement_timeout: stopped after $took ms"
expect_eq "postgres: statement_timeout" "$(grep -m1 ': error: ' "$TMP/pg_slow.err" |
	sed 's/^.*: error: //')" \
	"postgres source '\$PROGREP_PG': the query ran longer than the time limit of 1 s and was stopped (statement_timeout)"
# and within it, the same query runs
sed -i 's/statement_timeout: 1$/statement_timeout: 30/; s/pg_sleep(5)/pg_sleep(0.5)/' \
	"$TMP/pg_slow.yaml"
"$PROGREP" compute "$TMP/pg_slow.yaml" >"$TMP/pg_slow.out" 2>"$TMP/pg_slow.err"
expect_eq "postgres: within statement_timeout: exit" "$?" 0
mkcfg pg_secret <<EOF
  regions: $regions
  sources:
    - type: postgres
      env: PROGREP_PG
      dsn: host=localhost password=secret
      query: SELECT region, period, indicator, value FROM indicator_values
EOF
expect_eq "postgres: no connection string in the config" "$(first_error pg_secret)" \
	"'dsn' is not allowed in the config: put the connection string in an environment variable and name it with 'env: VARIABLE'"

# a value given by two sources names both (byte order: the cluster is C.UTF-8)
mkcfg twice <<EOF
  regions: $regions
  sources:
    - type: sqlite
      path: $TMP/data.sqlite
      query: SELECT region, period, indicator, value FROM indicator_values WHERE region = '6501'
    - type: postgres
      env: PROGREP_PG
      query: SELECT * FROM indicator_values ORDER BY region DESC, period, indicator
EOF
row=$(pg_psql -At -c "SELECT count(*) + 1 FROM indicator_values WHERE region > '6501'")
first=$(sqlite3 -separator "', period '" "$TMP/data.sqlite" "SELECT indicator, period
	FROM indicator_values WHERE region = '6501' ORDER BY period, indicator LIMIT 1")
expect_eq "two sources: both named" "$(first_error twice)" \
	"postgres source '\$PROGREP_PG', row $row: value for indicator '${first%%\'*}', region '6501', period '${first##*\'}' is given twice: by sqlite source '$TMP/data.sqlite' and by postgres source '\$PROGREP_PG'"

# sqlite errors
mkcfg sq_types <<EOF
  regions: $regions
  sources:
    - type: sqlite
      path: $TMP/data.sqlite
      query: SELECT region, period, indicator, 'many' AS value FROM indicator_values
EOF
expect_eq "sqlite: text value" "$(first_error sq_types)" \
	"sqlite source '$TMP/data.sqlite', row 1: value 'many' is not a number"
mkcfg sq_missing <<EOF
  regions: $regions
  sources:
    - type: sqlite
      path: $TMP/none.sqlite
      query: SELECT region, period, indicator, value FROM indicator_values
EOF
expect_eq "sqlite: missing file" "$(first_error sq_missing)" \
	"sqlite source '$TMP/none.sqlite': cannot open '$TMP/none.sqlite': unable to open database file"
finish
