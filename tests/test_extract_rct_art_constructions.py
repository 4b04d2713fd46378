"""Constructions the RCT-ART development half showed (issue 12; benchmarks/score_rct_art.py): how result sentences of
randomised trials give the two arms' values. Every construction in several wordings; the sentences and numbers are
written for these tests (none is taken from the corpus)."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.outcomes import sentence_values

ALLOC = "Patients were randomly assigned to gemcitabine or docetaxel. "


def _by_drug(text: str) -> dict:
    return {a["regimen"]: a for a in summarize(None, text)["arms"] if not a["pooled"]}


# ---- a verdict on the endpoint, then both arms' medians in brackets
@pytest.mark.parametrize("sentence, field", [
    ("Overall survival was similar (18 and 19 months for gemcitabine and docetaxel, respectively; HR 1.03).",
     "os_median_months"),
    ("Overall survival was not significantly different (18 versus 19 months for gemcitabine and docetaxel, "
     "respectively).", "os_median_months"),
    ("Progression-free survival was comparable between the arms [18 vs. 19 months with gemcitabine and docetaxel, "
     "respectively; P = 0.74].", "pfs_median_months"),
    ("Time to progression did not differ (18 and 19 months in the gemcitabine and docetaxel arms, respectively).",
     "pfs_median_months"),
    ("We saw no difference in overall survival (18 months for gemcitabine v 19 months for docetaxel).",
     "os_median_months"),
    ("Survival was not significantly longer (78.2 weeks with gemcitabine versus 82.6 weeks with docetaxel).",
     "os_median_months"),
])
def test_verdict_then_both_medians_in_brackets(sentence, field):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"][field] == 18.0
    assert arms["docetaxel"][field] == 19.0


@pytest.mark.parametrize("sentence", [
    # a follow-up in brackets is no median
    "Overall survival was similar in both arms after a median follow-up (18 and 19 months).",
    # a mean is no median
    "Overall survival was similar (mean 18 and 19 months).",
    # a landmark rate in brackets is no median
    "Overall survival was similar (41% and 46% at 2 years for the two arms).",
])
def test_no_median_from_a_bracket_that_is_not_one(sentence):
    assert not [v for v in sentence_values(sentence) if v.metric.endswith("_median")]


# ---- the first value of a pair with its arm, the unit written only after the second
@pytest.mark.parametrize("sentence, field, first, second", [
    ("Median progression-free survival was 31.4 for gemcitabine versus 26.2 weeks for docetaxel.",
     "pfs_median_months", 7.2, 6.0),
    ("The median survival was 9.7 with gemcitabine and 7.4 months with docetaxel.", "os_median_months", 9.7, 7.4),
    ("Median overall survival reached 11.5 in the gemcitabine group compared with 8.0 months in the docetaxel group.",
     "os_median_months", 11.5, 8.0),
    ("The objective response rates were 38 with gemcitabine versus 27% with docetaxel.", "orr_pct", 38.0, 27.0),
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


# ---- a range whose bound carries a censoring mark ("31+") is no value
@pytest.mark.parametrize("sentence, first, second", [
    ("Median overall survival was 13.6 (range 2-31+ months) and 11.9 months (range 1-33+ months) for gemcitabine "
     "and docetaxel, respectively.", 13.6, 11.9),
    ("Median survival was 44 weeks (range, 5+ to 96+ weeks) with gemcitabine and 35 weeks (range, 3 to 88+ weeks) "
     "with docetaxel.", 10.1, 8.1),
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
    ("Median survival was 13 versus 17 months, a trend in favor of docetaxel that was not significant (P = 0.21).",
     "os_median_months", 13.0, 17.0),
    ("Median survival was 17 versus 13 months, in favour of docetaxel (P = 0.03).", "os_median_months", 13.0, 17.0),
    ("Median time to progression favored docetaxel (3.8 vs. 5.9 months, P = 0.02).", "pfs_median_months", 3.8, 5.9),
    ("The response rate was 36% versus 22%, a difference favouring the gemcitabine arm.", "orr_pct", 36.0, 22.0),
])
def test_the_favoured_arm_has_the_higher_value(sentence, field, gem, doc):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"][field] == gem
    assert arms["docetaxel"][field] == doc


# ---- landmark rates at two timepoints for each of two groups, each group's values in timepoint order
@pytest.mark.parametrize("sentence, t1, t2", [
    ("The 1- and 2-year survival rates were 58% and 39% for gemcitabine, and 47% and 28% for docetaxel, "
     "respectively.", 12.0, 24.0),
    ("Two- and 4-year survival was 58% and 39% with gemcitabine and 47% and 28% with docetaxel.", 24.0, 48.0),
    ("One- and three-year overall survival rates were 58% and 39% in the gemcitabine arm versus 47% and 28% in the "
     "docetaxel arm.", 12.0, 36.0),
])
def test_landmark_grid_of_timepoints_by_group(sentence, t1, t2):
    arms = _by_drug(ALLOC + sentence)
    assert arms["gemcitabine"]["os_rate"] == [{"months": t1, "pct": 58.0}, {"months": t2, "pct": 39.0}]
    assert arms["docetaxel"]["os_rate"] == [{"months": t1, "pct": 47.0}, {"months": t2, "pct": 28.0}]


@pytest.mark.parametrize("sentence", [
    "The 1- and 2-year survival rates were 63%, 45%, 52% and 31%.",  # no group named: either order could be meant
    # each value names its own group (values by timepoint first): not read as runs of one group
    "The 1- and 2-year survival rates were 63% for gemcitabine and 52% for docetaxel, and 45% for gemcitabine and "
    "31% for docetaxel.",
])
def test_landmark_grid_without_one_group_per_run_is_left_out(sentence):
    assert [v for v in sentence_values(ALLOC + sentence) if v.metric == "os_rate"] == []


# ---- a control arm with one drug and the combination that adds a drug to it, named together
CIS_ALLOC = "Patients were randomly assigned to cisplatin alone or paclitaxel plus cisplatin. "


@pytest.mark.parametrize("sentence, field, cis, combo", [
    ("Median overall survival was 7.3 and 9.6 months in the cisplatin and paclitaxel plus cisplatin arms, "
     "respectively.", "os_median_months", 7.3, 9.6),
    ("Median time to progression was 3.2 and 4.7 months in the cisplatin and paclitaxel/cisplatin arms, "
     "respectively.", "pfs_median_months", 3.2, 4.7),
    ("The response rates were 21% and 33% for cisplatin and paclitaxel + cisplatin, respectively.", "orr_pct", 21.0,
     33.0),
    ("Median overall survival was 9.6 and 7.3 months in the paclitaxel plus cisplatin and cisplatin arms, "
     "respectively.", "os_median_months", 7.3, 9.6),
])
def test_a_drug_and_its_combination_named_together_are_two_arms(sentence, field, cis, combo):
    arms = _by_drug(CIS_ALLOC + sentence)
    assert arms["cisplatin"][field] == cis
    assert arms["paclitaxel + cisplatin"][field] == combo


# ---- the arms of a list named after it, before 'respectively', not a drug named earlier in the sentence
@pytest.mark.parametrize("sentence", [
    "Adding paclitaxel prolonged median overall survival (7.3 v 9.6 months for cisplatin and paclitaxel plus "
    "cisplatin, respectively).",
    "With paclitaxel added, median overall survival was 7.3 and 9.6 months in the cisplatin and paclitaxel plus "
    "cisplatin arms, respectively.",
    "Paclitaxel improved overall survival: medians were 7.3 and 9.6 months with cisplatin and paclitaxel plus "
    "cisplatin, respectively.",
])
def test_list_arms_named_before_respectively(sentence):
    arms = _by_drug(CIS_ALLOC + sentence)
    assert arms["cisplatin"]["os_median_months"] == 7.3
    assert arms["paclitaxel + cisplatin"]["os_median_months"] == 9.6


# ---- a value that names the difference between the arms is no arm's value
@pytest.mark.parametrize("sentence, diff", [
    ("Against the cisplatin-only arm, the paclitaxel/cisplatin arm showed a 12% improvement (95% CI, 3% to 21%) in "
     "overall response rate (21% v 33%, respectively).", 12.0),
    ("The response rate showed an 11% absolute increase with paclitaxel plus cisplatin (28% vs 17% with cisplatin).",
     11.0),
    ("There was a 2.1 months difference in median overall survival (10.2 vs 8.1 months).", 2.1),
])
def test_a_difference_is_no_value(sentence, diff):
    assert diff not in {v.value for v in sentence_values(sentence)}
    assert len(sentence_values(sentence)) == 2
