#!/usr/bin/env bash
# The main job end to end on the bundled example (Donners 2021, 258 CC0 records from SYNERGY):
# set-up, review, and every step the built capabilities allow. Steps that need an LLM run only when
# one is configured (SCREENER__Llm__Provider etc.); the rest always run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
screener() { dotnet src/Screener.Cli/bin/Release/net10.0/screener.dll "$@"; }
example=examples/donners2021-emicizumab
review=${SCREENER_EXAMPLE_REVIEW:-donners2021-example}

echo "== 1. review from the protocol"
screener init --protocol "$example/protocol.yaml" --name "$review"

if [ -z "${SCREENER__Llm__Provider:-}" ]; then
  echo "== no LLM configured: LLM steps are skipped. To use one, set SCREENER__Llm__Provider=openai|azure|local," \
       "SCREENER__Llm__Endpoint, SCREENER__Llm__Model and SCREENER__Llm__ApiKey (see README.md)."
fi

echo "== embeddings (offline hashed TF-IDF, no model download) and the active-learning ranking"
# Before any human decision, rank falls back to the LLM's probability or to similarity with the protocol, and says so.
screener embed --review "$review"
screener rank --review "$review" --top 10
echo "== active-learning simulation on the example's labels (no database involved)"
screener simulate --data "$example/records.csv" --runs 3 --out "${TMPDIR:-/tmp}/screener-example-simulation"

echo "== status"
screener status --review "$review"
