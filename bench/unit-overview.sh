#!/usr/bin/env bash
# The chief's unit overview (300 teams) with its attention list, alone: N sequential requests timed by curl (one
# request at a time: the page's own cost, less sensitive to a busy machine than a wrk run), then wrk at 64 connections
# with a 10 s timeout (BENCH_DURATION, default 20s, after BENCH_WARMUP, default 10s). Uses the data of bench/web.sh.
# Twice: with the overview read on every request (Dashboard__OverviewCacheSeconds=0), then as configured (kept 30 s).
#
#   bench/unit-overview.sh [requests]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk wrk; need curl curl
build_release
generate_data "$work_dir/data-20q" 20
data="$(scratch_copy "$work_dir/data-20q" unit-overview-data)"
results="$work_dir/unit-overview-results.txt"; : > "$results"
port=5093; base="http://127.0.0.1:$port"
team="$(sql "$data" "SELECT id FROM teams WHERE team_type = 'Basisteam' ORDER BY headcount, id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM teams WHERE team_type = 'Basisteam')")"
unit="$(sql "$data" "SELECT d.unit_id FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = $team")"

# run NAME: sequential requests, then wrk at 64 connections, against the app as it runs now.
run() {
  local name="$1"
  chief_cookie="$(sign_in "$base" "$(printf 'chef-%02d' "$unit")")"
  expect_ok "$base/units/$unit" "$chief_cookie"
  for _ in $(seq 1 5); do curl -s "${proxied[@]}" -o /dev/null -H "Cookie: $chief_cookie" "$base/units/$unit"; done  # warm-up
  for _ in $(seq 1 "$requests"); do
    curl -s "${proxied[@]}" -o /dev/null -w '%{time_total}\n' -H "Cookie: $chief_cookie" "$base/units/$unit"
  done | sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END { printf "%s sequential  n=%d p50_ms=%.1f p90_ms=%.1f max_ms=%.1f\n", name, NR, t[int(NR * 0.5 + 0.5)], t[int(NR * 0.9 + 0.5)], t[NR] }' | tee -a "$results"
  BENCH_TIMEOUT="${BENCH_TIMEOUT:-10s}" BENCH_DURATION="${BENCH_DURATION:-20s}" BENCH_WARMUP="${BENCH_WARMUP:-10s}" \
    measure "$name" 64 "$base/units/$unit" -s "$bench_dir/lua/percentiles.lua" -H "Cookie: $chief_cookie"
}
requests="${1:-40}"
trap stop_app EXIT
# 1. Every request reads the database and builds the overview (the cost of the first reader after the figures expire).
Dashboard__OverviewCacheSeconds=0 start_app "$data" "$port"
run unit-overview-uncached
stop_app
# 2. As configured (Dashboard:OverviewCacheSeconds, 30 s): the readers of the unit share one reading.
start_app "$data" "$port"
run unit-overview
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
cat "$results"
