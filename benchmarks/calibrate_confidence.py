"""Fit finding confidence on labelled data, cross-validated by document, and choose the review threshold.

Regenerate after any change to ``extractors/`` (one command; ``tests/test_confidence.py`` fails until then)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/calibrate_confidence.py --write [--l2 2] [--folds 5]

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

How it is fitted: each finding's features (``extractors.confidence.features``, recorded as extraction computes them
from the rules' own estimates) go into a logistic regression of "right" over the judged findings of both sets, with
an L2 penalty ``--l2`` on every weight but the bias (Newton steps, numpy). Extraction then computes a finding's
confidence from the stored weights. Features kept: route (also per number of arms), metric, the rule's own estimate,
the arm (shares a drug with another arm, is the title's, is a drug class, pooled), the document (randomised,
randomised but read as one arm, a fact stated with two values, an arm n equal to the total) and the sentence (subgroup
read or cued, "respectively", the arm named in the value's clause, the value given to another group elsewhere, in
the conclusions, with a CI). Tried and left out because they raised the held-out log-loss (backward elimination on
these folds, so the figures printed are somewhat optimistic): the rule (route|family) and family one-hots, the number
of arms alone, the value in parentheses, competing values of the metric, as many values in the sentence as arms,
drugs the text names that no arm has, a title drug missing from the arm, the value's number written again in
another sentence (results and conclusions).

How it is checked: the documents of both sets are split into ``--folds`` folds (by a SHA-1 of the document id).
Each fold's findings get the confidence of weights fitted on the other folds only, and go through the store's own
validation (``pipeline.validate.validate_document``: a value is accepted when no check gives a reason and its
confidence is at least ``min_confidence``). Printed: the held-out precision per confidence band and log-loss, for
each threshold the accepted values, their precision and the share of each set's gold facts they cover (dev: every
fact ``score.py`` counts; pico: distinct (document, kind, side, value) of the judged kinds), the coverage per kind,
and one ``TRUST`` line: precision and coverage on the dev + seed abstracts, the set labelled as the held-out
abstract sets are, which the target (>= 95 % precise, >= 40 % of gold facts) is read against. ``min_confidence``
is the lowest threshold whose accepted held-out values are right at least 96 % of the time (``--target``) in each
set: one point above the 95 % the product promises, because the rules were written while reading the dev abstracts
and papers nobody has read are harder (at 0.95 the dev estimate sat on the line: 0.952).

``--write`` stores in ``extractors/data/confidence.json``: the weights fitted on all documents, ``min_confidence``,
the held-out ``bands`` (quoted by low-confidence review reasons), and ``fitted_for``: the extractor version and
the hash of its data files the weights belong to.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(EVAL))

import score  # noqa: E402  (the evaluation's own matching rules)
import score_outcomes  # noqa: E402  (PICO development half: its gold and matching rules)

import numpy as np  # noqa: E402

import extractors  # noqa: E402
from extractors import confidence  # noqa: E402
from extractors import vocab  # noqa: E402
from pipeline.extract import keyed  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.validate import Fact, validate_document  # noqa: E402

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
METRIC = {"orr": "orr_pct", "dcr": "dcr_pct", "pfs_median": "pfs_median_months", "os_median": "os_median_months", "n": "n"}
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


# ---- documents: (id, title, abstract, judge, gold) where judge(finding) -> (judged, right, gold ids it matches) ------
# and gold maps each gold fact's id to its kind (the denominators of coverage)
def dev_documents():
    for k, d in enumerate(load("dev_abstracts.jsonl") + load("seed_abstracts.jsonl")):
        gold = list(score.facts(d))

        def judge(f, gold=gold):
            fact = finding_fact(f)
            if fact is None or f.value is None and not f.not_reached:
                return False, False, set()
            hits = {i for i, g in enumerate(gold) if score.strict_same(g, fact)}
            return True, bool(hits), hits
        kinds = {i: ("subgroup " if g[1] else "") + score.metric_family(g[2]).split("_not_reached")[0]
                 for i, g in enumerate(gold)}
        yield f"dev:{d.get('id', k)}", d.get("title"), d["abstract"], judge, kinds


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
        yield f"pico:{stem}", "", text, judge, {key: g["kind"] for key, g in gold}


# ---- fitting ----------------------------------------------------------------------------------------------------
def fit(rows, l2: float) -> dict:
    """feature -> weight of a logistic regression of "right" on the judged rows' features (extractors.confidence),
    with an L2 penalty ``l2`` on every weight but the bias; Newton steps until the weights settle."""
    judged = [r for r in rows if r["judged"]]
    names = sorted({k for r in judged for k in r["x"]})
    col = {k: j for j, k in enumerate(names)}
    X = np.zeros((len(judged), len(names)))
    for i, r in enumerate(judged):
        for k, v in r["x"].items():
            X[i, col[k]] = v
    y = np.array([float(r["ok"]) for r in judged])
    penalty = np.full(len(names), l2)
    penalty[col["bias"]] = 1e-6
    w = np.zeros(len(names))
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -30, 30)))
        grad = X.T @ (p - y) + penalty * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {k: round(float(v), 4) for k, v in zip(names, w) if round(float(v), 4) != 0.0}


def fold_of(doc_id: str, folds: int) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % folds


def collect():
    """Every finding of both sets: its document, set, rule, features, whether judged / right, the gold facts it
    matches, and whether a validation check other than confidence gives it a reason; and every gold fact's kind."""
    recorded = []

    def record(findings, *document):  # the rules' own estimates, and each finding's features as extraction sees them
        recorded.append(dict(zip(map(id, findings), confidence.features(findings, *document))))
        return findings
    confidence.scored = record
    no_conf = Settings(min_confidence=0.0)
    rows, gold = [], {}
    for name, documents in (("dev", dev_documents()), ("pico", pico_documents())):
        for doc_id, title, abstract, judge, kinds in documents:
            gold.update({(name, doc_id, g): kind for g, kind in kinds.items()})
            recorded.clear()
            findings, _ = extractors.analyze(title, abstract)
            x_of = recorded[0] if recorded else {}
            pairs = keyed(findings)
            reasons = validate_document([Fact.of_finding(k, f) for k, f in pairs], no_conf)
            for key, f in pairs:
                judged, ok, hits = judge(f)
                rows.append({"doc": doc_id, "set": name, "rule": f.rule or "?", "x": x_of[id(f)],
                             "judged": judged, "ok": ok, "gold": {(name, doc_id, h) for h in hits},
                             "checked": not reasons[key]})
    return rows, gold


def held_out(rows, folds: int, l2: float) -> None:
    """Sets ``row["cv"]``: the confidence from weights fitted without the row's fold."""
    for k in range(folds):
        weights = fit([r for r in rows if fold_of(r["doc"], folds) != k], l2)
        for r in rows:
            if fold_of(r["doc"], folds) == k:
                r["cv"] = confidence.score(r["x"], weights)


def accepted_at(rows, t: float):
    return [r for r in rows if r["checked"] and r["cv"] >= t]


def summary(rows, gold: dict, t: float) -> dict:
    """Accepted judged values at threshold ``t``, how many are right, and how many of the ``gold`` facts they cover."""
    acc = [r for r in accepted_at(rows, t) if r["judged"]]
    right = sum(r["ok"] for r in acc)
    covered = {g for r in acc if r["ok"] for g in r["gold"]} & gold.keys()
    return {"accepted": len(acc), "right": right, "precision": right / len(acc) if acc else float("nan"),
            "covered": len(covered), "gold": len(gold), "coverage": len(covered) / max(1, len(gold))}


def of_set(rows, gold, name):
    return [r for r in rows if r["set"] == name], {g: k for g, k in gold.items() if g[0] == name}


def choose_threshold(rows, target: float) -> float:
    """The lowest threshold whose accepted held-out values are right at least ``target`` of the time, in each
    calibration set on its own."""
    sets = {r["set"] for r in rows}
    for t in sorted({r["cv"] for r in rows if r["judged"]}):
        per_set = [summary([r for r in rows if r["set"] == name], {}, t) for name in sets]
        if all(s["accepted"] == 0 or s["precision"] >= target for s in per_set) and any(s["accepted"] for s in per_set):
            return t
    return 1.0


def bands(rows) -> list[list]:
    """[lowest confidence, values, right] per band, held-out confidences of judged values."""
    judged = [r for r in rows if r["judged"]]
    return [[lo, sum(lo <= r["cv"] < hi for r in judged), sum(r["ok"] for r in judged if lo <= r["cv"] < hi)]
            for lo, hi in BANDS]


def report(rows, gold: dict, t: float, target: float, folds: int) -> None:
    judged = [r for r in rows if r["judged"]]
    per_set_gold = Counter(g[0] for g in gold)
    print(f"findings: {len(rows)} (judged {len(judged)}, right {sum(r['ok'] for r in judged)}); gold facts: "
          + ", ".join(f"{k} {v}" for k, v in sorted(per_set_gold.items()))
          + f"; {folds}-fold cross-validation by document: "
          + ", ".join(f"{len({r['doc'] for r in rows if fold_of(r['doc'], folds) == k})}" for k in range(folds))
          + " documents with findings per fold")
    loss = -sum(math.log(r["cv"] if r["ok"] else 1 - r["cv"]) for r in judged) / max(1, len(judged))
    print(f"held-out log-loss {loss:.4f}; precision per confidence band (confidence from weights fitted without the "
          "document's fold):")
    for (lo, n, right), (_, hi) in zip(bands(rows), BANDS):
        p = f"{right / n:.3f}" if n else "-"
        print(f"  band [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}: n={n:4d} right={right:4d} precision={p}")
    print("accepted without review (no check fails, held-out confidence >= threshold); coverage = share of the set's "
          "gold facts an accepted right value matches:")
    for x in sorted({0.5, 0.7, 0.8, 0.85, 0.9, 0.95, t}):
        s = summary(rows, gold, x)
        per_set = "; ".join(f"{name} {ss['right']}/{ss['accepted']} = {ss['precision']:.3f}, covers {ss['covered']}/{ss['gold']} = {ss['coverage']:.3f}"
                            for name in sorted(per_set_gold) for ss in [summary(*of_set(rows, gold, name), x)])
        print(f"  threshold {x:.3f}: precision {s['precision']:.3f} ({per_set}){'  <- chosen' if x == t else ''}")
    print(f"min_confidence: {t:.3f}")
    print("coverage per kind at the threshold (covered / gold facts of the kind):")
    for name in sorted(per_set_gold):
        set_rows, set_gold = of_set(rows, gold, name)
        acc = [r for r in accepted_at(set_rows, t) if r["judged"] and r["ok"]]
        covered = {g for r in acc for g in r["gold"]}
        kinds = Counter(set_gold.values())
        print(f"  {name}: " + ", ".join(f"{kind} {sum(set_gold[g] == kind for g in covered)}/{n}"
                                        for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
    per_rule = defaultdict(Counter)
    for r in judged:
        per_rule[r["rule"]].update(n=1, tp=int(r["ok"]), acc=int(r["checked"] and r["cv"] >= t), **{r["set"]: 1})
    print("\nrule                                   n    tp  precision  accepted  (dev / pico findings)")
    for rule, cnt in sorted(per_rule.items(), key=lambda kv: -kv[1]["n"]):
        print(f"{rule:36} {cnt['n']:4d} {cnt['tp']:5d}  {cnt['tp'] / cnt['n']:.3f}      {cnt['acc']:4d}    "
              f"({cnt['dev']} / {cnt['pico']})")
    dev = summary(*of_set(rows, gold, "dev"), t)
    print(f"\nTRUST (held out, dev + seed abstracts, labelled as the held-out abstract sets are): accepted {dev['accepted']}, "
          f"precision {dev['precision']:.3f} (target >= {target:.2f}), covering {dev['covered']} of {dev['gold']} gold "
          f"facts = {dev['coverage']:.3f} (target >= 0.40) at min_confidence {t:.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write extractors/data/confidence.json")
    ap.add_argument("--l2", type=float, default=2.0, help="L2 penalty on the scorer's weights (the bias is free)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (documents)")
    ap.add_argument("--target", type=float, default=0.96,
                    help="held-out precision accepted values must reach (0.95 promised, one point of margin)")
    args = ap.parse_args(argv)
    rows, gold = collect()
    held_out(rows, args.folds, args.l2)
    t = choose_threshold(rows, args.target)
    report(rows, gold, t, args.target, args.folds)
    if args.write:
        weights = fit(rows, args.l2)
        out = {
            "fitted_for": {"extractor": extractors.EXTRACTOR_NAME, "version": extractors.EXTRACTOR_VERSION,
                           "data_sha256": vocab.data_fingerprint()},
            "description": "weights: feature -> weight of the confidence scorer (extractors/confidence.py), a logistic "
                           "regression (L2 " f"{args.l2:g}) of whether a finding is right, fitted on the dev + seed "
                           "abstracts and the PICO development half; min_confidence (the review threshold) and bands "
                           f"([lowest confidence, values, right]) are {args.folds}-fold cross-validated by document. "
                           "Written by benchmarks/calibrate_confidence.py --write; fitted_for names the extractor.",
            "min_confidence": t,
            "bands": bands(rows),
            "weights": dict(sorted(weights.items())),
        }
        path = ROOT / "extractors" / "data" / vocab.CONFIDENCE_FILE
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {path.relative_to(ROOT)} ({len(weights)} weights, min_confidence {t:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
