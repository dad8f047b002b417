#!/usr/bin/env bash
# The embedded start (issue 18 §3): how long @TotpMockTest takes to give a test class its server,
# class after class in one JVM as a build runs them, and to stop it. Prints a Markdown table.
#   bench/embedded-start.sh [CLASSES]      (default 30; run from anywhere, builds offline with -o)
# No mvn install: the mock-server module and its reactor dependencies are compiled in place.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classes="${1:-30}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
mvn -B -ntp -o -q -pl mock-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/cp.txt" -Dmdep.includeScope=test -Dspotless.check.skip=true >/dev/null
cp="$root/mock-server/target/test-classes:$root/mock-server/target/classes:$(cat "$out/cp.txt")"
java -cp "$cp" org.totpkit.mock.junit.EmbeddedStartTiming "$classes" >"$out/times.txt"
python3 - "$out/times.txt" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
start = [float(r[1]) for r in rows]
stop = [float(r[2]) for r in rows]
def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]
warm = start[1:]
print(f"{len(rows)} classes in one JVM, {sys.argv[2]} cores, load average {sys.argv[3]}")
print()
print("| | ms |")
print("|---|---:|")
print(f"| first class's start (cold JVM: class loading, Jetty, WireMock) | {start[0]:.0f} |")
print(f"| later classes' start, median | {statistics.median(warm):.0f} |")
print(f"| later classes' start, p90 | {pct(warm, 90):.0f} |")
print(f"| later classes' start, min | {min(warm):.0f} |")
print(f"| stop, median | {statistics.median(stop):.0f} |")
PY
