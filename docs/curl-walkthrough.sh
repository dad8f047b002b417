#!/usr/bin/env bash
# The README's curl session as a script: every row of the error table, each status checked.
# Needs a running server with demo data (java -jar mock-server/target/totp-mock-server.jar),
# curl and oathtool. Usage: docs/curl-walkthrough.sh [base-url]
# With TOTP_ADMIN_TOKEN set (a server started with --admin-token), the hooks get it as a bearer token.
set -euo pipefail
B=${1:-http://127.0.0.1:8080}
HOOK=()
[[ -n "${TOTP_ADMIN_TOKEN:-}" ]] && HOOK=(-H "Authorization: Bearer $TOTP_ADMIN_TOKEN")
U=100000000000000002
AUTH='Authorization: Bearer demo-token'
failures=0

expect() { # expect ROW STATUS CODE -- curl args...
  local row=$1 status=$2 code=$3; shift 4
  local out; out=$(curl -s -o /tmp/walk.body -w '%{http_code}' "$@")
  local body; body=$(cat /tmp/walk.body)
  if [[ "$out" == "$status" && "$body" == *"\"code\":$code"* ]]; then
    echo "row $row: $out $body"
  else
    echo "row $row: FAILED, expected $status with code $code, got $out $body"; failures=$((failures+1))
  fi
}

R=$(curl -s -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp)
TOTP_ID=$(echo "$R" | sed -E 's/.*"totpId":"([0-9]+)".*/\1/')
SECRET=$(echo "$R" | sed -E 's/.*"secret":"([A-Z2-7]+)".*/\1/')
CODE=$(oathtool --totp -b "$SECRET")
ok=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$AUTH" $B/resources/v3alpha/users/$U/totp/$TOTP_ID/_verify -d "\"$CODE\"")
[[ "$ok" == 200 ]] && echo "verify: 200" || { echo "verify: FAILED ($ok)"; failures=$((failures+1)); }

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
curl -s -o /dev/null "${HOOK[@]}" -X POST $B/__admin/totp/reset

echo "$failures failures"
[[ $failures == 0 ]]
