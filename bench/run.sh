#!/usr/bin/env bash
# The one command behind docs/performance.md:
#   bench/run.sh [--quick] [--skip-build] [--no-replicas] [--only SECTION,...]
#
# Builds what it needs (the bench profile; no mvn install), installs wrk and h2load (Debian's wrk
# and nghttp2-client) when missing, then starts each server alone on 127.0.0.1, warms it up, and
# measures with wrk (REST, Connect) and h2load (gRPC) at 16 and 64 connections. Every load is
# bounded by a duration (and the soak and the exactly-once check by a request count as well);
# nothing leaves loopback. Prints the tables as Markdown on stdout and keeps the raw output in
# bench/target/run-<mode>/.
#
# Sections, in order: startup, reference (REST, the static stub baseline, gRPC, Connect, exactly
# once), anchors, kit (the conformance kit's jar, per transport and dialect, against its embedded
# server and once black-box), scale (and the soak), replicas (bench/replicas.sh: haproxy and
# PostgreSQL).
# --only runs some of them (the tables show what ran); --no-replicas leaves the last one out.
#
# FULL (default): 60 s warm-up per server, 15 s per measurement, about 30 min on 2 cores.
# QUICK (--quick): 5 s warm-up, 4 s per measurement, small fixtures: checks the harness only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MODE=full
BUILD=yes
SECTIONS=startup,reference,anchors,kit,scale,replicas
while [ $# -gt 0 ]; do
  case $1 in
    --quick) MODE=quick ;;
    --skip-build) BUILD=no ;;
    --no-replicas) SECTIONS=${SECTIONS/,replicas/} ;;
    --only)
      SECTIONS=${2:?--only needs a list, e.g. --only reference,replicas}
      shift
      ;;
    *) echo "bench: unknown argument $1 (use --quick, --skip-build, --no-replicas, --only LIST)" >&2; exit 2 ;;
  esac
  shift
done
for section in ${SECTIONS//,/ }; do
  case $section in
    startup | reference | anchors | kit | scale | replicas) ;;
    *) echo "bench: unknown section $section (startup, reference, anchors, kit, scale, replicas)" >&2; exit 2 ;;
  esac
done
section() { [[ ,$SECTIONS, == *,$1,* ]]; }
# SOAK_BOUND is the time bound of one soak part, SOAK_PARTS the most parts: the soak goes on until
# SOAK requests are answered (a part is a quarter of them) or the parts run out.
if [ $MODE = quick ]; then
  WARMUP=5 DURATION=4 POOL=100000 ONCE=2000 SCALE_BIG=100000 SOAK=100000 STARTS=3
  SOAK_BOUND=30 SOAK_PARTS=6 GRPC_CHECK=500
else
  WARMUP=60 DURATION=15 POOL=1000000 ONCE=10000 SCALE_BIG=1000000 SOAK=1000000 STARTS=3
  SOAK_BOUND=150 SOAK_PARTS=8 GRPC_CHECK=5000
fi
SCALE_SMALL=1000
CONNECTIONS="16 64"
THREADS=2

# --- tools -------------------------------------------------------------------------------------
need_pkg() { # need_pkg COMMAND PACKAGE
  command -v "$1" >/dev/null && return
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$2" >/dev/null
}
need_pkg wrk wrk
need_pkg h2load nghttp2-client
need_pkg nghttp nghttp2-client
need_pkg curl curl

BENCH_JAR=bench/target/benchmarks.jar
SERVER_JAR=mock-server/target/totp-mock-server.jar
WIREMOCK_JAR=bench/target/wiremock-standalone.jar
KIT_JAR=conformance-tests/target/totp-conformance-kit.jar
MODULES=bench
JARS="$BENCH_JAR $SERVER_JAR $WIREMOCK_JAR"
if section kit; then
  MODULES=bench,conformance-tests
  JARS="$JARS $KIT_JAR"
fi
if [ $BUILD = yes ]; then
  mvn -B -ntp -q -Pbench -pl $MODULES -am package -DskipTests -DskipITs >&2
fi
for jar in $JARS; do
  [ -f "$jar" ] || { echo "bench: $jar is missing (run without --skip-build)" >&2; exit 2; }
done

OUT=bench/target/run-$MODE
rm -rf "$OUT"
mkdir -p "$OUT"
# The fixture (a synthetic token and code) lives only here, removed at exit.
WORK=$(mktemp -d)
chmod 700 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# rss_idle PID NAME: the resident memory once the load has stopped, 2 s and 10 s later (whether a
# server gives back what the load made it take; "after-run" stays the figure of record).
rss_idle() {
  sleep 2
  echo "rss $2 idle-2s $(rss_mb "$1")" >> "$OUT/memory"
  sleep 8
  echo "rss $2 idle-10s $(rss_mb "$1")" >> "$OUT/memory"
}

# gc_mark NAME: how many lines NAME's G1 log ($OUT/NAME-gc.log, if it has one) had at the reading
# of record, so that the report finds the collections before and after it.
gc_mark() {
  [ -f "$OUT/$1-gc.log" ] && echo "$1 $(wc -l < "$OUT/$1-gc.log")" >> "$OUT/gc-marks"
  return 0
}

# wait_http URL PID [any]: until URL answers 2xx (or anything with "any"); fails if PID dies.
wait_http() {
  local flag=-sf
  [ "${3:-}" = any ] && flag=-s
  for _ in $(seq 3000); do
    curl $flag -o /dev/null --max-time 1 "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "bench: server for $1 died" >&2; return 1; }
    sleep 0.02
  done
  echo "bench: $1 never answered" >&2
  return 1
}

# wait_health PORT HEALTH_PATH|any PID: until the server on PORT answers HEALTH_PATH with 2xx, or
# anything at all on / with "any" (a program with no health URL); fails if PID dies.
wait_health() {
  if [ "$2" = any ]; then
    wait_http "http://127.0.0.1:$1/" "$3" any
  else
    wait_http "http://127.0.0.1:$1$2" "$3"
  fi
}

stop() { # stop PID
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# --- wrk scripts -------------------------------------------------------------------------------
# Every script prints one machine-readable line: RESULT requests rps p50_us p99_us non2xx errors.
cat > "$WORK/result.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %d %d %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

# plain METHOD BODY NAME: one fixed request (the path is the URL's), with the fixture's token. It is
# built by a Lua request() like the spread scripts' (not wrk's pre-built request), so that every
# wrk row costs the load generator, which shares the cores, the same per request.
plain() {
  cat > "$WORK/$3.lua" <<LUA
local headers = {["Authorization"] = "Bearer ${TOKEN:-none}", ["Content-Type"] = "application/json"}
local body = [[$2]]
if body == "" then body = nil end
function request() return wrk.format("$1", nil, headers, body) end
LUA
  cat "$WORK/result.lua" >> "$WORK/$3.lua"
}

# spread NAME CODE IDFILE [once]: verify CODE on the ids of IDFILE; thread t takes every THREADS-th
# from t, each id once in turn. With "once" (a pool of fresh registrations for right codes) a thread
# stops when its ids are used up instead of starting over, so that however fast the server is no
# registration is verified twice (run with wrk-counted.sh; -d stays the time bound).
spread() {
  cat > "$WORK/$1.lua" <<LUA
local ids, n, i = {}, 0, 0
local counter = 0
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
function init(args)
  local line = 0
  for id in io.lines("$3") do
    if line % $THREADS == tid then n = n + 1; ids[n] = id end
    line = line + 1
  end
end
function request()
  i = i + 1
  local id = ids[(i - 1) % n + 1]
  return wrk.format("POST", "/resources/v3alpha/users/$USER_ID/totp/" .. id .. "/_verify",
    {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json"}, '"$2"')
end
LUA
  if [ "${4:-}" = once ]; then
    # One request in flight per connection: the first answer once all n ids are handed out stops
    # the thread.
    # A connection whose turn comes in the same event-loop pass as the stop still asks for one
    # more request: it gets a health check (200), never an id again.
    cat >> "$WORK/$1.lua" <<'LUA'
local verify = request
request = function()
  if i >= n then return wrk.format("GET", "/__admin/health") end
  return verify()
end
function response(status, headers, body)
  if i >= n then wrk.thread:stop() end
end
LUA
  fi
  cat "$WORK/result.lua" >> "$WORK/$1.lua"
}

# spread_v2 NAME CODE USERFILE: v2's wrong-code verify (POST /v2/users/{id}/totp/verify, the code
# in the body's message), spread over the users of USERFILE (id and that user's token a line) as
# spread spreads over registrations: v2 has one TOTP per user. Each user's "Bearer <token>" is made
# once in init, so that a request costs wrk (which shares the cores) what spread's does: one path
# concatenation and one table of two headers (spread's header values are constants).
spread_v2() {
  cat > "$WORK/$1.lua" <<LUA
local ids, bearers, n, i = {}, {}, 0, 0
local counter = 0
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
function init(args)
  local line = 0
  for entry in io.lines("$3") do
    local id, token = entry:match("^(%S+) (%S+)$")
    if line % $THREADS == tid then n = n + 1; ids[n] = id; bearers[n] = "Bearer " .. token end
    line = line + 1
  end
end
function request()
  i = i + 1
  local k = (i - 1) % n + 1
  return wrk.format("POST", "/v2/users/" .. ids[k] .. "/totp/verify",
    {["Authorization"] = bearers[k], ["Content-Type"] = "application/json"},
    '{"code":"$2"}')
end
LUA
  cat "$WORK/result.lua" >> "$WORK/$1.lua"
}

# once NAME REPEAT: every thread submits the right code REPEAT times in a row for every id of the
# "once" file, in the same order, so that each id is in flight on several connections at once.
# Afterwards it sends a filler request (no route) until it has every verify answer, then stops.
once_script() {
  cat > "$WORK/$1.lua" <<LUA
local ids, n, i = {}, 0, 0
ok, already, filler, other = 0, 0, 0, 0  -- globals: done() reads them per thread
local answered = 0
local threads = {}
function setup(thread) thread:set("tid", #threads); table.insert(threads, thread) end
function init(args) for id in io.lines("$WORK/fixture/once") do n = n + 1; ids[n] = id end end
local headers = {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json"}
-- wrk calls request() once on the first thread to check it, and never sends that one.
local checked = false
function request()
  if tid == 0 and not checked then
    checked = true
    return wrk.format("POST", "/no/such/route", headers)
  end
  i = i + 1
  if i <= n * $2 then
    local id = ids[math.floor((i - 1) / $2) + 1]
    return wrk.format("POST", "/resources/v3alpha/users/$USER_ID/totp/" .. id .. "/_verify",
      headers, '"$RIGHT"')
  end
  return wrk.format("POST", "/no/such/route", headers)
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1; answered = answered + 1
  elseif status == 400 and body:find("COMMAND-qx4ls", 1, true) then
    already = already + 1; answered = answered + 1
  elseif status == 404 and body:find("Not Found", 1, true) then filler = filler + 1
  else other = other + 1; answered = answered + 1 end
  if answered >= n * $2 then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local t = {ok = 0, already = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("ONCE %d %d %d\n", t.ok, t.already, t.other))
end
LUA
}

# --- measuring ---------------------------------------------------------------------------------
# measure LABEL CONNECTIONS SCRIPT URL -> appends "LABEL c requests rps p50 p99 non2xx errors" to $OUT/rows
measure() { # measure LABEL CONNECTIONS SCRIPT URL [counted]: counted for a script that may stop
  local label=$1 c=$2 script=$3 url=$4 line run=wrk
  [ "${5:-}" = counted ] && run=bench/wrk-counted.sh
  $run -t$THREADS -c"$c" -d"${DURATION}s" --timeout 5s -s "$WORK/$script.lua" "$url" \
    > "$OUT/$label-c$c.txt"
  line=$(grep '^RESULT' "$OUT/$label-c$c.txt")
  set -- $line
  echo "$label $c $2 $3 $4 $5 $6 $7" >> "$OUT/rows"
}

warm() { # warm SECONDS SCRIPT URL
  wrk -t$THREADS -c64 -d"$1s" --timeout 5s -s "$WORK/$2.lua" "$3" > /dev/null
}

note() { echo "$*" >> "$OUT/notes"; }
echo "bench: $MODE mode, warm-up ${WARMUP}s, ${DURATION}s per measurement" >&2

# --- 1. start-up: process start to a healthy /__admin/health ------------------------------------
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# CPU time (user + system, all threads) a process has used: on a loaded machine wall time to
# healthy mostly measures the queue for a core, CPU time what start-up itself costs.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
startup() { # startup LABEL [java options...]: median ms over STARTS runs
  local label=$1 times=() cpus=() port pid t0
  shift
  for _ in $(seq $STARTS); do
    port=$(free_port)
    t0=$(now_ms)
    java "$@" -jar $SERVER_JAR --port "$port" > /dev/null 2>&1 &
    pid=$!
    wait_http "http://127.0.0.1:$port/__admin/health" $pid
    times+=($(($(now_ms) - t0)))
    cpus+=($(cpu_ms $pid))
    stop $pid
  done
  echo "startup $label $(median "${times[@]}") ${times[*]}" >> "$OUT/startup"
  echo "startcpu $label $(median "${cpus[@]}") ${cpus[*]}" >> "$OUT/startup-cpu"
}
# Another program started the same way (PORT in its command is the port), so that `--only startup`
# gives the jar's ratios in one run: the JDK's bare HttpServer program (the anchors' jdk_httpserver,
# the target), and WireMock's own standalone jar with its defaults (what any WireMock-based server
# builds before it can answer: the floor of the target for this design).
startup_program() { # startup_program LABEL HEALTH_PATH|any COMMAND...
  local label=$1 health=$2 times=() cpus=() port pid t0
  shift 2
  for _ in $(seq $STARTS); do
    port=$(free_port)
    t0=$(now_ms)
    "${@//PORT/$port}" > /dev/null 2>&1 &
    pid=$!
    wait_health "$port" "$health" $pid
    times+=($(($(now_ms) - t0)))
    cpus+=($(cpu_ms $pid))
    stop $pid
  done
  echo "startup $label $(median "${times[@]}") ${times[*]}" >> "$OUT/startup"
  echo "startcpu $label $(median "${cpus[@]}") ${cpus[*]}" >> "$OUT/startup-cpu"
}
if section startup; then
echo "bench: start-up" >&2
startup jar
printf '%s' '{"code":5,"message":"Not Found"}' > "$WORK/startup-body"
startup_program jdk_bare any \
  java -cp $BENCH_JAR org.totpkit.bench.StaticJdkServer PORT 404 "$WORK/startup-body"
mkdir -p "$WORK/wiremock-start"
startup_program wiremock_jar /__admin/health \
  java -jar $WIREMOCK_JAR --port PORT --bind-address 127.0.0.1 --root-dir "$WORK/wiremock-start" \
  --disable-banner
# Class-data sharing: the archive the build makes next to the jar (mock-server's cds-archive
# execution), which is what a user passes; one training run here only if it was built without.
CDS=mock-server/target/totp-mock-server.jsa
if [ ! -f "$CDS" ]; then
  CDS=$WORK/totp-mock-server.jsa
  port=$(free_port)
  java -XX:ArchiveClassesAtExit="$CDS" -jar $SERVER_JAR --port "$port" > /dev/null 2>&1 &
  pid=$!
  wait_http "http://127.0.0.1:$port/__admin/health" $pid
  curl -s -o /dev/null -X POST "http://127.0.0.1:$port/no/such/route"
  stop $pid
fi
if [ -f "$CDS" ]; then startup jar+AppCDS -XX:SharedArchiveFile="$CDS"; fi
# The embedded start (issue 18 §3): @TotpMockTest's server per test class, classes one after
# another in one JVM as a build runs them (bench/embedded-start.sh; its table goes in the report).
if [ $MODE = quick ]; then EMBEDDED_CLASSES=10; else EMBEDDED_CLASSES=30; fi
bench/embedded-start.sh $EMBEDDED_CLASSES > "$OUT/embedded-start.md" \
  || { echo "bench: the embedded start did not run (see above)" >&2; rm -f "$OUT/embedded-start.md"; }
fi

# --- 2. the reference server and its same-process baseline --------------------------------------
# The server as the jar starts it, its state made in process (bench/.../PopulatedServer.java).
start_populated() { # start_populated NAME RESIDENT POOL ONCE [java options]: sets B, SPID
  local name=$1 resident=$2 pool=$3 once=$4 port
  shift 4
  port=$(free_port)
  rm -rf "$WORK/fixture"
  java "$@" -cp $BENCH_JAR org.totpkit.bench.PopulatedServer "$port" "$WORK/fixture" \
    "$resident" "$pool" "$once" "${V2_USERS:-0}" > "$OUT/$name.log" 2>&1 &
  SPID=$!
  PIDS+=($SPID)
  B=http://127.0.0.1:$port
  for _ in $(seq 6000); do
    grep -q '^ready' "$OUT/$name.log" && break
    kill -0 $SPID 2>/dev/null || { cat "$OUT/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  wait_http "$B/__admin/health" $SPID
  # shellcheck disable=SC1091
  . "$WORK/fixture/fixture.env"
}

# The static answer of every baseline: the bytes and status of the contract's row 1 (404), so that
# the reference server's stub, its row 1 and the anchors all send the same thing.
printf '%s' '{"code":5,"message":"Not Found"}' > "$WORK/static-body"
STATUS=404
stub_json() { # stub_json URL: a WireMock stub answering the static bytes to POST URL
  python3 - "$WORK/static-body" "$STATUS" "$1" <<'PY'
import json, sys
body = open(sys.argv[1]).read()
print(json.dumps({"request": {"method": "POST", "url": sys.argv[3]},
                  "response": {"status": int(sys.argv[2]), "body": body,
                               "headers": {"Content-Type": "application/json"}}}))
PY
}
RPC_METHOD=zitadel.resources.user.v3alpha.ZITADELUsers/VerifyTOTPRegistration

# h2load_measure LABEL CONNECTIONS URL: unary gRPC with the fixture's framed body, one stream per
# connection (as wrk has one request in flight per connection); appends a row like measure's.
h2load_measure() {
  local label=$1 c=$2 url=$3
  h2load -t$THREADS -c"$c" -m1 -D"$DURATION" --warm-up-time=1 \
    --log-file="$WORK/h2load.log" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $TOKEN" \
    -d "$WORK/fixture/verify_wrong.grpc" "$url" > "$OUT/$label-c$c.txt" 2>&1
  set -- $(python3 bench/h2load_row.py "$OUT/$label-c$c.txt" "$WORK/h2load.log")
  echo "$label $c $2 $3 $4 $5 $6 $7" >> "$OUT/rows"
}

# cpu_ticks PID: user + system clock ticks the process has used (all threads).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# cpu_row LABEL C TICKS_BEFORE: appends "LABEL c server-µs-per-request" to $OUT/answer_cpu, over the
# requests of the row measure or h2load_measure has just appended. On a shared machine req/s also
# carries the load generator's share of the cores; this is the server's own cost of an answer.
cpu_row() {
  local requests
  requests=$(awk -v l="$1" -v c="$2" '$1 == l && $2 == c {n = $3} END {print n + 0}' "$OUT/rows")
  awk -v l="$1" -v c="$2" -v a="$3" -v b="$(cpu_ticks $SPID)" -v n="$requests" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {if (n > 0) printf "%s %s %.1f\n", l, c, (b - a) * 1e6 / hz / n}' \
    >> "$OUT/answer_cpu"
}

if section reference; then
echo "bench: reference server" >&2
# V2_USERS: as many v2 users (one TOTP each) as resident v3alpha registrations, for ref_v2_*.
# G1's own log, one line a collection (no cost a row can see), so that the report can say what the
# resident memory of record is made of: the heap G1 had committed then, and what stays live.
V2_USERS=$SCALE_SMALL start_populated reference $SCALE_SMALL $POOL $ONCE \
  -Xlog:gc:file="$OUT/reference-gc.log"
VERIFY_URL=$B/resources/v3alpha/users/$USER_ID/totp
cp "$WORK/fixture/once" "$OUT/once_ids"
# The same-process baseline: a real static WireMock stub, registered through the admin API, that
# the server serves before the contract (stubs over the contract). Row 1 (a request no route and
# no stub matches: the same Jetty, request gate and stub filter answering a fixed 404 with no
# route, auth or domain work) stays as an extra row.
stub_json /bench/static > "$WORK/stub.json"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/stub.json" \
  "$B/__admin/mappings"
BASELINE_URL=$B/bench/static
ROW1_URL=$B/no/such/route
# Check, not assume: the stub answers (WireMock names the stub it served) with the same bytes as
# row 1, and row 1 answers what the anchors will serve.
curl -s -D "$WORK/stub-headers" -o "$WORK/stub-body" -X POST "$BASELINE_URL"
curl -s -o "$WORK/row1-body" -X POST "$ROW1_URL"
grep -qi '^Matched-Stub-Id:' "$WORK/stub-headers" && cmp -s "$WORK/stub-body" "$WORK/static-body" \
  || { echo "bench: the static stub did not answer its bytes" >&2; exit 1; }
cmp -s "$WORK/row1-body" "$WORK/static-body" || note "row 1 answered other bytes than the stub"
plain POST '' baseline
spread verify_wrong "$WRONG" "$WORK/fixture/resident"
spread_v2 v2_verify_wrong "$V2_WRONG" "$WORK/fixture/v2_users"
plain POST "\"$WRONG\"" verify_wrong_one
plain POST '' start
# Connect unary over HTTP/1.1: the same wrong-code Verify as the gRPC rows, in Connect's JSON.
plain POST "$(cat "$WORK/fixture/verify_wrong.json")" connect
# The pool of fresh registrations, split so that no run re-verifies another run's.
split -n l/2 -d "$WORK/fixture/pool" "$WORK/pool."
spread verify_right_c16 "$RIGHT" "$WORK/pool.00" once
spread verify_right_c64 "$RIGHT" "$WORK/pool.01" once
ONE_URL=$VERIFY_URL/$ONE_ID/_verify
RPC_URL=$B/$RPC_METHOD

WARM_EACH=$((WARMUP / 4 + 1))
warm $WARM_EACH baseline "$BASELINE_URL"
warm $WARM_EACH verify_wrong "$VERIFY_URL"
warm $((WARM_EACH / 2 + 1)) v2_verify_wrong "$B/v2/users"
warm $WARM_EACH start "$VERIFY_URL"
h2load -t$THREADS -c64 -m1 -D$WARM_EACH -H 'content-type: application/grpc' -H 'te: trailers' \
  -H "authorization: Bearer $TOKEN" -d "$WORK/fixture/verify_wrong.grpc" "$RPC_URL" > /dev/null
echo "rss reference after-warm-up $(rss_mb $SPID)" >> "$OUT/memory"
for c in $CONNECTIONS; do
  measure ref_baseline "$c" baseline "$BASELINE_URL"
  # The server's CPU per answer of both dialects' verify too: their req/s ratio also carries wrk's.
  t0=$(cpu_ticks $SPID)
  measure ref_verify_wrong "$c" verify_wrong "$VERIFY_URL"
  cpu_row ref_verify_wrong "$c" "$t0"
  t0=$(cpu_ticks $SPID)
  measure ref_v2_verify_wrong "$c" v2_verify_wrong "$B/v2/users"
  cpu_row ref_v2_verify_wrong "$c" "$t0"
  measure ref_verify_right "$c" "verify_right_c$c" "$VERIFY_URL" counted
done
for c in $CONNECTIONS; do measure ref_start "$c" start "$VERIFY_URL"; done
for c in $CONNECTIONS; do measure ref_row1 "$c" baseline "$ROW1_URL"; done

# gRPC and Connect: h2load and wrk send one fixed body, so these rows verify one registration
# (every request on it); ref_verify_wrong_one is REST on that same registration, for a like ratio.
echo "bench: gRPC and Connect" >&2
warm $((WARM_EACH / 2 + 1)) connect "$RPC_URL"
for c in $CONNECTIONS; do
  t0=$(cpu_ticks $SPID)
  measure ref_verify_wrong_one "$c" verify_wrong_one "$ONE_URL"
  cpu_row ref_verify_wrong_one "$c" "$t0"
  # h2load counts no request of its first second (--warm-up-time=1): nor does the CPU figure.
  (sleep 1; cpu_ticks $SPID > "$WORK/grpc-t0") &
  t0_pid=$!
  h2load_measure grpc_verify_wrong "$c" "$RPC_URL"
  wait $t0_pid
  cpu_row grpc_verify_wrong "$c" "$(cat "$WORK/grpc-t0")"
  t0=$(cpu_ticks $SPID)
  measure connect_verify_wrong "$c" connect "$RPC_URL"
  cpu_row connect_verify_wrong "$c" "$t0"
done
# Count, not assume: h2load sees only the HTTP 200, so nghttp sends GRPC_CHECK of the same
# requests, multiplexed on one connection, and every answer's trailers are counted by grpc-status.
# (A run that sees no grpc-status at all is reported as missed, not a harness failure.)
{ nghttp -v -m "$GRPC_CHECK" -H 'content-type: application/grpc' -H 'te: trailers' \
  -H "authorization: Bearer $TOKEN" -d "$WORK/fixture/verify_wrong.grpc" "$RPC_URL" 2>&1 || true; } |
  { grep -a 'recv (stream_id=[0-9]*) grpc-status:' || true; } | awk '{print $NF}' | sort | uniq -c |
  awk -v n="$GRPC_CHECK" '{s = s " " $2 "=" $1} END {print "grpc_status " n s}' >> "$OUT/checks"
# The same for Connect: every answer a 400 with Connect's invalid_argument and the row-14 id.
cat > "$WORK/connect_check.lua" <<LUA
$(sed '/^function done/,$d' "$WORK/connect.lua")
expected, other, sent = 0, 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status == 400 and body:find('"code":"invalid_argument"', 1, true)
      and body:find("EVENT-8isk2", 1, true) then expected = expected + 1 else other = other + 1 end
  sent = sent + 1
  if sent >= $((GRPC_CHECK / THREADS)) then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local e, o = 0, 0
  for _, t in ipairs(threads) do e = e + t:get("expected"); o = o + t:get("other") end
  io.write(string.format("CHECK %d %d\n", e, o))
end
LUA
bench/wrk-counted.sh -t$THREADS -c16 -d60s --timeout 5s -s "$WORK/connect_check.lua" "$RPC_URL" > "$OUT/connect_check.txt"
echo "connect_status $(grep '^CHECK' "$OUT/connect_check.txt" | cut -d' ' -f2-)" >> "$OUT/checks"

# What populating through the import hook would cost (the scale runs populate in process).
plain POST '{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}' import
measure ref_import_hook 16 import "$B/__admin/totp/users/$USER_ID/totp"
echo "rss reference after-run $(rss_mb $SPID)" >> "$OUT/memory"
gc_mark reference
rss_idle $SPID reference

# --- 4. each right code accepted exactly once, under load ---------------------------------------
echo "bench: exactly once" >&2
once_script once_first 2
once_script once_again 1
for pass in once_first once_again; do
  bench/wrk-counted.sh -t$THREADS -c64 -d90s --timeout 10s -s "$WORK/$pass.lua" "$VERIFY_URL" > "$OUT/$pass.txt"
  echo "$pass $(grep '^ONCE' "$OUT/$pass.txt" | cut -d' ' -f2-)" >> "$OUT/once"
done
stop $SPID
fi

# --- 3. the anchors, each alone -----------------------------------------------------------------
anchor() { # anchor NAME HEALTH_URL_SUFFIX COMMAND...: starts, warms, measures the static answer
  local name=$1 health=$2 port t0
  shift 2
  port=$(free_port)
  t0=$(now_ms)
  "${@//PORT/$port}" > "$OUT/$name.log" 2>&1 &
  SPID=$!
  PIDS+=($SPID)
  wait_health "$port" "$health" $SPID
  echo "startup $name $(($(now_ms) - t0))" >> "$OUT/startup"
  local url=http://127.0.0.1:$port/static
  warm "$WARMUP" baseline "$url"
  echo "rss $name after-warm-up $(rss_mb $SPID)" >> "$OUT/memory"
  for c in $CONNECTIONS; do measure "$name" "$c" baseline "$url"; done
  echo "rss $name after-run $(rss_mb $SPID)" >> "$OUT/memory"
  gc_mark "$name"
  rss_idle $SPID "$name"
  stop $SPID
}
if section anchors; then
[ -f "$WORK/baseline.lua" ] || plain POST '' baseline
mkdir -p "$WORK/wiremock/mappings"
stub_json /static > "$WORK/wiremock/mappings/static.json"
echo "bench: anchors" >&2
anchor wiremock_default /__admin/health \
  java -Xlog:gc:file="$OUT/wiremock_default-gc.log" -jar $WIREMOCK_JAR --port PORT \
  --bind-address 127.0.0.1 --root-dir "$WORK/wiremock" --disable-banner
anchor wiremock_no_journal /__admin/health \
  java -Xlog:gc:file="$OUT/wiremock_no_journal-gc.log" -jar $WIREMOCK_JAR --port PORT \
  --bind-address 127.0.0.1 --root-dir "$WORK/wiremock" --disable-banner \
  --no-request-journal --disable-request-logging
anchor jdk_httpserver any \
  java -cp $BENCH_JAR org.totpkit.bench.StaticJdkServer PORT "$STATUS" "$WORK/static-body"
fi

# --- 4b. the kit: its jar as a user runs it, per transport and dialect -------------------------
# kit_run LABEL TRANSPORT DIALECT [TARGET]: one `java -jar` of the kit (the README's command, no
# JVM flag), wall and CPU time (user + sys of the JVM) and the scenario counts it printed, as
# "kit LABEL TRANSPORT DIALECT wall_ms cpu_ms exit passed failed skipped" in $OUT/kit.
kit_run() {
  python3 - "$KIT_JAR" "$WORK/kit-$1-$2-$3" "$@" >> "$OUT/kit" <<'PY'
import re, resource, subprocess, sys, time
jar, out, label, transport, dialect = sys.argv[1:6]
command = ["java", "-jar", jar, "--transport", transport, "--dialect", dialect, "--report-dir", out]
if len(sys.argv) > 6:
    command += ["--target", sys.argv[6]]
start = time.monotonic()
run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
found = re.findall(r"(\d+) passed, (\d+) failed, \d+ waived, (\d+) skipped", run.stdout)
passed, failed, skipped = found[-1] if found else ("?", "?", "?")
if run.returncode != 0 or not found:
    sys.stderr.write(run.stdout[-2000:])
print(f"kit {label} {transport} {dialect} {wall * 1000:.0f} "
      f"{(usage.ru_utime + usage.ru_stime) * 1000:.0f} {run.returncode} {passed} {failed} {skipped}")
PY
}
if section kit; then
  echo "bench: kit" >&2
  if [ $MODE = quick ]; then
    KIT_RUNS="rest:v3alpha rest:v2"
  else
    KIT_RUNS="rest:v3alpha grpc:v3alpha grpc-web:v3alpha connect:v3alpha rest:v2 grpc:v2 grpc-web:v2 connect:v2"
  fi
  for run in $KIT_RUNS; do
    kit_run embedded "${run%%:*}" "${run##*:}" || note "kit: the $run run did not finish"
  done
  # Black-box: the same REST run against the server's jar started as the README starts it.
  port=$(free_port)
  java -jar $SERVER_JAR --port "$port" > "$OUT/kit-server.log" 2>&1 &
  SPID=$!
  PIDS+=("$SPID")
  wait_http "http://127.0.0.1:$port/__admin/health" $SPID
  printf 'baseUrl=http://127.0.0.1:%s\nhooksUrl=http://127.0.0.1:%s/__admin/totp\n' "$port" "$port" \
    > "$WORK/kit-target.properties"
  kit_run black-box rest v3alpha "$WORK/kit-target.properties" || note "kit: the black-box run did not finish"
  # Again against the same server, now warm (it has served one run), as a deployment under test
  # that has been up for a while is; the cold run above stays in the report beside it.
  kit_run black-box-warm rest v3alpha "$WORK/kit-target.properties" || note "kit: the second black-box run did not finish"
  stop $SPID
fi

# --- 5. state at scale: 1,000 and SCALE_BIG registrations in a 512 MB heap; the soak -------------
if section scale; then
echo "bench: scale" >&2
for n in $SCALE_SMALL $SCALE_BIG; do
  start_populated "scale_$n" "$n" 0 0 -Xmx512m
  VERIFY_URL=$B/resources/v3alpha/users/$USER_ID/totp
  spread verify_wrong "$WRONG" "$WORK/fixture/resident"
  warm "$WARMUP" verify_wrong "$VERIFY_URL"
  measure "scale_${n}_verify_wrong" 64 verify_wrong "$VERIFY_URL"
  grep '^populated' "$OUT/scale_$n.log" | sed "s/^/scale $n /" >> "$OUT/scale"
  if [ "$n" = "$SCALE_BIG" ]; then
    # The soak: SOAK wrong-code verifies in parts of a quarter each, heap after a full GC and RSS
    # between them. A part ends at its count or at its time bound (SOAK_BOUND); the soak goes on
    # until SOAK requests are answered or SOAK_PARTS parts have run. (With four parts and a 60 s
    # bound, a loaded machine ended parts early and the soak stopped short of SOAK.)
    soak_script() { # soak_script LIMIT_PER_THREAD
      sed '/^function done/,$d' "$WORK/verify_wrong.lua"
      cat <<LUA
local sent = 0
function response(status, headers, body)
  sent = sent + 1
  if sent >= $1 then wrk.thread:stop() end
end
LUA
      cat "$WORK/result.lua"
    }
    heap() { jcmd "$SPID" GC.run > /dev/null; jcmd "$SPID" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {sub(",", "", $(i+1)); print $(i+1); exit}}'; }
    echo "soak 0 heap $(heap) rss $(rss_mb $SPID)" >> "$OUT/soak"
    done_requests=0
    part=0
    while [ $done_requests -lt $SOAK ] && [ $part -lt $SOAK_PARTS ]; do
      part=$((part + 1))
      left=$((SOAK - done_requests))
      [ $left -gt $((SOAK / 4)) ] && left=$((SOAK / 4))
      soak_script $(((left + THREADS - 1) / THREADS)) > "$WORK/soak.lua"
      bench/wrk-counted.sh -t$THREADS -c64 -d"$SOAK_BOUND"s --timeout 5s -s "$WORK/soak.lua" "$VERIFY_URL" \
        > "$OUT/soak-$part.txt"
      done_requests=$((done_requests + $(awk '/^RESULT/ {print $2}' "$OUT/soak-$part.txt")))
      echo "soak $done_requests heap $(heap) rss $(rss_mb $SPID)" >> "$OUT/soak"
    done
    echo "soak_target $SOAK" >> "$OUT/soak-target"
  fi
  stop $SPID
done
fi

# --- 6. replicas: haproxy in front of 1, 2 and 3 servers on PostgreSQL ---------------------------
if section replicas; then
  echo "bench: replicas" >&2
  bench/replicas.sh "$OUT" "$MODE" || note "replicas: bench/replicas.sh failed (see bench/target/run-$MODE/replicas-*.log)"
fi

# --- the tables ---------------------------------------------------------------------------------
python3 bench/report.py "$OUT" "$MODE" "$WARMUP" "$DURATION"
