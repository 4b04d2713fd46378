"""A finding's confidence: a small logistic scorer over what the extractor knows when it places the value.

Each finding of an abstract gets named features (``features``): the route that placed it (also per number of arms),
its metric, the rule's own estimate (``data/routes.json``), its arm (shares a drug with another arm, is the title's,
is a drug class, is pooled), the document (randomised, randomised but read as one arm, a fact stated with two
values, an arm n equal to the total) and the sentence (a subgroup or a subgroup cue, "respectively", the arm named in
the value's clause, the value also given to another group in another sentence, in the conclusions, with a CI).
Features that did not lower the held-out log-loss were left out (benchmarks/calibrate_confidence.py lists them).

The weights are data: ``data/confidence.json`` "weights", fitted by ``benchmarks/calibrate_confidence.py --write``
(cross-validated by document). Confidence = 1 / (1 + exp(-(sum of the weights of the features))), within
[LOWEST, HIGHEST]; without weights a finding keeps its rule's own estimate.
"""
from __future__ import annotations

import math

from schemas.findings import Finding

from . import vocab
from .grammar import pattern

#: Confidence stays inside these bounds: no rule is certain, and none is hopeless.
LOWEST, HIGHEST = 0.05, 0.99
#: Named patterns of extractors.grammar the features read (a sentence about a group of the patients, a
#: "respectively" list, where a clause ends, the conclusions' heading).
_RANDOMISED, _SUBGROUP_CUE, _RESPECTIVELY, _CLAUSE_END, _CONCLUSION = (pattern(label) for label in (
    "randomised", "subgroup_cue", "respectively", "clause_end", "conclusions_heading"))


def features(findings: list[Finding], abstract: str, n_arms: int, title_drugs=frozenset()) -> list[dict[str, float]]:
    """The named features of each finding (1.0 when present unless numeric), in the order of ``findings``.
    ``abstract``: the text the findings' offsets point into; ``n_arms``: the document's arms (pooled left out);
    ``title_drugs``: the drugs (generic names) the title names."""
    randomised = _RANDOMISED.search(abstract) is not None
    conclusion = _CONCLUSION.search(abstract)
    sentences_of = {}  # (metric, value) -> the sentences stating it
    for f in findings:
        sentences_of.setdefault((f.metric, f.value), set()).add(f.evidence.sentence_start)
    arms = "arms=" + ("1" if n_arms <= 1 else "2" if n_arms == 2 else "3+")
    components = {frozenset(f.arm_components) for f in findings if f.arm_components and not f.pooled}
    totals = {f.value for f in findings if f.metric == "n_enrolled"}
    classes = vocab.drug_synonyms()["classes"]
    conflict = any((f.rule or "").startswith("conflict|") for f in findings)
    title_drugs = frozenset(title_drugs)
    cues: dict[int, tuple[bool, bool]] = {}  # sentence start -> (subgroup cue, "respectively")
    out = []
    for f in findings:
        route = (f.rule or "?").partition("|")[0].split(".")[0]  # sample_size.<rule> -> sample_size
        ev = f.evidence
        sent = ev.text
        x = {"bias": 1.0, "route=" + route: 1.0, f"route={route}&{arms}": 1.0, "metric=" + f.metric: 1.0,
             "own": f.confidence - 0.8}
        mine = frozenset(f.arm_components)
        if mine and any(c != mine and c & mine for c in components):
            x["arm_shares_drug"] = 1.0  # another arm has one of its drugs: arms may be cut wrong
        if mine and mine == title_drugs:
            x["arm_is_the_titles"] = 1.0  # the title names exactly this arm's drugs
        if any(c in classes for c in mine):
            x["arm_is_a_class"] = 1.0  # "platinum": the arm's drugs are not named
        if f.pooled:
            x["pooled"] = 1.0
        if conflict:
            x["document_has_conflict"] = 1.0  # some fact of the document is stated with two values
        if f.metric == "n" and n_arms >= 2 and f.value in totals:
            x["arm_n_is_total"] = 1.0  # one arm's n equals the trial's
        if randomised:
            x["randomised"] = 1.0
            if n_arms <= 1:
                x["randomised_one_arm"] = 1.0  # a comparator arm was not found: its values may sit on this one
        if ev.sentence_start not in cues:
            cues[ev.sentence_start] = (bool(_SUBGROUP_CUE.search(sent)), bool(_RESPECTIVELY.search(sent)))
        cue, respectively = cues[ev.sentence_start]
        if f.subgroup is not None:
            x["subgroup"] = 1.0
        elif cue:
            x["subgroup_cue"] = 1.0  # read as the arm's, in a sentence about a group of it
        if respectively:
            x["respectively"] = 1.0
        if _arm_in_clause(f, sent, max(0, ev.start - ev.sentence_start)):
            x["arm_in_clause"] = 1.0
        if len(sentences_of[(f.metric, f.value)]) > 1:
            x["same_value_elsewhere"] = 1.0  # another group's value of the metric, in another sentence, is this one
        if conclusion and ev.sentence_start >= conclusion.start():
            x["in_conclusions"] = 1.0
        if f.ci_low is not None:
            x["has_ci"] = 1.0
        out.append(x)
    return out


def _arm_in_clause(f: Finding, sent: str, at: int) -> bool:
    """Whether one of the finding's arm components (or its label) is written in the clause that holds the value."""
    names = [c for c in f.arm_components if len(c) > 2] or ([f.arm] if f.arm and not f.pooled else [])
    if not names:
        return False
    lo = 0
    for m in _CLAUSE_END.finditer(sent, 0, at):
        lo = m.end()
    end = _CLAUSE_END.search(sent, at)
    clause = sent[lo:end.start() if end else len(sent)].lower()
    return any(n.lower() in clause for n in names)


def score(x: dict[str, float], weights: dict[str, float]) -> float:
    """The confidence the weights give features ``x``, within [LOWEST, HIGHEST]."""
    z = sum(weights.get(k, 0.0) * v for k, v in x.items())
    p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return round(min(HIGHEST, max(LOWEST, p)), 3)


def scored(findings: list[Finding], *document) -> list[Finding]:
    """The findings with the fitted scorer's confidence (``data/confidence.json``); as they are without weights.
    ``document``: the arguments of ``features`` after the findings."""
    weights = vocab.confidence_weights()
    if not weights or not findings:
        return findings
    return [f.model_copy(update={"confidence": score(x, weights)})
            for f, x in zip(findings, features(findings, *document))]
