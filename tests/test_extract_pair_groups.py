"""A bracketed pair of values and what names it (the subgroup phrase before the bracket, the comparator side), and a
landmark time written unit first.

Own sentences, several wordings per construction:
- "PFS was longer with A than with B in <subgroup> (x vs y months)": both values are the subgroup's, one per arm;
- "PFS was longer than with A (x vs y months)": the arm named after "than" is the comparison's second side.
- "the rate of PFS at month 18 was x% versus y%": a landmark time written unit first.
- "x% in the A group and in the B group y%": the verbless second clause names its value's group.
- "PFS with placebo and A was x and y months": a drug arm and a no-drug arm named together are two arms of a list.
- "median PFS and OS were a and b months in A and c and d months in B": one run of a metric list per group.
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


@pytest.mark.parametrize("text, first, second", [
    ("The response rate in the sorafenib group was 21.4% and in the placebo group 3.1%.", 21.4, 3.1),
    ("Median OS was 14.2 months with sorafenib, and with placebo 9.9 months.", 14.2, 9.9),
    ("The ORR was 21.4% in the sorafenib arm, while in the placebo arm, 3.1%.", 21.4, 3.1),
])
def test_a_second_clause_without_its_verb_names_its_values_group(text, first, second):
    got = {(v[2], v[1]) for v in _values(text)}
    assert ("sorafenib", first) in got and ("placebo", second) in got


@pytest.mark.parametrize("text", [
    "Median PFS with placebo and sorafenib was 4.1 and 11.2 months.",
    "Median PFS was 11.2 and 4.1 months with sorafenib and placebo.",
    "The median PFS for sorafenib and placebo were 11.2 and 4.1 months.",
])
def test_a_list_lines_up_with_a_drug_arm_and_a_no_drug_arm_named_together(text):
    got = {(v[2], v[1]) for v in _values(text)}
    assert ("sorafenib", 11.2) in got and ("placebo", 4.1) in got


@pytest.mark.parametrize("text, metrics, runs", [
    ("The median PFS and OS were 11.2 and 20.5 months in the sorafenib arm and 4.1 and 17.0 months in the placebo "
     "arm.", ("pfs_median", "os_median"), {"sorafenib": (11.2, 20.5), "placebo": (4.1, 17.0)}),
    ("Median PFS and OS were 11.2 and 20.5 months with sorafenib, and 4.1 and 17.0 months with placebo.",
     ("pfs_median", "os_median"), {"sorafenib": (11.2, 20.5), "placebo": (4.1, 17.0)}),
    ("ORR and DCR were 14% and 70% for sorafenib and 2% and 51% for placebo.",
     ("orr", "dcr"), {"sorafenib": (14.0, 70.0), "placebo": (2.0, 51.0)}),
])
def test_a_metric_list_with_one_run_of_values_per_group(text, metrics, runs):
    got = {(v[0], v[1], v[2]) for v in _values(text)}
    assert all((m, x, arm) in got for arm, xs in runs.items() for m, x in zip(metrics, xs))


@pytest.mark.parametrize("text", [
    "Median PFS and OS were 11.2 and 20.5 months and 4.1 and 17.0 months.",  # no group named
    "Median PFS and OS were 11.2 and 20.5 months in the sorafenib arm and 4.1 and 17.0 months.",  # one group only
])
def test_runs_of_a_metric_list_without_their_groups_give_nothing(text):
    assert not any(v[0] in ("pfs_median", "os_median") for v in _values(text))
