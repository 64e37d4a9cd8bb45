#!/usr/bin/env bash
# Every test, in order: lint, formatting, typecheck, unit + integration (both database dialects), production build, e2e.
# Starts a throw-away PostgreSQL + PostGIS for the server dialect unless TEST_DATABASE_URL is given; no suite
# is ever skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_DIR=""
cleanup() { [ -n "$PG_DIR" ] && bash tests/pg/stop-throwaway.sh "$PG_DIR"; }
trap cleanup EXIT
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  PG_DIR=$(mktemp -d /tmp/onemap-pg.XXXXXX)
  TEST_DATABASE_URL=$(bash tests/pg/start-throwaway.sh "$PG_DIR")
  export TEST_DATABASE_URL
  echo "== throw-away PostgreSQL at $TEST_DATABASE_URL"
fi

echo "== lint";        npx eslint . --max-warnings 0
echo "== format";      npx prettier --check . --log-level warn
echo "== typecheck";   npx tsc --noEmit -p .
echo "== unit and integration tests (embedded PGlite and PostgreSQL)"
npx vitest run
echo "== production build"; NEXT_TELEMETRY_DISABLED=1 npx next build
echo "== end-to-end tests in Chromium"
npx playwright test
