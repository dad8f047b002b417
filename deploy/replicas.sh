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

backends=""
for i in $(seq 1 "$replicas"); do
  port=$(free_port)
  # shellcheck disable=SC2086 # JVM options are words
  java ${TOTP_REPLICA_JAVA_OPTS-} -jar "$jar" --port "$port" --store "$url" --store-user postgres "$@" \
    >"$work/replica-$i.log" 2>&1 &
  pids+=($!)
  backends+="    server replica$i 127.0.0.1:$port check"$'\n'
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/__admin/health" >/dev/null 2>&1 && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "replica $i did not start:" >&2; cat "$work/replica-$i.log" >&2; exit 2; }
    sleep 0.2
  done
  echo "replica $i: http://127.0.0.1:$port" >&2
done

front=$(free_port)
# One frontend for every client: without "proto" on the bind line haproxy tells an HTTP/2
# prior-knowledge preface (gRPC's h2c) from HTTP/1.1 by itself. gRPC needs HTTP/2 to the replica
# too (trailers), so it goes to the same replicas over h2c ("proto h2"); REST, hooks, gRPC-Web and
# Connect stay on HTTP/1.1 to the replicas, as their clients sent them.
#
# Stalled clients: haproxy is event-driven, so a client that stops mid-request holds a connection
# there, not a thread. Headers must arrive within 30 s ("timeout http-request", else haproxy's own
# 408 and a close); a body is passed on as it comes, and a replica ends one that stops after its
# --idle-timeout (30 s) with its 408, before "timeout server" would.
#
# Speed: one haproxy thread (beside PostgreSQL and the replicas, a second one only contends for the
# same cores); keep-alive to the replicas, each idle server connection reused by any client
# ("http-reuse always": every replica is ours and stateless per connection); no per-request log.
# TOTP_HAPROXY_MODE=tcp passes bytes instead (the replicas tell h2c from HTTP/1.1 on their one
# port): about a quarter less of haproxy's CPU per request, but balanced per connection, not per
# request, and a replica's death cuts its clients' connections (docs/decisions.md, "Replicas on
# PostgreSQL, fourth pass"); HTTP mode stays the default.
if [ "${TOTP_HAPROXY_MODE:-http}" = tcp ]; then
cat >"$work/haproxy.cfg" <<CFG
global
    maxconn 4096
    nbthread ${TOTP_HAPROXY_THREADS:-1}
defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option redispatch
    retries 3
frontend totp
    bind 127.0.0.1:$front
    default_backend replicas
backend replicas
    balance leastconn
    option splice-auto
    option httpchk GET /__admin/health
$backends
CFG
else
cat >"$work/haproxy.cfg" <<CFG
global
    maxconn 4096
    nbthread ${TOTP_HAPROXY_THREADS:-1}
defaults
    option http-keep-alive
    http-reuse always
    mode http
    timeout connect 5s
    timeout http-request 30s
    timeout client 60s
    timeout server 60s
    option redispatch
    retries 3
frontend totp
    bind 127.0.0.1:$front
    acl grpc req.hdr(content-type) -m beg -i application/grpc
    acl grpc_web req.hdr(content-type) -m beg -i application/grpc-web
    use_backend replicas-h2c if grpc !grpc_web
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /__admin/health
$backends
backend replicas-h2c
    balance roundrobin
    option httpchk GET /__admin/health
${backends//check/check proto h2}
CFG
fi
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$front/__admin/health" >/dev/null 2>&1 && break
  sleep 0.2
done

echo "http://127.0.0.1:$front"
echo "(Ctrl-C stops PostgreSQL, the $replicas replicas and haproxy; logs in $work)" >&2
wait "${pids[@]}"
