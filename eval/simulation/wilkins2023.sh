#!/usr/bin/env bash
# Active learning with a real LLM's votes: the published GPT-4 decisions of Wilkins (2023) joined by record_id to the
# six gptscreenr_* screening sets, replayed by `screener simulate` with and without the LLM, 5 seeds, label_ta, the
# stopping aid and the recall test replayed. Writes eval/simulation/results/wilkins-*/ and eval/simulation/wilkins2023.md.
# The joined CSVs (upstream data) stay in a temporary folder: they are not to be copied into the repository.
# Needs ../shared/eval-data beside the checkout (or SCREENER_EVAL_DATA), python3 and the .NET SDK; no database, no LLM.
#   bash eval/simulation/wilkins2023.sh [SEEDS (default 5)]
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-5}
root=${SCREENER_EVAL_DATA:-../shared/eval-data}
decisions=$root/llm-decisions/gptscreenr_wilkins2023
[ -d "$decisions" ] || { echo "error: $decisions not found: put the shared eval data beside the checkout or set SCREENER_EVAL_DATA" >&2; exit 2; }
out=eval/simulation/results
[ -n "${SCREENER_NO_BUILD:-}" ] || dotnet build src/Screener.Cli -c Release -v quiet -nologo > /dev/null
screener() { dotnet src/Screener.Cli/bin/Release/net10.0/screener.dll "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two record sets per review: the records with a chain-of-thought decision (the zero-shot "branch" file decides the
# same 1,147 records), and the records the second zero-shot file ("master") decides, joined on record_id (1,137).
python3 - "$root/screening" "$decisions" "$work" <<'PY'
import csv, os, sys
screening, decisions, work = sys.argv[1:]
runs = {"llm_cot": "cot_gpt4", "llm_zeroshot": "zeroshot_gpt4_branch", "llm_master": "zeroshot_gpt4_master"}
votes = {}
for column, name in runs.items():
    with open(f"{decisions}/{name}.csv", newline="", encoding="utf-8") as f:
        votes[column] = {r["record_id"]: r["llm_include"] for r in csv.DictReader(f) if r["record_id"]}
for review in ["COVID", "melanoma", "smartphones", "solastalgia", "suicide", "teachers"]:
    dataset = f"gptscreenr_{review}"
    with open(f"{screening}/{dataset}/records.csv", newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    for subset, key in [("cot", "llm_cot"), ("master", "llm_master")]:
        os.makedirs(f"{work}/{subset}/{dataset}", exist_ok=True)
        with open(f"{work}/{subset}/{dataset}/records.csv", "w", newline="", encoding="utf-8") as g:
            w = csv.writer(g)
            w.writerow(["record_id", "title", "abstract", "label_ta", *runs])
            for r in records:
                if r["record_id"] in votes[key]:
                    w.writerow([r["record_id"], r["title"], r["abstract"], r["label_ta"], *(votes[c].get(r["record_id"], "") for c in runs)])
PY

sim() { local name=$1; shift; nice -n 10 dotnet src/Screener.Cli/bin/Release/net10.0/screener.dll simulate --label-column label_ta --runs "$seeds" --stopping-aid --out "$out/$name" "$@" > /dev/null; echo "wrote $out/$name"; }
sim wilkins-text --data "$work"/cot/*/records.csv
sim wilkins-cot --data "$work"/cot/*/records.csv --llm-column llm_cot
sim wilkins-zeroshot --data "$work"/cot/*/records.csv --llm-column llm_zeroshot
sim wilkins-mean --data "$work"/cot/*/records.csv --llm-column llm_cot,llm_zeroshot
sim wilkins-master-text --data "$work"/master/*/records.csv
sim wilkins-master --data "$work"/master/*/records.csv --llm-column llm_master

python3 eval/simulation/wilkins_table.py "$out" > eval/simulation/wilkins2023.md
echo "wrote eval/simulation/wilkins2023.md"
