"""More ways papers write each arm's value (issue 12, values): a blocker word that names a group ("in grade 2 tumours",
"for patients with liver metastases"), one value for two named arms, rates by RECIST beside rates by other criteria,
and second clauses without their verb. Every construction in several wordings; the sentences and numbers are written
for these tests (a three-arm trial where the arm order alone could place a value)."""
from __future__ import annotations

import pytest

import extractors

TRIAL = "In this phase 2 trial, 180 patients were randomly assigned to cetuximab or panitumumab. "
THREE = "In this phase 2 trial, 270 patients were randomly assigned to cetuximab, panitumumab or placebo. "


def _values(text):
    findings, _ = extractors.analyze("", text)
    return {(f.metric, f.value, f.arm, f.subgroup) for f in findings if f.metric not in ("n", "n_enrolled")}


# 1. a blocker word inside a group's phrase names the group, not the measure
@pytest.mark.parametrize("text, metric, subgroup, first, second", [
    ("Median PFS was longer in grade 2 tumours (6.4 versus 3.1 months).", "pfs_median", "grade 2 tumours", 6.4, 3.1),
    ("The ORR was higher for patients with liver metastases (27% vs 9%).", "orr", "liver metastases", 27.0, 9.0),
    ("Median OS was longer among patients with grade 3 disease (10.2 vs 7.7 months).", "os_median", "grade 3 disease",
     10.2, 7.7),
    ("The response rate was better in patients with bone metastases (33% versus 14%).", "orr", "bone metastases",
     33.0, 14.0),
    ("Median OS favoured cetuximab for women with lung metastases (12.6 vs 8.8 months).", "os_median",
     "lung metastases", 12.6, 8.8),
])
def test_a_blocker_word_in_a_group_phrase_names_the_group(text, metric, subgroup, first, second):
    got = _values(TRIAL + text)
    assert (metric, first, "cetuximab", subgroup) in got and (metric, second, "panitumumab", subgroup) in got


@pytest.mark.parametrize("text, metric, value, subgroup", [
    ("In patients with liver metastases, median PFS was 4.6 months.", "pfs_median", 4.6, "liver metastases"),
    ("Median PFS was 8.2 months in grade 1 tumours and 3.9 months in grade 3 tumours.", "pfs_median", 3.9,
     "grade 3 tumours"),
])
def test_a_value_after_a_group_named_by_a_blocker_word_is_the_groups(text, metric, value, subgroup):
    assert any(v[:2] == (metric, value) and v[3] == subgroup for v in _values(TRIAL + text))


@pytest.mark.parametrize("text", [
    "The ORR was 24%. Grade 3 neutropenia occurred in 12% of patients.",
    "The ORR was 24%, and liver metastases were present in 31%.",
    "The ORR was 24%; grade 4 toxicity was seen in 12%.",
])
def test_a_blocker_that_is_the_measure_still_blocks(text):
    assert {v[1] for v in _values(TRIAL + text) if v[0] == "orr"} == {24.0}


# 2. one value for two named arms: each of them gets it (not a third arm)
@pytest.mark.parametrize("text, metric, value", [
    ("The ORR was the same in the cetuximab and panitumumab arms (10.6%).", "orr", 10.6),
    ("The response rate was identical for cetuximab and panitumumab (12%).", "orr", 12.0),
    ("The ORR was 10.6% in both the cetuximab and panitumumab arms.", "orr", 10.6),
    ("Median OS was comparable between the cetuximab and panitumumab groups (11.4 months; P = .7).", "os_median", 11.4),
])
def test_one_value_for_two_named_arms_is_each_arms(text, metric, value):
    got = _values(THREE + text)
    assert (metric, value, "cetuximab", None) in got and (metric, value, "panitumumab", None) in got
    assert not any(v[0] == metric and v[2] == "placebo" for v in got)


@pytest.mark.parametrize("text, metric, value", [
    ("The response rate was similar in both arms (71%).", "orr", 71.0),
    ("Median PFS was similar in the two arms (5.6 months).", "pfs_median", 5.6),
    ("Median PFS was 5.6 months in both groups.", "pfs_median", 5.6),
])
def test_one_value_said_of_both_arms_is_each_arms(text, metric, value):
    got = _values(TRIAL + text)
    assert (metric, value, "cetuximab", None) in got and (metric, value, "panitumumab", None) in got


def test_a_pair_after_a_comparison_of_two_arms_stays_a_pair():
    got = _values(TRIAL + "Median OS was comparable between the cetuximab and panitumumab groups (11.4 vs 10.1 months).")
    assert ("os_median", 11.4, "cetuximab", None) in got and ("os_median", 10.1, "panitumumab", None) in got
    assert ("os_median", 11.4, "panitumumab", None) not in got


# 3. counts in brackets do not break a list
@pytest.mark.parametrize("text", [
    "In the cetuximab and panitumumab arms, the ORR was 52.9% (18/34) and 46.9% (23/49), respectively.",
    "The ORRs were 52.9% (18/34) and 46.9% (23/49) for cetuximab and panitumumab, respectively.",
    "For cetuximab and panitumumab, response rates were 52.9% (18 of 34) and 46.9% (23 of 49), respectively.",
])
def test_counts_in_brackets_keep_a_respectively_list(text):
    got = _values(TRIAL + text)
    assert ("orr", 52.9, "cetuximab", None) in got and ("orr", 46.9, "panitumumab", None) in got


# 4. a rate by RECIST beside a rate by other criteria: the RECIST rate is the ORR
@pytest.mark.parametrize("text", [
    "The ORR was 22% by RECIST 1.1 and 38% by Choi criteria.",
    "The objective response rate was 22% according to RECIST and 38% according to Choi criteria.",
    "The ORR was 38% by Choi criteria and 22% by RECIST version 1.1.",
    "The ORR was 22% (RECIST 1.1) and 38% (Choi).",
    "The ORR was 22% by RECIST v1.1 and 38% by mRECIST.",
])
def test_a_rate_by_other_criteria_beside_recist_is_no_orr(text):
    assert {v[1] for v in _values("In this phase 2 trial, 60 patients received cetuximab. " + text)
            if v[0] == "orr"} == {22.0}


def test_rates_by_recist_alone_stay_the_arms():
    got = _values(TRIAL + "Response rates were 31% and 17% by RECIST 1.1.")
    assert ("orr", 31.0, "cetuximab", None) in got and ("orr", 17.0, "panitumumab", None) in got
    assert not any(v[1] == 1.1 for v in got)


# 5. a second clause without its verb names its value's group
@pytest.mark.parametrize("text, metric, first, second", [
    ("The rate of response in the cetuximab group was 21.7%, and in the panitumumab group, 11.9%.", "orr", 21.7, 11.9),
    ("The rate of response in the cetuximab group was 21.7%, and in the panitumumab group, it was 11.9%.", "orr",
     21.7, 11.9),
    ("The ORR in the cetuximab group was 21.7%, and that of the panitumumab group, 11.9%.", "orr", 21.7, 11.9),
    ("Median OS was 12.3 months in the cetuximab group and, in the panitumumab group, 9.4 months.", "os_median",
     12.3, 9.4),
    ("The rate of response in the cetuximab group was 21.7%; in the panitumumab group, 11.9%.", "orr", 21.7, 11.9),
])
def test_an_elliptical_second_clause_names_its_group(text, metric, first, second):
    got = _values(THREE + text)
    assert (metric, first, "cetuximab", None) in got and (metric, second, "panitumumab", None) in got
    assert not any(v[0] == metric and v[2] == "placebo" for v in got)


@pytest.mark.parametrize("text, metric, value, subgroup", [
    ("Median PFS was 9.2 months among responders; among non-responders, 4.1 months.", "pfs_median", 4.1,
     "non-responders"),
    ("The ORR in the KRAS wild-type subgroup was 21.7%, and that of the KRAS-mutant subgroup, 11.9%.", "orr", 11.9,
     "KRAS-mutant subgroup"),
    ("The ORR in grade 1 tumours was 21.7%, and in grade 2 tumours, it was 11.9%.", "orr", 11.9, "grade 2 tumours"),
])
def test_an_elliptical_second_clause_keeps_its_subgroup(text, metric, value, subgroup):
    got = _values("In this phase 2 trial, 60 patients received cetuximab. " + text)
    assert (metric, value, "cetuximab", subgroup) in got and (metric, value, "cetuximab", None) not in got
