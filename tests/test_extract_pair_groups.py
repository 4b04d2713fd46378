"""A bracketed pair of values and what names it (the subgroup phrase before the bracket, the comparator side), and a
landmark time written unit first.

Own sentences, several wordings per construction:
- "PFS was longer with A than with B in <subgroup> (x vs y months)": both values are the subgroup's, one per arm;
- "PFS was longer than with A (x vs y months)": the arm named after "than" is the comparison's second side.
- "the rate of PFS at month 18 was x% versus y%": a landmark time written unit first.
"""
from __future__ import annotations

import pytest

import extractors

TRIAL = "In this phase 3 trial, 250 patients were randomly assigned to sorafenib or placebo. "


def _values(text):
    findings, _ = extractors.analyze("", TRIAL + text)
    return {(f.metric, f.value, f.arm, f.subgroup) for f in findings if f.metric not in ("n", "n_enrolled")}


@pytest.mark.parametrize("text, subgroup", [
    ("Median PFS was longer with sorafenib than with placebo in ileal NETs (11.2 vs 4.1 months).", "ileal NETs"),
    ("Sorafenib improved median PFS versus placebo in lung carcinoids (9.6 versus 3.3 months).", "lung carcinoids"),
    ("Median PFS favoured sorafenib over placebo among patients with G2 tumours (10.5 vs 2.9 months).", "G2 tumours"),
])
def test_a_subgroup_before_a_pair_is_both_values_subgroup(text, subgroup):
    values = _values(text)
    high, low = sorted((v for v in values if v[0] == "pfs_median"), key=lambda v: -v[1])
    assert (high[2], high[3]) == ("sorafenib", subgroup)
    assert (low[2], low[3]) == ("placebo", subgroup)


def test_two_subgroup_pairs_in_one_sentence_keep_their_own_subgroup():
    values = _values("Median PFS was longer with sorafenib than with placebo in gastric NETs (12.0 vs 5.0 months) "
                     "and in rectal NETs (8.0 vs 3.0 months).")
    assert ("pfs_median", 12.0, "sorafenib", "gastric NETs") in values
    assert ("pfs_median", 3.0, "placebo", "rectal NETs") in values


@pytest.mark.parametrize("text", [
    "Median PFS was longer in the sorafenib arm (11.2 vs 4.1 months).",
    "Median PFS was 11.2 months with sorafenib (vs 4.1 months with placebo).",
    "Median PFS was longer in all patients randomised (11.2 vs 4.1 months).",
])
def test_an_arm_or_the_whole_trial_before_a_pair_is_no_subgroup(text):
    values = _values(text)
    assert ("pfs_median", 11.2, "sorafenib", None) in values
    assert ("pfs_median", 4.1, "placebo", None) in values


@pytest.mark.parametrize("text, first, second", [
    ("Median PFS was shorter than with sorafenib (4.1 vs 11.2 months).", ("placebo", 4.1), ("sorafenib", 11.2)),
    ("The ORR was lower than in the sorafenib group (3% vs 21%).", ("placebo", 3.0), ("sorafenib", 21.0)),
    ("Median OS was shorter than in those receiving sorafenib (9.9 versus 14.6 months).",
     ("placebo", 9.9), ("sorafenib", 14.6)),
    ("Median PFS was longer with sorafenib than with placebo (11.2 vs 4.1 months).",
     ("sorafenib", 11.2), ("placebo", 4.1)),
])
def test_an_arm_named_after_than_is_the_second_side_of_the_pair(text, first, second):
    got = {(v[2], v[1]) for v in _values(text)}
    assert first in got and second in got


@pytest.mark.parametrize("text, metric, months", [
    ("The estimated rate of PFS at month 18 was 61.0% versus 12.5%.", "pfs_rate", 18.0),
    ("The PFS rate at month 6 was 61.0% and 12.5%, respectively.", "pfs_rate", 6.0),
    ("Overall survival by year 2 was 61.0% vs 12.5%.", "os_rate", 24.0),
])
def test_a_landmark_written_unit_first_is_the_rates_time(text, metric, months):
    findings, _ = extractors.analyze("", TRIAL + text)
    got = {(f.metric, f.value, f.timepoint_months, f.arm) for f in findings}
    assert (metric, 61.0, months, "sorafenib") in got and (metric, 12.5, months, "placebo") in got
