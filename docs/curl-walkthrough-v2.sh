#!/usr/bin/env bash
# The README's v2 curl session as a script: the three calls of the v2 user service and their main
# errors, each status and error ID checked. It leaves the demo user as it found it (no TOTP), so it
# can run again. Needs a running server with demo data, curl and oathtool.
# Usage: docs/curl-walkthrough-v2.sh [base-url]
# With TOTP_ADMIN_TOKEN set (a server started with --admin-token), the hooks get it as a bearer token.
set -euo pipefail
B=${1:-http://127.0.0.1:8080}
HOOK=()
[[ -n "${TOTP_ADMIN_TOKEN:-}" ]] && HOOK=(-H "Authorization: Bearer $TOTP_ADMIN_TOKEN")
U=100000000000000002
AUTH='Authorization: Bearer demo-token'
JSON='Content-Type: application/json'
BODY=$(mktemp)
trap 'rm -f "$BODY"' EXIT
failures=0

expect() { # expect WHAT STATUS ID -- curl args...   (ID: an ErrorDetail id, or - for a success)
  local what=$1 status=$2 id=$3; shift 4
  local out; out=$(curl -s -o "$BODY" -w '%{http_code}' "$@")
  local body; body=$(cat "$BODY")
  if [[ "$out" == "$status" && ( "$id" == - || "$body" == *"\"id\":\"$id\""* ) ]]; then
    echo "$what: $out ${id#-}"
  else
    echo "$what: FAILED, expected $status $id, got $out $body"; failures=$((failures+1))
  fi
}

# The code an authenticator app shows now, on the server's clock (which the hooks may have frozen).
code_now() {
  local millis; millis=$(curl -s "${HOOK[@]}" $B/__admin/totp/clock | sed -E 's/.*"epochMillis":([0-9]+).*/\1/')
  oathtool --totp -b -N "@$((millis / 1000))" "$1"
}

# A run cut short may have left a ready TOTP, which register would refuse: remove it (404 when none).
curl -s -o /dev/null -X DELETE -H "$AUTH" $B/v2/users/$U/totp

# Register: a pending TOTP, its secret and Key URI.
R=$(curl -s -X POST -H "$AUTH" -H "$JSON" $B/v2/users/$U/totp -d '{}')
if [[ "$R" != *'"secret":"'* ]]; then echo "register: FAILED, got $R"; exit 1; fi
SECRET=$(echo "$R" | sed -E 's/.*"secret":"([A-Z2-7]+)".*/\1/')
echo "register: $(echo "$R" | sed -E 's/"secret":"[A-Z2-7]+"/"secret":"…"/; s/secret=[A-Z2-7]+/secret=…/')"
expect 'verify a wrong code' 400 EVENT-8isk2 -- -X POST -H "$AUTH" -H "$JSON" $B/v2/users/$U/totp/verify -d '{"code":"123"}'
expect 'verify, whitespace trimmed' 200 - -- -X POST -H "$AUTH" -H "$JSON" $B/v2/users/$U/totp/verify -d "{\"code\":\" $(code_now "$SECRET") \"}"
expect 'verify again' 400 COMMAND-qx4ls -- -X POST -H "$AUTH" -H "$JSON" $B/v2/users/$U/totp/verify -d "{\"code\":\"$(code_now "$SECRET")\"}"
expect 'register over a ready TOTP' 409 COMMAND-do9se -- -X POST -H "$AUTH" -H "$JSON" $B/v2/users/$U/totp -d '{}'

expect 'no Authorization header' 401 - -- -X POST -H "$JSON" $B/v2/users/$U/totp -d '{}'
expect 'register an unknown user' 400 COMMAND-SqyJz -- -X POST -H "$AUTH" -H "$JSON" $B/v2/users/404/totp -d '{}'
OTHER=$(curl -s "${HOOK[@]}" -X POST $B/__admin/totp/users -d '{}')
OTHER_TOKEN=$(echo "$OTHER" | sed -E 's/.*"token":"([^"]+)".*/\1/')
expect "another user's own token" 404 AUTHZ-cdgFk -- -X DELETE -H "Authorization: Bearer $OTHER_TOKEN" $B/v2/users/$U/totp
MEMBER=$(curl -s "${HOOK[@]}" -X POST $B/__admin/totp/tokens -d '{"orgId":"100000000000000001","permissions":["user.credential.write"]}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
expect 'remove without user.write' 403 AUTH-AWfge -- -X DELETE -H "Authorization: Bearer $MEMBER" $B/v2/users/$U/totp

expect 'remove' 200 - -- -X DELETE -H "$AUTH" $B/v2/users/$U/totp
expect 'remove again' 404 COMMAND-Hd9sd -- -X DELETE -H "$AUTH" $B/v2/users/$U/totp
expect 'verify without a TOTP' 404 COMMAND-3Mif9s -- -X POST -H "$AUTH" -H "$JSON" $B/v2/users/$U/totp/verify -d '{"code":"123456"}'

echo "$failures failures"
[[ $failures == 0 ]]
