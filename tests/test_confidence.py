"""Confidence and the review rule: the calibration belongs to this extractor, findings take the fitted scorer's
confidence over their features, PDF table cells are queued only when read with doubt, and the arm summary of
``evidence extract --input/--output`` flags what the store queues. Sentences and tables are written for the tests."""
from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import select

import extractors
from extractors import confidence, vocab
from extractors.tables import CLEAN_CELL_CONFIDENCE, cell_doubts, findings_from_rows, rows_from_table
from pipeline.extract import extract_documents, extract_jsonl
from pipeline.settings import Settings
from schemas.db import FindingRow
from schemas.document import AbstractSection, Document, ParsedRecord


# ---- the calibration -----------------------------------------------------------------------------------------
def test_the_confidence_scorer_was_fitted_for_this_extractor():
    fitted = vocab.confidence_calibration().get("fitted_for")
    now = {"extractor": extractors.EXTRACTOR_NAME, "version": extractors.EXTRACTOR_VERSION,
           "data_sha256": vocab.data_fingerprint()}
    assert fitted == now, (f"extractors/data/confidence.json was fitted for {fitted}, but the extractor is now {now}: "
                           f"regenerate it with `{vocab.CALIBRATE_COMMAND}` (needs ../shared/eval and ../shared/data)")


def test_the_fingerprint_changes_with_the_data_files_not_with_the_table(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(vocab.resources.files("extractors").joinpath("data"), data)
    assert vocab.data_fingerprint(data) == vocab.data_fingerprint()
    (data / "confidence.json").write_text("{}", encoding="utf-8")
    assert vocab.data_fingerprint(data) == vocab.data_fingerprint()
    regimens = json.loads((data / "regimens.json").read_text(encoding="utf-8"))
    regimens["regimens"]["NEWREG"] = ["cisplatin"]
    (data / "regimens.json").write_text(json.dumps(regimens), encoding="utf-8")
    assert vocab.data_fingerprint(data) != vocab.data_fingerprint()


def test_the_review_threshold_is_the_calibrations_unless_set(monkeypatch):
    assert Settings.from_env().min_confidence == vocab.confidence_calibration()["min_confidence"]
    assert 0.5 < Settings().min_confidence < 1
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0.8")
    assert Settings.from_env().min_confidence == 0.8


@pytest.mark.parametrize("weights, expected", [
    ({"bias": 0.0, "route=sample_size": 2.0}, 0.881),  # its route's weight: 1 / (1 + e^-2)
    ({"bias": 0.0, "metric=n_enrolled": -1.0}, 0.269),  # its metric's
    ({"bias": 9.0}, 0.99),  # never certain
    ({"bias": -9.0}, 0.05),  # never hopeless
])
def test_a_sample_size_takes_the_scorers_confidence(monkeypatch, weights, expected):
    monkeypatch.setattr(vocab, "confidence_weights", lambda: weights)  # planted weights, as data
    findings = extractors.extract("Forty-two patients were enrolled in this phase II trial of everolimus.")
    [enrolled] = [f for f in findings if f.metric == "n_enrolled"]
    assert enrolled.value == 42 and enrolled.rule == "sample_size.subject_passive|n"
    assert enrolled.confidence == expected


def test_the_stored_scorer_has_weights_and_a_bias():
    weights = vocab.confidence_weights()
    assert "bias" in weights and len(weights) > 10
    assert all(isinstance(w, float) for w in weights.values())


def features_of(title, abstract, monkeypatch) -> list[tuple]:
    """(finding, its features) of one abstract, as extraction computes them."""
    seen = []
    original = confidence.features

    def keep(findings, *document):
        out = original(findings, *document)
        seen.extend(zip(findings, out))
        return out
    monkeypatch.setattr(confidence, "features", keep)
    monkeypatch.setattr(vocab, "confidence_weights", lambda: {"bias": 0.0})
    extractors.analyze(title, abstract)
    return seen


def value_features(seen, metric, value) -> dict:
    [x] = [x for f, x in seen if f.metric == metric and f.value == value]
    return x


@pytest.mark.parametrize("sentence, respectively", [
    ("The objective response rates were 31% and 6% in the lanreotide and placebo arms, respectively.", True),
    ("Objective responses occurred in 31% and 6% of patients given lanreotide and placebo, respectively.", True),
    ("The objective response rate was 31% with lanreotide and 6% with placebo.", False),
])
def test_the_scorer_sees_a_respectively_list_and_the_arm_named_in_the_clause(monkeypatch, sentence, respectively):
    seen = features_of("Lanreotide versus placebo in midgut neuroendocrine tumours",
                       "Patients were randomly assigned to lanreotide (n = 52) or placebo (n = 50). " + sentence,
                       monkeypatch)
    for value in (31.0, 6.0):
        x = value_features(seen, "orr", value)
        assert ("respectively" in x) is respectively
        assert "randomised" in x and "route=" + next(f.rule for f, _ in seen if f.value == value).split("|")[0] in x
    assert "arm_in_clause" in value_features(seen, "n", 52.0)


@pytest.mark.parametrize("design, one_arm_of_a_trial", [
    ("Forty patients were randomised in this phase II trial of octreotide.", True),
    ("Forty patients were randomly allocated in this phase II study of octreotide.", True),
    ("Forty patients were enrolled in this phase II trial of octreotide.", False),
])
def test_the_scorer_sees_a_randomised_trial_read_as_one_arm(monkeypatch, design, one_arm_of_a_trial):
    seen = features_of("Octreotide in carcinoid syndrome", design + " The objective response rate was 14%.", monkeypatch)
    x = value_features(seen, "orr", 14.0)
    assert ("randomised_one_arm" in x) is one_arm_of_a_trial
    assert "arm_is_the_titles" in x and "arm_is_a_class" not in x


@pytest.mark.parametrize("treatment, a_class", [
    ("platinum-based chemotherapy", True),
    ("a platinum doublet", True),
    ("cisplatin plus etoposide", False),
])
def test_the_scorer_sees_an_arm_named_only_by_its_drug_class(monkeypatch, treatment, a_class):
    seen = features_of(f"Outcomes of {treatment} in small cell bladder carcinoma",
                       f"We reviewed 27 patients treated with {treatment}. The median overall survival was 13.4 months.",
                       monkeypatch)
    assert ("arm_is_a_class" in value_features(seen, "os_median", 13.4)) is a_class


def test_extraction_applies_the_weights_of_a_findings_features(monkeypatch):
    monkeypatch.setattr(vocab, "confidence_weights", lambda: {"bias": 0.0, "arm_is_a_class": -2.0})
    by_class = extractors.extract("We reviewed 27 patients treated with platinum-based chemotherapy. "
                                  "The median overall survival was 13.4 months.")
    by_drug = extractors.extract("We reviewed 27 patients treated with cisplatin plus etoposide. "
                                 "The median overall survival was 13.4 months.")
    assert [f.confidence for f in by_class if f.metric == "os_median"] == [0.119]  # 1 / (1 + e^2)
    assert [f.confidence for f in by_drug if f.metric == "os_median"] == [0.5]


# ---- PDF table cells -------------------------------------------------------------------------------------------
def cell(text):
    lines = text.split("\n") if text else []
    return {"text": " ".join(lines), "lines": lines, "page": 1, "bbox": [10.0, 20.0, 60.0, 30.0]}


def table_rows(header, row, footnotes=()):
    return rows_from_table({"label": "Table 2", "caption": "Made-up results", "footnotes": list(footnotes),
                            "header": [cell(h) for h in header], "rows": [{"section": None, "cells": [cell(c) for c in row]}]})


HEADER = ["Study", "N", "Regimen", "ORR (%)", "mPFS (months)", "Overall survival (months)"]


def test_a_cleanly_read_table_row_is_accepted():
    [row] = table_rows(HEADER, ["Okafor et al 2016 [3]", "52", "CAPTEM", "34", "12.5", "30.1"])
    assert {f: cell_doubts(row, f) for f in ("n_total", "orr_pct", "pfs_median_months", "os_median_months")} == {
        "n_total": [], "orr_pct": [], "pfs_median_months": [], "os_median_months": []}
    findings = findings_from_rows([row])
    assert {f.metric: f.confidence for f in findings} == {m: CLEAN_CELL_CONFIDENCE for m in ("n", "orr", "pfs_median", "os_median")}
    assert CLEAN_CELL_CONFIDENCE >= Settings().min_confidence


@pytest.mark.parametrize("header, row, field, doubt", [
    # a bare "Survival" header may be any survival measure
    (HEADER[:5] + ["Survival"], ["Okafor et al 2016", "52", "CAPTEM", "34", "12.5", "30.1"], "os_median_months",
     "header 'Survival'"),
    (HEADER, ["Okafor et al 2016", "52", "CAPTEM", "34 a", "12.5", "30.1"], "orr_pct", "footnote mark"),
    (HEADER, ["Okafor et al 2016", "52", "CAPTEM", "<5", "12.5", "30.1"], "orr_pct", "comparator"),
    (HEADER, ["Okafor et al 2016", "52", "CAPTEM vs FOLFOX", "34", "12.5 vs 10.1", "30.1 vs 28.0"], "orr_pct",
     "note on the cell"),  # one ORR printed for two arms
    (HEADER, ["", "52", "CAPTEM", "34", "12.5", "30.1"], "pfs_median_months", "no study"),
    (HEADER, ["Okafor et al 2016", "52", "", "34", "12.5", "30.1"], "orr_pct", "no arm"),
    (HEADER, ["Okafor et al 2016", "52 (40)", "CAPTEM", "34", "12.5", "30.1"], "n_total", "two numbers"),
])
def test_a_table_cell_read_with_doubt_goes_to_review(header, row, field, doubt):
    rows = table_rows(header, row)
    assert doubt in cell_doubts(rows[0], field)
    metric = {"n_total": "n", "orr_pct": "orr", "pfs_median_months": "pfs_median", "os_median_months": "os_median"}[field]
    for f in findings_from_rows(rows):
        if f.metric == metric and f.evidence.location.endswith(field):
            assert f.confidence < Settings().min_confidence


# ---- needs_review in the arm summary: the store's rule ---------------------------------------------------------
TITLE = "Everolimus versus placebo in advanced neuroendocrine tumours"
ABSTRACT = ("Patients were randomly assigned to receive everolimus (n = 20) or placebo (n = 21). "
            "Median PFS was 11.0 months with everolimus and 4.6 months with placebo. "
            "Median OS was 9.0 months with everolimus and 20.1 months with placebo.")  # everolimus: PFS above OS


def summarize_batch(tmp_path, title=TITLE, abstract=ABSTRACT) -> dict:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "t1", "title": title, "abstract": abstract}) + "\n", encoding="utf-8")
    assert extract_jsonl(src, out).written == 1
    [summary] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return summary


def flagged(summary) -> dict:
    return {a["regimen"]: set(a["needs_review"]) for a in summary["arms"]}


def test_needs_review_names_the_values_a_check_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0")  # the checks alone
    summary = summarize_batch(tmp_path)
    arms = {a["regimen"]: a for a in summary["arms"]}
    assert (arms["everolimus"]["pfs_median_months"], arms["everolimus"]["os_median_months"]) == (11.0, 9.0)
    assert flagged(summary) == {"everolimus": {"pfs_median_months", "os_median_months"}, "placebo": set()}
    assert summary["needs_review"] == []


def test_needs_review_names_every_value_below_the_threshold(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "1")  # no confidence reaches it
    summary = summarize_batch(tmp_path, abstract=ABSTRACT + " Everolimus reduced the risk of progression "
                                                            "(hazard ratio 0.35; 95% CI 0.20-0.61).")
    for a in summary["arms"]:
        present = {k for k in ("n", "pfs_median_months", "os_median_months") if a[k] is not None}
        assert present and present <= set(a["needs_review"])
    assert summary["hazard_ratios"] and all(h["needs_review"] is True for h in summary["hazard_ratios"])


def test_the_arm_summary_flags_what_the_store_queues(tmp_path, monkeypatch, store):
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0")
    summary = summarize_batch(tmp_path)
    store.upsert_batch([ParsedRecord.of(Document(source="text", doi="10.1000/trust", title=TITLE,
                                                 abstract=[AbstractSection(text=ABSTRACT)]), ABSTRACT)])
    extract_documents(store)
    field = {"n": "n", "pfs_median": "pfs_median_months", "os_median": "os_median_months"}
    with store.sessions() as s:
        rows = [r for r in s.scalars(select(FindingRow)) if r.metric in field]
    queued = {(r.arm, field[r.metric]) for r in rows if r.status == "needs_review"}
    accepted = {(r.arm, field[r.metric]) for r in rows if r.status == "accepted"}
    in_summary = {(a["regimen"], k) for a in summary["arms"] for k in field.values() if a[k] is not None}
    assert in_summary == queued | accepted and queued  # every stored value is in the summary, and some are queued
    assert {(arm, k) for arm, ks in flagged(summary).items() for k in ks} == queued


def test_arm_summary_carries_and_flags_the_new_metrics(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0")  # the checks alone
    abstract = ("Forty patients received everolimus. The objective response rate was 20% and the complete "
                "response rate was 25%. The median duration of response was 6.5 months.")  # CR above ORR
    summary = summarize_batch(tmp_path, title="Everolimus in neuroendocrine tumours", abstract=abstract)
    [arm] = summary["arms"]
    assert (arm["orr_pct"], arm["cr_pct"], arm["dor_median_months"], arm["dor_not_reached"]) == (20.0, 25.0, 6.5, False)
    assert {"orr_pct", "cr_pct"} <= set(arm["needs_review"]) and "dor_median_months" not in arm["needs_review"]
