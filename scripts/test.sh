#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: set-up (PostgreSQL + pgvector, migrations), the real-data eval
# checks when ../shared/eval-data is beside the checkout, then every test project against the real database.
# The tests read nothing outside the repository. Ends with one "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
log=$(mktemp)
status=0
# The published figures (Wilkins 2023, EBM-NLP, stopping aid on real reviews) are reproduced from data the repository
# may not hold (its licence keeps it out): eval/scripts/ check them when it is there; a drifted figure fails the run.
eval_data=${SCREENER_EVAL_DATA:-../shared/eval-data}
if [ -d "$eval_data" ]; then
  eval_out=$(mktemp -d)
  for check in wilkins2023 ebmnlp stopping-aid; do
    echo "== eval check: eval/scripts/$check.sh"
    if bash "eval/scripts/$check.sh" "$eval_out" > "$eval_out/$check.log" 2>&1; then
      grep -E '^  (ok|DRIFT) |figure' "$eval_out/$check.log" || true
    else
      cat "$eval_out/$check.log"
      echo "eval check eval/scripts/$check.sh failed"
      status=1
    fi
  done
  rm -rf "$eval_out"
else
  echo "eval checks skipped: $eval_data not found beside the checkout (eval/README.md says how to run them)"
fi
# The house style (.editorconfig): layout and usings as `dotnet format` would leave them; a difference fails the run.
echo "== dotnet format --verify-no-changes (whitespace, style)"
if ! { dotnet restore Screener.sln -v q && dotnet format whitespace Screener.sln --verify-no-changes && dotnet format style Screener.sln --verify-no-changes --severity warn; }; then
  echo "the code is not formatted as .editorconfig says: run 'dotnet format Screener.sln --severity warn' and commit"
  status=1
fi
dotnet test Screener.sln -c Release -nologo 2>&1 | tee "$log" || status=$?
# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S" line per test project.
grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
rm -f "$log"
exit $status
