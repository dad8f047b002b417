#!/usr/bin/env bash
# The haproxy configuration in front of the replicas, printed on standard output:
#
#   deploy/haproxy-config.sh FRONT_PORT HOST:PORT...
#
# One backend server a HOST:PORT (each health-checked on /__admin/health). TOTP_HAPROXY_MODE=tcp
# and TOTP_HAPROXY_THREADS as for deploy/replicas.sh, which uses it; bench/replicas.sh puts the same
# haproxy in front of an in-memory server, to measure what the proxy alone costs.
set -euo pipefail
front=${1:?usage: deploy/haproxy-config.sh FRONT_PORT HOST:PORT...}
shift
[ $# -gt 0 ] || { echo "deploy/haproxy-config.sh: name at least one backend HOST:PORT" >&2; exit 2; }
backends=""
i=0
for address in "$@"; do
  i=$((i + 1))
  backends+="    server replica$i $address check"$'\n'
done

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

# What both modes share: one thread, no per-request log, a redispatch when a replica is down.
cat <<CFG
global
    maxconn 4096
    nbthread ${TOTP_HAPROXY_THREADS:-1}
defaults
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option redispatch
    retries 3
CFG
if [ "${TOTP_HAPROXY_MODE:-http}" = tcp ]; then
cat <<CFG
    mode tcp
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
cat <<CFG
    mode http
    option http-keep-alive
    http-reuse always
    timeout http-request 30s
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
