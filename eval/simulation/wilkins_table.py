"""Writes the real-LLM table (wilkins2023.md) from the simulate outputs wilkins2023.sh leaves under RESULTS.

Per review and summed: median [min-max] over the seeds of the records screened to 95% and 98.5% recall and until the
recall test certified 95% recall (a run where it never passed counts every record: a human screened them all).
Standard library only.   python3 eval/simulation/wilkins_table.py RESULTS
"""
import csv
import statistics
import sys

results = sys.argv[1]
MEASURES = [("records_to_95", "to 95% recall"), ("records_to_985", "to 98.5% recall"), ("test95_screened", "to a certified stop")]


def load(name):
    with open(f"{results}/{name}/summary.csv", newline="", encoding="utf-8") as f:
        size = {r["dataset"]: (int(r["records"]), int(r["relevant"])) for r in csv.DictReader(f)}
    runs = {}
    with open(f"{results}/{name}/runs.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            n = size[r["dataset"]][0]
            per = runs.setdefault(r["dataset"], {m: [] for m, _ in MEASURES})
            for m, _ in MEASURES:
                per[m].append(int(r[m]) if r[m] else n)
    return size, runs


def median(values):
    return statistics.median(values)


def cell(values):
    return f"{median(values):g} [{min(values)}-{max(values)}]"


def table(title, text_name, variants):
    size, text = load(text_name)
    loaded = [(label, load(name)[1]) for label, name in variants]
    lines = [f"## {title}", "",
             "Median [min-max] of 5 seeds. \"worse\": the median needs more records than the slowest text-alone seed "
             "(beyond seed noise).", ""]
    for measure, heading in MEASURES:
        lines += [f"### Records {heading}", "",
                  "| review | records | includes | text alone | " + " | ".join(label for label, _ in loaded) + " |",
                  "|---|---|---|---|" + "---|" * len(loaded)]
        totals = [0.0] * (1 + len(loaded))
        for dataset in sorted(text):
            base = text[dataset][measure]
            row = [dataset.removeprefix("gptscreenr_"), str(size[dataset][0]), str(size[dataset][1]), cell(base)]
            totals[0] += median(base)
            for k, (_, runs) in enumerate(loaded):
                values = runs[dataset][measure]
                totals[k + 1] += median(values)
                row.append(cell(values) + (" worse" if median(values) > max(base) else ""))
            lines.append("| " + " | ".join(row) + " |")
        records = sum(n for n, _ in size.values())
        summed = [f"{totals[0]:g} ({100 * totals[0] / records:.1f}%)"]
        summed += [f"{t:g} ({100 * (t - totals[0]) / totals[0]:+.1f}%)" for t in totals[1:]]
        lines += [f"| summed medians | {records} | {sum(i for _, i in size.values())} | " + " | ".join(summed) + " |", ""]
    return lines


print("# Active learning with GPT-4's votes (Wilkins 2023), six scoping reviews, label_ta")
print()
print("Written by `bash eval/simulation/wilkins2023.sh` (do not edit). Each review restricted to the records the decision "
      "file decides; LLM columns: `llm_cot` (chain of thought), `llm_zeroshot` (zero-shot, the paper's Results), their "
      "mean, and the second zero-shot file (`llm_master`) on its own records. Records counts include the two prior "
      "records; the certified stop is the first point where the recall test (Callaghan and Müller-Hansen 2020) "
      "rejects recall below 95% at 95% confidence.")
print()
print("\n".join(table("Records with a chain-of-thought decision (1,147)", "wilkins-text",
                      [("GPT-4 chain of thought", "wilkins-cot"), ("GPT-4 zero-shot", "wilkins-zeroshot"),
                       ("mean of both", "wilkins-mean")])))
print("\n".join(table("Records the second zero-shot file decides (1,137)", "wilkins-master-text",
                      [("GPT-4 zero-shot (second file)", "wilkins-master")])))
