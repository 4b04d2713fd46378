"""benchmarks/score_rct_art.py on an invented corpus in RCT-ART's Prodigy format: the outcome mapping (our
vocabulary), the PMID-parity split, and the scoring (a found value, a missed one, one on the wrong arm, a wrong one)."""
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import score_rct_art as rct  # noqa: E402


def record(pmid: str, text: str, measures: list[tuple[str, str, str | None, str | None]]) -> dict:
    """A Prodigy relations record. ``measures``: (outcome text, measure text, arm label "A1"/"A2" or None, arm text);
    each text is found in ``text`` left to right (an outcome or arm text seen before is reused)."""
    spans, relations, seen, pos = [], [], {}, 0

    def span(t: str, label: str, reuse: bool) -> dict:
        nonlocal pos
        if reuse and (t, label) in seen:
            return seen[(t, label)]
        start = text.index(t, pos if label == "MEAS" else 0)
        if label == "MEAS":
            pos = start + len(t)
        sp = {"text": t, "start": start, "end": start + len(t), "label": label}
        spans.append(sp)
        seen[(t, label)] = sp
        return sp

    for oc, meas, arm, arm_text in measures:
        o = span(oc, "OC", True)
        m = span(meas, "MEAS", False)
        relations.append({"head_span": o, "child_span": m, "label": "OC_RES"})
        if arm:
            a = span(arm_text, "INTV", True)
            relations.append({"head_span": a, "child_span": m, "label": f"{arm}_RES"})
    return {"text": text, "user_data": f"{{'pmid': '{pmid}'}}", "spans": spans, "relations": relations}


PFS = ("Median progression-free survival was 7.4 versus 5.2 months with gemcitabine plus cisplatin and gemcitabine "
       "alone , respectively ( HR 0.71 ; P = 0.02 ) .")
ORR = ("The objective response rate was 31 % with gemcitabine plus cisplatin and 18 % with gemcitabine alone , and "
       "disease-free survival at 2 years was 60 % .")
HELD = "Overall survival at 1 year was 52 % in the heldoutword arm ."
DEV, ODD = "2024", "2025"


@pytest.fixture
def corpus(tmp_path):
    recs = [
        record(DEV, PFS, [("Median progression-free survival", "7.4", "A1", "gemcitabine plus cisplatin"),
                          ("Median progression-free survival", "5.2 months", "A2", "gemcitabine alone"),
                          ("HR", "0.71", None, None)]),
        record(ODD, HELD, [("Overall survival", "52 %", "A1", "heldoutword arm")]),
        record(DEV, ORR, [("objective response rate", "31 %", "A1", "gemcitabine plus cisplatin"),
                          ("objective response rate", "18 %", "A2", "gemcitabine alone"),
                          ("disease-free survival", "60 %", None, None)]),
    ]
    (tmp_path / "solid_tumour_cancer.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    return tmp_path


def test_parity_split_and_pseudo_abstracts(corpus):
    records = rct.read_records(corpus)
    assert [rct.half(p) for p, _ in records] == ["development", "held-out", "development"]
    docs = rct.documents(records)
    assert set(docs) == {DEV, ODD}
    # a PMID's sentences in file order, the corpus's tokenised spacing undone
    assert docs[DEV].startswith("Median progression-free survival was 7.4 versus 5.2 months")
    assert "(HR 0.71; P = 0.02)." in docs[DEV]
    assert "31% with gemcitabine" in docs[DEV].split("respectively")[1]


@pytest.mark.parametrize("oc,sentence,term", [
    ("Median progression-free survival", "Median progression-free survival was 6 months .", "pfs"),
    ("time to progression", "The median time to progression was 4 months .", "pfs"),
    ("overall survival", "Median overall survival was 11 months .", "os"),
    ("median survival", "The median survival was 9 months .", "os"),
    ("objective response rate", "The objective response rate was 30 % .", "orr"),
    ("disease control rate", "The disease control rate was 70 % .", "dcr"),
    ("disease-free survival", "Five-year disease-free survival was 60 % .", None),
    ("neutropenia", "Grade 3 neutropenia occurred in 20 % .", None),
    ("hazard ratio", "The hazard ratio was 0.7 .", None),
])
def test_outcome_mapped_with_our_vocabulary(oc, sentence, term):
    start = sentence.index(oc)
    assert rct.outcome_term(sentence, start, start + len(oc)) == term


def test_gold_values_kept_with_units_and_arms(corpus):
    records = [(p, r) for p, r in rct.read_records(corpus) if rct.half(p) == "development"]
    gold, numbers = rct.gold_values(records)
    kept = sorted((g["metric"], g["value"], g["side"]) for g in gold)
    # "7.4" takes the unit of its sibling "5.2 months"; the HR and the disease-free survival rate are not ours
    assert kept == [("orr", 18.0, "a2"), ("orr", 31.0, "a1"), ("pfs_median", 5.2, "a2"), ("pfs_median", 7.4, "a1")]
    assert numbers[DEV]["pfs"] == {7.4, 5.2}


def test_landmark_needs_a_timepoint_and_years_become_months():
    no_time = record("10", "Overall survival was 40 % and 50 % .", [("Overall survival", "40 %", None, None)])
    at_time = record("10", "The 2-year overall survival was 40 % .", [("overall survival", "40 %", None, None)])
    years = record("10", "Median overall survival was 2.5 years .", [("Median overall survival", "2.5 years", None, None)])
    gold, _ = rct.gold_values([("10", no_time), ("10", at_time), ("10", years)])
    assert sorted((g["metric"], g["value"]) for g in gold) == [("os_median", 30.0), ("os_rate", 40.0)]


def test_scoring_found_missed_wrong_arm_and_wrong_value(corpus):
    records = [(p, r) for p, r in rct.read_records(corpus) if rct.half(p) == "development"]
    gold, numbers = rct.gold_values(records)
    summary = {"arms": [
        {"regimen": "gemcitabine + cisplatin", "components": ["gemcitabine", "cisplatin"], "pooled": False,
         "pfs_median_months": 7.4, "orr_pct": 44.0, "subgroups": []},
        {"regimen": "gemcitabine", "components": ["gemcitabine"], "pooled": False, "orr_pct": 31.0,
         "subgroups": [{"name": "squamous", "orr_pct": 18.0}]},
    ]}
    rows, errors = rct.score(gold, numbers, rct.pred_values(DEV, summary))
    pfs, orr = rows["pfs_median"], rows["orr"]
    # 7.4 found on its arm; 5.2 missed
    assert (pfs["gold"], pfs["found"], pfs["arm_scored"], pfs["arm_right"]) == (2, 1, 1, 1)
    # 31 found but on the gemcitabine-alone arm (gold: the combination); 18 found only in a subgroup (no arm
    # scored); 44 is no gold number of the response outcome
    assert (orr["gold"], orr["found"], orr["arm_scored"], orr["arm_right"]) == (2, 2, 1, 0)
    assert (orr["pred"], orr["right"]) == (3, 2)
    kinds = sorted((m, k) for m, k, _ in errors)
    assert kinds == [("orr", "wrong arm"), ("orr", "wrong value"), ("pfs_median", "missed")]


@pytest.mark.parametrize("arm,side", [
    ({"regimen": "gemcitabine + cisplatin", "components": ["gemcitabine", "cisplatin"]}, "a1"),
    ({"regimen": "gemcitabine", "components": ["gemcitabine"]}, "a2"),
    ({"regimen": "GP", "components": ["gemcitabine", "cisplatin"]}, "a1"),  # components decide
    ({"regimen": "ALL (pooled)", "components": [], "pooled": True}, None),
    ({"regimen": "docetaxel", "components": ["docetaxel"]}, None),
])
def test_arm_rule(arm, side):
    assert rct.side_of(arm, {"a1": ["gemcitabine plus cisplatin"], "a2": ["gemcitabine alone"]}) == side


def test_cli_prints_both_halves_and_no_held_out_text(corpus, tmp_path, capsys):
    batch = tmp_path / "in.jsonl"
    assert rct.main(["inputs", str(corpus), str(batch)]) == 0
    ids = [json.loads(line)["id"] for line in batch.read_text().splitlines()]
    assert ids == [DEV, ODD]
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": DEV, "arms": []}) + "\n" + json.dumps({"id": ODD, "arms": []}) + "\n")
    assert rct.main(["score", str(corpus), str(pred), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "development half (even PMIDs)" in out and "held-out half (odd PMIDs)" in out
    assert "missed: 2024 pfs_median 7.4" in out  # development errors are listed
    assert "heldoutword" not in out and "missed: 2025" not in out  # held-out sentences and errors never are


def test_cli_names_a_folder_without_the_corpus(tmp_path, capsys):
    assert rct.main(["score", str(tmp_path), str(tmp_path / "pred.jsonl")]) == 1
    assert "no solid_tumour_cancer.jsonl or blood_cancer.jsonl in" in capsys.readouterr().err


@pytest.mark.parametrize("arm,side", [
    ({"regimen": "cisplatin", "components": ["cisplatin"]}, "a2"),  # fewer drugs than the named arm: the control
    ({"regimen": "placebo", "components": []}, "a2"),
    ({"regimen": "paclitaxel + cisplatin", "components": ["paclitaxel", "cisplatin"]}, "a1"),
    ({"regimen": "docetaxel", "components": ["docetaxel"]}, None),
])
def test_arm_rule_for_an_arm_named_by_its_role(arm, side):
    assert rct.side_of(arm, {"a1": ["paclitaxel/cisplatin arm"], "a2": ["control arm"]}) == side
