#!/usr/bin/env bash
# Regenerates the active-learning simulation table (eval/simulation/results/ and comparison.md) from the real,
# human-labelled data in ../shared/eval-data/screening. Needs the .NET 10 SDK and awk; no database, no LLM.
# Takes a few minutes on 2 cores. Usage: bash eval/simulation/run.sh [SEEDS (default 5)]
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-5}
data=${SCREENER_EVAL_DATA:-../shared/eval-data}/screening
out=eval/simulation/results
dotnet build src/Screener.Cli -c Release -v quiet -nologo > /dev/null
screener() { dotnet src/Screener.Cli/bin/Release/net10.0/screener.dll "$@"; }

# Final labels where a dataset has them, else title/abstract labels (the --label-column default).
# --stopping-aid: also the true recall when the stopping aid first said 95% (the summary's second table).
screener simulate --data "$data"/*/records.csv --runs "$seeds" --stopping-aid --out "$out/no-llm"
# LLM votes blended into the ranking, simulated from the labels with 10% and 25% of records flipped.
for noise in 0.1 0.25; do
  screener simulate --data "$data"/cohen2006_*/records.csv --runs "$seeds" --llm-noise "$noise" --stopping-aid --out "$out/llm-noise-$noise"
done

# ASReview LAB's default model (MetaScreener 2.0, mean of 5 seeds, label_final) against ours, Cohen 2006 sets; the
# range of its five runs from the per-run file (elas_u4 rows).
awk -F, '
  FNR == 1 { file++; next }
  file == 1 { k = "cohen2006_" $1; if ($2 == "elas_u4") { v = $7 + 0; if (!(k in amin) || v < amin[k]) amin[k] = v; if (!(k in amax) || v > amax[k]) amax[k] = v }; next }
  file == 2 { asr[$1] = $3; order[++n] = $1; next }
  { key = $1; med[file, key] = $10; lo[file, key] = $11; hi[file, key] = $12; rec[key] = $3; wss[file, key] = $14 }
  END {
    print "| dataset | records | ASReview u4, mean [range of 5 runs] | ours, no LLM | ours, LLM 10% flips | ours, LLM 25% flips | WSS@95 no LLM / LLM 10% |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      k = order[i]; line = "| " k " | " rec[k] " | " asr[k] " [" amin[k] "-" amax[k] "]"
      for (f = 3; f <= 5; f++) {
        mark = (med[f, k] < asr[k]) ? " (fewer)" : (med[f, k] == asr[k] ? " (equal)" : " (more)")
        line = line " | " med[f, k] " [" lo[f, k] "-" hi[f, k] "]" mark
        total[f] += med[f, k]
      }
      print line " | " sprintf("%.1f%% / %.1f%%", wss[3, k] * 100, wss[4, k] * 100) " |"
      totalAsr += asr[k]; totalRec += rec[k]
    }
    printf "| pooled (sum of medians) | %d | %d (%.1f%%) | %d (%.1f%%) | %d (%.1f%%) | %d (%.1f%%) | |\n", totalRec, totalAsr, 100 * totalAsr / totalRec,
      total[3], 100 * total[3] / totalRec, total[4], 100 * total[4] / totalRec, total[5], 100 * total[5] / totalRec
  }' eval/simulation/asreview-cohen2006-runs.csv eval/simulation/asreview-cohen2006.csv "$out/no-llm/summary.csv" "$out/llm-noise-0.1/summary.csv" "$out/llm-noise-0.25/summary.csv" \
  > eval/simulation/comparison.md
echo "wrote $out/*/summary.md and eval/simulation/comparison.md"

# Real GPT-4 votes (Wilkins 2023) on the six gptscreenr_* reviews: eval/simulation/wilkins2023.md.
bash eval/simulation/wilkins2023.sh "$seeds"
