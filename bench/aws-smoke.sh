#!/usr/bin/env bash
# Smoke test on a real AWS account (docs/REAL-AWS.md): takes a spec (default examples/aws.yaml) to
# READY and back, prints how long each half took and what it cost, and records the run's history in
# the replay suite's format so a real run can join worker/src/test/resources/histories/.
#
# Usage: bench/aws-smoke.sh [--dry-run] [--spec FILE] [--name NAME] [--out DIR]
#   --dry-run  read-only: runs cdc preflight and cdc plan against the configured endpoint (moto with
#              AWS_ENDPOINT_URL, or the account), then prints the commands a real run would run and
#              the cost of a typical run; creates nothing. A test runs it against moto.
#   --spec     the spec (default examples/aws.yaml; set its operatorCidr to your address first)
#   --name     the pipeline name (default smoke<epoch seconds>)
#   --out      where the history and the figures go (default bench/results/aws-smoke)
# Needs: AWS credentials (the SDK's default chain), TEMPORAL_ADDRESS of a Temporal server, and a
# worker on both task queues (./cdc worker), as docs/REAL-AWS.md says. CDC overrides the command
# (default: this checkout's ./cdc).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a cdc <<<"${CDC:-$root/cdc}"
spec="$root/examples/aws.yaml"
name="smoke$(date +%s)"
out="$root/bench/results/aws-smoke"
dry_run=false

while (($#)); do
  case "$1" in
    --dry-run) dry_run=true ;;
    --spec) spec="$2"; shift ;;
    --name) name="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "aws-smoke: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# us-east-1 on-demand prices, USD per hour, for the example spec (2 kafka.t3.small brokers with
# 100 GiB each, db.t4g.micro with 20 GiB gp3, 1 Fargate task of 0.5 vCPU and 2 GiB, an internal
# ALB, one NAT gateway with its Elastic IP, a t4g.nano bastion). Data transfer and NAT processing
# are left out: a smoke run moves a few megabytes.
price_per_hour() {
  awk 'BEGIN {
    msk = 2 * 0.0456 + 2 * 100 * 0.10 / 730
    rds = 0.016 + 20 * 0.115 / 730
    fargate = 0.5 * 0.04048 + 2 * 0.004445
    alb = 0.0225
    nat = 0.045 + 0.005
    bastion = 0.0042
    printf "%.4f", msk + rds + fargate + alb + nat + bastion
  }'
}

# cost of $1 seconds of the whole stack
cost() {
  awk -v s="$1" -v p="$(price_per_hour)" 'BEGIN { printf "%.2f", s / 3600 * p }'
}

step() {
  echo "aws-smoke: $*" >&2
}

step "preflight of $name ($spec)"
if ! "${cdc[@]}" preflight "$name" --target aws --spec "$spec"; then
  step "preflight found a blocker (or could not ask AWS): nothing was created"
  exit 1
fi
plan="$("${cdc[@]}" plan --target aws --spec "$spec" --name "$name")"
grep -m1 "resources" <<<"$plan" || true

if $dry_run; then
  step "dry run: a real run would now run"
  for c in "up $name --target aws --spec $spec --follow" "status $name --json" \
    "history $name" "down $name --follow" "sweep $name --target aws"; do
    echo "  cdc $c"
  done
  typical=$((45 * 60 + 30 * 60))
  echo "typical run: 45 min up (MSK dominates) + 30 min down, about \$$(cost "$typical")" \
    "at \$$(price_per_hour)/h"
  exit 0
fi

mkdir -p "$out"
started=$(date +%s)
step "up (20-75 min: MSK dominates)"
if ! "${cdc[@]}" up "$name" --target aws --spec "$spec" --follow; then
  step "up failed: the workflow has compensated; recording its history, then sweeping"
fi
ready=$(date +%s)
"${cdc[@]}" status "$name" --json >"$out/$name-status.json" || true
step "down"
"${cdc[@]}" down "$name" --follow || step "down did not end DESTROYED: see cdc status $name"
destroyed=$(date +%s)
history="$out/aws-real-$name.json"
"${cdc[@]}" history "$name" >"$history"
step "what is left, tagged cdc:pipeline=$name (should be nothing)"
"${cdc[@]}" sweep "$name" --target aws

up_s=$((ready - started))
down_s=$((destroyed - ready))
total=$((destroyed - started))
{
  echo "name,up_seconds,down_seconds,cost_usd,price_per_hour_usd"
  echo "$name,$up_s,$down_s,$(cost "$total"),$(price_per_hour)"
} | tee "$out/$name.csv"
echo "history: $history (cdc replay $history checks it; copy it into worker/src/test/resources/histories/ to keep it)"
