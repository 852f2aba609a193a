#!/usr/bin/env bash
# Reports benchmark on the generated data (3,000 teams, 10 units), last closed quarter:
#  1. the whole quarter through the app's quarterly batch (every team report, HRM and VIK per unit and national,
#     chief per unit; archived): total time and peak memory of the process;
#  2. each report alone (queries + charts + PDF): median and p99 per type (a sample of 300 team reports);
#  3. one team report against Chromium printing the same content as HTML (--print-to-pdf, and a warm browser).
#
#   bench/reports.sh [team-sample]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build_release; build_bench
data="$work_dir/data-20q"
generate_data "$data" 20
copy="$(scratch_copy "$data" reports-data)"
{
  dotnet "$bench_dll" reports-batch "$copy"
  dotnet "$bench_dll" reports-each "$copy" "${1:-300}"
} | tee "$work_dir/reports-results.txt"
