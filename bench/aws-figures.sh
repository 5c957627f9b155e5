#!/usr/bin/env bash
# Benchmark: the AWS story's figures (issue 3) under time skipping, over N draws (default 100) of
# AWS durations. Drives the real PipelineWorkflowImpl against activity doubles (see docs/BENCHMARKS.md).
# Usage: bench/aws-figures.sh [draws] [first seed]      (needs the modules installed: ./mvnw -q install -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
draws="${1:-100}"
seed="${2:-1}"
cd "$root"
./mvnw -q -o -pl worker test-compile
cp="$root/worker/target/bench.classpath"
./mvnw -q -o -pl worker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
csv="$(mktemp /tmp/aws-figures-XXXXXX.csv)"
# one JVM; the SDK's per-poll and per-retry log lines stay off the table (errors only)
java -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile=log4j2-bench.xml \
  -cp "$root/worker/target/test-classes:$root/worker/target/classes:$(cat "$cp")" \
  io.cdcorchestrator.bench.AwsFigures "$draws" "$seed" "$csv"
