"""Subgroup and subset values (issue 12, subgroups): values given for a group of the patients (by site, grade,
biomarker, prior lines) stay on that subgroup, with its size where the text gives it, and are not lifted to the arm;
a "group" as large as the whole study is the study itself. Every construction in several wordings; the sentences
and numbers are written for these tests."""
from __future__ import annotations

import pytest

from extractors import summarize

TITLE = "Sunitinib in advanced neuroendocrine tumours"
STUDY = "We treated 64 patients with sunitinib. Median PFS was 10.4 months. "


def _arm(text):
    arms = [a for a in summarize(TITLE, text)["arms"] if not a["pooled"]]
    assert len(arms) == 1, arms
    return arms[0]


def _subs(arm, field):
    """Subgroup name -> its ``field`` value, for the subgroups that have one."""
    return {s["name"]: s[field] for s in arm["subgroups"] if s[field] is not None}


@pytest.mark.parametrize("sentence, name", [
    ("Among 22 patients with pancreatic tumours, the median PFS was 15.1 months.", "pancreatic tumours"),
    ("In the 22 patients with grade 3 disease, median PFS was 15.1 months.", "grade 3 disease"),
    ("Results: among twenty two patients with small-bowel primary tumours (SBP), the median PFS was 15.1 months.",
     "small-bowel primary tumours"),
    ("Of 22 evaluable patients with KRAS-mutant tumours, median progression-free survival was 15.1 months.",
     "KRAS-mutant tumours"),
])
def test_a_counted_group_opening_the_clause_is_a_subgroup_with_its_n(sentence, name):
    arm = _arm(STUDY + sentence)
    assert arm["pfs_median_months"] == 10.4  # the arm keeps its own value: the subgroup's is not lifted to it
    assert _subs(arm, "pfs_median_months") == {name: 15.1}
    assert _subs(arm, "n") == {name: 22}


@pytest.mark.parametrize("sentence", [
    "Among 64 patients with pancreatic tumours, the median PFS was 10.4 months.",
    "In the 64 patients with advanced disease, median PFS was 10.4 months.",
])
def test_a_counted_group_as_large_as_the_study_is_the_study(sentence):
    arm = _arm("We treated 64 patients with sunitinib. " + sentence)
    assert arm["pfs_median_months"] == 10.4
    assert arm["subgroups"] == []


@pytest.mark.parametrize("sentence", [
    # the group's scope ends before the value: a new clause about other or all patients
    "Among 22 patients with pancreatic tumours, 9 responded; overall, the median PFS was 10.4 months.",
    "In 22 patients with grade 3 disease, responses were rare, whereas median PFS was 10.4 months in all patients.",
])
def test_a_value_after_the_counted_group_s_clause_is_the_arm_s(sentence):
    arm = _arm("We treated 64 patients with sunitinib. " + sentence)
    assert arm["pfs_median_months"] == 10.4
    assert _subs(arm, "pfs_median_months") == {}


@pytest.mark.parametrize("sentence, names", [
    ("Median PFS was 14.2 and 6.1 months in patients with Ki-67 below 10% or above 10%, respectively.",
     ("Ki-67 below 10%", "above 10%")),
    ("Median PFS was 14.2 and 6.1 months (P = 0.02) in patients with G1 or G2 tumours, respectively.",
     ("G1", "G2 tumours")),
    ("Median PFS was 14.2 months and 6.1 months among patients with and without liver metastases.",
     ("with liver metastases", "without liver metastases")),
    ("Median PFS was 14.2 and 6.1 months, respectively, in the first-line and second-line groups.",
     ("first-line", "second-line")),
])
def test_two_values_lined_up_with_two_groups_named_after_them(sentence, names):
    arm = _arm(STUDY + sentence)
    assert arm["pfs_median_months"] == 10.4
    assert _subs(arm, "pfs_median_months") == {names[0]: 14.2, names[1]: 6.1}


@pytest.mark.parametrize("sentence, names", [
    ("Median PFS in the KRAS-mutant and wild-type groups was 14.2 months and 6.1 months, respectively.",
     ("KRAS-mutant", "wild-type")),
    ("Median PFS in the exon 20 insertion and T790M groups was 14.2 and 6.1 months, respectively.",
     ("exon 20 insertion", "T790M")),
    ("Median PFS for the BRAF V600E and V600K subgroups was 14.2 and 6.1 months, respectively.",
     ("BRAF V600E", "V600K")),
])
def test_a_coordinated_list_of_groups_before_the_values_is_all_subgroups(sentence, names):
    arm = _arm(STUDY + sentence)
    assert arm["pfs_median_months"] == 10.4
    assert _subs(arm, "pfs_median_months") == {names[0]: 14.2, names[1]: 6.1}


@pytest.mark.parametrize("sentence", [
    "Patients with grade 2 disease had an ORR of 35% (7/20 patients) versus 5% in grade 1 tumours (1/19 patients).",
    "Patients with grade 2 disease had an ORR of 35% (7/20 patients) compared with 5% in grade 1 tumours "
    "(1/19 patients; P = 0.04).",
])
def test_a_group_s_size_from_its_count_of_patients(sentence):
    arm = _arm("We treated 64 patients with sunitinib. The ORR was 19%. " + sentence)
    assert arm["orr_pct"] == 19.0
    assert _subs(arm, "orr_pct") == {"grade 2 disease": 35.0, "grade 1 tumours": 5.0}
    assert _subs(arm, "n") == {"grade 2 disease": 20, "grade 1 tumours": 19}


@pytest.mark.parametrize("sentence", [
    "The ORR was 35% versus 5% in grade 1 tumours.",
    "The ORR was 5% in grade 1 tumours and 35% in grade 2 tumours.",
])
def test_a_value_in_a_grade_is_read(sentence):
    """'5% in grade 1 tumours' is a value of that group, not a grade-1 adverse-event rate."""
    arm = _arm("We treated 64 patients with sunitinib. " + sentence)
    assert 5.0 in _subs(arm, "orr_pct").values()


@pytest.mark.parametrize("sentence, names", [
    ("The ORR in chemo-naive patients (52%) differed from that in previously treated patients (21%).",
     ("chemo-naive patients", "previously treated patients")),
    ("Response rates were 52% in untreated patients and 21% in heavily treated patients.",
     ("untreated patients", "heavily treated patients")),
])
def test_previously_treated_patients_are_a_subgroup_not_all_treated_patients(sentence, names):
    arm = _arm("We treated 64 patients with sunitinib. The ORR was 30%. " + sentence)
    assert arm["orr_pct"] == 30.0
    assert _subs(arm, "orr_pct") == {names[0]: 52.0, names[1]: 21.0}
