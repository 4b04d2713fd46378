"""Outcome values on RCT-ART: a second measure on text the rules were never tuned on.

    python benchmarks/score_rct_art.py inputs DATA_DIR BATCH.jsonl        # one pseudo-abstract per PMID
    evidence extract --input BATCH.jsonl --output PRED.jsonl              # the extractor as users run it
    python benchmarks/score_rct_art.py score DATA_DIR PRED.jsonl [--errors]

DATA_DIR is ``../shared/data/rct_art`` (its README describes the corpus: 144 result sentences of 42 oncology RCTs,
Prodigy "relations" JSONL with OC / MEAS / INTV spans and OC_RES, A1_RES, A2_RES relations). Texts are read where
they are and written only to the batch file (a build folder, not committed).

Halves, by PMID parity: even PMIDs are the development half (its errors may be read, ``--errors``); odd PMIDs are
held out: only their aggregate numbers are printed, never a sentence or an error. Do not tune on them.

Documents: a PMID's sentences, in file order, joined into one pseudo-abstract. The corpus's tokenised spacing
("( HR )", "41 %", " , ") is undone first (``detokenize``), since users' abstracts are not tokenised.

Gold values kept: a MEAS span linked by OC_RES to an OC span whose outcome is one of our metrics, read with OUR
vocabulary (``extractors.outcomes.find_mentions`` on the sentence, the mention overlapping the OC span; a blocker
there, such as disease-free survival or a toxicity, means not ours). The measure's unit gives the kind of number
(``schemas.metrics.by_term``): a time (months, weeks, days, years; converted to months) makes a median (median
PFS, TTP as PFS, median OS, median DoR); a percentage makes a response rate (ORR, DCR, CR rate) or, for PFS / OS,
a landmark rate (pfs_rate / os_rate: kept when a timepoint is written in or just before the OC span, as our
format needs one; the timepoint itself is not compared); a bare number takes the unit of the other
measures of its outcome ("9.4 versus 8.7 months"), and a response rate's bare number is a percentage. Not kept:
hazard ratios (not an arm's value), "not reached" measures, outcomes that are not ours (toxicities, recurrence,
DFS / RFS, quality of life ...) and measures with no unit to be read.

Scores, per metric and per half:
- recall: a gold value is found when our output has that metric with that value (1 decimal) anywhere in the PMID
  (any arm, pooled or subgroup);
- precision: our value of a metric is right when its number is a gold MEAS of the same PMID whose outcome is the
  same one (PFS, OS, response ...: the metric's outcome term, any kind of number);
- arm right: for a found gold value the corpus puts on arm 1 or arm 2 (A1_RES / A2_RES), whether an arm-level
  value of ours with that number is on that arm. Arm rule: an arm whose regimen has the same tokens as one gold
  arm's INTV text is that arm; a gold arm named only by a role ("control arm", "placebo") is our arm with no drug
  or whose drugs the other gold arm's strictly contain (our arm sharing drugs with the other gold arm otherwise is
  that one); else drug tokens of our arm (its components, and the words
  of its regimen, names mapped to generic names by the project's drug vocabulary; case-insensitive) against the
  INTV texts of each gold arm of that sentence; tokens only one gold arm has decide first, then the Jaccard
  overlap; a tie, or a pooled arm, is not right. A value both gold arms share is not scored for its arm.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.outcomes import TIMEPOINT_RE, find_mentions, to_months  # noqa: E402
from extractors.vocab import drug_acronym_re, drug_name_re, drug_synonyms, regimen_re, regimens  # noqa: E402
from schemas.metrics import METRICS, by_term  # noqa: E402

FILES = ("solid_tumour_cancer.jsonl", "blood_cancer.jsonl")
HALVES = ("development", "held-out")
#: Metrics scored: every arm-summary value with an outcome term (hazard ratios are no arm value).
SCORED = tuple(m.name for m in METRICS.values() if m.term and m.summary_field)
NUM = r"\d+(?:[.\u00b7]\d+)?"
PCT_RE = re.compile(rf"({NUM})\s*(?:%|per ?cent\b)", re.IGNORECASE)
TIME_RE = re.compile(rf"({NUM})\s*-?\s*(months?|mo\b|mos\b|weeks?|wks?\b|days?|years?|yrs?\b)", re.IGNORECASE)
NR_RE = re.compile(r"(?i)not (?:yet )?(?:been )?reached")
#: Tokenised spacing of the corpus: no space before closing punctuation or "%", none after an opening bracket.
_SPACE_BEFORE = re.compile(r"\s+(?=[,;:.)\]%])")
_SPACE_AFTER = re.compile(r"(?<=[(\[])\s+")
#: An arm named only by its role: the comparator (no drug of its own, or fewer drugs than the other arm).
ROLES = {"control", "standard", "reference", "placebo", "observation", "conventional"}
#: Words of an arm's name that say nothing about which arm it is.
STOP = set("arm arms group groups the of and or with plus alone only in on to for patients patient treated treatment "
           "receiving received therapy regimen regimens who were was vs versus at by mg m2 kg day days daily "
           "weekly every dose doses cycle cycles combination combined standard".split())


# ---------------------------------------------------------------- reading the corpus
def pmid_of(rec: dict) -> str | None:
    m = re.search(r"\d+", str(rec.get("user_data") or ""))
    return m.group() if m else None


def half(pmid: str) -> str:
    """'development' for an even PMID, 'held-out' for an odd one."""
    return HALVES[int(pmid) % 2]


def read_records(data: Path) -> list[tuple[str, dict]]:
    """(pmid, record) of every sentence, in file order; a line without a PMID is skipped."""
    out = []
    for name in FILES:
        path = Path(data) / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if pmid_of(rec):
                    out.append((pmid_of(rec), rec))
    return out


def detokenize(text: str) -> str:
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))


def documents(records) -> dict[str, str]:
    """One pseudo-abstract per PMID: its sentences in file order."""
    docs: dict[str, list[str]] = defaultdict(list)
    for pmid, rec in records:
        docs[pmid].append(detokenize(rec["text"]))
    return {p: " ".join(s) for p, s in docs.items()}


# ---------------------------------------------------------------- gold values
def outcome_term(sentence: str, start: int, end: int) -> str | None:
    """Our outcome term ("pfs", "os", "orr" ...) of the OC span sentence[start:end], or None (not ours)."""
    for text, a, b in ((sentence, start, end), (sentence[start:end], 0, end - start)):
        over = [m for m in find_mentions(text) if m.start < b and a < m.end]
        if over:
            m = over[0]
            return None if m.metric in ("block", "pr", "hr") else m.metric
    return None


def unit_of(meas: str) -> str | None:
    """'%', a time unit, or None (a bare number)."""
    if PCT_RE.search(meas):
        return "%"
    t = TIME_RE.search(meas)
    return t.group(2) if t else None


def first_number(text: str) -> float | None:
    m = re.search(NUM, text)
    return float(m.group().replace("\u00b7", ".")) if m else None


def metric_for(term: str, unit: str | None) -> str | None:
    """Our metric of an outcome term measured in ``unit``."""
    if unit == "%" or unit is None:
        m = by_term(term, "rate") or (by_term(term, "landmark") if unit else None)
    else:
        m = by_term(term, "median")
    return m.name if m and m.name in SCORED else None


def gold_values(records, notes: Counter | None = None) -> tuple[list[dict], dict]:
    """Gold values kept (see the module docstring) and, per PMID, every gold number per outcome term
    (for precision): {pmid: {term: {numbers}}}."""
    notes = notes if notes is not None else Counter()
    facts, numbers = [], defaultdict(lambda: defaultdict(set))
    for pmid, rec in records:
        text = rec["text"]
        key = lambda sp: (sp["start"], sp["end"])  # noqa: E731
        ocs_of, arm_of, arms = defaultdict(list), {}, {"a1": [], "a2": []}
        for r in rec.get("relations") or []:
            head, child = r["head_span"], r["child_span"]
            if r["label"] == "OC_RES" and head["label"] == "OC":
                ocs_of[key(child)].append(key(head))
            elif r["label"] in ("A1_RES", "A2_RES") and head["label"] == "INTV":
                side = r["label"][:2].lower()
                arm_of[key(child)] = side
                arms[side].append(text[head["start"]:head["end"]])
        terms = {oc: outcome_term(text, *oc) for ocs in ocs_of.values() for oc in ocs}
        for (a, b), ocs in ocs_of.items():
            meas = text[a:b]
            for oc in ocs:
                term = terms[oc]
                if not term:
                    notes["measures of other outcomes"] += 1
                    continue
                if NR_RE.search(meas):
                    notes["not reached (not scored)"] += 1
                    continue
                unit = unit_of(meas) or next((u for m2, o2 in ocs_of.items() if m2 != (a, b) and oc in o2
                                              for u in [unit_of(text[m2[0]:m2[1]])] if u), None)
                value = first_number(meas)
                if value is None:
                    continue
                if unit == "%":
                    value = float(PCT_RE.search(meas).group(1).replace("\u00b7", ".")) if PCT_RE.search(meas) else value
                elif unit:
                    value = to_months(value, unit)[0]
                numbers[pmid][term].update({round(value, 1), round(first_number(meas), 1)})
                metric = metric_for(term, unit)
                if metric and METRICS[metric].timepoints and not TIMEPOINT_RE.search(text, max(0, oc[0] - 40), oc[1]):
                    notes["landmark rates with no timepoint (not scored)"] += 1
                    continue
                if not metric:
                    notes["no unit or kind to read (not scored)"] += 1
                    continue
                facts.append({"pmid": pmid, "sentence": detokenize(text), "metric": metric, "value": round(value, 1),
                              "side": arm_of.get((a, b)), "arms": arms, "span": meas, "outcome": text[oc[0]:oc[1]]})
                break
    unique = {}
    for f in facts:  # one gold value per (PMID, metric, arm, value)
        unique.setdefault((f["pmid"], f["metric"], f["side"], f["value"]), f)
    return list(unique.values()), numbers


# ---------------------------------------------------------------- our values
def pred_values(pmid: str, summary: dict) -> list[dict]:
    """Every value of a scored metric in one arm summary: arms, pooled arms and subgroups."""
    out = []
    for arm in summary.get("arms") or []:
        holders = [("pooled" if arm.get("pooled") else "arm", arm)] + [("subgroup", s) for s in arm.get("subgroups") or []]
        for level, h in holders:
            for name in SCORED:
                v = h.get(METRICS[name].summary_field)
                vals = [x.get("pct") for x in v] if isinstance(v, list) else [v]
                for x in vals:
                    if isinstance(x, (int, float)) and not isinstance(x, bool):
                        out.append({"pmid": pmid, "metric": name, "value": round(float(x), 1), "level": level,
                                    "arm": arm, "name": h.get("regimen") or h.get("name")})
    return out


def drug_tokens(*texts) -> set[str]:
    """Lower-case content words of arm names, drug names and acronyms mapped to their generic names."""
    syn, regs = drug_synonyms(), regimens()["regimens"]
    out = set()
    for t in texts:
        t = t or ""
        for m in drug_name_re().finditer(t):
            out.add((syn["names"].get(m.group().lower()) or syn["classes"].get(m.group().lower()) or m.group()).lower())
        for m in drug_acronym_re().finditer(t):
            out.add(syn["acronyms"][m.group()].lower())
        for m in regimen_re().finditer(t):
            out.update(c.lower() for c in regs.get(m.group("acr"), []))
        out.update(w for w in re.split(r"[^a-z0-9]+", t.lower()) if w and w not in STOP and not w.isdigit())
    return out


def side_of(arm: dict, arms: dict) -> str | None:
    """The gold arm ('a1' / 'a2') our arm is, by the module docstring's rule; None for a tie or a pooled arm."""
    if arm.get("pooled"):
        return None
    name = drug_tokens(arm.get("regimen"))
    exact = [k for k in ("a1", "a2") if name and any(drug_tokens(t) == name for t in arms[k])]
    if len(exact) == 1:  # our arm is named as one gold arm's span ("group A")
        return exact[0]
    ours = drug_tokens(arm.get("regimen"), *(arm.get("components") or []))
    t1, t2 = drug_tokens(*arms["a1"]), drug_tokens(*arms["a2"])
    for side, role, other in (("a1", t1, t2), ("a2", t2, t1)):
        if role and role <= ROLES and other - ROLES:  # "the control arm" against "the paclitaxel/cisplatin arm"
            control = ours < other or not (ours - ROLES - {"placebo", "observation"})
            return side if control else ("a2" if side == "a1" else "a1") if ours & other else None
    d1, d2 = len(ours & (t1 - t2)), len(ours & (t2 - t1))
    if d1 == d2:
        d1, d2 = len(ours & t1) / (len(ours | t1) or 1), len(ours & t2) / (len(ours | t2) or 1)
    return "a1" if d1 > d2 else "a2" if d2 > d1 else None


# ---------------------------------------------------------------- scoring
def score(gold: list[dict], numbers: dict, preds: list[dict]) -> tuple[dict, list[tuple[str, str, str]]]:
    """Per metric: gold, found, pred, right, arm_scored, arm_right; and the errors (metric, kind, text)."""
    rows = {m: Counter() for m in SCORED}
    errors = []
    by_pmid = defaultdict(list)
    for p in preds:
        by_pmid[(p["pmid"], p["metric"])].append(p)
    for g in gold:
        row = rows[g["metric"]]
        row["gold"] += 1
        hits = [p for p in by_pmid[(g["pmid"], g["metric"])] if p["value"] == g["value"]]
        if not hits:
            got = sorted({p["value"] for p in by_pmid[(g["pmid"], g["metric"])]})
            errors.append((g["metric"], "missed", f"{g['pmid']} {g['metric']} {g['value']:g} [{g['outcome']}] "
                                                  f"ours {got} :: {g['sentence']}"))
            continue
        row["found"] += 1
        shared = {x["side"] for x in gold if x["pmid"] == g["pmid"] and x["metric"] == g["metric"]
                  and x["value"] == g["value"]}
        arm_hits = [p for p in hits if p["level"] != "subgroup"]
        if g["side"] is None or len(shared) > 1 or not arm_hits:
            continue
        row["arm_scored"] += 1
        sides = [side_of(p["arm"], g["arms"]) for p in arm_hits]
        if g["side"] in sides:
            row["arm_right"] += 1
        else:
            errors.append((g["metric"], "wrong arm", f"{g['pmid']} {g['metric']} {g['value']:g} gold {g['side']}="
                                                     f"{'/'.join(g['arms'][g['side']])!r} ours on "
                                                     f"{[p['name'] for p in arm_hits]} :: {g['sentence']}"))
    for p in preds:
        row = rows[p["metric"]]
        row["pred"] += 1
        if p["value"] in numbers.get(p["pmid"], {}).get(METRICS[p["metric"]].term, set()):
            row["right"] += 1
        else:
            errors.append((p["metric"], "wrong value", f"{p['pmid']} {p['metric']} {p['value']:g} on {p['name']!r} "
                                                       f"({p['level']}); gold numbers of its outcome "
                                                       f"{sorted(numbers.get(p['pmid'], {}).get(METRICS[p['metric']].term, []))}"))
    return rows, errors


def _r(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "-"


def report(rows: dict, title: str) -> list[str]:
    """One line per metric with gold or predicted values, then the total."""
    lines = [f"== RCT-ART {title}", f"{'metric':<11} {'recall':>16} {'precision':>16} {'arm right':>16}"]
    total = Counter()
    for m, r in rows.items():
        total.update(r)
        if r["gold"] or r["pred"]:
            lines.append(f"{m:<11} {_r(r['found'], r['gold']):>16} {_r(r['right'], r['pred']):>16} "
                         f"{_r(r['arm_right'], r['arm_scored']):>16}")
    lines.append(f"{'total':<11} {_r(total['found'], total['gold']):>16} {_r(total['right'], total['pred']):>16} "
                 f"{_r(total['arm_right'], total['arm_scored']):>16}")
    return lines


def run_score(data: Path, pred_path: Path, errors: bool) -> None:
    records = read_records(data)
    summaries = {}
    for line in Path(pred_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            summaries[str(d.get("id"))] = d
    for h in HALVES:
        part = [(p, r) for p, r in records if half(p) == h]
        notes = Counter()
        gold, numbers = gold_values(part, notes)
        pmids = sorted({p for p, _ in part})
        preds = [v for p in pmids for v in pred_values(p, summaries.get(p) or {})]
        rows, errs = score(gold, numbers, preds)
        parity = "even" if h == "development" else "odd"
        print("\n".join(report(rows, f"{h} half ({parity} PMIDs): {len(pmids)} PMIDs, {len(part)} sentences, "
                                     f"predictions for {sum(p in summaries for p in pmids)}; gold values kept "
                                     f"{len(gold)}; " + "; ".join(f"{k} {v}" for k, v in sorted(notes.items())))))
        if errors and h == "development":  # never the held-out half's errors
            docs = documents(part)
            for m, kind, text in sorted(errs, key=lambda e: (e[1], e[0])):
                print(f"  {kind}: {text}")
                if kind == "wrong value":
                    pmid = text.split()[0]
                    print(f"      in: {docs[pmid][:600]}")


def write_inputs(data: Path, out: Path) -> None:
    docs = documents(read_records(data))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text("".join(json.dumps({"id": p, "title": "", "abstract": t}) + "\n" for p, t in docs.items()),
                         encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["inputs", "score"])
    ap.add_argument("data", type=Path, help="the RCT-ART folder (../shared/data/rct_art)")
    ap.add_argument("path", type=Path, help="batch file to write (inputs) or arm-summary JSONL to score (score)")
    ap.add_argument("--errors", action="store_true", help="list the development half's misses and wrong values")
    a = ap.parse_args(argv)
    if not any((a.data / f).exists() for f in FILES):
        print(f"score_rct_art: no {' or '.join(FILES)} in {a.data}; pass the RCT-ART folder (../shared/data/rct_art)",
              file=sys.stderr)
        return 1
    if a.command == "inputs":
        write_inputs(a.data, a.path)
    else:
        run_score(a.data, a.path, a.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
