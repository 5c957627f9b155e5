#!/usr/bin/env bash
# Benchmark: `./cdc demo` start → READY (CDC proof passed), and peak RSS, over N runs (default 5).
# Off a terminal the demo tears down right after the proof and exits, so each run is self-contained.
# Usage: bench/demo.sh [runs]    (build first: ./cdc --help)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
out="$(mktemp -d)"
"$root/cdc" --help >/dev/null   # build outside the measurement

for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  /usr/bin/time -v "$root/cdc" demo </dev/null >"$out/run$i.out" 2>"$out/run$i.err"
  end=$(date +%s.%N)
  ready=$(grep -oE 'READY in [0-9.]+ s' "$out/run$i.out" | grep -oE '[0-9.]+' || echo NaN)
  rss_kb=$(grep 'Maximum resident set size' "$out/run$i.err" | grep -oE '[0-9]+$' || echo 0)
  printf 'run %d: READY in %s s, whole command %.1f s, peak RSS %d MB\n' \
    "$i" "$ready" "$(awk "BEGIN{print $end - $start}")" "$((rss_kb / 1024))"
  echo "$ready $((rss_kb / 1024))" >>"$out/figures"
done

python3 - "$out/figures" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
ready = [float(r[0]) for r in rows if r[0] != "NaN"]
rss = [int(r[1]) for r in rows]
print(f"runs: {len(rows)}  READY median {statistics.median(ready):.1f} s (min {min(ready):.1f}, max {max(ready):.1f})"
      f"  peak RSS median {statistics.median(rss)} MB (max {max(rss)})")
PY
echo "raw output: $out"
