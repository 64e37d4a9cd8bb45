#!/usr/bin/env bash
# Stops and removes a cluster made by start-throwaway.sh.
set -u
DIR=$1
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1
else "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1; fi
rm -rf "$DIR"
