"""Constructions the RCT-ART development half showed (issue 12; benchmarks/score_rct_art.py): how result sentences of
randomised trials give the two arms' values. Every construction in several wordings; the sentences and numbers are
written for these tests."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.outcomes import sentence_values

ALLOC = "Patients were randomly assigned to gemcitabine or docetaxel. "


def _by_drug(text: str) -> dict:
    return {a["regimen"]: a for a in summarize(None, text)["arms"] if not a["pooled"]}


# ---- a verdict on the endpoint, then both arms' medians in brackets
@pytest.mark.parametrize("sentence, field", [
    ("Overall survival was similar (21 and 22 months for gemcitabine and docetaxel, respectively; HR 0.94).",
     "os_median_months"),
    ("Overall survival was not significantly different (21 versus 22 months for gemcitabine and docetaxel, "
     "respectively).", "os_median_months"),
    ("Progression-free survival was comparable between the arms [21 vs. 22 months with gemcitabine and docetaxel, "
     "respectively; P = 0.61].", "pfs_median_months"),
    ("Time to progression did not differ (21 and 22 months in the gemcitabine and docetaxel arms, respectively).",
     "pfs_median_months"),
    ("There was no difference in overall survival (21 months for gemcitabine v 22 months for docetaxel).",
     "os_median_months"),
    ("Survival was significantly longer (91.3 weeks with gemcitabine versus 95.6 weeks with docetaxel).",
     "os_median_months"),
])
def test_verdict_then_both_medians_in_brackets(sentence, field):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"][field] == 21.0
    assert arms["docetaxel"][field] == 22.0


@pytest.mark.parametrize("sentence", [
    # a follow-up in brackets is no median
    "Overall survival was similar in both arms after a median follow-up (21 and 22 months).",
    # a mean is no median
    "Overall survival was similar (mean 21 and 22 months).",
    # a landmark rate in brackets is no median
    "Overall survival was similar (45% and 50% at 2 years for the two arms).",
])
def test_no_median_from_a_bracket_that_is_not_one(sentence):
    assert not [v for v in sentence_values(sentence) if v.metric.endswith("_median")]


# ---- the first value of a pair with its arm, the unit written only after the second
@pytest.mark.parametrize("sentence, field, first, second", [
    ("Median progression-free survival was 28.9 for gemcitabine versus 23.3 weeks for docetaxel.",
     "pfs_median_months", 6.7, 5.4),
    ("The median survival was 9.1 with gemcitabine and 6.3 months with docetaxel.", "os_median_months", 9.1, 6.3),
    ("Median overall survival reached 11.5 in the gemcitabine group compared with 8.0 months in the docetaxel group.",
     "os_median_months", 11.5, 8.0),
    ("The objective response rates were 41 with gemcitabine versus 30% with docetaxel.", "orr_pct", 41.0, 30.0),
])
def test_first_value_of_a_pair_takes_the_unit_written_after_the_second(sentence, field, first, second):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"][field] == first
    assert arms["docetaxel"][field] == second


@pytest.mark.parametrize("sentence", [
    "Grade 3 neutropenia occurred in 12 with gemcitabine versus 30% with docetaxel.",  # no outcome of ours
    "Patients received a median of 6 cycles with gemcitabine and the response rate was 30% with docetaxel.",
])
def test_a_bare_count_before_an_arm_is_no_value(sentence):
    assert not [v for v in sentence_values(sentence) if v.value in (6.0, 12.0)]


# ---- a range whose bound carries a censoring mark ("26+") is no value
@pytest.mark.parametrize("sentence, first, second", [
    ("Median overall survival was 12.1 (range 1-26+ months) and 12.5 months (range 1-28+ months) for gemcitabine "
     "and docetaxel, respectively.", 12.1, 12.5),
    ("Median survival was 40 weeks (range, 3+ to 90+ weeks) with gemcitabine and 31 weeks (range, 2 to 85+ weeks) "
     "with docetaxel.", 9.2, 7.1),
    ("The median overall survival was 14.0 months (range: 2-33+) with gemcitabine and 10.2 months (range: 1-29+) "
     "with docetaxel.", 14.0, 10.2),
])
def test_censored_range_bound_is_masked(sentence, first, second):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"]["os_median_months"] == first
    assert arms["docetaxel"]["os_median_months"] == second
    assert {v.value for v in sentence_values(sentence)} == {first, second}


# ---- a pair with only the favoured arm named: that arm has the higher value, whatever the order of mention
@pytest.mark.parametrize("sentence, field, gem, doc", [
    ("Median survival was 16 versus 20 months with a nonsignificant trend in favor of docetaxel (P = 0.09).",
     "os_median_months", 16.0, 20.0),
    ("Median survival was 20 versus 16 months, in favour of docetaxel (P = 0.04).", "os_median_months", 16.0, 20.0),
    ("Median time to progression favored docetaxel (4.3 vs. 6.4 months, P = 0.044).", "pfs_median_months", 4.3, 6.4),
    ("The response rate was 31% versus 20%, a difference favouring the gemcitabine arm.", "orr_pct", 31.0, 20.0),
])
def test_the_favoured_arm_has_the_higher_value(sentence, field, gem, doc):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"][field] == gem
    assert arms["docetaxel"][field] == doc


# ---- landmark rates at two timepoints for each of two groups, each group's values in timepoint order
@pytest.mark.parametrize("sentence, t1, t2", [
    ("The 2- and 3-year survival rates were 44% and 34% for gemcitabine, and 24% and 14% for docetaxel, "
     "respectively.", 24.0, 36.0),
    ("Two- and 3-year survival was 44% and 34% with gemcitabine and 24% and 14% with docetaxel.", 24.0, 36.0),
    ("One- and two-year overall survival rates were 44% and 34% in the gemcitabine arm versus 24% and 14% in the "
     "docetaxel arm.", 12.0, 24.0),
])
def test_landmark_grid_of_timepoints_by_group(sentence, t1, t2):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"]["os_rate"] == [{"months": t1, "pct": 44.0}, {"months": t2, "pct": 34.0}]
    assert arms["docetaxel"]["os_rate"] == [{"months": t1, "pct": 24.0}, {"months": t2, "pct": 14.0}]


@pytest.mark.parametrize("sentence", [
    "The 1- and 2-year survival rates were 61%, 40%, 52% and 31%.",  # no group named: either order could be meant
    # each value names its own group (values by timepoint first): not read as runs of one group
    "The 1- and 2-year survival rates were 61% for gemcitabine and 52% for docetaxel, and 40% for gemcitabine and "
    "31% for docetaxel.",
])
def test_landmark_grid_without_one_group_per_run_is_left_out(sentence):
    assert [v for v in sentence_values(ALLOC + sentence) if v.metric == "os_rate"] == []


# ---- a control arm with one drug and the combination that adds a drug to it, named together
CIS_ALLOC = "Patients were randomly assigned to cisplatin alone or paclitaxel plus cisplatin. "


@pytest.mark.parametrize("sentence, field, cis, combo", [
    ("Median overall survival was 8.1 and 10.4 months in the cisplatin and paclitaxel plus cisplatin arms, "
     "respectively.", "os_median_months", 8.1, 10.4),
    ("Median time to progression was 2.7 and 4.1 months in the cisplatin and paclitaxel/cisplatin arms, "
     "respectively.", "pfs_median_months", 2.7, 4.1),
    ("The response rates were 17% and 26% for cisplatin and paclitaxel + cisplatin, respectively.", "orr_pct", 17.0,
     26.0),
    ("Median overall survival was 10.4 and 8.1 months in the paclitaxel plus cisplatin and cisplatin arms, "
     "respectively.", "os_median_months", 8.1, 10.4),
])
def test_a_drug_and_its_combination_named_together_are_two_arms(sentence, field, cis, combo):
    arms = _by_drug(CIS_ALLOC + sentence)
    assert arms["cisplatin"][field] == cis
    assert arms["paclitaxel + cisplatin"][field] == combo


# ---- the arms of a list named after it, before 'respectively', not a drug named earlier in the sentence
@pytest.mark.parametrize("sentence", [
    "Adding paclitaxel prolonged median overall survival (8.1 v 10.4 months for cisplatin and paclitaxel plus "
    "cisplatin, respectively).",
    "With paclitaxel added, median overall survival was 8.1 and 10.4 months in the cisplatin and paclitaxel plus "
    "cisplatin arms, respectively.",
    "Paclitaxel improved overall survival: medians were 8.1 and 10.4 months with cisplatin and paclitaxel plus "
    "cisplatin, respectively.",
])
def test_list_arms_named_before_respectively(sentence):
    arms = _by_drug(CIS_ALLOC + sentence)
    assert arms["cisplatin"]["os_median_months"] == 8.1
    assert arms["paclitaxel + cisplatin"]["os_median_months"] == 10.4


# ---- a value that names the difference between the arms is no arm's value
@pytest.mark.parametrize("sentence, diff", [
    ("Compared with the cisplatin-only arm, there was a 9% improvement (95% CI, 0% to 19%) in overall response rate "
     "for the paclitaxel/cisplatin arm (17% v 26%, respectively).", 9.0),
    ("The response rate showed an 11% absolute increase with paclitaxel plus cisplatin (28% vs 17% with cisplatin).",
     11.0),
    ("There was a 2.1 months difference in median overall survival (10.2 vs 8.1 months).", 2.1),
])
def test_a_difference_is_no_value(sentence, diff):
    assert diff not in {v.value for v in sentence_values(sentence)}
    assert len(sentence_values(sentence)) == 2
