#!/usr/bin/env bash
# The replica benchmark (issue 8, item 5), called by bench/run.sh or alone:
#   bench/replicas.sh OUT_DIR quick|full
#
# Verify throughput through haproxy in front of 1, 2 and 3 replicas on one PostgreSQL (all started
# by deploy/replicas.sh, used only through its command line: --replicas N and the URL it prints),
# as ratios to one in-memory server (java -jar, no haproxy) measured in the same run. Every server
# is populated the same way, through the hooks (a user, a frozen clock, imported registrations);
# wrong-code verify is spread over the resident registrations, right-code verify takes each of a
# pool of fresh ones once. Appends rows to OUT_DIR/rows (label c requests rps p50 p99 non2xx errors) and
# lines to OUT_DIR/replicas (CPU µs per verify of each process, and of each kind of the server JVMs'
# threads); needs bench/run.sh's jars (mock-server's shaded jar) and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:?usage: bench/replicas.sh OUT_DIR quick|full}
MODE=${2:?usage: bench/replicas.sh OUT_DIR quick|full}
mkdir -p "$OUT"
if [ "$MODE" = quick ]; then
  WARMUP=5 DURATION=4 RESIDENT=200 POOL=2000 REPLICAS="1 3"
else
  WARMUP=30 DURATION=15 RESIDENT=1000 POOL=20000 REPLICAS="1 2 3"
fi
# For a focused round (e.g. TOTP_BENCH_REPLICAS=1 TOTP_BENCH_WARMUP=15): the anchor is always run.
REPLICAS=${TOTP_BENCH_REPLICAS:-$REPLICAS}
WARMUP=${TOTP_BENCH_WARMUP:-$WARMUP}
DURATION=${TOTP_BENCH_DURATION:-$DURATION}
THREADS=2
SERVER_JAR=mock-server/target/totp-mock-server.jar
[ -f $SERVER_JAR ] || { echo "bench/replicas.sh: $SERVER_JAR is missing" >&2; exit 2; }
# One user holds every registration; the clock is frozen, so one code is right for all of them.
SERVER_OPTS=(--no-demo-data --max-registrations-per-user 10000000 --max-registrations 10000000)
FROZEN_MS=1111111111000
# A synthetic secret (Base32), only for this benchmark.
SECRET=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ

WORK=$(mktemp -d)
chmod 700 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
log() { echo "$*" >> "$OUT/replicas"; }

# The right code at the frozen step and a code no step of the window T-1..T+1 has (RFC 6238).
read -r RIGHT WRONG < <(python3 - "$SECRET" "$FROZEN_MS" <<'PY'
import base64, hashlib, hmac, struct, sys
key, step = base64.b32decode(sys.argv[1]), int(sys.argv[2]) // 1000 // 30
def code(t):
    h = hmac.new(key, struct.pack(">Q", t), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((int.from_bytes(h[o:o + 4], "big") & 0x7FFFFFFF) % 10 ** 6)
window = {code(step + d) for d in (-1, 0, 1)}
print(code(step), next("%06d" % i for i in range(10 ** 6) if "%06d" % i not in window))
PY
)

cat > "$WORK/result.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %d %d %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

# populate BASE: a user, the frozen clock, RESIDENT + POOL imported registrations; sets USER_ID,
# TOKEN and writes $WORK/resident and $WORK/pool (one totpId a line).
populate() {
  local base=$1 reply
  reply=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "$base/__admin/totp/users")
  read -r USER_ID TOKEN < <(python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["userId"], r["token"])' <<<"$reply")
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' \
    -d "{\"epochMillis\":$FROZEN_MS}" "$base/__admin/totp/clock"
  # The imports through wrk: each thread keeps the ids it was answered in its own file and stops
  # after its share; a few extra imports in flight at the stop are harmless.
  rm -f "$WORK"/ids.*
  cat > "$WORK/import.lua" <<LUA
local counter = 0
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
local out, got = nil, 0
function init(args) out = io.open("$WORK/ids." .. tid, "w") end
wrk.method = "POST"
wrk.path = "/__admin/totp/users/$USER_ID/totp"
wrk.body = '{"secret":"$SECRET"}'
wrk.headers["Content-Type"] = "application/json"
function response(status, headers, body)
  local id = body:match('"totpId"%s*:%s*"(%d+)"')
  if status == 200 and id then out:write(id, "\n"); out:flush(); got = got + 1 end
  if got >= $(((RESIDENT + POOL) / THREADS + 1)) then wrk.thread:stop() end
end
LUA
  bench/wrk-counted.sh -t$THREADS -c16 -d600s --timeout 10s -s "$WORK/import.lua" "$base" > "$WORK/import.txt"
  cat "$WORK"/ids.* > "$WORK/ids"
  local got
  got=$(wc -l < "$WORK/ids")
  [ "$got" -ge $((RESIDENT + POOL)) ] || { echo "bench/replicas.sh: only $got imports" >&2; return 1; }
  head -n $RESIDENT "$WORK/ids" > "$WORK/resident"
  tail -n +$((RESIDENT + 1)) "$WORK/ids" | head -n $POOL > "$WORK/pool"
  # Check, not assume: the hook's current code is the code computed here.
  local now
  now=$(curl -sf "$base/__admin/totp/users/$USER_ID/totp/$(head -n 1 "$WORK/resident")/code" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
  [ "$now" = "$RIGHT" ] || { echo "bench/replicas.sh: the server's code is not the computed one" >&2; return 1; }
}

# scripts: the wrong code spread round-robin over the resident ids; the right code on each pool id
# once (thread t takes every THREADS-th id from t); when a thread's ids are used up it sends the
# health check until it has every verify answer, and only verify answers are counted (req/s is
# verify answers over the run's time).
scripts() {
  cat > "$WORK/wrong.lua" <<LUA
local ids, n, i = {}, 0, 0
function init(args) for id in io.lines("$WORK/resident") do n = n + 1; ids[n] = id end end
local headers = {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json"}
function request()
  i = i + 1
  return wrk.format("POST", "/resources/v3alpha/users/$USER_ID/totp/" .. ids[(i - 1) % n + 1]
    .. "/_verify", headers, '"$WRONG"')
end
LUA
  cat "$WORK/result.lua" >> "$WORK/wrong.lua"
  cat > "$WORK/right.lua" <<LUA
local ids, n, i = {}, 0, 0
local counter = 0
local threads = {}
ok, bad = 0, 0
function setup(thread) thread:set("tid", counter); counter = counter + 1; table.insert(threads, thread) end
function init(args)
  local line = 0
  for id in io.lines("$WORK/pool") do
    if line % $THREADS == tid then n = n + 1; ids[n] = id end
    line = line + 1
  end
end
local headers = {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json"}
local checked = false
function request()
  -- wrk calls request() once on the first thread to check it and never sends that one.
  if tid == 0 and not checked then checked = true; return wrk.format("GET", "/__admin/health") end
  i = i + 1
  if i > n then return wrk.format("GET", "/__admin/health") end
  return wrk.format("POST", "/resources/v3alpha/users/$USER_ID/totp/" .. ids[i] .. "/_verify",
    headers, '"$RIGHT"')
end
-- A verify's 200 carries its details; the health check's does not (and is not counted).
function response(status, headers, body)
  if status == 200 and body:find('"details"', 1, true) then ok = ok + 1
  elseif status ~= 200 then bad = bad + 1 end
  if ok + bad >= n then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local o, b = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %d %d %d %d\n", o + b,
    (o + b) / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    b, e.connect + e.read + e.write + e.timeout))
end
LUA
}

# cpu_ticks NAME=PID...: user+system clock ticks of each PID and all its descendants, summed per
# NAME, as "NAME=TICKS ..." (req/s on a shared machine is noise; CPU per verify is not).
cpu_ticks() {
  python3 - "$@" <<'PY'
import os, sys
kids = {}
for p in filter(str.isdigit, os.listdir("/proc")):
    try:
        st = open(f"/proc/{p}/stat").read()
    except OSError:
        continue
    kids.setdefault(int(st[st.rfind(")") + 2:].split()[1]), []).append(int(p))
def ticks(pid):
    try:
        f = open(f"/proc/{pid}/stat").read()
    except OSError:
        return 0
    f = f[f.rfind(")") + 2:].split()
    return int(f[11]) + int(f[12]) + sum(ticks(k) for k in kids.get(pid, []))
total = {}
for arg in sys.argv[1:]:
    name, pid = arg.split("=")
    total[name] = total.get(name, 0) + ticks(int(pid))
print(" ".join(f"{k}={v}" for k, v in total.items()))
PY
}

# thread_ticks PID...: user+system clock ticks of each of the JVMs' threads with its kind (Jetty's
# request threads, the committers of held answers, GC, JIT, the rest), as "TID:KIND=TICKS ...".
thread_ticks() {
  python3 - "$@" <<'PY'
import os, sys
out = []
for pid in sys.argv[1:]:
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        continue
    for tid in tids:
        try:
            st = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = st[st.find("(") + 1:st.rfind(")")]
        f = st[st.rfind(")") + 2:].split()
        kind = ("jetty" if name.startswith("qtp") else "commit" if name.startswith("totp-commit")
                else "gc" if name.startswith(("GC Thread", "G1 ")) else
                "jit" if name.startswith(("C1 Compiler", "C2 Compiler")) else "other")
        out.append(f"{tid}:{kind}={int(f[11]) + int(f[12])}")
print(" ".join(out))
PY
}

# The processes whose CPU each measurement reports (NAME=PID words), set before bench_on.
CPU_PIDS=()
# PostgreSQL's port while a deployment is measured (empty for the in-memory server).
PG_PORT=""

# Transactions committed in the database so far (every statement of a replica's request is one,
# in autocommit): read after the backends' statistics have been flushed (at most a second).
xact_commits() {
  [ -n "$PG_PORT" ] || { echo 0; return; }
  sleep 1.5
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAtc \
    "SELECT xact_commit FROM pg_stat_database WHERE datname = 'totp'" totp 2>/dev/null || echo 0
}

measure() { # measure LABEL CONNECTIONS SCRIPT URL
  local label=$1 c=$2 line before after jvms=() threads_before threads_after word
  local xact_before xact_after
  for word in "${CPU_PIDS[@]}"; do
    case $word in server=* | servers=*) jvms+=("${word#*=}") ;; esac
  done
  xact_before=$(xact_commits)
  threads_before=$(thread_ticks "${jvms[@]}")
  before=$(cpu_ticks "${CPU_PIDS[@]}")
  bench/wrk-counted.sh -t$THREADS -c"$c" -d"${DURATION}s" --timeout 10s -s "$WORK/$3.lua" "$4" > "$OUT/$label-c$c.txt"
  after=$(cpu_ticks "${CPU_PIDS[@]}")
  threads_after=$(thread_ticks "${jvms[@]}")
  xact_after=$(xact_commits)
  line=$(grep '^RESULT' "$OUT/$label-c$c.txt")
  set -- $line
  echo "$label $c $2 $3 $4 $5 $6 $7" >> "$OUT/rows"
  # CPU µs per verify answered, per process (a right-code run includes its closing health checks).
  log "$label c$c CPU µs per verify: $(python3 - "$2" "$(getconf CLK_TCK)" "$before" "$after" <<'PY'
import sys
n, hz = int(sys.argv[1]), int(sys.argv[2])
b = dict(w.split("=") for w in sys.argv[3].split())
a = dict(w.split("=") for w in sys.argv[4].split())
per = {k: (int(a[k]) - int(b[k])) / hz * 1e6 / max(n, 1) for k in a}
print(", ".join(f"{k} {v:.0f}" for k, v in per.items()) + f", total {sum(per.values()):.0f}")
PY
) (load $(cut -d' ' -f1 /proc/loadavg))"
  # The same for the server JVMs' threads: where a verify's JVM time goes (a thread that ended
  # during the run is left out).
  log "$label c$c JVM threads' CPU µs per verify: $(python3 - "$2" "$(getconf CLK_TCK)" "$threads_before" "$threads_after" <<'PY'
import sys
n, hz = int(sys.argv[1]), int(sys.argv[2])
b = dict(w.split("=") for w in sys.argv[3].split())
a = dict(w.split("=") for w in sys.argv[4].split())
kinds = {"jetty": 0, "commit": 0, "gc": 0, "jit": 0, "other": 0}
for key, ticks in a.items():
    kinds[key.split(":")[1]] += int(ticks) - int(b.get(key, 0))
print(", ".join(f"{k} {v / hz * 1e6 / max(n, 1):.0f}" for k, v in kinds.items()))
PY
)"
  # Statements PostgreSQL committed per verify (haproxy's health checks reach no database).
  if [ -n "$PG_PORT" ]; then
    log "$label c$c transactions per verify: $(python3 -c "print(f'{($xact_after - $xact_before) / max($2, 1):.3f}')")"
  fi
}

# bench_on LABEL BASE: populate, warm up, measure.
bench_on() {
  local label=$1 base=$2 t0
  t0=$(date +%s)
  populate "$base"
  log "$label populated $((RESIDENT + POOL)) registrations through the hooks in $(($(date +%s) - t0)) s"
  scripts
  wrk -t$THREADS -c64 -d"${WARMUP}s" --timeout 10s -s "$WORK/wrong.lua" "$base" > /dev/null
  measure "${label}_verify_wrong" 16 wrong "$base"
  measure "${label}_verify_wrong" 64 wrong "$base"
  measure "${label}_verify_right" 64 right "$base"
}

# start_memory LOG: one in-memory server (java -jar, the bench's options) on a free port, healthy;
# sets port and SPID.
start_memory() {
  port=$(free_port)
  java -jar $SERVER_JAR --port "$port" "${SERVER_OPTS[@]}" > "$1" 2>&1 &
  SPID=$!
  PIDS+=($SPID)
  for _ in $(seq 3000); do
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/__admin/health" && return 0
    kill -0 $SPID 2>/dev/null || { echo "bench/replicas.sh: the server died" >&2; exit 1; }
    sleep 0.05
  done
  echo "bench/replicas.sh: the server was not healthy in time" >&2
  exit 1
}

# --- one in-memory server, no load balancer: the reference of the ratios -----------------------
echo "bench: replicas: one in-memory server" >&2
start_memory "$OUT/replicas-memory.log"
CPU_PIDS=(server=$SPID)
bench_on replicas_memory "http://127.0.0.1:$port"
stop $SPID

# --- the same haproxy in front of one in-memory server: what the proxy alone costs -------------
# deploy/replicas.sh's haproxy (deploy/haproxy-config.sh), in its default HTTP mode and in TCP
# mode, before a fresh in-memory server: no replica behind that haproxy can answer more than this.
for mode in http tcp; do
  echo "bench: replicas: haproxy ($mode mode) in front of one in-memory server" >&2
  start_memory "$OUT/replicas-haproxy-$mode.log"
  front=$(free_port)
  TOTP_HAPROXY_MODE=$mode deploy/haproxy-config.sh "$front" "127.0.0.1:$port" > "$WORK/haproxy-$mode.cfg"
  haproxy -f "$WORK/haproxy-$mode.cfg" -db >> "$OUT/replicas-haproxy-$mode.log" 2>&1 &
  HPID=$!
  PIDS+=($HPID)
  for _ in $(seq 100); do
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$front/__admin/health" && break
    kill -0 $HPID 2>/dev/null || { echo "bench/replicas.sh: haproxy stopped" >&2; exit 1; }
    sleep 0.1
  done
  curl -sf -o /dev/null --max-time 10 "http://127.0.0.1:$front/__admin/health" ||
    { echo "bench/replicas.sh: haproxy ($mode mode) is not healthy" >&2; exit 1; }
  CPU_PIDS=(server=$SPID haproxy=$HPID)
  bench_on "replicas_haproxy_${mode}_memory" "http://127.0.0.1:$front"
  stop $HPID
  stop $SPID
done

# --- haproxy and N replicas on PostgreSQL (deploy/replicas.sh) ---------------------------------
for n in $REPLICAS; do
  echo "bench: replicas: $n on PostgreSQL behind haproxy" >&2
  deploy/replicas.sh --replicas "$n" "${SERVER_OPTS[@]}" > "$WORK/replicas.out" 2> "$OUT/replicas-$n.log" &
  RPID=$!
  PIDS+=($RPID)
  url=""
  for _ in $(seq 3000); do
    url=$(grep -m1 '^http://' "$WORK/replicas.out" || true)
    [ -n "$url" ] && break
    kill -0 $RPID 2>/dev/null || { echo "bench/replicas.sh: deploy/replicas.sh stopped; see $OUT/replicas-$n.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "bench/replicas.sh: deploy/replicas.sh printed no URL" >&2; exit 1; }
  # Through haproxy: healthy once a replica is (a loaded machine may start them slowly).
  for _ in $(seq 600); do
    curl -sf -o /dev/null --max-time 2 "$url/__admin/health" && break
    kill -0 $RPID 2>/dev/null || { echo "bench/replicas.sh: deploy/replicas.sh stopped" >&2; exit 1; }
    sleep 0.2
  done
  curl -sf -o /dev/null --max-time 10 "$url/__admin/health" ||
    { echo "bench/replicas.sh: $url is not healthy" >&2; exit 1; }
  # The processes of the deployment: haproxy and the replicas are its children; PostgreSQL's
  # postmaster (whose children are the backends) is named in its data directory.
  CPU_PIDS=()
  for pid in $(pgrep -P $RPID); do
    case "$(cat /proc/$pid/comm)" in
      haproxy) CPU_PIDS+=(haproxy=$pid) ;;
      java) CPU_PIDS+=(servers=$pid) ;;
    esac
  done
  pgdir=""
  for _ in $(seq 50); do
    pgdir=$(grep -o '/tmp/totp-replicas[^ ;)]*' "$OUT/replicas-$n.log" | head -n 1 || true)
    [ -n "$pgdir" ] && break
    sleep 0.1
  done
  [ -f "$pgdir/pg/postmaster.pid" ] && CPU_PIDS+=(postgres=$(head -n 1 "$pgdir/pg/postmaster.pid"))
  PG_PORT=$(cat "$pgdir/pg/port" 2>/dev/null || true)
  bench_on "replicas_pg$n" "$url"
  # deploy/replicas.sh stops PostgreSQL, its replicas and haproxy on SIGTERM.
  stop $RPID
done
