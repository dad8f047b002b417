#!/usr/bin/env bash
# A team-shared reference server on this machine: PostgreSQL, three server replicas that keep all
# their state in it, and haproxy in front, all on loopback. Prints the one URL to use; Ctrl-C (or
# SIGTERM) stops everything it started.
#
#   deploy/replicas.sh [--replicas N] [server options...]
#
# Server options (e.g. --admin-token T, --no-demo-data) go to every replica; JVM options for the
# replicas (e.g. a heap size) go in TOTP_REPLICA_JAVA_OPTS; TOTP_HAPROXY_MODE=tcp balances
# connections instead of requests (see below). Needs Debian's
# postgresql and haproxy packages (installed when missing, as root) and the shaded jar
# (mvn -B -ntp -pl mock-server -am package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=3
if [ "${1:-}" = "--replicas" ]; then
  replicas=${2:?--replicas needs a number}
  shift 2
fi

jar=mock-server/target/totp-mock-server.jar
[ -f "$jar" ] || { echo "deploy/replicas.sh: $jar is missing: run mvn -B -ntp -pl mock-server -am package -DskipTests" >&2; exit 2; }

need=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "deploy/replicas.sh: install ${need[*]} first" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/totp-replicas.XXXXXX)
# As root, PostgreSQL runs as the postgres user and must reach its data directory inside.
chmod 0755 "$work"
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  deploy/postgres.sh stop "$work/pg" 2>/dev/null || true
  rm -rf "$work"
}
trap stop INT TERM EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url=$(deploy/postgres.sh start "$work/pg")
echo "PostgreSQL: $url" >&2

addresses=()
for i in $(seq 1 "$replicas"); do
  port=$(free_port)
  # shellcheck disable=SC2086 # JVM options are words
  java ${TOTP_REPLICA_JAVA_OPTS-} -jar "$jar" --port "$port" --store "$url" --store-user postgres "$@" \
    >"$work/replica-$i.log" 2>&1 &
  pids+=($!)
  addresses+=("127.0.0.1:$port")
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/__admin/health" >/dev/null 2>&1 && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "replica $i did not start:" >&2; cat "$work/replica-$i.log" >&2; exit 2; }
    sleep 0.2
  done
  echo "replica $i: http://127.0.0.1:$port" >&2
done

front=$(free_port)
deploy/haproxy-config.sh "$front" "${addresses[@]}" >"$work/haproxy.cfg"
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$front/__admin/health" >/dev/null 2>&1 && break
  sleep 0.2
done

echo "http://127.0.0.1:$front"
echo "(Ctrl-C stops PostgreSQL, the $replicas replicas and haproxy; logs in $work)" >&2
wait "${pids[@]}"
