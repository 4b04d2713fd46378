"""Odd input never raises and gives empty results."""
from __future__ import annotations

import random
import string

import pytest

from extractors import analyze, extract, summarize

EMPTY_SUMMARY = {"n_enrolled": None, "n_evaluable": None, "arms": [], "hazard_ratios": []}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "Le taux de réponse objective était élevé chez les patients traités, sans effet indésirable grave.",
        "这是一个没有数字的中文句子",
        "The patients tolerated treatment well and no unexpected toxicity was seen.",
    ],
)
def test_no_numbers_no_findings(text):
    assert extract(text) == []
    assert summarize(None, text) == EMPTY_SUMMARY


def test_megabyte_of_garbage():
    rng = random.Random(7)
    junk = "".join(rng.choice(string.printable + "µ°±≤≥·–") for _ in range(1_000_000))
    findings, summary = analyze("x" * 50, junk)
    assert isinstance(findings, list) and isinstance(summary, dict)


def test_none_and_wrong_types_do_not_raise():
    assert extract(None) == []  # type: ignore[arg-type]
    assert summarize(None, None) == EMPTY_SUMMARY  # type: ignore[arg-type]


def test_numbers_that_are_not_outcomes():
    text = "In 2015, 34 centres screened patients aged 45 to 70 years; doses were 150 mg/m2 on days 1 to 7."
    assert [f for f in extract(text) if f.metric not in ("n", "n_enrolled", "n_evaluable")] == []


def test_sentence_boundaries_survive_abbreviations_and_decimals():
    from extractors.nlp import parse

    text = ("ORR was 30% vs. 12% (95% CI, 1.2-3.4; P = 0.02). Median PFS was 7.5 months. "
            "Results were similar, e.g. in pancreatic NETs.")
    sents = [s.text for s in parse(text, sentences=True).sents]
    assert sents == ["ORR was 30% vs. 12% (95% CI, 1.2-3.4; P = 0.02).", "Median PFS was 7.5 months.",
                     "Results were similar, e.g. in pancreatic NETs."]


def test_missing_configured_model_falls_back_to_blank():
    from extractors.nlp import get_nlp

    nlp = get_nlp(model="no_such_scispacy_model")
    assert "abbreviation_detector" in nlp.pipe_names
