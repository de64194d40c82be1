#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for the test suite and prints its URL:
#   url=$(.ci/postgres.sh)          # postgres://tsgi@127.0.0.1:PORT/postgres
#   export TSGI_TEST_DATABASE_URL="$url"
#   .ci/postgres.sh stop            # stops it and removes its data directory
# The cluster lives in a fresh temp dir owned by `postgres` (initdb refuses to run as root),
# listens only on 127.0.0.1 on a free port, trusts loopback connections and has a `tsgi`
# superuser. `stop [DIR]` stops the cluster in DIR (default: the last one started, recorded in
# $TSGI_POSTGRES_STATE, default /tmp/tsgi-postgres.current). Installs Debian's `postgresql`
# package with apt-get only when the PostgreSQL 15 binaries are missing. Durability is off
# (fsync) and max_connections is 500: parallel test files each open a pool of clients.
set -euo pipefail

BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
STATE=${TSGI_POSTGRES_STATE:-/tmp/tsgi-postgres.current}

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

stop() {
  local dir=${1:-}
  if [ -z "$dir" ] && [ -f "$STATE" ]; then dir=$(cat "$STATE"); fi
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    echo "postgres.sh: no running throwaway cluster to stop" >&2
    rm -f "$STATE"
    return 0
  fi
  as_postgres "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  if [ -f "$STATE" ] && [ "$(cat "$STATE")" = "$dir" ]; then rm -f "$STATE"; fi
  echo "postgres.sh: stopped and removed $dir" >&2
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  if [ ! -x "$BIN/initdb" ]; then
    echo "postgres.sh: $BIN/initdb missing, installing postgresql with apt-get" >&2
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
  fi
  local dir port
  dir=$(mktemp -d /tmp/tsgi-postgres.XXXXXX)
  chmod 755 "$dir"
  chown postgres: "$dir"
  as_postgres "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    exit 1
  }
  # Only loopback TCP, trusted; no other entries (the socket lives in the cluster's own dir).
  printf 'host all all 127.0.0.1/32 trust\nlocal all all trust\n' \
    | as_postgres tee "$dir/data/pg_hba.conf" >/dev/null
  port=$(free_port)
  as_postgres "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    rm -rf "$dir"
    exit 1
  }
  for _ in $(seq 1 50); do
    if as_postgres "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then break; fi
    sleep 0.2
  done
  as_postgres "$BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE tsgi SUPERUSER LOGIN" >/dev/null
  echo "$dir" >"$STATE"
  echo "postgres.sh: PostgreSQL 15 on 127.0.0.1:$port, data in $dir" >&2
  echo "postgres://tsgi@127.0.0.1:$port/postgres"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 [start|stop [DIR]]" >&2
    exit 2
    ;;
esac
