#!/usr/bin/env bash
# Benchmark: the fleet (issue 14, item 4) under time skipping — N AWS pipelines provisioned at once
# on one worker against the AWS world double, then M READY pipelines watched for H simulated hours;
# prints makespan / floor, AWS calls per second, CPU and heap per pipeline, and Temporal actions per
# pipeline-day (see docs/BENCHMARKS.md, "Fleet").
# Usage: bench/fleet.sh [N=200] [M=1000] [H=1] [workflow cache size, 0 = the SDK's default]
#        (needs the modules installed once: ./mvnw -q install -DskipTests)
# Env: BENCH_FLEET_WARMUP (default 20 pipelines provisioned first, 0 = a cold JVM), BENCH_LOCK_LEDGER=off
#      (the test server's own time-lock list: quadratic CPU, see TestServerLockLedger)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -o -pl worker test-compile
cp="$root/worker/target/bench.classpath"
./mvnw -q -o -pl worker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
# one JVM; the SDK's per-poll log lines stay off the figures (errors only)
java -Xmx${BENCH_FLEET_HEAP:-3g} -XX:+UseSerialGC -Dlog4j2.configurationFile=log4j2-bench.xml \
  -cp "$root/worker/target/test-classes:$root/worker/target/classes:$(cat "$cp")" \
  io.cdcorchestrator.bench.FleetBench "${1:-200}" "${2:-1000}" "${3:-1}" "${4:-0}"
