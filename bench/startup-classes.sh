#!/usr/bin/env bash
# Regenerates the start-up preload list (mock-server's cli/StartupPreload reads it): the classes one
# start of the jar loads, in order, from ReferenceServer to the first healthy answer, taken from a
# class-load log of a start with the preload turned off (so the log shows the start path alone).
#   bench/startup-classes.sh            (after `mvn -pl mock-server -am package`; run from anywhere)
# Writes mock-server/src/main/resources/org/totpkit/mock/cli/startup-classes.txt; rebuild the jar.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/mock-server/target/totp-mock-server.jar"
list="$root/mock-server/src/main/resources/org/totpkit/mock/cli/startup-classes.txt"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
[ -f "$jar" ] || { echo "startup-classes: $jar is missing: package mock-server first" >&2; exit 2; }
java -Dtotp.startup.preload=false -Xlog:class+load:file="$work/classes.log" \
  -jar "$jar" --port 0 > "$work/out" 2>&1 &
pid=$!
url=""
for _ in $(seq 3000); do
  url=$(grep -o -m1 'http://127.0.0.1:[0-9]*' "$work/out" || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/out" >&2; exit 1; }
  sleep 0.02
done
[ -n "$url" ] || { echo "startup-classes: the server did not start" >&2; exit 1; }
curl -sf -o /dev/null "$url/__admin/health"
sleep 1
kill "$pid"
wait "$pid" 2>/dev/null || true
first=$(grep -n -m1 'org\.totpkit\.mock\.ReferenceServer ' "$work/classes.log" | cut -d: -f1)
{
  echo "# Classes a start of the jar loads, in order, from ReferenceServer to the first healthy answer."
  echo "# Read by cli.StartupPreload; regenerate with bench/startup-classes.sh (docs/performance.md)."
  # The JDK's own archive (CDS) and hidden classes (lambdas, proxies) cannot be preloaded by name.
  sed -n "$first,\$p" "$work/classes.log" | grep -v 'shared objects file' | awk '{print $2}' \
    | grep -v -E '\$\$Lambda|/0x|LambdaForm\$|\$Proxy|^jdk\.proxy' | awk '!seen[$0]++'
} > "$list"
echo "startup-classes: $(($(wc -l < "$list") - 2)) classes in $list" >&2
