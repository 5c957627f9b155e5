#!/usr/bin/env bash
# The full crash matrix: `cdc worker` killed with SIGKILL at every step boundary of the sandbox's
# provisioning, once while READY and once during teardown (a new worker, or a standby already
# running, takes over), plus the temporal dev server killed mid-provisioning. Runs
# CrashMatrixTest (starter) with -Dcdc.crash.points and writes its table into docs/RELIABILITY.md
# between the crash-matrix markers.
# Usage: bench/crash-matrix.sh [points]    points: all (default) or a comma list, e.g. createKafka,READY
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
points="${1:-all}"
report="$root/starter/target/crash-matrix.md"
cd "$root"
status=0
# -am builds the worker module in this reactor: nothing is installed into the shared ~/.m2
./mvnw -q -B -pl worker,starter -am test -Dtest=CrashMatrixTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcdc.crash.points="$points" -Dcdc.crash.report="$report" || status=$?
cat "$report"
python3 - "$report" "$root/docs/RELIABILITY.md" "$points" <<'PY'
import datetime, sys
report, doc, points = sys.argv[1], sys.argv[2], sys.argv[3]
table = open(report).read().strip()
text = open(doc).read()
begin, end = "<!-- crash-matrix:begin -->", "<!-- crash-matrix:end -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
stamp = (f"Run of {datetime.date.today()} (`bench/crash-matrix.sh {points}`), "
         "2 cores shared with other builds:\n\n")
open(doc, "w").write(head + begin + "\n" + stamp + table + "\n" + end + tail)
PY
exit "$status"
