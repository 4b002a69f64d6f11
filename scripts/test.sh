#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: set-up (PostgreSQL + pgvector, migrations), then
# every test project against the real database. Ends with one "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
log=$(mktemp)
status=0
dotnet test Screener.sln -c Release -nologo 2>&1 | tee "$log" || status=$?
# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S" line per test project.
grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
rm -f "$log"
exit $status
