#!/usr/bin/env bash
# The production topology on ONE machine, for tests and benchmarks: nginx → N OneMap app processes → a throw-away
# PostgreSQL + PostGIS and a Redis, everything (data, logs, pids, sockets) under one run directory.
#
#   bash deploy/topology.sh start  [--processes N] [--port P] [--timeout S] [RUNDIR]
#   bash deploy/topology.sh status [RUNDIR]
#   bash deploy/topology.sh stop   [RUNDIR]
#
# RUNDIR defaults to /tmp/onemap-topology. `start` returns once every app process answers /readyz with 200, and
# writes RUNDIR/topology.json (ports, pids, urls, log files) for tests and benchmarks to read. The first process runs
# the simulator (SIMULATOR=on: it drives the simulated vehicles, so exactly one may) and is started alone, so it
# migrates and seeds an empty database before the others start; the others run with SIMULATOR=off. All share
# DATA_DIR=RUNDIR/data (uploads, demo-accounts.txt). nginx's configuration is rendered from deploy/nginx/onemap.conf
# (the production site) with this run's upstream list and port. Needs Debian's nginx, redis-server, postgresql and
# postgresql-15-postgis-3, and a production build (`npx next build`). Extra app settings (POSITION_FRAME_MS=…)
# can be given in the environment of `start`; the ones set here win.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEMPLATE="$ROOT/deploy/nginx/onemap.conf"

usage() {
  sed -n '5,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() {
  echo "topology: $*" >&2
  exit 1
}
say() { echo "topology: $*" >&2; }

[ $# -ge 1 ] || usage
COMMAND=$1
shift
PROCESSES=2
NGINX_PORT=8080
TIMEOUT=300
RUN=/tmp/onemap-topology
while [ $# -gt 0 ]; do
  case $1 in
    --processes) PROCESSES=${2:?--processes needs a number}; shift 2 ;;
    --port) NGINX_PORT=${2:?--port needs a number}; shift 2 ;;
    --timeout) TIMEOUT=${2:?--timeout needs seconds}; shift 2 ;;
    -h | --help) usage ;;
    -*) die "unknown option $1" ;;
    *) RUN=$1; shift ;;
  esac
done
[[ $PROCESSES =~ ^[1-9][0-9]*$ ]] || die "--processes must be a whole number ≥ 1, not '$PROCESSES'"
[[ $NGINX_PORT =~ ^[0-9]+$ ]] || die "--port must be a port number, not '$NGINX_PORT'"
[[ $TIMEOUT =~ ^[0-9]+$ ]] || die "--timeout must be seconds, not '$TIMEOUT'"
case $RUN in /*) ;; *) RUN="$PWD/$RUN" ;; esac

LOGS="$RUN/logs"
PIDS="$RUN/pids"

# ---------------------------------------------------------------------------------------------------------- helpers

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first port from $1 on where $2 consecutive ports are all free (and not among $3, ports already handed out).
free_ports() {
  local port=$1 count=$2 taken=" ${3:-} " i ok
  while [ "$port" -lt 65000 ]; do
    ok=1
    for ((i = 0; i < count; i++)); do
      if [[ $taken == *" $((port + i)) "* ]] || port_in_use $((port + i)); then ok=0; port=$((port + i + 1)); break; fi
    done
    if [ $ok = 1 ]; then echo "$port"; return 0; fi
  done
  die "no $count free consecutive ports from $1"
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { if [ -s "$PIDS/$1.pid" ]; then tr -d ' \n' <"$PIDS/$1.pid"; fi; }

# HTTP status of a GET (000: no answer).
http_status() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true; }

log_tail() { if [ -f "$1" ]; then { echo "--- last lines of $1:"; tail -n 20 "$1"; } >&2; fi; }

# Waits until $2 (a URL) answers 200; $1 names the part, $3 its pid (it must stay alive), $4 its log.
wait_ready() {
  local what=$1 url=$2 pid=$3 log=$4 deadline=$((SECONDS + TIMEOUT)) code=000
  while [ $SECONDS -lt $deadline ]; do
    if ! alive "$pid"; then
      log_tail "$log"
      die "$what (pid $pid) exited before it was ready; its log: $log"
    fi
    code=$(http_status "$url")
    [ "$code" = 200 ] && return 0
    sleep 1
  done
  log_tail "$log"
  die "$what not ready within ${TIMEOUT}s ($url answered $code); its log: $log (more time: --timeout S)"
}

# Sends $2 to the pid in $PIDS/$1.pid and waits up to $3 s for it to end, then SIGKILLs it.
stop_pid() {
  local name=$1 signal=$2 wait=$3 pid
  pid=$(pid_of "$name")
  if alive "$pid"; then
    kill "-$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + wait))
    while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if alive "$pid"; then
      say "$name (pid $pid) still running after ${wait}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PIDS/$name.pid"
}

# Renders deploy/nginx/onemap.conf for this run: the upstream servers and the listen port replaced, the rest as is.
render_site() {
  local servers=$1
  local marker
  for marker in '@upstream-servers-begin' '@upstream-servers-end' '# @listen'; do
    grep -q "$marker" "$TEMPLATE" || die "$TEMPLATE lost its '$marker' marker (topology.sh renders the site there)"
  done
  awk -v servers="$servers" -v port="$NGINX_PORT" '
    /@upstream-servers-begin/ { print; printf "%s", servers; skip = 1; next }
    /@upstream-servers-end/ { skip = 0; print; next }
    skip { next }
    /# @listen/ { if (!listened) { sub(/listen [^;]*;/, "listen " port ";"); print; listened = 1 } next }
    { print }
  ' "$TEMPLATE"
}

# ------------------------------------------------------------------------------------------------------------ start

start() {
  for tool in nginx redis-server curl; do
    command -v "$tool" >/dev/null || die "$tool not found: apt-get install nginx redis-server curl"
  done
  [ -f "$ROOT/.next/BUILD_ID" ] || die "no production build in $ROOT/.next: run \`npx next build\` first (about 4 minutes)"
  [ -x "$ROOT/node_modules/.bin/tsx" ] || die "node_modules missing in $ROOT: run \`npm install\` first"
  if [ -f "$RUN/topology.json" ] && alive "$(pid_of nginx)"; then
    die "a topology is already running in $RUN (bash deploy/topology.sh stop $RUN)"
  fi
  port_in_use "$NGINX_PORT" && die "port $NGINX_PORT is in use (--port P chooses another)"

  # Every start begins from nothing: a fresh database, so the files that belong to the last one (uploads, the demo
  # accounts) go too. Logs of earlier runs are kept (appended to).
  rm -rf "$RUN/pg" "$RUN/nginx" "$RUN/redis" "$RUN/data" "$RUN/backups" "$PIDS" "$RUN/topology.json"
  mkdir -p "$RUN" "$LOGS" "$PIDS" "$RUN/data" "$RUN/redis" "$RUN/nginx"
  chmod 755 "$RUN" # as root, PostgreSQL runs as `postgres` and must reach RUN/pg
  # A failed start (die, or a failing command under set -e) leaves nothing running behind it.
  trap 'say "start failed; stopping what was started"; stop >/dev/null 2>&1 || true' EXIT

  # PostgreSQL + PostGIS, throw-away (tests/pg/start-throwaway.sh: fsync off, trust auth, in RUN/pg).
  local pg_port redis_port app_base
  pg_port=$(free_ports 39050 1)
  mkdir -p "$RUN/pg"
  local database_url
  database_url=$(PGPORT_TEST=$pg_port bash "$ROOT/tests/pg/start-throwaway.sh" "$RUN/pg") ||
    { log_tail "$RUN/pg/server.log"; log_tail "$RUN/pg/initdb.log"; die "PostgreSQL did not start; its logs: $RUN/pg/initdb.log, $RUN/pg/server.log"; }
  head -n 1 "$RUN/pg/data/postmaster.pid" >"$PIDS/postgres.pid"
  say "PostgreSQL on $pg_port"

  # Redis: a cache and a bus only, so nothing is saved.
  redis_port=$(free_ports 39060 1 "$pg_port")
  setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$RUN/redis" --pidfile "$PIDS/redis.pid" --logfile "$LOGS/redis.log" </dev/null >/dev/null 2>&1 &
  local redis_pid=$!
  local deadline=$((SECONDS + 20))
  until [ -s "$PIDS/redis.pid" ] && port_in_use "$redis_port"; do
    alive "$redis_pid" || { log_tail "$LOGS/redis.log"; die "redis-server exited at start; its log: $LOGS/redis.log"; }
    [ $SECONDS -lt $deadline ] || die "redis-server not listening on $redis_port after 20 s; its log: $LOGS/redis.log"
    sleep 0.2
  done
  say "Redis on $redis_port"

  # The app processes, on consecutive free ports.
  app_base=$(free_ports 39100 "$PROCESSES" "$pg_port $redis_port")
  local metrics_token
  metrics_token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  local i port servers="" apps_json=""
  for ((i = 0; i < PROCESSES; i++)); do
    port=$((app_base + i))
    local simulator=off
    [ "$i" = 0 ] && simulator=on
    # The process writes its own pid before it becomes node, so the pid file names the app itself.
    # shellcheck disable=SC2016 # $$ and $1 are the inner shell's: it writes its own pid, then becomes node.
    (
      cd "$ROOT"
      export NODE_ENV=production PORT="$port" HOST=127.0.0.1 DATABASE_URL="$database_url" \
        REDIS_URL="redis://127.0.0.1:$redis_port" DATA_DIR="$RUN/data" SIMULATOR="$simulator" \
        DEMO_MODE="${DEMO_MODE:-on}" LOG_FORMAT=json TRUST_PROXY=1 METRICS_TOKEN="$metrics_token" \
        BACKUP_DIR="$RUN/backups" BACKUP_INTERVAL="${BACKUP_INTERVAL:-off}" NEXT_TELEMETRY_DISABLED=1
      exec setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PIDS/app-$i.pid" \
        node --import tsx server/index.ts </dev/null >>"$LOGS/app-$i.log" 2>&1
    ) &
    servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
    apps_json+="${apps_json:+,}
    {\"index\": $i, \"port\": $port, \"pid\": @PID$i@, \"url\": \"http://127.0.0.1:$port\", \"simulator\": $([ $simulator = on ] && echo true || echo false), \"log\": \"$LOGS/app-$i.log\"}"
    until [ -s "$PIDS/app-$i.pid" ]; do sleep 0.1; done
    # The first process alone: it migrates and seeds an empty database (and writes the demo accounts) first.
    if [ "$i" = 0 ]; then
      say "app 0 on $port (simulator on): migrating and seeding, up to ${TIMEOUT}s"
      wait_ready "app process 0" "http://127.0.0.1:$port/readyz" "$(pid_of app-0)" "$LOGS/app-0.log"
    fi
  done
  for ((i = 1; i < PROCESSES; i++)); do
    wait_ready "app process $i" "http://127.0.0.1:$((app_base + i))/readyz" "$(pid_of "app-$i")" "$LOGS/app-$i.log"
  done
  say "$PROCESSES app processes ready on $app_base-$((app_base + PROCESSES - 1))"

  # nginx: the production site rendered for this run, inside a minimal main configuration whose pid, logs and
  # temporary files are all in RUN/nginx, so it runs as root or not, beside any system nginx.
  render_site "$servers" >"$RUN/nginx/onemap.conf"
  cat >"$RUN/nginx/nginx.conf" <<EOF
# Generated by deploy/topology.sh; the site is deploy/nginx/onemap.conf rendered for this run (onemap.conf here).
daemon off;
worker_processes auto;
pid $PIDS/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  access_log $LOGS/nginx-access.log;
  client_body_temp_path $RUN/nginx/tmp/body;
  proxy_temp_path $RUN/nginx/tmp/proxy;
  fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
  uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
  scgi_temp_path $RUN/nginx/tmp/scgi;
  include $RUN/nginx/onemap.conf;
}
EOF
  mkdir -p "$RUN/nginx/tmp"
  nginx -t -q -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$LOGS/nginx-error.log" ||
    die "the rendered nginx configuration is invalid: $RUN/nginx/nginx.conf (see $LOGS/nginx-error.log)"
  setsid nginx -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$LOGS/nginx-error.log" </dev/null >>"$LOGS/nginx.out" 2>&1 &
  local nginx_launcher=$!
  wait_ready "nginx" "http://127.0.0.1:$NGINX_PORT/readyz" "$nginx_launcher" "$LOGS/nginx-error.log"
  say "nginx on $NGINX_PORT"

  # topology.json: what tests and benchmarks read.
  for ((i = 0; i < PROCESSES; i++)); do apps_json=${apps_json/"@PID$i@"/$(pid_of "app-$i")}; done
  cat >"$RUN/topology.json.tmp" <<EOF
{
  "runDir": "$RUN",
  "startedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "url": "http://127.0.0.1:$NGINX_PORT",
  "nginx": {"port": $NGINX_PORT, "pid": $(pid_of nginx), "url": "http://127.0.0.1:$NGINX_PORT", "config": "$RUN/nginx/nginx.conf", "accessLog": "$LOGS/nginx-access.log", "errorLog": "$LOGS/nginx-error.log"},
  "apps": [$apps_json
  ],
  "postgres": {"port": $pg_port, "pid": $(pid_of postgres), "url": "$database_url", "dir": "$RUN/pg", "log": "$RUN/pg/server.log"},
  "redis": {"port": $redis_port, "pid": $(pid_of redis), "url": "redis://127.0.0.1:$redis_port", "log": "$LOGS/redis.log"},
  "dataDir": "$RUN/data",
  "demoAccounts": "$RUN/data/demo-accounts.txt",
  "metricsToken": "$metrics_token"
}
EOF
  mv "$RUN/topology.json.tmp" "$RUN/topology.json"
  trap - EXIT
  echo "topology: ready at http://127.0.0.1:$NGINX_PORT ($PROCESSES app processes; $RUN/topology.json)"
  [ -f "$RUN/data/demo-accounts.txt" ] && echo "topology: demo accounts and passwords: $RUN/data/demo-accounts.txt"
  return 0
}

# ------------------------------------------------------------------------------------------------------------- stop

stop() {
  [ -d "$PIDS" ] || { say "nothing to stop in $RUN"; return 0; }
  # nginx first (quit: finish what it is sending), so no new request reaches a draining process; then the apps
  # (SIGTERM: each drains for up to SHUTDOWN_GRACE_SECONDS, flushes positions, closes the database) in parallel;
  # then Redis and PostgreSQL, which the apps needed until their last flush.
  stop_pid nginx QUIT 15
  local grace=${SHUTDOWN_GRACE_SECONDS:-15} name stoppers=()
  for file in "$PIDS"/app-*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    stop_pid "$name" TERM $((grace + 15)) &
    stoppers+=($!)
  done
  # Only these: after a failed start, this shell's other children (redis-server, the apps) are still running.
  if [ ${#stoppers[@]} -gt 0 ]; then wait "${stoppers[@]}"; fi
  # Redis on SIGTERM shuts down at once (nothing to save: --save '').
  stop_pid redis TERM 10
  if [ -d "$RUN/pg/data" ]; then bash "$ROOT/tests/pg/stop-throwaway.sh" "$RUN/pg"; fi
  rm -f "$PIDS/postgres.pid" "$RUN/topology.json"
  say "stopped; the database is removed, logs and DATA_DIR stay in $RUN until the next start"
}

# ----------------------------------------------------------------------------------------------------------- status

status() {
  [ -f "$RUN/topology.json" ] || { echo "no topology in $RUN (not started, or stopped)"; return 1; }
  local failing=0 name pid state port
  show() { # name pid url
    if alive "$2"; then state=running; else state=DEAD; failing=1; fi
    printf '%-10s pid %-8s %-8s %s\n' "$1" "${2:--}" "$state" "${3:-}"
  }
  port=$(sed -n 's/.*"nginx": {"port": \([0-9]*\).*/\1/p' "$RUN/topology.json")
  show nginx "$(pid_of nginx)" "http://127.0.0.1:$port  /readyz → $(http_status "http://127.0.0.1:$port/readyz")"
  for file in "$PIDS"/app-*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    pid=$(pid_of "$name")
    port=$(grep -o "\"port\": [0-9]*, \"pid\": $pid," "$RUN/topology.json" | grep -o '[0-9]*' | head -n 1 || true)
    show "$name" "$pid" "http://127.0.0.1:$port  /readyz → $(http_status "http://127.0.0.1:$port/readyz")"
  done
  show redis "$(pid_of redis)" "$(sed -n 's/.*"redis": {.*"url": "\([^"]*\)".*/\1/p' "$RUN/topology.json")"
  show postgres "$(pid_of postgres)" "$(sed -n 's/.*"postgres": {.*"url": "\([^"]*\)".*/\1/p' "$RUN/topology.json")"
  return $failing
}

case $COMMAND in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
