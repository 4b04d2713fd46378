"""Calibrate and report finding confidence on the development set.

Runs ``extractors.analyze`` over ``../shared/eval/dev_abstracts.jsonl`` and ``seed_abstracts.jsonl``,
matches every finding to the hand-labelled facts the way ``score.py`` does (strict: same arm
components, same level, same metric, value within 0.05 or 0.5 %), and prints the precision of the
findings per confidence band and at or above 0.9 and 0.95: for the confidence the extractor gives, then
for a confidence fitted with each document left out (leave-one-document-out). The second is the honest
estimate: ``pipeline.validate.CONFIDENCE_BANDS`` copies its bands, and ``Settings.min_confidence`` is the
lowest confidence whose values are right at least 95% of the time there.

``--write`` stores a calibration table in ``extractors/data/confidence.json``: for every rule that
places a value (``Finding.rule`` = route|family) with enough findings, its smoothed precision
(tp + 1) / (n + 2); the extractor uses it as the confidence of that rule's findings. Findings the
gold labels cannot judge (subgroup landmark rates) are left out of the counts.

    python benchmarks/calibrate_confidence.py [--write] [--min-count 4]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(EVAL))

import score  # noqa: E402  (the evaluation's own matching rules)

import extractors  # noqa: E402

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
METRIC = {"orr": "orr_pct", "dcr": "dcr_pct", "pfs_median": "pfs_median_months", "os_median": "os_median_months", "n": "n"}


def finding_fact(f):
    """The score.py fact of a finding, or None when the gold labels have no field for it."""
    if f.metric in ("n_enrolled", "n_evaluable"):
        return (("doc",), False, f.metric, f.value)
    if f.metric == "hr":
        return (("doc",), False, "hr_" + str(f.endpoint or "").lower(), f.value)
    arm = {"pooled": f.pooled, "components": list(f.arm_components), "regimen": f.arm}
    key = score.arm_key(arm)
    sub = f.subgroup is not None
    if f.not_reached:
        if sub:
            return None
        return (key, False, f.metric.split("_")[0] + "_not_reached", 1.0)
    if f.metric in ("pfs_rate", "os_rate"):
        if sub:
            return None
        return (key, False, f"{f.metric}@{f.timepoint_months:g}", f.value)
    return (key, sub, METRIC[f.metric], f.value)


def load(name):
    with open(EVAL / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _keys(rule: str) -> tuple[str, str]:
    """A rule's own key, then its route's (``route|*``): the order extractors look confidence up in."""
    return rule, rule.split("|")[0] + "|*"


def fit(rows, min_count: int) -> dict:
    """rule or route|* -> smoothed precision (tp+1)/(n+2), for those with at least ``min_count`` findings."""
    cnt = defaultdict(Counter)
    for _c, ok, rule in rows:
        for key in _keys(rule):
            cnt[key].update(n=1, tp=int(ok))
    return {k: (v["tp"] + 1) / (v["n"] + 2) for k, v in cnt.items() if v["n"] >= min_count}


def lookup(table: dict, rule: str, default: float) -> float:
    return next((table[k] for k in _keys(rule) if k in table), default)


def print_bands(pairs, prefix: str, name: str) -> None:
    """Precision of (confidence, correct) pairs per confidence band, and at 0.9 and above, 0.95 and above."""
    for lo, hi in BANDS:
        band = [ok for c, ok in pairs if lo <= c < hi]
        p = sum(band) / len(band) if band else float("nan")
        print(f"{prefix}band [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}: n={len(band):4d} "
              f"right={sum(band):4d} precision={p:.3f}")
    for t in (0.9, 0.95):
        top = [ok for c, ok in pairs if c >= t]
        print(f"{prefix}{name}_{str(t).replace('.', '_')}: {sum(top) / len(top) if top else float('nan'):.3f}  "
              f"(n={len(top)})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write extractors/data/confidence.json")
    ap.add_argument("--min-count", type=int, default=4)
    args = ap.parse_args(argv)
    docs = load("dev_abstracts.jsonl") + load("seed_abstracts.jsonl")
    rows = []  # (confidence, correct, rule)
    doc_of = []  # document index of each row (for the leave-one-document-out estimate)
    for k, d in enumerate(docs):
        gold = list(score.facts(d))
        findings, _ = extractors.analyze(d.get("title"), d["abstract"])
        for f in findings:
            fact = finding_fact(f)
            if fact is None or f.value is None and not f.not_reached:
                continue
            ok = any(score.strict_same(g, fact) for g in gold)
            rows.append((f.confidence, ok, f.rule or "?"))
            doc_of.append(k)
    print(f"findings: {len(rows)}  correct: {sum(ok for _, ok, _ in rows)}")
    print_bands([(c, ok) for c, ok, _ in rows], "", "precision_at_conf")
    # honest estimate: each document's findings scored with a table fitted on the other documents
    loo = []
    for k in set(doc_of):
        table = fit([r for r, kk in zip(rows, doc_of) if kk != k], args.min_count)
        loo += [(lookup(table, rule, c), ok) for (c, ok, rule), kk in zip(rows, doc_of) if kk == k]
    print("leave-one-document-out calibration:")
    print_bands(loo, "  ", "loo_precision_at_conf")
    bands = tuple((lo, sum(1 for c, _ in loo if lo <= c < hi), sum(ok for c, ok in loo if lo <= c < hi))
                  for lo, hi in BANDS)
    print(f"  as pipeline.validate.CONFIDENCE_BANDS: {bands}")
    per_rule = defaultdict(Counter)
    for c, ok, rule in rows:
        per_rule[rule].update(n=1, tp=int(ok))
    print("\nrule                                   n    tp  precision")
    for rule, cnt in sorted(per_rule.items(), key=lambda kv: -kv[1]["n"]):
        print(f"{rule:36} {cnt['n']:4d} {cnt['tp']:5d}  {cnt['tp'] / cnt['n']:.3f}")
    if args.write:
        table = {k: round(v, 3) for k, v in fit(rows, args.min_count).items()}
        out = {
            "version": extractors.EXTRACTOR_VERSION,
            "description": "route|family -> confidence: smoothed precision (tp+1)/(n+2) of the rule's findings on the "
                           "development set (dev + seed abstracts), written by benchmarks/calibrate_confidence.py --write. "
                           f"Rules with fewer than {args.min_count} findings keep the extractor's own estimate.",
            "table": dict(sorted(table.items())),
        }
        path = ROOT / "extractors" / "data" / "confidence.json"
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {path.relative_to(ROOT)} ({len(table)} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
