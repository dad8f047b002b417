#!/usr/bin/env python3
"""Turns the raw results of bench/run.sh into the Markdown tables of docs/performance.md.

Usage: report.py OUT_DIR MODE WARMUP DURATION. Every ratio is to a figure of the same run.
"""
import datetime
import os
import platform
import re
import subprocess
import sys

out, mode, warmup, duration = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def lines(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.split() for line in f if line.strip()]


rows = {}
for label, c, requests, rps, p50, p99, non2xx, errors in lines("rows"):
    rows[(label, int(c))] = dict(
        requests=int(requests), rps=float(rps), p50=int(p50) / 1000, p99=int(p99) / 1000,
        non2xx=int(non2xx), errors=int(errors))


def row(label, c):
    return rows.get((label, c))


def ratio(a, b, key="rps"):
    return a[key] / b[key] if a and b and b[key] else float("nan")


checks = []


def check(name, ok, detail):
    checks.append((name, "met" if ok else "**missed**", detail))


java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
load = open("/proc/loadavg").read().split()[:3]
print(f"Mode **{mode}** (warm-up {warmup} s per server, {duration} s per measurement), "
      f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
      f"{os.cpu_count()} cores, {java}, load average at the end {' '.join(load)}, "
      f"wrk -t2 on the same cores.\n")

print("| path | conn | req/s | × baseline | p50 ms | p99 ms | p99 × baseline | non-2xx |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
labels = ["ref_baseline", "ref_row1", "ref_verify_wrong", "ref_v2_verify_wrong",
          "ref_verify_right", "ref_start",
          "ref_import_hook", "ref_verify_wrong_one", "grpc_verify_wrong", "connect_verify_wrong",
          "wiremock_default", "wiremock_no_journal", "jdk_httpserver"]
for label in labels:
    for c in (16, 64):
        r = row(label, c)
        if not r:
            continue
        base = row("ref_baseline", c)
        print(f"| {label} | {c} | {r['rps']:.0f} | {ratio(r, base):.2f} | {r['p50']:.2f} | "
              f"{r['p99']:.2f} | {ratio(r, base, 'p99'):.2f} | {r['non2xx']} |")
print()

print("Anchors as ratios (same run):\n")
print("| ratio | c=16 | c=64 |")
print("|---|---:|---:|")
for name, a, b in [
        ("reference wrong-code verify / WireMock default static stub", "ref_verify_wrong",
         "wiremock_default"),
        ("reference right-code verify / WireMock default static stub", "ref_verify_right",
         "wiremock_default"),
        ("reference wrong-code verify / WireMock no-journal static stub", "ref_verify_wrong",
         "wiremock_no_journal"),
        ("reference baseline / WireMock no-journal static stub", "ref_baseline",
         "wiremock_no_journal"),
        ("reference baseline / bare JDK HttpServer", "ref_baseline", "jdk_httpserver"),
        ("reference row 1 (no route, no stub) / reference static stub", "ref_row1", "ref_baseline"),
        ("v2 wrong-code verify / v3alpha wrong-code verify (both spread over 1,000)",
         "ref_v2_verify_wrong", "ref_verify_wrong"),
        ("WireMock no-journal / bare JDK HttpServer", "wiremock_no_journal", "jdk_httpserver")]:
    print(f"| {name} | {ratio(row(a, 16), row(b, 16)):.2f} | {ratio(row(a, 64), row(b, 64)):.2f} |")
print()

if any(row(label, c) for label in ("grpc_verify_wrong", "connect_verify_wrong") for c in (16, 64)):
    print("RPC transports, wrong-code Verify on one registration (h2load and wrk send one fixed "
          "body), as ratios to REST (same run):\n")
    print("| ratio | c=16 | c=64 | p99 ratio c=64 |")
    print("|---|---:|---:|---:|")
    for name, a, b in [
            ("gRPC (h2c, h2load) / REST on the same registration", "grpc_verify_wrong",
             "ref_verify_wrong_one"),
            ("gRPC / REST spread over 1,000 registrations (`ref_verify_wrong`)",
             "grpc_verify_wrong", "ref_verify_wrong"),
            ("Connect (HTTP/1.1 JSON, wrk) / REST on the same registration",
             "connect_verify_wrong", "ref_verify_wrong_one"),
            ("Connect / REST spread over 1,000 registrations", "connect_verify_wrong",
             "ref_verify_wrong"),
            ("REST on one registration / REST spread over 1,000", "ref_verify_wrong_one",
             "ref_verify_wrong")]:
        print(f"| {name} | {ratio(row(a, 16), row(b, 16)):.2f} | {ratio(row(a, 64), row(b, 64)):.2f} "
              f"| {ratio(row(a, 64), row(b, 64), 'p99'):.2f} |")
    print()
answer_cpu = {(label, int(c)): float(us) for label, c, us in lines("answer_cpu")}
if answer_cpu:
    print("The server's CPU time per answer on those rows (user + system of the server process over "
          "the measurement, divided by the requests answered; req/s also carries the load "
          "generator's share of the same cores), and REST's per answer over each:\n")
    print("| path | µs c=16 | µs c=64 | REST ÷ this c=16 | REST ÷ this c=64 |")
    print("|---|---:|---:|---:|---:|")
    for label in ("ref_verify_wrong_one", "grpc_verify_wrong", "connect_verify_wrong"):
        us = [answer_cpu.get((label, c)) for c in (16, 64)]
        rest = [answer_cpu.get(("ref_verify_wrong_one", c)) for c in (16, 64)]
        cells = [f"{u:.1f}" if u else "" for u in us]
        lead = [f"{r / u:.2f}" if r and u else "" for r, u in zip(rest, us)]
        print(f"| {label} | {cells[0]} | {cells[1]} | {lead[0]} | {lead[1]} |")
    print()
    dialects = [(answer_cpu.get(("ref_verify_wrong", c)), answer_cpu.get(("ref_v2_verify_wrong", c)))
                for c in (16, 64)]
    if any(v3 and v2 for v3, v2 in dialects):
        print("The two dialects' wrong-code verify (both spread over 1,000), the server's CPU per "
              "answer measured the same way:\n")
        print("| path | µs c=16 | µs c=64 |")
        print("|---|---:|---:|")
        for i, label in enumerate(("ref_verify_wrong", "ref_v2_verify_wrong")):
            cells = [f"{d[i]:.1f}" if d[i] else "" for d in dialects]
            print(f"| {label} | {cells[0]} | {cells[1]} |")
        cells = [f"{v3 / v2:.2f}" if v3 and v2 else "" for v3, v2 in dialects]
        print(f"| v3alpha ÷ v2 (≥ 1: v2 as cheap) | {cells[0]} | {cells[1]} |")
        print()
for f in lines("checks"):
    if f[0] == "grpc_status":
        total = int(f[1])
        counts = dict(kv.split("=") for kv in f[2:])
        check("every gRPC wrong-code answer is grpc-status 3 (INVALID_ARGUMENT), counted",
              counts.get("3") == str(total) and len(counts) == 1,
              f"{total} sent: " + (", ".join(f"grpc-status {k} × {v}" for k, v in counts.items())
                                   or "no grpc-status seen"))
    elif f[0] == "connect_status":
        expected, other = (int(f[1]), int(f[2])) if len(f) >= 3 else (0, -1)
        check("every Connect wrong-code answer is 400 invalid_argument, counted",
              expected > 0 and other == 0, f"{expected} expected, {other} other")
for label in ("grpc_verify_wrong",):
    for c in (16, 64):
        r = row(label, c)
        if r:
            check(f"gRPC load answered HTTP 200 with no transport errors (c={c})",
                  r["non2xx"] == 0 and r["errors"] == 0,
                  f"{r['non2xx']} non-200, {r['errors']} errors")

wrong64, base64 = row("ref_verify_wrong", 64), row("ref_baseline", 64)
if wrong64 and base64:
    check("wrong-code verify ≥ 0.8 × same-server static stub (c=64)",
          ratio(wrong64, base64) >= 0.8, f"{ratio(wrong64, base64):.2f}")
    check("wrong-code verify p99 ≤ 2 × static stub p99 (c=64)",
          ratio(wrong64, base64, "p99") <= 2, f"{ratio(wrong64, base64, 'p99'):.2f}")
wm64 = row("wiremock_default", 64)
if wm64 and wrong64:
    check("verify ≥ 2 × WireMock default static stub (c=64)",
          min(ratio(wrong64, wm64), ratio(row("ref_verify_right", 64), wm64)) >= 2,
          f"wrong {ratio(wrong64, wm64):.2f}, right "
          f"{ratio(row('ref_verify_right', 64), wm64):.2f}")
for c in (16, 64):
    r = row("ref_verify_right", c)
    if r:
        check(f"every right-code verify in the throughput run answered 200 (c={c})",
              r["non2xx"] == 0 and r["errors"] == 0,
              f"{r['non2xx']} non-2xx, {r['errors']} socket errors")

print("Start to a healthy `/__admin/health` (ms, median of the runs listed):\n")
print("| server | wall ms | runs | CPU ms (user+sys) | runs |")
print("|---|---:|---|---:|---|")
cpu = {f[1]: f[2:] for f in lines("startup-cpu")}
for fields in lines("startup"):
    c = cpu.get(fields[1], [""])
    print(f"| {fields[1]} | {fields[2]} | {' '.join(fields[3:]) or '1 run'} | {c[0]} | "
          f"{' '.join(c[1:])} |")
print()
starts = {f[1]: int(f[2]) for f in lines("startup")}
cpus = {k: int(v[0]) for k, v in cpu.items() if v and v[0]}
if "jar" in starts and starts.get("jdk_bare"):
    print(f"`java -jar` (the README's command) / the bare JDK program, same run: wall "
          f"{starts['jar'] / starts['jdk_bare']:.2f}×, CPU "
          + (f"{cpus['jar'] / cpus['jdk_bare']:.2f}×" if cpus.get("jdk_bare") and "jar" in cpus
             else "n/a") + "\n")
    check("`java -jar` start no slower than the bare JDK HttpServer program (issue 18 §3)",
          starts["jar"] <= starts["jdk_bare"],
          f"{starts['jar']} against {starts['jdk_bare']} ms")
if "jar" in starts and starts.get("wiremock_jar") and starts.get("jdk_bare"):
    # What any WireMock-based server builds before it answers: WireMock's own jar, its defaults.
    print(f"WireMock's own standalone jar (its defaults) / the bare JDK program, same run: wall "
          f"{starts['wiremock_jar'] / starts['jdk_bare']:.2f}×"
          + (f", CPU {cpus['wiremock_jar'] / cpus['jdk_bare']:.2f}×"
             if cpus.get("wiremock_jar") and cpus.get("jdk_bare") else "")
          + f"; `java -jar` / WireMock's jar: wall {starts['jar'] / starts['wiremock_jar']:.2f}×"
          + (f", CPU {cpus['jar'] / cpus['wiremock_jar']:.2f}×"
             if cpus.get("wiremock_jar") and "jar" in cpus else "") + "\n")
embedded = os.path.join(out, "embedded-start.md")
if os.path.exists(embedded):
    print("The embedded start, `@TotpMockTest`'s server per test class (bench/embedded-start.sh):\n")
    print(open(embedded).read())
jars = [v for k, v in starts.items() if k.startswith("jar")]
best = min(jars) if jars else None
if best is not None:
    check("start to healthy ≤ 1.5 s", best <= 1500,
          ", ".join(f"{k} {v} ms" for k, v in starts.items() if k.startswith("jar")))

kit = lines("kit")
if kit:
    print("The conformance kit's jar, `java -jar conformance-tests/target/totp-conformance-kit.jar "
          "--transport T --dialect D --report-dir DIR` (no JVM flag; the embedded server unless "
          "black-box: the server's jar started as the README starts it, then `--target`; "
          "black-box-warm: a second run against that server):\n")
    print("| run | transport | dialect | wall s | CPU s (user+sys) | exit | passed | failed | skipped |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for _, label, transport, dialect, wall, cpu_ms, code, passed, failed, skipped in kit:
        print(f"| {label} | {transport} | {dialect} | {int(wall) / 1000:.1f} | "
              f"{int(cpu_ms) / 1000:.1f} | {code} | {passed} | {failed} | {skipped} |")
    print()
    for _, label, transport, dialect, wall, cpu_ms, code, passed, failed, skipped in kit:
        if code != "0" or failed != "0":
            check(f"the kit's {label} {transport} {dialect} run passed", False,
                  f"exit {code}, {failed} failed")
    rest = [f for f in kit if f[1:4] == ["embedded", "rest", "v3alpha"]]
    if rest:
        wall = int(rest[0][4])
        check("the kit's REST suite against the embedded server ≤ 10 s (issue 18 §2)",
              wall <= 10000 and rest[0][6] == "0", f"{wall / 1000:.1f} s wall, "
              f"{int(rest[0][5]) / 1000:.1f} s CPU")
    for label, what in (("black-box", "against a server started just before"),
                        ("black-box-warm", "against the same server, which has served one run")):
        box = [f for f in kit if f[1] == label]
        if rest and box:
            check(f"a black-box REST run no slower than the embedded one ({what})",
                  int(box[0][4]) <= int(rest[0][4]) * 1.1,
                  f"{int(box[0][4]) / 1000:.1f} against {int(rest[0][4]) / 1000:.1f} s wall")

print("Resident memory (MB):\n")
print("| server | after warm-up | after the run | then 2 s idle | then 10 s idle |")
print("|---|---:|---:|---:|---:|")
memory = {}
for _, name, when, mb in lines("memory"):
    memory.setdefault(name, {})[when] = mb
for name, m in memory.items():
    print(f"| {name} | {m.get('after-warm-up', '')} | {m.get('after-run', '')} "
          f"| {m.get('idle-2s', '')} | {m.get('idle-10s', '')} |")
print()
ref_rss, anchor_rss = memory.get("reference", {}), memory.get("wiremock_no_journal", {})
if ref_rss.get("after-run") and anchor_rss.get("after-run"):
    check("resident memory right after the run ≤ WireMock without its journal (issue 18 §5)",
          int(ref_rss["after-run"]) <= int(anchor_rss["after-run"]),
          f"{ref_rss['after-run']} against {anchor_rss['after-run']} MB; 2 s later "
          f"{ref_rss.get('idle-2s', '?')} against {anchor_rss.get('idle-2s', '?')} MB")

# What the reading of record is made of, from each server's G1 log (-Xlog:gc, one line a
# collection): the heap G1 had committed at the last collection before the reading, and, for the
# reference server, what its first full collection after it (the idle server's) left live.
PAUSE = re.compile(r"Pause (Young|Full|Remark|Cleanup).* (\d+)M->(\d+)M\((\d+)M\)")
marks = {f[0]: int(f[1]) for f in lines("gc-marks")}
heap_rows = []
for name, mark in marks.items():
    path = os.path.join(out, f"{name}-gc.log")
    if not os.path.exists(path):
        continue
    with open(path) as f:
        log = f.readlines()
    before = [m for m in map(PAUSE.search, log[:mark]) if m]
    after = [m for m in map(PAUSE.search, log[mark:]) if m and m.group(1) == "Full"]
    if not before:
        continue
    rss = memory.get(name, {}).get("after-run")
    committed = int(before[-1].group(4))
    heap_rows.append((name, committed, int(before[-1].group(3)), rss,
                      int(rss) - committed if rss else None,
                      after[0].group(3) if after else "", after[0].group(4) if after else ""))
if heap_rows:
    print("The heap at the reading of record (G1's log: the last collection before it; the "
          "reference server's idle full collection after it), MB:\n")
    print("| server | heap committed | heap used after that collection | RSS after the run "
          "| RSS − heap committed | live after the idle full collection "
          "| committed after it |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, committed, used, rss, outside, live, live_committed in heap_rows:
        print(f"| {name} | {committed} | {used} | {rss or ''} | "
              f"{'' if outside is None else outside} | {live} | {live_committed} |")
    print()

once = {f[0]: list(map(int, f[1:])) for f in lines("once")}
if once:
    first, again = once.get("once_first"), once.get("once_again")
    print("Each right code accepted exactly once: every wrk thread submits the right code twice in a "
          "row for every id of a fresh set, in the same order (each id in flight on several "
          "connections at once); then once more each.\n")
    print("| pass | 200 | 400 already verified | other |")
    print("|---|---:|---:|---:|")
    for name, values in once.items():
        print(f"| {name} | {values[0]} | {values[1]} | {values[2]} |")
    print()
    ids = sum(1 for _ in open(os.path.join(out, "once_ids"))) if os.path.exists(
        os.path.join(out, "once_ids")) else None
    # Every answer must be accounted for: a lost one could hide a second acceptance.
    exact = (first and again and ids is not None and first[0] == ids and first[2] == 0
             and first[0] + first[1] == 2 * 2 * ids
             and again[0] == 0 and again[2] == 0 and again[1] == 2 * ids)
    check("each right code accepted exactly once under load", bool(exact),
          f"{ids} ids: first pass {first[0] if first else '?'} × 200, second pass "
          f"{again[0] if again else '?'} × 200, other answers "
          f"{(first[2] if first else 0) + (again[2] if again else 0)}, answers missing "
          f"{(4 * ids - sum(first)) if first and ids else '?'} + "
          f"{(2 * ids - sum(again)) if again and ids else '?'}")

scale = lines("scale")
if scale:
    print("State at scale (`-Xmx512m`, wrong-code verify spread over every registration, c=64):\n")
    print("| registrations | populated in | heap per registration | req/s | p99 ms |")
    print("|---:|---:|---:|---:|---:|")
    rates = {}
    for f in scale:
        n = int(f[1])
        text = " ".join(f[2:])
        took = text.split(" in ")[1].split(";")[0]
        per = text.split("; ")[2]
        r = row(f"scale_{n}_verify_wrong", 64)
        rates[n] = r
        print(f"| {n:,} | {took} | {per} | {r['rps']:.0f} | {r['p99']:.2f} |")
    print()
    small, big = min(rates), max(rates)
    check(f"{big:,} registrations fit in a 512 MB heap", rates[big] is not None, "served")
    check(f"verify at {big:,} ≥ 0.9 × at {small:,}", ratio(rates[big], rates[small]) >= 0.9,
          f"{ratio(rates[big], rates[small]):.2f}")

soak = lines("soak")
if soak:
    print("Soak (wrong-code verifies; heap used after a full GC, resident memory):\n")
    print("| requests | heap used | RSS MB |")
    print("|---:|---:|---:|")
    for f in soak:
        print(f"| {int(f[1]):,} | {f[3]} | {f[5]} |")
    print()
    target = lines("soak-target")
    if target:
        want, got = int(target[0][1]), int(soak[-1][1])
        check(f"the soak reached {want:,} requests", got >= want, f"{got:,} in {len(soak) - 1} parts")
    heaps = [int(f[3].rstrip("K")) for f in soak]
    growth = (heaps[-1] - heaps[1]) / heaps[1] if len(heaps) > 2 and heaps[1] else float("nan")
    if len(heaps) > 2:
        check("heap flat over the soak (after the first part; ≤ 5 % growth)", abs(growth) <= 0.05,
              f"{growth * 100:+.1f} % from the first to the last part")
    else:
        check("heap flat over the soak", False, "not measured (the soak did not finish)")

# The rows every replica set-up measures (bench/replicas.sh's bench_on): path and connections.
REPLICA_ROWS = (("verify_wrong", 16), ("verify_wrong", 64), ("verify_right", 64))
replica_log = lines("replicas")
replica_labels = sorted({label.rsplit("_verify", 1)[0] for label, _ in rows
                         if label.startswith("replicas_pg")})
if row("replicas_memory_verify_wrong", 64):
    print("Replicas: haproxy in front of N servers on one PostgreSQL (`deploy/replicas.sh "
          "--replicas N`), as ratios to one in-memory server without haproxy (same run):\n")
    print("| server | path | conn | req/s | × in-memory | p50 ms | p99 ms | p99 × in-memory | "
          "non-2xx |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    proxied = [p for p in ("replicas_haproxy_http_memory", "replicas_haproxy_tcp_memory")
               if row(f"{p}_verify_wrong", 64)]
    for prefix in ["replicas_memory"] + proxied + replica_labels:
        name = "one in-memory server" if prefix == "replicas_memory" else (
            f"haproxy ({prefix.split('_')[2]} mode) + 1 in-memory" if prefix in proxied else
            f"haproxy + {prefix[len('replicas_pg'):]} on PostgreSQL")
        for path, c in REPLICA_ROWS:
            r, m = row(f"{prefix}_{path}", c), row(f"replicas_memory_{path}", c)
            if r:
                print(f"| {name} | {path} | {c} | {r['rps']:.0f} | {ratio(r, m):.2f} | "
                      f"{r['p50']:.2f} | {r['p99']:.2f} | {ratio(r, m, 'p99'):.2f} | "
                      f"{r['non2xx']} |")
    print()
    for prefix in ["replicas_memory"] + proxied + replica_labels:
        r = row(f"{prefix}_verify_right", 64)
        if r:
            check(f"every right code through {prefix} answered 200",
                  r["non2xx"] == 0 and r["errors"] == 0 and r["requests"] > 0,
                  f"{r['requests']} verified, {r['non2xx']} non-2xx, {r['errors']} errors")
    for f in replica_log:
        print("- " + " ".join(f))
    print()
    if row("replicas_pg1_verify_wrong", 64):
        ratios = {f"{p} c={c}": ratio(row(f"replicas_pg1_{p}", c), row(f"replicas_memory_{p}", c))
                  for p, c in REPLICA_ROWS}
        check("one replica on PostgreSQL behind haproxy ≥ 0.5× one in-memory server (issue 18 §4)",
              min(ratios.values()) >= 0.5, ", ".join(f"{k} {v:.2f}×" for k, v in ratios.items()))
    # The bound of issue 18 §4: a replica behind haproxy answers at most what one in-memory server
    # behind the same haproxy does.
    for prefix in proxied:
        worst = min(ratio(row(f"{prefix}_{p}", c), row(f"replicas_memory_{p}", c))
                    for p, c in REPLICA_ROWS)
        print(f"- {prefix}: the most any replica behind this haproxy can reach, as a ratio to one "
              f"in-memory server: {worst:.2f}× (its lowest row)")
    print()

for fields in lines("notes"):
    print("- " + " ".join(fields))
print()
print("| target | result | figure |")
print("|---|---|---|")
for name, verdict, detail in checks:
    print(f"| {name} | {verdict} | {detail} |")
