#!/usr/bin/env bash
# Web benchmark (wrk): the team dashboard, a triage queue, the chief's unit overview and a pulse submit, each signed in
# (the pulse anonymously, as a member answers), on generated police-scale data (3,000 teams, 20 quarters), at 16 and 64
# connections for 30 s; and in the same run /health/live as the machine's ceiling and the team lead's home page as the
# floor of any signed-in page. Prints req/s, p50, p99 and the share of /health/live's req/s.
#
#   bench/web.sh                        BENCH_DURATION=10s bench/web.sh (shorter)
#
# Needs wrk and curl (Debian: apt-get install wrk curl). Data and logs: artifacts/bench/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk wrk; need curl curl
build_release
generate_data "$work_dir/data-20q" 20
# On a fresh copy: the pulse runs use codes up, and every run should start from the same data.
data="$(scratch_copy "$work_dir/data-20q" web-data)"
cp "$work_dir/data-20q/codes.txt" "$data/"
results="$work_dir/web-results.txt"; : > "$results"
port=5091; base="http://127.0.0.1:$port"
start_app "$data" "$port"
trap stop_app EXIT

# A typical team: the basic team nearest the median size; its lead, and that unit's first HRM advisor and its chief.
team="$(sql "$data" "SELECT id FROM teams WHERE team_type = 'Basisteam' ORDER BY headcount, id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM teams WHERE team_type = 'Basisteam')")"
unit="$(sql "$data" "SELECT d.unit_id FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = $team")"
lead="$(printf 'teamchef-%04d' "$team")"; hrm="$(printf 'hrm-%02d-1' "$unit")"; chief="$(printf 'chef-%02d' "$unit")"
lead_cookie="$(sign_in "$base" "$lead")"; hrm_cookie="$(sign_in "$base" "$hrm")"; chief_cookie="$(sign_in "$base" "$chief")"
expect_ok "$base/teams/$team" "$lead_cookie"; expect_ok "$base/queue" "$hrm_cookie"; expect_ok "$base/units/$unit" "$chief_cookie"
echo "bench: team $team ($lead), unit $unit ($hrm, $chief); $(sql "$data" "SELECT COUNT(*) FROM checkup_rounds WHERE team_id = $team") rounds of history for the team" >&2

# The pulse form's antiforgery pair (anonymous; one pair serves every submit, as one phone's would).
read -r pulse_af pulse_token < <(antiforgery "$base" "/p/$(head -1 "$data/codes.txt")")
[[ -n "$pulse_token" ]] || { echo "bench: the pulse page showed no form for the first code" >&2; exit 1; }
before="$(sql "$data" "SELECT COUNT(*) FROM pulse_responses")"
# The codes still unused, by their hash in the database (the wrk threads do not use up the list in file order).
codes_left() {
  python3 - "$data/teamcheckup.db" "$data/codes.txt" "$work_dir/codes-left.txt" <<'PY'
import hashlib, sqlite3, sys
unused = {row[0] for row in sqlite3.connect(sys.argv[1]).execute("SELECT code_hash FROM participation_codes WHERE is_used = 0")}
with open(sys.argv[2]) as codes, open(sys.argv[3], "w") as left:
    for code in codes:
        if hashlib.sha256(code.strip().replace("-", "").upper().encode("ascii")).hexdigest() in unused: left.write(code)
PY
}

for conns in ${BENCH_CONNECTIONS:-16 64}; do
  echo "bench: $conns connections, ${BENCH_DURATION:-30s} each" >&2
  measure health-live "$conns" "$base/health/live" -s "$bench_dir/lua/percentiles.lua"
  # The floor of any signed-in page: the team lead's home page (cookie, session and scope checks, the layout, a few small queries).
  measure signed-in-home "$conns" "$base/" -s "$bench_dir/lua/percentiles.lua" -H "Cookie: $lead_cookie"
  # The HRM advisor's home: the open, due-soon, breached and unread case counts (issue 12).
  measure advisor-home "$conns" "$base/" -s "$bench_dir/lua/percentiles.lua" -H "Cookie: $hrm_cookie"
  measure team-dashboard "$conns" "$base/teams/$team" -s "$bench_dir/lua/percentiles.lua" -H "Cookie: $lead_cookie"
  measure triage-queue "$conns" "$base/queue" -s "$bench_dir/lua/percentiles.lua" -H "Cookie: $hrm_cookie"
  measure unit-overview "$conns" "$base/units/$unit" -s "$bench_dir/lua/percentiles.lua" -H "Cookie: $chief_cookie"
  # Each pulse run (warm-up included) takes the codes not used yet: a code works once. The generated data holds one
  # code per member of every team (about 64,000), enough for two 15 s runs; hence the shorter pulse runs.
  codes_left
  CODES_FILE="$work_dir/codes-left.txt" ANTIFORGERY_COOKIE="$pulse_af" ANTIFORGERY_TOKEN="$pulse_token" THREADS=2 before_measure=codes_left \
    BENCH_WARMUP=3s BENCH_DURATION="${BENCH_PULSE_DURATION:-15s}" measure pulse-submit "$conns" "$base/p" -s "$bench_dir/lua/pulse.lua"
done
stored="$(( $(sql "$data" "SELECT COUNT(*) FROM pulse_responses") - before ))"
echo "bench: pulse answers stored during the run: $stored" >&2

echo
echo "Web benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${BENCH_DURATION:-30s} per figure (pulse ${BENCH_PULSE_DURATION:-15s}), data: $(sed -n 2p "$work_dir/data-20q/generated.txt" | xargs)"
printf '%-16s %6s %10s %9s %9s %12s\n' endpoint conns "req/s" "p50 ms" "p99 ms" "% of health"
while read -r name conns rps p50 p99 requests errors; do
  ceiling="$(awk -v c="$conns" '$1 == "health-live" && $2 == c { print $3 }' "$results")"
  printf '%-16s %6s %10s %9s %9s %11.1f%%%s\n' "$name" "$conns" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { print 100 * a / b }')" \
    "$([[ "$errors" != 0 ]] && echo "  ($errors errors)")"
done < "$results"
echo "pulse answers stored during the run: $stored (wrk counts only the submits that completed inside its window)"
