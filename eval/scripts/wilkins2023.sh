#!/usr/bin/env bash
# Re-evaluates the published GPT-4 screening decisions of Wilkins (2023) with `screener eval`, writes the baseline
# report to eval/results/ (or under OUT) and checks the paper's figures (check_figures.py): exits 1 when one drifts.
# Needs ../shared/eval-data beside the checkout (or SCREENER_EVAL_DATA) and python3; no database, no LLM.
#   bash eval/scripts/wilkins2023.sh [OUT]      (default OUT: eval/results; builds the CLI in Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SCREENER_EVAL_DATA:-../shared/eval-data}/llm-decisions/gptscreenr_wilkins2023
[ -d "$data" ] || { echo "error: $data not found: put the shared eval data beside the checkout or set SCREENER_EVAL_DATA" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is needed to check the figures" >&2; exit 2; }
out=${1:-eval/results}
dotnet build src/Screener.Cli -c Release -v quiet -nologo > /dev/null
dll=src/Screener.Cli/bin/Release/net10.0/screener.dll
screener() { dotnet "$dll" "$@"; }
columns=(--truth-column human_include --prediction-column llm_include --group-by review --weight-by n)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== chain-of-thought and zero-shot (the paper's Results), with run-to-run agreement"
screener eval --truth "$data/cot_gpt4.csv" --predictions "$data/cot_gpt4.csv" --predictions "$data/zeroshot_gpt4_branch.csv" \
  "${columns[@]}" --out "$out/wilkins2023"

echo "== the second zero-shot file (the paper's Discussion); its 11 rows without record_id cannot be joined"
screener eval --truth "$data/zeroshot_gpt4_master.csv" --predictions "$data/zeroshot_gpt4_master.csv" \
  "${columns[@]}" --out "$out/wilkins2023-master"

echo "== the same file with every row its own record (row numbers as ids), as the paper must have counted"
python3 - "$data/zeroshot_gpt4_master.csv" "$work/all_rows.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w", newline="", encoding="utf-8") as g:
    rows = csv.DictReader(f)
    w = csv.writer(g)
    w.writerow(["record_id", "review", "human_include", "llm_include"])
    for i, r in enumerate(rows, start=1):
        w.writerow([f"row{i}", r["review"], r["human_include"], r["llm_include"]])
PY
screener eval --truth "$work/all_rows.csv" --predictions "$work/all_rows.csv" "${columns[@]}" --out "$work/all-rows" > /dev/null

echo "== the paper's figures"
python3 eval/scripts/check_figures.py wilkins "$out/wilkins2023" "$out/wilkins2023-master" "$work/all-rows"
