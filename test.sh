#!/usr/bin/env bash
# Installs what the tests need (when missing), then runs every test of the solution.
#
#   ./test.sh                       all tests
#   ./test.sh --filter Name~SignIn  extra arguments go to `dotnet test`
#
# Debian packages it installs when missing: chromium (browser tests), poppler-utils (pdftoppm,
# pdftotext), qpdf (reads the reports' structure tree back), fonts-dejavu-core and libreoffice-calc-nogui (reads the exported XLSX back). Node.js 20+ with npm must be installed; the packages of the test
# OpenID provider (tests/oidc-provider) are installed with `npm ci` when node_modules is missing. Ends with a plain line `N passed, N failed, N skipped` and exits
# non-zero when the build or any test failed. Test results (.trx) go to artifacts/test-results/,
# browser screenshots to artifacts/screenshots/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
root="$(pwd)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_UI_LANGUAGE=en

# --- 1. system packages -----------------------------------------------------------------------
missing=()
if [[ -n "${TEAMCHECKUP_CHROMIUM:-}" && -x "${TEAMCHECKUP_CHROMIUM}" ]]; then
  : # a Chromium of the developer's choice
elif ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# qpdf reads the reports' structure tree back (tests/.../Features/Reports/ReportTaggingTests.cs).
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
# LibreOffice Calc reads every exported XLSX back (tests/.../Features/Exports/LibreOfficeTests.cs): ~2 minutes to install.
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
fi

if ((${#missing[@]} > 0)); then
  echo "test.sh: installing ${missing[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: apt-get is not available here. Install these packages (or their equivalents) and run again: ${missing[*]}" >&2
    echo "test.sh: (the browser tests also accept TEAMCHECKUP_CHROMIUM=/path/to/chromium)" >&2
    exit 1
  fi
  if [[ "$(id -u)" -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "test.sh: not root and no sudo. Install these Debian packages as root and run again:" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is not installed." >&2
  exit 1
fi

# The single sign-on browser tests sign in through a real OpenID provider (panva's oidc-provider, a small
# Node script in tests/oidc-provider/); its packages come from the lock file there.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: Node.js (20 or later) with npm is not installed; the single sign-on tests run a real OpenID provider on it." >&2
  echo "test.sh: install it (e.g. apt-get install -y nodejs npm) and run again." >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
  echo "test.sh: Node.js $(node --version) is too old for tests/oidc-provider; version 20 or later is needed." >&2
  exit 1
fi
if [[ ! -d "$root/tests/oidc-provider/node_modules" ]]; then
  echo "test.sh: installing the test OpenID provider (npm ci in tests/oidc-provider)"
  (cd "$root/tests/oidc-provider" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- 2. tests ---------------------------------------------------------------------------------
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

started=$SECONDS
set +e
dotnet test "$root/TeamCheckup.sln" \
  --logger "console;verbosity=normal" \
  --logger trx \
  -p:TestResultsRoot="$results" \
  "$@"
status=$?
set -e

# --- 3. summary over every test project (from the .trx files) ----------------------------------
# Directory.Build.targets puts each project's .trx in its own folder under $results.
attribute() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2"; }
passed=0 failed=0 skipped=0 projects=0
while IFS= read -r -d '' trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  [[ -n "$counters" ]] || continue
  total=$(attribute total "$counters")
  ok=$(attribute passed "$counters")
  bad=0
  for kind in failed error timeout aborted; do bad=$((bad + $(attribute "$kind" "$counters"))); done
  passed=$((passed + ok))
  failed=$((failed + bad))
  skipped=$((skipped + total - ok - bad))   # NotExecuted: ignored, inconclusive
  projects=$((projects + 1))
done < <(find "$results" -name '*.trx' -print0)

echo
echo "Test projects run: $projects; time: $((SECONDS - started)) s; results: artifacts/test-results/, screenshots: artifacts/screenshots/"
if ((status != 0 && failed == 0)); then
  echo "dotnet test exited with code $status: the build failed or a test host stopped early (see above)."
fi
echo "$passed passed, $failed failed, $skipped skipped"

if ((status != 0 || failed > 0)); then
  exit 1
fi
if ((passed == 0)); then
  echo "test.sh: no test ran." >&2
  exit 1
fi
