#!/usr/bin/env bash
# Replays screening with the stopping aid on two real reviews where the earlier calibration (Platt on the training
# scores) said 95% at a true recall of about 40% (seed 1), and checks (check_figures.py) that the aid now says 95% only
# once nearly every include is found and that the recall test passes later, above 95%; exits 1 when that drifts.
# Needs ../shared/eval-data beside the checkout (or SCREENER_EVAL_DATA) and python3; no database, no LLM.
#   bash eval/scripts/stopping-aid.sh           (builds the CLI in Release; about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SCREENER_EVAL_DATA:-../shared/eval-data}/screening
[ -d "$data" ] || { echo "error: $data not found: put the shared eval data beside the checkout or set SCREENER_EVAL_DATA" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is needed to check the figures" >&2; exit 2; }
dotnet build src/Screener.Cli -c Release -v quiet -nologo > /dev/null
dll=src/Screener.Cli/bin/Release/net10.0/screener.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=()
for dataset in cohen2006_CalciumChannelBlockers synergy_van_der_Valk_2021; do
  echo "== $dataset: seed 1, squared-hinge SVM on text, stopping aid replayed"
  dotnet "$dll" simulate --data "$data/$dataset/records.csv" --seed 1 --runs 1 --classifier svm --stopping-aid --json > "$work/$dataset.json"
  files+=("$work/$dataset.json")
done
echo "== the stopping rules on real data"
python3 eval/scripts/check_figures.py stopping-aid "${files[@]}"
