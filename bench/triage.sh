#!/usr/bin/env bash
# Triage benchmark: 10,000 signals written at once (incidents with their outbox rows, one transaction) and handed to
# the app's own Hangfire workers: time until every signal belongs to a case; then the p50/p99 latency of a single
# signal from commit to case while the app is otherwise idle. On a copy of the generated data (3,000 teams).
#
#   bench/triage.sh [signals] [single-signal samples]     (defaults 10000 200)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build_release; build_bench
data="$work_dir/data-20q"
generate_data "$data" 20
copy="$(scratch_copy "$data" triage-data)"
dotnet "$bench_dll" triage "$copy" "${1:-10000}" "${2:-200}" | tee "$work_dir/triage-results.txt"
