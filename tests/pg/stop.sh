#!/usr/bin/env bash
# Stop the cluster that tests/pg/start.sh started in DIR and remove DIR.
set -euo pipefail
source "$(dirname "$0")/pg.bash"
PG_DIR=${1:?usage: bash tests/pg/stop.sh DIR}
PG_BIN=$(pg_find_bin)
pg_stop
