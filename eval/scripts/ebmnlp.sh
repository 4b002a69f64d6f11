#!/usr/bin/env bash
# Turns the EBM-NLP test set's gold PICO spans into the span-file shape of `screener eval spans` and checks the
# evaluator on them: gold against itself (all scores 1, hallucination rate 0) and a copy with every fourth span
# dropped (precision 1, recall 0.750); then checks the published counts and those figures (check_figures.py), exiting
# 1 when one drifts. Needs python3 and ../shared/eval-data beside the checkout (or SCREENER_EVAL_DATA).
#   bash eval/scripts/ebmnlp.sh [OUT]           (default OUT: eval/results; builds the CLI in Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SCREENER_EVAL_DATA:-../shared/eval-data}/extraction/ebmnlp_pio
[ -d "$data" ] || { echo "error: $data not found" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is needed to convert the JSONL" >&2; exit 2; }
out=${1:-eval/results}
dotnet build src/Screener.Cli -c Release -v quiet -nologo > /dev/null
dll=src/Screener.Cli/bin/Release/net10.0/screener.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$data/ebmnlp_test.jsonl" "$work" <<'PY'
import csv, json, sys
src, out = sys.argv[1], sys.argv[2]
with open(src) as f, open(f"{out}/gold.csv", "w", newline="") as g, open(f"{out}/dropped.csv", "w", newline="") as d, open(f"{out}/sources.csv", "w", newline="") as s:
    gw, dw, sw = csv.writer(g), csv.writer(d), csv.writer(s)
    for w in (gw, dw): w.writerow(["record_id", "label", "start", "end", "text"])
    sw.writerow(["record_id", "text"])
    i = 0
    for line in f:
        doc = json.loads(line)
        sw.writerow([doc["pmid"], doc["text_tokenized"]])
        for span in doc["spans"]:
            row = [doc["pmid"], span["label"], span["start_tok"], span["end_tok"], span["text"]]
            gw.writerow(row)
            if i % 4 != 3: dw.writerow(row)
            i += 1
PY
echo "== gold against itself"
dotnet "$dll" eval spans --gold "$work/gold.csv" --predictions "$work/gold.csv" --sources "$work/sources.csv" --out "$out/ebmnlp/self"
echo "== every fourth span dropped"
dotnet "$dll" eval spans --gold "$work/gold.csv" --predictions "$work/dropped.csv" --out "$out/ebmnlp/dropped"
echo "== the published counts and the figures they imply"
python3 eval/scripts/check_figures.py ebmnlp "$data/ebmnlp_test.jsonl" "$data/stats.json" "$out/ebmnlp/self" "$out/ebmnlp/dropped"
