#!/usr/bin/env bash
# Organisation import benchmark: an HR file of 10 units, 50 districts, 3,000 teams and 3,100 leads into an empty
# database, the same file again, then a file with 100 changes.
#  1. in-process on the app's handler (time per run, memory allocated, peak working set of the process);
#  2. the import-organisation verb as a nightly automation runs it, each run a new process under /usr/bin/time
#     (wall clock including start-up and migrations, maximum resident set size).
#
#   bench/import.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build_release; build_bench
need /usr/bin/time time
files="$work_dir/import-files"; rm -rf "$files" "$work_dir/import-inprocess" "$work_dir/import-cli"
dotnet "$bench_dll" import-file "$files" >&2
run_verb() { # run_verb NAME FILE
  local report; report="$(mktemp)"
  Database__DataDirectory="$work_dir/import-cli" /usr/bin/time -v -o "$report" dotnet "$app_dll" import-organisation "$2" | tail -1 >&2
  echo "FIGURE import-verb-$1 seconds=$(grep 'Elapsed (wall clock)' "$report" | awk '{print $NF}') max_rss_mb=$(( $(grep 'Maximum resident' "$report" | awk '{print $NF}') / 1024 ))"
  rm -f "$report"
}
{
  dotnet "$bench_dll" import "$work_dir/import-inprocess"
  run_verb empty-database "$files/organisatie-3000.csv"
  run_verb same-file-again "$files/organisatie-3000.csv"
  run_verb hundred-changes "$files/organisatie-3000-changed.csv"
} | tee "$work_dir/import-results.txt"
