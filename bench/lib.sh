# Shared by the benchmark scripts: build, generate data, start and stop the app, sign in. Source it, do not run it.
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_UI_LANGUAGE=en
# Everything a benchmark makes (databases, logs, results) lives here; it is git-ignored.
work_dir="${BENCH_WORK:-$repo_root/artifacts/bench}"
mkdir -p "$work_dir"
app_dll="$repo_root/src/TeamCheckup.Web/bin/Release/net10.0/linux-x64/TeamCheckup.Web.dll"
password="${TEAMCHECKUP_GENERATED_PASSWORD:-Bench-wachtwoord-2026}"
# The app runs as it would in production behind its TLS proxy (docker/Caddyfile): the proxy (here 127.0.0.1, where wrk
# connects from) is a configured proxy, so its X-Forwarded-Proto header is believed, and every request here carries
# it, as every request through the proxy would. Unlike production, the anonymous rate limits are lifted (every wrk
# connection comes from 127.0.0.1, without the client cookie).
export ASPNETCORE_ENVIRONMENT=Benchmark ForwardedHeaders__KnownProxies=127.0.0.1
export AllowedHosts=127.0.0.1 App__PublicBaseUrl=https://127.0.0.1
proxied=(-H "X-Forwarded-Proto: https")
export RateLimiting__Anonymous__PerClientPerMinute=100000000 RateLimiting__Anonymous__NewClientsPerAddressPerMinute=100000000 \
  RateLimiting__Anonymous__PerAddressPerMinute=100000000
export Logging__LogLevel__Default=Warning

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is missing; install it (Debian: apt-get install $2)" >&2; exit 1; }; }

build_release() {
  echo "bench: building Release" >&2
  dotnet build "$repo_root/src/TeamCheckup.Web/TeamCheckup.Web.csproj" -c Release -v q -nologo >&2
}

# generate_data DIR QUARTERS [extra options]: a generated database in DIR (made once; delete DIR to make it again).
generate_data() {
  local dir="$1" quarters="$2"; shift 2
  if [[ -f "$dir/teamcheckup.db" && -f "$dir/generated.txt" ]]; then
    echo "bench: using the data in $dir ($(head -1 "$dir/generated.txt"))" >&2; return
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  echo "bench: generating $quarters quarters of data into $dir" >&2
  local started=$SECONDS
  Database__DataDirectory="$dir" dotnet "$app_dll" generate-data --seed "${BENCH_SEED:-42}" --quarters "$quarters" \
    --open-pulse-share 1 --codes-file "$dir/codes.txt" "$@" | tee "$dir/generated.txt.tmp" >&2
  echo "generated in $((SECONDS - started)) s (wall clock, including start-up)" >> "$dir/generated.txt.tmp"
  mv "$dir/generated.txt.tmp" "$dir/generated.txt"
}

# start_app DIR PORT: runs the app on the data in DIR; waits until /health/ready answers.
start_app() {
  local dir="$1" port="$2"
  Database__DataDirectory="$dir" Jobs__RunAtStartup=false dotnet "$app_dll" --urls "http://127.0.0.1:$port" \
    > "$work_dir/app-$port.log" 2>&1 &
  app_pid=$!
  # BENCH_START_SECONDS (default 60): longer where pending migrations must first run over the generated data.
  for _ in $(seq 1 $(( ${BENCH_START_SECONDS:-60} * 2 ))); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return; fi
    kill -0 "$app_pid" 2>/dev/null || { echo "bench: the app stopped; see $work_dir/app-$port.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "bench: the app did not become ready; see $work_dir/app-$port.log" >&2; exit 1
}

stop_app() { [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true; app_pid=; }

# cookie_from HEADERS NAME: the value of a Set-Cookie (read from a header dump; the cookies are Secure, so curl's jar
# would not keep them on plain HTTP).
cookie_from() { grep -i "^set-cookie: $2=[^;]" "$1" | tail -1 | sed -E "s/^[^=]*=([^;]*).*/\1/" | tr -d '\r'; }

# antiforgery BASE PATH: prints "cookie-value token" of a fresh form at PATH.
antiforgery() {
  local headers; headers="$(mktemp)"
  local token
  token="$(curl -fs "${proxied[@]}" -D "$headers" "$1$2" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed -E 's/.*value="([^"]*)".*/\1/')"
  echo "$(cookie_from "$headers" TeamCheckup.Antiforgery) $token"
  rm -f "$headers"
}

# sign_in BASE USER: prints the session cookie header value for USER.
sign_in() {
  local base="$1" user="$2" headers; headers="$(mktemp)"
  read -r af token < <(antiforgery "$base" /account/sign-in)
  curl -fs "${proxied[@]}" -o /dev/null -D "$headers" -H "Cookie: TeamCheckup.Antiforgery=$af" \
    --data-urlencode "UserName=$user" --data-urlencode "Password=$password" --data-urlencode "__RequestVerificationToken=$token" \
    "$base/account/sign-in"
  local session; session="$(cookie_from "$headers" TeamCheckup.Session)"
  rm -f "$headers"
  [[ -n "$session" ]] || { echo "bench: signing in as $user failed" >&2; exit 1; }
  echo "TeamCheckup.Session=$session"
}

# sql DIR QUERY: one value from the generated database (needs python3, which Debian has).
sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1/teamcheckup.db" "$2"; }

# measure NAME CONNECTIONS URL [wrk options...]: warms up (BENCH_WARMUP, default 20s), runs wrk and appends "NAME CONNECTIONS rps p50 p99 requests errors" to $results.
measure() {
  local name="$1" conns="$2" url="$3"; shift 3
  local line
  # BENCH_ONLY="unit-overview health-live" measures only the named endpoints (the others are skipped).
  if [[ -n "${BENCH_ONLY:-}" && " $BENCH_ONLY " != *" $name "* ]]; then return; fi
  # Warm-up first (discarded): the JIT's tiered recompilation takes some seconds to settle after start-up.
  [[ "${BENCH_WARMUP:-20s}" == 0 ]] || wrk -t2 -c"$conns" -d"${BENCH_WARMUP:-20s}" "${proxied[@]}" "$@" "$url" > /dev/null
  [[ -z "${before_measure:-}" ]] || "$before_measure"
  # BENCH_TIMEOUT (wrk's --timeout, default 2s): a slower answer counts as an error, not in the percentiles.
  line="$(wrk -t2 -c"$conns" -d"${BENCH_DURATION:-30s}" --timeout "${BENCH_TIMEOUT:-2s}" --latency "${proxied[@]}" "$@" "$url" | grep '^FIGURES' || true)"
  [[ -n "$line" ]] || { echo "bench: wrk printed no figures for $name" >&2; exit 1; }
  local rps p50 p99 requests errors
  rps="$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")"; p50="$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<<"$line")"
  p99="$(sed -E 's/.*p99=([0-9.]+).*/\1/' <<<"$line")"; requests="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")"
  errors="$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")"
  echo "$name $conns $rps $p50 $p99 $requests $errors" >> "$results"
  printf '  %-16s %3s conns  %9s req/s  p50 %7s ms  p99 %7s ms  (%s requests, %s errors)\n' "$name" "$conns" "$rps" "$p50" "$p99" "$requests" "$errors" >&2
}

# expect_ok URL COOKIE: the page answers 200 for this session (a benchmark of an error page would be worthless).
expect_ok() {
  local status; status="$(curl -s "${proxied[@]}" -o /dev/null -w '%{http_code}' -H "Cookie: $2" "$1")"
  [[ "$status" == 200 ]] || { echo "bench: $1 answered $status, not 200" >&2; exit 1; }
}

bench_dll="$repo_root/bench/TeamCheckup.Bench/bin/Release/net10.0/linux-x64/TeamCheckup.Bench.dll"
build_bench() {
  echo "bench: building the in-process benchmarks (Release)" >&2
  dotnet build "$repo_root/bench/TeamCheckup.Bench/TeamCheckup.Bench.csproj" -c Release -v q -nologo >&2
}

# scratch_copy DIR NAME: a throw-away copy of a generated database (benchmarks that write must not change the shared one).
scratch_copy() {
  local copy="$work_dir/$2"
  rm -rf "$copy"; mkdir -p "$copy"; cp "$1"/teamcheckup.db* "$copy/"  # with its -wal file, if one was left
  echo "$copy"
}
