#!/usr/bin/env bash
# The README's walkthrough as a script, in the README's order: the curl session (every row of the
# error table, each status checked), then the Connect and gRPC curl examples, then the node client
# when interop/node is installed. It restores the policy and the clock it changed and removes the
# registrations it can name (the gRPC and node starts each leave one pending registration), so it
# runs again and again against the same server. It writes no file but one temporary (mktemp).
# Needs a running server with demo data (java -jar mock-server/target/totp-mock-server.jar),
# curl (with HTTP/2) and oathtool. Usage: docs/curl-walkthrough.sh [base-url]
# With TOTP_ADMIN_TOKEN set (a server started with --admin-token), the hooks get it as a bearer token.
set -euo pipefail
B=${1:-http://127.0.0.1:8080}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOOK=()
[[ -n "${TOTP_ADMIN_TOKEN:-}" ]] && HOOK=(-H "Authorization: Bearer $TOTP_ADMIN_TOKEN")
U=100000000000000002
AUTH='Authorization: Bearer demo-token'
failures=0
BODY=$(mktemp)
trap 'rm -f "$BODY"' EXIT

expect() { # expect ROW STATUS CODE -- curl args...
  local row=$1 status=$2 code=$3; shift 4
  local out; out=$(curl -s -o "$BODY" -w '%{http_code}' "$@")
  local body; body=$(cat "$BODY")
  if [[ "$out" == "$status" && "$body" == *"\"code\":$code"* ]]; then
    echo "row $row: $out $body"
  else
    echo "row $row: FAILED, expected $status with code $code, got $out $body"; failures=$((failures+1))
  fi
}

check() { # check NAME EXPECTED ACTUAL
  if [[ "$3" == "$2" ]]; then
    echo "$1: $3"
  else
    echo "$1: FAILED, expected $2, got $3"; failures=$((failures+1))
  fi
}

R=$(curl -s -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp)
TOTP_ID=$(echo "$R" | sed -E 's/.*"totpId":"([0-9]+)".*/\1/')
SECRET=$(echo "$R" | sed -E 's/.*"secret":"([A-Z2-7]+)".*/\1/')
CODE=$(oathtool --totp -b "$SECRET")
check verify 200 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$TOTP_ID/_verify -d "\"$CODE\"")"

expect 1 404 5 -- $B/resources/v3alpha/nothing-here
expect 2 405 12 -- $B/resources/v3alpha/users/$U/totp
expect 3 400 3 -- -X POST $B/resources/v3alpha/users/$U/totp/$TOTP_ID/_verify -d '{"code":"123456"}'
expect 4 401 16 -- -X POST $B/resources/v3alpha/users/$U/totp
expect 5 401 16 -- -X POST -H 'Authorization: demo-token' $B/resources/v3alpha/users/$U/totp
expect 6 401 16 -- -X POST -H 'Authorization: Bearer nope' $B/resources/v3alpha/users/$U/totp
expect 7 400 3 -- -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$TOTP_ID/_verify -d '"12345"'
expect 8 404 5 -- -X POST -H "$AUTH" "$B/resources/v3alpha/users/$U/totp?organization.orgId=42"
expect 9 404 5 -- -X POST -H "$AUTH" $B/resources/v3alpha/users/404/totp
OTHER=$(curl -s "${HOOK[@]}" -X POST $B/__admin/totp/users -d '{}' | sed -E 's/.*"userId":"([0-9]+)".*/\1/')
expect 10 403 7 -- -X POST -H "$AUTH" $B/resources/v3alpha/users/$OTHER/totp
expect 11 404 5 -- -X DELETE -H "$AUTH" $B/resources/v3alpha/users/$U/totp/1
expect 12 400 9 -- -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$TOTP_ID/_verify -d "\"$CODE\""

# A frozen clock, so that the lock's Retry-After is its full 60 s however slow this machine is.
curl -s -o /dev/null "${HOOK[@]}" -X PUT $B/__admin/totp/clock -d "{\"epochMillis\":$(date +%s)000}"
curl -s -o /dev/null "${HOOK[@]}" -X PUT $B/__admin/totp/policy -d '{"maxFailedAttempts":2,"lockSeconds":60}'
P=$(curl -s -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp | sed -E 's/.*"totpId":"([0-9]+)".*/\1/')
expect 14 400 3 -- -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$P/_verify -d '"000000"'
expect 14 400 3 -- -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$P/_verify -d '"000000"'
expect 13 429 8 -- -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$P/_verify -d '"000000"'
retry=$(curl -s -D - -o /dev/null -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$P/_verify -d '"000000"' | tr -d '\r' | sed -n 's/^retry-after: //Ip')
echo "Retry-After: $retry"

# Undo what the session changed: the policy's two fields back to their defaults, the real clock,
# and the two registrations removed. (Not POST /__admin/totp/reset: it deletes the demo user and
# token too, and every example after this one would answer 401.)
curl -s -o /dev/null "${HOOK[@]}" -X PUT $B/__admin/totp/policy -d '{"maxFailedAttempts":0,"lockSeconds":300}'
curl -s -o /dev/null "${HOOK[@]}" -X DELETE $B/__admin/totp/clock
check "remove the verified registration" 200 "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$TOTP_ID)"
check "remove the locked registration" 200 "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$P)"

# Connect with JSON.
R=/zitadel.resources.user.v3alpha.ZITADELUsers
C=$(curl -s -H "$AUTH" -H 'Content-Type: application/json' $B$R/StartTOTPRegistration -d "{\"id\":\"$U\"}")
C_ID=$(echo "$C" | sed -E 's/.*"totpId":"([0-9]+)".*/\1/')
check "connect start" yes "$([[ "$C" == *'"secret":"'* && "$C_ID" =~ ^[0-9]+$ ]] && echo yes || echo "$C")"
expect connect-14 400 '"invalid_argument"' -- -H "$AUTH" -H 'Content-Type: application/json' $B$R/VerifyTOTPRegistration \
  -d "{\"id\":\"$U\",\"totpId\":\"$C_ID\",\"code\":\"000000\"}"
grep -q 'EVENT-8isk2' "$BODY" || { echo "connect-14: FAILED, no EVENT-8isk2"; failures=$((failures+1)); }
check "connect remove" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' $B$R/RemoveTOTPAuthenticator -d "{\"id\":\"$U\",\"totpId\":\"$C_ID\"}")"

# gRPC: a framed message on stdin (flag byte, 4-byte length 20, field 3 `id` of 18 bytes).
grpc_status() { # curl args... -> the grpc-status the server sent
  curl -sv --http2-prior-knowledge -H 'Content-Type: application/grpc' -H 'TE: trailers' "$@" -o /dev/null 2>&1 |
    tr -d '\r' | sed -n 's/^< grpc-status: //p'
}
check "grpc start" 0 "$(printf '\000\000\000\000\024\032\022%s' "$U" | grpc_status -H "$AUTH" --data-binary @- $B$R/StartTOTPRegistration)"
check "grpc start without a token" 16 "$(printf '\000\000\000\000\024\032\022%s' "$U" | grpc_status --data-binary @- $B$R/StartTOTPRegistration)"

# The node client (connect-es), when interop/node is installed (npm ci) and proto/ is built.
PROTOSET=$ROOT/proto/target/classes/proto/totp-contract.protoset
if command -v node >/dev/null && [[ -d $ROOT/interop/node/node_modules && -f $PROTOSET ]]; then
  N=$(echo "{\"method\":\"StartTOTPRegistration\",\"authorization\":\"Bearer demo-token\",\"request\":{\"id\":\"$U\"}}" |
    node "$ROOT/interop/node/client.mjs" grpc $B "$PROTOSET")
  check "node grpc start" yes "$([[ "$N" == '{"code":0,'* ]] && echo yes || echo "$N")"
else
  echo "node client: not run (needs node, interop/node/node_modules and a built proto/)"
fi

echo "$failures failures"
[[ $failures == 0 ]]
