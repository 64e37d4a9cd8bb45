#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 + PostGIS cluster on a free local port and prints its URL.
# Used by the test command when TEST_DATABASE_URL is not given. Stop it with tests/pg/stop-throwaway.sh DIR.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql postgresql-15-postgis-3)" >&2; exit 1; }
DIR=${1:-$(mktemp -d /tmp/onemap-pg.XXXXXX)}
PORT=${PGPORT_TEST:-$(( 20000 + RANDOM % 20000 ))}
RUN_AS=()
if [ "$(id -u)" = 0 ]; then chown -R postgres "$DIR"; RUN_AS=(runuser -u postgres --); fi
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U onemap --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
echo "postgres://onemap@127.0.0.1:$PORT/postgres"
