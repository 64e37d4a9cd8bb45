#!/usr/bin/env bash
# Restarts a cluster made by start-throwaway.sh (a fast, clean shutdown, then the same settings again): the fault
# tests' "PostgreSQL restarted under the app".
set -euo pipefail
DIR=$1
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
RUN_AS=()
[ "$(id -u)" = 0 ] && RUN_AS=(runuser -u postgres --)
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -m fast -w restart >/dev/null
