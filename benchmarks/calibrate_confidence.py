"""Fit finding confidence on labelled data, cross-validated by document, and choose the review threshold.

Regenerate after any change to ``extractors/`` (one command; ``tests/test_confidence.py`` fails until then)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/calibrate_confidence.py --write [--prior 2] [--folds 5]

Calibration data (read where they are, never copied):
- **dev**: ``../shared/eval/dev_abstracts.jsonl`` + ``seed_abstracts.jsonl``, hand-labelled arm summaries. A
  finding is right when ``score.py`` matches it strictly (same arm components, level, metric; value within 0.05
  or 0.5 %). Findings the labels cannot judge (subgroup landmark rates) are left out.
- **pico**: the PICO-Corpus development half (even PMIDs only: ``score_outcomes.pico_gold`` reads no other file).
  Only what its labels cover is judged: arm-level median PFS / OS, ORR / DCR and per-arm n (not pooled), in
  documents labelled with at least one value of that kind. A finding is right when a gold value of its kind in
  its document equals it after rounding to 1 decimal, as ``score_outcomes.py`` counts precision. The arm side is
  not judged: the corpus's intervention / control labels are often swapped (README_outcomes.md). The annotators
  did not label every value, so this understates precision.

How it is fitted: every finding names the rule that placed it (``Finding.rule`` = route|family). A rule's
confidence is the precision of its judged findings over both sets, shrunk towards its parent's as if it had
``--prior`` more findings of the parent's precision: (tp + prior * parent) / (n + prior). The parents, from the top:
all rules (``*``: (tp + 1) / (n + 2)), the route group (``sample_size|*`` for the ``sample_size.*`` routes), the
route (``route|*``). A rule the calibration never saw takes the nearest parent in the table.

How it is checked: the documents of both sets are split into ``--folds`` folds (by a hash of the document id).
Each fold's findings get the confidences of a table fitted on the other folds only, and go through the store's own
validation (``pipeline.validate.validate_document``: a value is accepted when no check gives a reason and its
confidence is at least ``min_confidence``). Printed: the held-out precision per confidence band, and for each
threshold the accepted values, their precision and the share of gold facts they cover. ``min_confidence`` is the
lowest threshold whose accepted held-out values are right at least 95 % of the time (``--target``) in each set.

``--write`` stores in ``extractors/data/confidence.json``: the table fitted on all documents, ``min_confidence``,
the held-out ``bands`` (quoted by low-confidence review reasons), and ``fitted_for``: the extractor version and
the hash of its data files the table belongs to.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(EVAL))

import score  # noqa: E402  (the evaluation's own matching rules)
import score_outcomes  # noqa: E402  (PICO development half: its gold and matching rules)

import extractors  # noqa: E402
from extractors import vocab  # noqa: E402
from pipeline.extract import keyed  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.validate import Fact, validate_document  # noqa: E402

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
METRIC = {"orr": "orr_pct", "dcr": "dcr_pct", "pfs_median": "pfs_median_months", "os_median": "os_median_months", "n": "n"}
MAX_CONFIDENCE = 0.99  # no rule is certain, whatever its count
PICO_KIND = {"orr": "orr", "dcr": "dcr", "pfs_median": "pfs", "os_median": "os", "n": "n"}


def finding_fact(f):
    """The score.py fact of a finding, or None when the gold labels have no field for it."""
    if f.metric in ("n_enrolled", "n_evaluable"):
        return (("doc",), False, f.metric, f.value)
    if f.metric == "hr":
        return (("doc",), False, "hr_" + str(f.endpoint or "").lower(), f.value)
    if f.metric not in METRIC and f.metric not in ("pfs_rate", "os_rate"):
        return None  # a metric the gold labels do not cover (cr_rate, dor_median)
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


# ---- documents: (id, title, abstract, judge) where judge(finding) -> (judged, right, gold ids it matches) -------
def dev_documents():
    for k, d in enumerate(load("dev_abstracts.jsonl") + load("seed_abstracts.jsonl")):
        gold = list(score.facts(d))

        def judge(f, gold=gold):
            fact = finding_fact(f)
            if fact is None or f.value is None and not f.not_reached:
                return False, False, set()
            hits = {i for i, g in enumerate(gold) if score.strict_same(g, fact)}
            return True, bool(hits), hits
        yield f"dev:{d.get('id', k)}", d.get("title"), d["abstract"], judge, len(gold)


def pico_documents():
    docs, facts, _notes = score_outcomes.pico_gold(score_outcomes.DATA)  # the even-PMID half only
    unique = {}
    for g in facts:  # one gold fact per distinct (document, kind, side, value), as the scorer counts them
        if g["kind"] in PICO_KIND.values():
            unique.setdefault((g["doc"], g["kind"], g["side"], round(g["value"], 1)), g)
    by_doc = defaultdict(list)
    for key, g in unique.items():
        by_doc[g["doc"]].append((key, g))
    for stem, (text, _sides) in sorted(docs.items()):
        gold = by_doc.get(stem, [])

        def judge(f, gold=gold):
            kind = PICO_KIND.get(f.metric)
            if kind is None or f.subgroup or f.not_reached or f.value is None or kind == "n" and f.pooled:
                return False, False, set()
            of_kind = [(key, g) for key, g in gold if g["kind"] == kind]
            if not of_kind:
                return False, False, set()  # the annotators labelled no value of this kind here
            hits = {key for key, g in of_kind if score_outcomes.same(g["value"], f.value)}
            return True, bool(hits), hits
        yield f"pico:{stem}", "", text, judge, len(gold)


# ---- fitting ----------------------------------------------------------------------------------------------------
def _keys(rule: str) -> tuple[str, ...]:
    """A rule's own key, its route's (``route|*``), its route group's (``sample_size|*`` for
    ``sample_size.adjective``), all rules (``*``): most specific first, the order extractors look confidence up in."""
    route = rule.split("|")[0]
    return rule, route + "|*", route.split(".")[0] + "|*", "*"


def fit(rows, prior: float) -> dict:
    """key -> precision of its judged findings, shrunk towards its parent's: (tp + prior * parent) / (n + prior),
    from ``*`` ((tp + 1) / (n + 2)) down through route group and route to the rule."""
    cnt = defaultdict(Counter)
    for r in rows:
        if r["judged"]:
            for key in dict.fromkeys(_keys(r["rule"])):
                cnt[key].update(n=1, tp=int(r["ok"]))
    table = {"*": (cnt["*"]["tp"] + 1) / (cnt["*"]["n"] + 2)}
    for depth in (2, 1, 0):  # route group, route, rule
        for r in rows:
            keys = _keys(r["rule"])
            key, parent = keys[depth], next(table[k] for k in keys[depth + 1:] if k in table)
            if r["judged"] and key not in table:
                table[key] = (cnt[key]["tp"] + prior * parent) / (cnt[key]["n"] + prior)
    return {k: min(v, MAX_CONFIDENCE) for k, v in table.items()}


def lookup(table: dict, rule: str, default: float) -> float:
    return next((table[k] for k in _keys(rule) if k in table), default)


def fold_of(doc_id: str, folds: int) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % folds


def collect():
    """Every finding of both sets: its document, set, rule, own estimate, whether judged / right, the gold facts
    it matches, and whether a validation check other than confidence gives it a reason."""
    vocab.confidence_table = lambda: {}  # the rules' own estimates: the fit must not see the table it replaces
    no_conf = Settings(min_confidence=0.0)
    rows, gold_total = [], Counter()
    for name, documents in (("dev", dev_documents()), ("pico", pico_documents())):
        for doc_id, title, abstract, judge, n_gold in documents:
            gold_total[name] += n_gold
            findings, _ = extractors.analyze(title, abstract)
            pairs = keyed(findings)
            reasons = validate_document([Fact.of_finding(k, f) for k, f in pairs], no_conf)
            for key, f in pairs:
                judged, ok, hits = judge(f)
                rows.append({"doc": doc_id, "set": name, "rule": f.rule or "?", "own": f.confidence,
                             "judged": judged, "ok": ok, "gold": {(doc_id, h) for h in hits},
                             "checked": not reasons[key]})
    return rows, gold_total


def held_out(rows, folds: int, prior: float) -> None:
    """Sets ``row["cv"]``: the confidence from a table fitted without the row's fold."""
    for k in range(folds):
        table = fit([r for r in rows if fold_of(r["doc"], folds) != k], prior)
        for r in rows:
            if fold_of(r["doc"], folds) == k:
                r["cv"] = lookup(table, r["rule"], r["own"])


def accepted_at(rows, t: float):
    return [r for r in rows if r["checked"] and r["cv"] >= t]


def summary(rows, t: float, gold_total: Counter) -> dict:
    acc = [r for r in accepted_at(rows, t) if r["judged"]]
    right = sum(r["ok"] for r in acc)
    covered = {g for r in acc if r["ok"] for g in r["gold"]}
    return {"accepted": len(acc), "right": right, "precision": right / len(acc) if acc else float("nan"),
            "covered": len(covered), "coverage": len(covered) / max(1, sum(gold_total.values()))}


def choose_threshold(rows, target: float) -> float:
    """The lowest threshold whose accepted held-out values are right at least ``target`` of the time, in each
    calibration set on its own."""
    sets = {r["set"] for r in rows}
    for t in sorted({round(r["cv"], 3) for r in rows if r["judged"]}):
        per_set = [summary([r for r in rows if r["set"] == name], t, Counter()) for name in sets]
        if all(s["accepted"] == 0 or s["precision"] >= target for s in per_set) and any(s["accepted"] for s in per_set):
            return t
    return 1.0


def bands(rows) -> list[list]:
    """[lowest confidence, values, right] per band, held-out confidences of judged values."""
    judged = [r for r in rows if r["judged"]]
    return [[lo, sum(lo <= r["cv"] < hi for r in judged), sum(r["ok"] for r in judged if lo <= r["cv"] < hi)]
            for lo, hi in BANDS]


def report(rows, gold_total: Counter, t: float) -> None:
    judged = [r for r in rows if r["judged"]]
    print(f"findings: {len(rows)} (judged {len(judged)}, right {sum(r['ok'] for r in judged)}); gold facts: "
          + ", ".join(f"{k} {v}" for k, v in sorted(gold_total.items())))
    print("held-out precision per confidence band (confidence from a table fitted without the document's fold):")
    for (lo, n, right), (_, hi) in zip(bands(rows), BANDS):
        p = f"{right / n:.3f}" if n else "-"
        print(f"  band [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}: n={n:4d} right={right:4d} precision={p}")
    print("accepted without review (no check fails, held-out confidence >= threshold):")
    for x in sorted({0.5, 0.7, 0.8, 0.85, 0.9, 0.95, t}):
        s = summary(rows, x, gold_total)
        per_set = "; ".join(f"{name} {summary([r for r in rows if r['set'] == name], x, Counter({name: gold_total[name]}))['precision']:.3f}"
                            for name in sorted(gold_total))
        print(f"  threshold {x:.3f}: accepted {s['accepted']:4d}, right {s['right']:4d}, precision {s['precision']:.3f} "
              f"({per_set}), gold facts covered {s['covered']} ({s['coverage']:.3f}){'  <- chosen' if x == t else ''}")
    print(f"min_confidence: {t:.3f}")
    per_rule = defaultdict(Counter)
    for r in judged:
        per_rule[r["rule"]].update(n=1, tp=int(r["ok"]), **{r["set"]: 1})
    print("\nrule                                   n    tp  precision  (dev / pico findings)")
    for rule, cnt in sorted(per_rule.items(), key=lambda kv: -kv[1]["n"]):
        print(f"{rule:36} {cnt['n']:4d} {cnt['tp']:5d}  {cnt['tp'] / cnt['n']:.3f}      ({cnt['dev']} / {cnt['pico']})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write extractors/data/confidence.json")
    ap.add_argument("--prior", type=float, default=2.0,
                    help="weight (in findings) of a rule's parent estimate in its own (route, route group, all rules)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (documents)")
    ap.add_argument("--target", type=float, default=0.95, help="held-out precision accepted values must reach")
    args = ap.parse_args(argv)
    rows, gold_total = collect()
    held_out(rows, args.folds, args.prior)
    t = choose_threshold(rows, args.target)
    report(rows, gold_total, t)
    if args.write:
        table = {k: round(v, 3) for k, v in fit(rows, args.prior).items()}
        out = {
            "fitted_for": {"extractor": extractors.EXTRACTOR_NAME, "version": extractors.EXTRACTOR_VERSION,
                           "data_sha256": vocab.data_fingerprint()},
            "description": "route|family -> confidence: precision of the rule's judged findings on the dev + seed "
                           "abstracts and the PICO development half, shrunk towards its route's, route group's and all "
                           f"rules' as if it had {args.prior:g} more findings; min_confidence (the review threshold) and "
                           f"bands ([lowest confidence, values, right]) are {args.folds}-fold cross-validated by document. "
                           "Written by benchmarks/calibrate_confidence.py --write; fitted_for names the extractor.",
            "min_confidence": t,
            "bands": bands(rows),
            "table": dict(sorted(table.items())),
        }
        path = ROOT / "extractors" / "data" / vocab.CONFIDENCE_FILE
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {path.relative_to(ROOT)} ({len(table)} rules, min_confidence {t:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
