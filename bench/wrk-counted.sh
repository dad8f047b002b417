#!/usr/bin/env bash
# wrk for a run that its script ends by count (wrk.thread:stop() in response()): the same
# arguments and output as wrk. wrk's main thread sleeps the whole -d duration even when every
# worker thread has stopped, so this ends it (SIGINT, which wrk takes as "stop and report") once
# only the main thread is left; -d stays the time bound.
set -euo pipefail
wrk "$@" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
seen=0
while kill -0 "$pid" 2>/dev/null; do
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  if [ "${threads:-0}" -gt 1 ]; then
    seen=1
  elif [ $seen = 1 ] && [ "${threads:-0}" = 1 ]; then
    kill -INT "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.05
done
wait "$pid"
