"""Cohorts counted by treatment in one list ("50 received A, 40 received B and 30 received C") are arms with their
sizes, and a list of as many values lines up with them; "the entire cohort" and a value given "overall" are all
patients, not a subgroup.

Own sentences, several wordings per construction.
"""
from __future__ import annotations

import pytest

import extractors


def _arms(text):
    _, summary = extractors.analyze("", text)
    return {a["regimen"]: a for a in summary["arms"]}


@pytest.mark.parametrize("text", [
    "Of 141 patients, 62 received everolimus, 47 received sunitinib and 32 received FOLFOX.",
    "We reviewed 141 patients: 62 were treated with everolimus, 47 with sunitinib, and 32 with FOLFOX.",
    "Among 141 patients, 62 received everolimus, 47 sunitinib and 32 FOLFOX.",
    "Sixty-two patients received everolimus, 47 received sunitinib and 32 received FOLFOX.",
])
def test_three_counted_cohorts_are_three_arms_with_their_sizes(text):
    arms = _arms(text)
    assert {name: a["n"] for name, a in arms.items()} == {"everolimus": 62, "sunitinib": 47, "FOLFOX": 32}


def test_a_values_list_lines_up_with_the_counted_cohorts_in_order():
    arms = _arms("Of 141 patients, 62 received everolimus, 47 received sunitinib and 32 received FOLFOX. "
                 "Median PFS was 16.1, 11.0 and 5.4 months, respectively.")
    assert [arms[k]["pfs_median_months"] for k in ("everolimus", "sunitinib", "FOLFOX")] == [16.1, 11.0, 5.4]


@pytest.mark.parametrize("text, sizes", [
    ("Of 141 patients, 62 had surgery and 47 received sunitinib.", (62, 32)),  # surgery is no drug arm
    ("The ORR was 62% with everolimus, 47% with sunitinib and 32% with FOLFOX.", (62, 47, 32)),  # values, not counts
])
def test_an_untreated_count_or_a_values_sentence_makes_no_counted_arms(text, sizes):
    arms = _arms(text)
    assert not any(a["n"] in sizes for a in arms.values())


@pytest.mark.parametrize("phrase", ["in the entire cohort", "in the overall population", "in the whole cohort"])
def test_the_entire_cohort_is_all_patients_not_a_subgroup(phrase):
    findings, _ = extractors.analyze("", f"Eighty patients received lanreotide. Median PFS was 21.3 months {phrase}.")
    pfs = [f for f in findings if f.metric == "pfs_median"]
    assert [(f.value, f.arm, f.subgroup) for f in pfs] == [(21.3, "lanreotide", None)]


@pytest.mark.parametrize("text, whole, groups", [
    ("Median PFS was 17.5 months overall and 9.5 months in patients with G2 tumours.",
     17.5, {9.5: "G2 tumours"}),
    ("The ORR was 24% overall, 35% in pancreatic NETs and 6% in small-bowel NETs.",
     24.0, {35.0: "pancreatic NETs", 6.0: "small-bowel NETs"}),
    ("Overall, median PFS was 17.5 months; in G2 tumours it was 9.5 months.", 17.5, {9.5: "G2 tumours"}),
])
def test_a_value_given_overall_is_the_arms_and_the_next_groups_keep_theirs(text, whole, groups):
    findings, _ = extractors.analyze("", "Eighty patients received lanreotide. " + text)
    got = {(f.value, f.arm, f.subgroup) for f in findings if f.metric in ("pfs_median", "orr")}
    assert (whole, "lanreotide", None) in got
    assert all((v, "lanreotide", g) in got for v, g in groups.items())
