#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks.
#
#   scripts/postgres.sh start    install PostgreSQL if absent, start a private cluster, print its URL as
#                                `export RXATLAS_TEST_POSTGRES=postgres://…` (so `eval "$(scripts/postgres.sh start)"` works)
#   scripts/postgres.sh stop     stop the cluster and delete its directory
#   scripts/postgres.sh status   print the URL when running, exit 1 otherwise
#
# The cluster lives in a temporary directory (data, unix socket, log), listens on 127.0.0.1 only, runs with fsync
# off (the data is disposable) and has one login role with a random password, CREATEDB and CREATEROLE, so every test can
# make its own database (and a read-only role to prove the documented grants suffice). `start` is idempotent: when the cluster is already running it just prints the URL again.
#
# Environment: RXATLAS_PG_PORT (first port to try, default 55432; the next free one is used), RXATLAS_PG_STATE (state
# file, default ${TMPDIR:-/tmp}/rxatlas-postgres-<checkout hash>.env). Messages go to stderr; only the export line goes
# to stdout.
set -euo pipefail

# One server per checkout: the default state file is keyed on this repository's path, so CI in one worktree never stops
# another checkout's server.
REPO_KEY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd | cksum | cut -d' ' -f1)"
STATE="${RXATLAS_PG_STATE:-${TMPDIR:-/tmp}/rxatlas-postgres-${REPO_KEY}.env}"
FIRST_PORT="${RXATLAS_PG_PORT:-55432}"
DB_NAME=rxatlas
DB_USER=rxatlas

log() { echo "postgres.sh: $*" >&2; }

bin_dir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_installed() {
  if [ -z "$(bin_dir)" ]; then
    log "PostgreSQL not found; installing Debian's package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
  BIN="$(bin_dir)"
  [ -n "$BIN" ] || { log "no initdb found after installing postgresql"; exit 1; }
}

# Runs a command as the cluster owner: the postgres OS user when we are root (the server refuses to run as root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

print_url() {
  echo "export RXATLAS_TEST_POSTGRES=postgres://${DB_USER}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/${DB_NAME}"
}

running() {
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  source "$STATE"
  [ -d "${PG_DIR:-}/data" ] && as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1
}

start() {
  if running; then
    log "already running on 127.0.0.1:$PG_PORT ($PG_DIR)"
    # A cluster started by an older copy of this script lacks CREATEROLE.
    as_owner "$PG_BIN/psql" -q -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -c "ALTER ROLE ${DB_USER} CREATEROLE" >/dev/null 2>&1 || true
    print_url
    return
  fi
  [ -f "$STATE" ] && stop_quietly
  ensure_installed

  PG_PORT="$FIRST_PORT"
  while ! port_free "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/rxatlas-pg.XXXXXX")"
  PG_PASSWORD="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  PG_BIN="$BIN"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  chmod 700 "$PG_DIR"
  printf 'PG_DIR=%q\nPG_PORT=%q\nPG_PASSWORD=%q\nPG_BIN=%q\n' "$PG_DIR" "$PG_PORT" "$PG_PASSWORD" "$PG_BIN" > "$STATE"
  chmod 600 "$STATE"

  log "initdb in $PG_DIR (PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'))"
  as_owner "$BIN/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c autovacuum=off" \
    >/dev/null || { log "server failed to start; log follows"; cat "$PG_DIR/server.log" >&2; exit 1; }

  as_owner "$BIN/psql" -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres >/dev/null <<SQL
CREATE ROLE ${DB_USER} LOGIN CREATEDB CREATEROLE PASSWORD '${PG_PASSWORD}';
-- lets the benchmark start each measured load from a checkpointed server
GRANT pg_checkpoint TO ${DB_USER};
CREATE DATABASE ${DB_NAME} OWNER ${DB_USER};
SQL
  log "running on 127.0.0.1:$PG_PORT, database $DB_NAME, user $DB_USER"
  print_url
}

stop_quietly() {
  # shellcheck disable=SC1090
  source "$STATE" 2>/dev/null || true
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    as_owner "${PG_BIN:-$(bin_dir)}/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  rm -f "$STATE"
}

stop() {
  if [ ! -f "$STATE" ]; then
    log "not running"
    return
  fi
  stop_quietly
  log "stopped and removed"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then print_url; else log "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
