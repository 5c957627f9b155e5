#!/usr/bin/env bash
# Benchmark: `cdc replay` on the committed histories x60 (one copy each: the suite; 60: the batch), as a user runs it:
# histories/s and events/s over the whole command (JVM start included), and over the batch alone
# (the x60 run minus a run of the 9 originals: start-up cancels out). Runs round-robin, N rounds
# (default 3), with the launcher's JVM options and, for comparison, with C2 enabled (no
# -XX:TieredStopAtLevel=1), with the replay loops not pinned to a CPU each (-Dcdc.replay.pin=false:
# what cdc replay did before 2026-12-01's fourth session) and, when BENCH_REPLAY_JAVA names a JDK
# 21+ java, on it through CDC_REPLAY_JAVA (pinned, and not pinned: virtual workflow threads); prints
# the medians, wall and CPU.
# Usage: [BENCH_REPLAY_JAVA=/usr/lib/jvm/JDK/bin/java] bench/replay.sh [rounds] [copies]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
copies="${2:-60}"
suite="$root/worker/src/test/resources/histories"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CDC_HOME="$work/home"

"$root/cdc" --version >/dev/null # build and prepare the start-up archive outside the measurement
mkdir "$work/batch"
for i in $(seq -w 1 "$copies"); do
  for f in "$suite"/*.json; do
    name="$(basename "$f" .json)"
    cp "$f" "$work/batch/$name-$i.json"
  done
done

python3 - "$rounds" "$root/cdc" "$suite" "$work/batch" <<'PY'
import glob, json, os, resource, statistics, subprocess, sys, time

rounds, cdc, suite, batch = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def events(d):
    return sum(len(json.load(open(f))["events"]) for f in glob.glob(d + "/*.json"))
files = {suite: len(glob.glob(suite + "/*.json")), batch: len(glob.glob(batch + "/*.json"))}
counts = {suite: events(suite), batch: events(batch)}
variants = {
    "launcher default (C1)": {},
    "C2 enabled": {"CDC_JAVA_OPTS": "-Xmx512m -XX:+UseSerialGC"},
    "not pinned": {"CDC_JAVA_OPTS": "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dcdc.replay.pin=false"},
}
if os.environ.get("BENCH_REPLAY_JAVA"):
    variants["CDC_REPLAY_JAVA (C1)"] = {"CDC_REPLAY_JAVA": os.environ["BENCH_REPLAY_JAVA"]}
    variants["CDC_REPLAY_JAVA, not pinned"] = {
        "CDC_REPLAY_JAVA": os.environ["BENCH_REPLAY_JAVA"],
        "CDC_JAVA_OPTS": "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dcdc.replay.pin=false",
    }

def timed(opts, d):
    env = dict(os.environ)
    env.update(opts)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([cdc, "replay", d], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"bench: cdc replay {d} exited {done.returncode}: {done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

load_before = os.getloadavg()
runs = {(v, d): [] for v in variants for d in (suite, batch)}
for _ in range(rounds):
    for v, opts in variants.items():
        for d in (suite, batch):
            runs[(v, d)].append(timed(opts, d))
load_after = os.getloadavg()

print(f"{files[batch]} histories, {counts[batch]:,} events ({files[suite]} histories, {counts[suite]:,} events x "
      f"{files[batch] // files[suite]}); {rounds} rounds; {os.cpu_count()} cores; "
      f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
print(f"{'variant':28} {'x60 wall':>9} {'CPU':>7} {'hist/s':>7} {'events/s':>9} {'suite wall':>10} {'CPU':>6} "
      f"{'batch alone: hist/s':>20} {'events/s':>9} {'CPU':>6}")
for v in variants:
    wall = statistics.median(w for w, _ in runs[(v, batch)])
    cpu = statistics.median(c for _, c in runs[(v, batch)])
    small = statistics.median(w for w, _ in runs[(v, suite)])
    small_cpu = statistics.median(c for _, c in runs[(v, suite)])
    alone = wall - small
    print(f"{v:28} {wall:8.2f}s {cpu:6.1f}s {files[batch] / wall:7.0f} {counts[batch] / wall:9,.0f} {small:9.2f}s "
          f"{small_cpu:5.1f}s {(files[batch] - files[suite]) / alone:20.0f} {(counts[batch] - counts[suite]) / alone:9,.0f} "
          f"{cpu - small_cpu:5.1f}s")
PY
