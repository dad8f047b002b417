#!/usr/bin/env bash
# Load benchmark of the reference server with wrk, reported as ratios to a baseline measured in the
# same run. Usage: bench/load.sh [seconds-per-run] (default 10). Needs wrk (apt-get install wrk)
# and a built jar (mvn -B -ntp install -DskipTests). Traffic stays on 127.0.0.1; every run is
# bounded by its duration.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
JAR=mock-server/target/totp-mock-server.jar
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "bench: $JAR is missing (mvn -B -ntp install -DskipTests)" >&2; exit 2; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
B=http://127.0.0.1:$PORT
java -jar "$JAR" --port "$PORT" --no-demo-data >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
WORK=$(mktemp -d)
for _ in $(seq 50); do curl -sf $B/__admin/health >/dev/null && break; sleep 0.2; done

USER_JSON=$(curl -s -X POST $B/__admin/totp/users -d '{}')
U=$(echo "$USER_JSON" | sed -E 's/.*"userId":"([0-9]+)".*/\1/')
TOKEN=$(echo "$USER_JSON" | sed -E 's/.*"token":"([^"]+)".*/\1/')
TOTP=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" $B/resources/v3alpha/users/$U/totp | sed -E 's/.*"totpId":"([0-9]+)".*/\1/')

cat > "$WORK/verify.lua" <<LUA
wrk.method = "POST"
wrk.body = '"000000"'
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$WORK/start.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
cat > "$WORK/notfound.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

rate() { # rate NAME SCRIPT URL
  wrk -t2 -c16 -d"${DURATION}s" -s "$2" "$3" | awk -v name="$1" '/Requests\/sec/ {print name, $2}'
}
# Warm the JIT on every path before measuring.
wrk -t2 -c16 -d3s -s "$WORK/verify.lua" "$B/resources/v3alpha/users/$U/totp/$TOTP/_verify" >/dev/null
wrk -t2 -c16 -d3s -s "$WORK/notfound.lua" "$B/no/such/route" >/dev/null

{
  rate baseline_no_route "$WORK/notfound.lua" "$B/no/such/route"
  rate verify_wrong_code "$WORK/verify.lua" "$B/resources/v3alpha/users/$U/totp/$TOTP/_verify"
  rate start_registration "$WORK/start.lua" "$B/resources/v3alpha/users/$U/totp"
} > "$WORK/rates"

echo "wrk -t2 -c16 -d${DURATION}s on $(nproc) cores, $(java -version 2>&1 | head -1)"
awk 'NR==1 {base=$2} {printf "%-20s %10.0f req/s   %.2f x baseline\n", $1, $2, $2/base}' "$WORK/rates"
