#!/usr/bin/env bash
# A throw-away PostgreSQL on loopback for the team-shared mock, its tests and its benchmark.
#
#   deploy/postgres.sh start DIR   initialises DIR (if empty), starts the server on a free loopback
#                                  port, creates the database "totp" and prints its JDBC URL
#   deploy/postgres.sh stop DIR    stops it
#
# Debian's binaries (package postgresql); as root the server runs as the postgres user. Trust
# authentication on 127.0.0.1 only: this is a test database on this machine, never a deployment.
set -euo pipefail

die() { echo "deploy/postgres.sh: $*" >&2; exit 2; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/postgres" ] || die "PostgreSQL is not installed (apt-get install postgresql)"

as_db() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: deploy/postgres.sh start|stop DIR"

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 0700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_db "$bin/initdb" -D "$dir" --auth=trust --username=postgres --encoding=UTF8 \
        --no-instructions >/dev/null
    fi
    port=$(free_port)
    as_db "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=on -c synchronous_commit=on" \
      start >/dev/null || die "the server did not start; see $dir/server.log"
    echo "$port" >"$dir/port"
    as_db "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qAtc \
      "SELECT 1 FROM pg_database WHERE datname = 'totp'" postgres | grep -q 1 ||
      as_db "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres totp
    echo "jdbc:postgresql://127.0.0.1:$port/totp"
    ;;
  stop)
    [ -f "$dir/PG_VERSION" ] || die "$dir is not a PostgreSQL data directory"
    as_db "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
  *)
    die "unknown command $cmd (start or stop)"
    ;;
esac
