#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster (tests/pg/pg.bash) and print the
# line to export its connection string:
#   eval "$(bash tests/pg/start.sh)"      ... PROGREP_PG is set
#   bash tests/pg/stop.sh "$PROGREP_PG_DIR"
set -euo pipefail
source "$(dirname "$0")/pg.bash"
pg_start "${1:-}"
printf 'export PROGREP_PG=%q PROGREP_PG_DIR=%q\n' "$PG_CONNINFO" "$PG_DIR"
