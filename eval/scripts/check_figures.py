"""Compares figures measured by the eval scripts with the published (or recorded) ones they must reproduce.

Prints one line per figure (expected, measured, ok or DRIFT) and exits 1 when any figure drifted, so
scripts/test.sh fails on a change that moves a real-data figure. Standard library only.

  python3 eval/scripts/check_figures.py wilkins DIR_COT DIR_MASTER DIR_MASTER_ALL_ROWS
  python3 eval/scripts/check_figures.py ebmnlp TEST_JSONL STATS_JSON DIR_SELF DIR_DROPPED
  python3 eval/scripts/check_figures.py stopping-aid SIMULATE_JSON...
"""
import csv
import json
import sys

failures = 0


def check(name, measured, ok, expected):
    global failures
    passed = bool(ok)
    failures += 0 if passed else 1
    print(f"  {'ok   ' if passed else 'DRIFT'} {name}: expected {expected}, measured {measured}")


def near(name, measured, expected, tolerance):
    check(name, f"{measured:.5f}", abs(measured - expected) <= tolerance, f"{expected} +- {tolerance}")


def equal(name, measured, expected):
    check(name, measured, measured == expected, expected)


def metrics(folder):
    """metrics.csv as {(set, view, group, metric): (n, value)}."""
    with open(f"{folder}/metrics.csv", newline="", encoding="utf-8") as f:
        return {(r["set"], r["view"], r["group"], r["metric"]): (int(r["n"]), float(r["value"]) if r["value"] else None)
                for r in csv.DictReader(f)}


def wilkins(cot_dir, master_dir, all_rows_dir):
    # Wilkins (2023): per-review figures averaged over the six reviews weighted by records screened; the paper prints
    # whole percentages and two-decimal kappas, so a figure reproduces within half a unit.
    half = 0.005
    m = metrics(cot_dir)
    screened = {g: m[("cot_gpt4", "decided", g, "accuracy")][0] for g in ["COVID", "melanoma", "smartphones", "solastalgia", "suicide", "teachers"]}
    equal("sources screened per review (Table 1)", screened,
          {"COVID": 324, "melanoma": 72, "smartphones": 256, "solastalgia": 150, "suicide": 100, "teachers": 245})
    equal("sources screened in all", m[("cot_gpt4", "decided", "pooled", "accuracy")][0], 1147)
    avg = lambda s, metric: m[(s, "decided", "weighted-average", metric)][1]
    for metric, paper in [("accuracy", 0.84), ("sensitivity", 0.71), ("specificity", 0.89)]:
        near(f"chain-of-thought {metric} (Results)", avg("cot_gpt4", metric), paper, half)
    near("chain-of-thought pooled accuracy", m[("cot_gpt4", "decided", "pooled", "accuracy")][1], 0.84, half)
    # The printed CoT kappa 0.52 does not reproduce from the released decisions: the measured values are recorded.
    near("chain-of-thought kappa, weighted (paper 0.52, not reproducible)", avg("cot_gpt4", "kappa"), 0.5522, 0.00005)
    near("chain-of-thought kappa, pooled", m[("cot_gpt4", "decided", "pooled", "kappa")][1], 0.5405, 0.00005)
    check("chain-of-thought kappa still differs from the printed 0.52", f"{avg('cot_gpt4', 'kappa'):.4f}",
          abs(avg("cot_gpt4", "kappa") - 0.52) > half, "more than 0.005 away (if not, update eval/README.md)")
    for metric, paper in [("accuracy", 0.83), ("sensitivity", 0.72), ("specificity", 0.87), ("kappa", 0.52)]:
        near(f"zero-shot {metric} (Results)", avg("zeroshot_gpt4_branch", metric), paper, half)
    with open(f"{master_dir}/coverage.csv", newline="", encoding="utf-8") as f:
        equal("master file records joined on record_id", int(next(csv.DictReader(f))["truth_records"]), 1137)
    mm = metrics(master_dir)
    near("master file sensitivity joined on record_id (Discussion 78%)", mm[("zeroshot_gpt4_master", "decided", "weighted-average", "sensitivity")][1], 0.77497, 0.00001)
    near("master file specificity joined on record_id (Discussion 84%)", mm[("zeroshot_gpt4_master", "decided", "weighted-average", "specificity")][1], 0.84, half)
    ma = metrics(all_rows_dir)
    rows = ma[("all_rows", "decided", "pooled", "accuracy")][0]
    equal("master file rows, each its own record", rows, 1148)
    near("master file sensitivity, all rows (Discussion 78%)", ma[("all_rows", "decided", "weighted-average", "sensitivity")][1], 0.78, half)
    near("master file specificity, all rows (Discussion 84%)", ma[("all_rows", "decided", "weighted-average", "specificity")][1], 0.84, half)


def span_scores(folder):
    with open(f"{folder}/span_scores.csv", newline="", encoding="utf-8") as f:
        return {(r["label"], r["level"]): r for r in csv.DictReader(f)}


def ebmnlp(test_jsonl, stats_json, self_dir, dropped_dir):
    with open(stats_json, encoding="utf-8") as f:
        published = json.load(f)["test"]
    docs = [json.loads(line) for line in open(test_jsonl, encoding="utf-8")]
    equal("expert-annotated test abstracts", len(docs), published["docs"])
    spans = [(d, s) for d in docs for s in d["spans"]]
    for label in ["INT", "PAR", "OUT"]:
        equal(f"{label} gold spans (stats.json)", sum(1 for _, s in spans if s["label"] == label), published["spans"][label])
    # Spans are disjoint and cover exactly the tokens their BIO tags mark.
    disagreeing = 0
    for d in docs:
        covering = [[] for _ in d["bio"]]
        for s in d["spans"]:
            for t in range(s["start_tok"], s["end_tok"]):
                covering[t].append("I-" + s["label"])
        disagreeing += sum(1 for t, tag in enumerate(d["bio"]) if covering[t] != ([] if tag == "O" else [tag]))
    equal("tokens whose BIO tag disagrees with the spans", disagreeing, 0)
    equal("single-token spans", sum(1 for _, s in spans if s["end_tok"] - s["start_tok"] == 1), 1424)
    this = span_scores(self_dir)
    equal("gold against itself: spans gold/predicted/matched", tuple(int(this[("all", "span")][k]) for k in ["gold", "predicted", "matched"]), (3545, 3545, 3545))
    equal("gold against itself: span and token F1", (float(this[("all", "span")]["f1"]), float(this[("all", "token")]["f1"])), (1.0, 1.0))
    equal("gold tokens", int(this[("all", "token")]["gold"]), 11908)
    with open(f"{self_dir}/ungrounded.csv", newline="", encoding="utf-8") as f:
        equal("ungrounded gold span texts", sum(1 for _ in csv.DictReader(f)), 0)
    dropped = span_scores(dropped_dir)[("all", "span")]
    equal("every fourth span dropped: precision", float(dropped["precision"]), 1.0)
    near("every fourth span dropped: recall (2,659 / 3,545)", float(dropped["recall"]), 2659 / 3545, 1e-12)
    equal("spans left after dropping every fourth", int(dropped["matched"]), 2659)


def stopping_aid(*files):
    # When the stopping aid first says 95% on real data, most includes must have been found (the earlier calibration
    # said 95% at a true recall of about 40%); the recall test, replayed after every record, passes later, above 95%.
    for path in files:
        with open(path, encoding="utf-8") as f:
            dataset = json.load(f)["datasets"][0]
        run = dataset["runs"][0]
        aid, test = run.get("stoppingAid95"), run.get("recallTest95")
        name = dataset["dataset"]
        check(f"{name}: the stopping aid said 95%", aid is not None, aid is not None, True)
        check(f"{name}: the recall test passed", test is not None, test is not None, True)
        if aid is None or test is None:
            continue
        check(f"{name}: true recall when the aid said 95% (after {aid['screened']} records)", f"{aid['trueRecall']:.3f}", aid["trueRecall"] >= 0.9, ">= 0.9")
        check(f"{name}: the aid's estimate then", f"{aid['estimatedRecall']:.3f}", 0.95 <= aid["estimatedRecall"] <= 1, "in [0.95, 1]")
        check(f"{name}: true recall when the recall test passed (after {test['screened']} records)", f"{test['trueRecall']:.3f}", test["trueRecall"] >= 0.95, ">= 0.95")
        check(f"{name}: the recall test passes no earlier than the aid", test["screened"], test["screened"] >= aid["screened"], f">= {aid['screened']}")
        check(f"{name}: the recall test's p-value", f"{test['pValue']:.4f}", 0 <= test["pValue"] <= 0.05, "<= 0.05")


if __name__ == "__main__":
    {"wilkins": wilkins, "ebmnlp": ebmnlp, "stopping-aid": stopping_aid}[sys.argv[1]](*sys.argv[2:])
    print(f"{failures} figure(s) drifted" if failures else "all figures as expected")
    sys.exit(1 if failures else 0)
