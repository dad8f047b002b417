#!/usr/bin/env python3
"""One h2load run as bench/run.sh's row: RESULT requests rps p50_us p99_us non2xx errors.

Usage: h2load_row.py H2LOAD_STDOUT LOG_FILE. h2load prints no percentiles, so p50 and p99 come
from its --log-file (one line per request: start time µs, HTTP status, duration µs).
"""
import re
import sys

text = open(sys.argv[1]).read()
rps = float(re.search(r"finished in [^,]+, ([0-9.]+) req/s", text).group(1))
m = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, "
              r"(\d+) errored, (\d+) timeout", text)
# "failed" counts non-2xx answers as well; transport trouble is "errored" and "timeout".
done, errored, timeout = int(m.group(2)), int(m.group(5)), int(m.group(6))
durations, non2xx = [], 0
with open(sys.argv[2]) as log:
    for line in log:
        fields = line.split()
        if len(fields) < 3:
            continue
        status = int(fields[1])
        if status <= 0:
            continue  # a stream still open when the duration ended, not an answer
        if not 200 <= status < 300:
            non2xx += 1
        durations.append(int(fields[2]))
durations.sort()


def pct(p):
    return durations[min(len(durations) - 1, int(len(durations) * p / 100))] if durations else 0


print(f"RESULT {done} {rps:.1f} {pct(50)} {pct(99)} {non2xx} {errored + timeout}")
