# A throwaway PostgreSQL cluster for tests and benchmarks: source this file.
#
#   pg_start [DIR]   initdb + start a server in DIR (default: a new temp
#                    dir), unix socket in DIR only (listen_addresses=''),
#                    trust authentication, superuser "progrep", database
#                    "progrep". Sets PG_DIR, PG_BIN, PG_CONNINFO
#                    ("host=DIR port=PORT user=progrep dbname=progrep").
#   pg_psql ARGS...  psql on that cluster (ON_ERROR_STOP, quiet).
#   pg_stop          stop the server and remove DIR.
#
# initdb refuses to run as root: as root, the cluster belongs to the user
# "nobody" (runuser); otherwise to the current user. Nothing is installed
# here: scripts/deps.sh installs Debian's postgresql package.

PG_PORT=${PG_PORT:-54329}

pg_find_bin() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# Run a server-side command as the cluster's owner.
pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	PG_BIN=$(pg_find_bin) || {
		echo "pg: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin" \
			"(run scripts/deps.sh: Debian package postgresql)" >&2
		return 1
	}
	PG_DIR=${1:-$(mktemp -d /tmp/progrep-pg.XXXXXX)}
	mkdir -p "$PG_DIR"
	chmod 755 "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR"
	if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U progrep --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
		echo "pg: initdb failed:" >&2
		tail -n 5 "$PG_DIR/initdb.log" >&2
		return 1
	fi
	if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-k $PG_DIR -p $PG_PORT -c listen_addresses='' -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1; then
		echo "pg: the server did not start:" >&2
		tail -n 5 "$PG_DIR/server.log" >&2
		return 1
	fi
	PG_CONNINFO="host=$PG_DIR port=$PG_PORT user=progrep dbname=progrep"
	pg_psql -d "host=$PG_DIR port=$PG_PORT user=progrep dbname=postgres" \
		-c "CREATE DATABASE progrep" >/dev/null
}

pg_psql() {
	if [ "${1:-}" = "-d" ]; then
		local conn=$2
		shift 2
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$conn" "$@"
	else
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$PG_CONNINFO" "$@"
	fi
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	if [ -f "$PG_DIR/data/postmaster.pid" ]; then
		pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$PG_DIR"
	PG_DIR=
}

# The long CSV and the regions CSV into tables regions and indicator_values
# (the schema of docs/data.md), with COPY through psql (client side).
pg_load_csv() {
	local regions=$1 values=$2
	pg_psql <<SQL
CREATE TABLE regions (code text PRIMARY KEY, name text NOT NULL, parent text,
	level text NOT NULL, ord serial);
CREATE TABLE indicator_values (region text NOT NULL, period text NOT NULL,
	indicator text NOT NULL, value double precision,
	PRIMARY KEY (region, period, indicator));
\\copy regions (code, name, parent, level) FROM '$regions' WITH (FORMAT csv, HEADER true)
\\copy indicator_values FROM '$values' WITH (FORMAT csv, HEADER true)
ANALYZE;
SQL
}
