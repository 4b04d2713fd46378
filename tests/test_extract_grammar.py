"""How papers compare arms: the named patterns of extractors.grammar, and each construction they cover, in several
wordings (sentences written for these tests)."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.grammar import PATTERNS, pattern


@pytest.mark.parametrize("entry", PATTERNS, ids=[p["label"] for p in PATTERNS])
def test_every_pattern_matches_its_examples(entry):
    rx = pattern(entry["label"])
    assert entry["comment"] and entry["examples"]
    for example in entry["examples"]:
        if entry["label"].endswith("_after"):
            assert rx.match(example), example
        elif entry["label"].endswith(("_ref", "_gap")):
            assert rx.fullmatch(example), example
        else:
            assert rx.search(example), example


def _arms(s):
    return {frozenset(a["components"]) if a["components"] else a["regimen"]: a for a in s["arms"] if not a["pooled"]}


A, B = frozenset({"irinotecan"}), frozenset({"docetaxel"})
RANDOMIZED = "Patients were randomly assigned to irinotecan or docetaxel. "


@pytest.mark.parametrize("sentence", [
    "Time to progression was longer with irinotecan (7.2 vs 4.1 months; P = .01).",
    "Progression-free survival was longer in the irinotecan arm than in the docetaxel arm (7.2 versus 4.1 months).",
    "The TTP was longer (7.2 v 4.1 months; log-rank P = .002) with irinotecan than with docetaxel.",
    "Median PFS was 7.2 months with irinotecan versus 4.1 months with docetaxel.",
    "The median progression-free survival was 7.2 months for irinotecan and 4.1 months for docetaxel.",
])
def test_paired_medians_go_to_their_arms(sentence):
    arms = _arms(summarize(None, RANDOMIZED + sentence))
    assert (arms[A]["pfs_median_months"], arms[B]["pfs_median_months"]) == (7.2, 4.1)


@pytest.mark.parametrize("text", [
    "Median overall survival was 14.2 months with cabazitaxel versus 11.0 months with mitoxantrone (HR 0.70).",
    "Overall survival was 14.2 months for cabazitaxel and 11.0 months for mitoxantrone.",
    "Median survival was 14.2 months in the cabazitaxel group and 11.0 months in the mitoxantrone group.",
])
def test_values_given_side_by_side_for_two_regimens_make_two_arms(text):
    arms = _arms(summarize(None, "In total, 300 men were treated. " + text))
    assert set(arms) == {frozenset({"cabazitaxel"}), frozenset({"mitoxantrone"})}
    assert arms[frozenset({"cabazitaxel"})]["os_median_months"] == 14.2
    assert arms[frozenset({"mitoxantrone"})]["os_median_months"] == 11.0


def test_a_value_for_a_prior_treatment_is_not_an_arm():
    s = summarize("Everolimus after sunitinib", "Forty patients received everolimus. The response rate was 20% in those "
                  "with prior sunitinib and 10% in those with prior sorafenib.")
    assert [a["components"] for a in s["arms"]] == [["everolimus"]]


def test_an_arm_named_by_one_drug_of_its_regimen():
    s = summarize(None, "Patients received capecitabine plus cisplatin or capecitabine plus paclitaxel. Median PFS was "
                        "5.1 months in the cisplatin arm and 6.7 months in the paclitaxel arm.")
    arms = _arms(s)
    assert arms[frozenset({"capecitabine", "cisplatin"})]["pfs_median_months"] == 5.1
    assert arms[frozenset({"capecitabine", "paclitaxel"})]["pfs_median_months"] == 6.7


@pytest.mark.parametrize("text, months", [
    ("The median overall survival was 1.5 years.", 18.0),
    ("Median OS was 2 years.", 24.0),
    ("The median survival time was 30 weeks.", 6.9),
    ("The median survival was 200 days.", 6.6),
])
def test_medians_in_years_weeks_or_days_are_converted_to_months(text, months):
    (arm,) = summarize("Sorafenib in liver cancer", "Thirty patients received sorafenib. " + text)["arms"]
    assert arm["os_median_months"] == months


@pytest.mark.parametrize("text", [
    "Overall survival was 4 years in one patient.",
    "The survival rate at 5 years was 40%.",
    "Patients were alive after 11.5 years (median) of follow-up.",
])
def test_years_that_are_not_a_median_are_not_read_as_one(text):
    (arm,) = summarize("Sorafenib in liver cancer", "Thirty patients received sorafenib. " + text)["arms"]
    assert arm["os_median_months"] is None
