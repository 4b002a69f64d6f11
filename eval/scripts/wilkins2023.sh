#!/usr/bin/env bash
# Re-evaluates the published GPT-4 screening decisions of Wilkins (2023) with `screener eval` and writes the
# baseline report to eval/results/. Needs ../shared/eval-data beside the checkout; no database, no LLM.
#   bash eval/scripts/wilkins2023.sh            (builds the CLI in Release if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SCREENER_EVAL_DATA:-../shared/eval-data}/llm-decisions/gptscreenr_wilkins2023
[ -d "$data" ] || { echo "error: $data not found: put the shared eval data beside the checkout or set SCREENER_EVAL_DATA" >&2; exit 2; }
dll=src/Screener.Cli/bin/Release/net10.0/screener.dll
[ -f "$dll" ] || dotnet build src/Screener.Cli -c Release -v quiet
screener() { dotnet "$dll" "$@"; }
columns=(--truth-column human_include --prediction-column llm_include --group-by review --weight-by n)

echo "== chain-of-thought and zero-shot (the paper's Results), with run-to-run agreement"
screener eval --truth "$data/cot_gpt4.csv" --predictions "$data/cot_gpt4.csv" --predictions "$data/zeroshot_gpt4_branch.csv" \
  "${columns[@]}" --out eval/results/wilkins2023

echo "== the second zero-shot file (the paper's Discussion); its 11 rows without record_id cannot be joined"
screener eval --truth "$data/zeroshot_gpt4_master.csv" --predictions "$data/zeroshot_gpt4_master.csv" \
  "${columns[@]}" --out eval/results/wilkins2023-master
