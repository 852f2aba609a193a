#!/usr/bin/env bash
# Growth benchmark: the team dashboard (wrk, 64 connections, 30 s, signed in as the team's lead) on the same
# organisation with 1 quarter of history and with 20 quarters. Budget: 20 quarters within 1.5x of 1 quarter.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk wrk; need curl curl
build_release
conns="${BENCH_CONNECTIONS:-64}"
results="$work_dir/growth-results.txt"; : > "$results"
for quarters in 1 20; do
  data="$work_dir/data-${quarters}q"
  generate_data "$data" "$quarters"
  port=$((5100 + quarters)); base="http://127.0.0.1:$port"
  start_app "$data" "$port"
  # The same organisation (same seed): the same typical team as bench/web.sh.
  team="$(sql "$data" "SELECT id FROM teams WHERE team_type = 'Basisteam' ORDER BY headcount, id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM teams WHERE team_type = 'Basisteam')")"
  lead_cookie="$(sign_in "$base" "$(printf 'teamchef-%04d' "$team")")"
  expect_ok "$base/teams/$team" "$lead_cookie"
  echo "bench: $quarters quarter(s): team $team has $(sql "$data" "SELECT COUNT(*) FROM checkup_rounds WHERE team_id = $team") rounds; database $(du -m "$data/teamcheckup.db" | cut -f1) MB" >&2
  measure "dashboard-${quarters}q" "$conns" "$base/teams/$team" -s "$bench_dir/lua/percentiles.lua" -H "Cookie: $lead_cookie"
  stop_app
done

echo
echo "Growth benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, team dashboard, $conns connections, ${BENCH_DURATION:-30s}"
printf '%-14s %10s %9s %9s\n' history "req/s" "p50 ms" "p99 ms"
while read -r name _ rps p50 p99 _ _; do printf '%-14s %10s %9s %9s\n' "${name#dashboard-}" "$rps" "$p50" "$p99"; done < "$results"
awk '{ p50[NR] = $4; p99[NR] = $5; rps[NR] = $3 } END { printf "20 quarters against 1: p50 x%.2f, p99 x%.2f, req/s x%.2f (budget: latency within x1.5)\n", p50[2] / p50[1], p99[2] / p99[1], rps[2] / rps[1] }' "$results"
