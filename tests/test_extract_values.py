"""How papers write each arm's value (issue 12, values): comparisons naming one arm, bracketed pairs after an endpoint,
labelled lists, value lists lined up with the regimens of their sentence, endpoint names, and what is not an arm's
value. Every construction in several wordings; the sentences and numbers are written for these tests."""
from __future__ import annotations

import pytest

from extractors import extract, summarize

IRI, DOC = frozenset({"irinotecan"}), frozenset({"docetaxel"})
RANDOMIZED = "Patients with metastatic gastric cancer were randomly assigned to irinotecan or docetaxel. "


def _arms(s):
    return {frozenset(a["components"]) if a["components"] else a["regimen"]: a for a in s["arms"] if not a["pooled"]}


def _pair(text, field):
    arms = _arms(summarize(None, text))
    return arms[IRI][field], arms[DOC][field]


@pytest.mark.parametrize("sentence, field", [
    # the sentence names one arm and compares: its first value is that arm's, the second the other arm's
    ("Irinotecan showed superiority in time to progression (7.4 and 4.2 months, P = .01).", "pfs_median_months"),
    ("Irinotecan demonstrated a significant advantage in overall survival (16.2 and 12.5 months; P = .03).",
     "os_median_months"),
    ("Time to progression was significantly in favour of irinotecan (7.4 vs 4.2 months; P = .003).", "pfs_median_months"),
    ("Irinotecan was superior in TTP (7.4 and 4.2 months) and in response rate (41% and 37%).", "pfs_median_months"),
    ("Irinotecan was superior in TTP (7.4 and 4.2 months) and in response rate (41% and 37%).", "orr_pct"),
    ("The RR was better with irinotecan (41% v 37%; P = .02).", "orr_pct"),
])
def test_a_comparison_naming_one_arm_gives_it_the_first_value(sentence, field):
    want = {"pfs_median_months": (7.4, 4.2), "os_median_months": (16.2, 12.5), "orr_pct": (41.0, 37.0)}[field]
    assert _pair(RANDOMIZED + sentence, field) == want


@pytest.mark.parametrize("sentence", [
    "Irinotecan and docetaxel gave similar results for overall survival (16.2 and 12.5 months).",
    "Overall survival (16.2 and 12.5 months, respectively) did not differ between irinotecan and docetaxel.",
])
def test_an_endpoint_with_its_arms_values_in_brackets_is_their_median(sentence):
    assert _pair(RANDOMIZED + sentence, "os_median_months") == (16.2, 12.5)


@pytest.mark.parametrize("sentence, field, want", [
    ("Patients were randomized to irinotecan (group 1) or docetaxel (group 2). "
     "Response rates were similar (group 1, 41%; group 2, 37%).", "orr_pct", (41.0, 37.0)),
    ("Patients were randomized to irinotecan (arm A) or docetaxel (arm B). "
     "Median PFS differed (arm A, 7.4 months; arm B, 4.2 months; P = .01).", "pfs_median_months", (7.4, 4.2)),
    (RANDOMIZED + "The objective response rate (docetaxel, 37% versus irinotecan, 41%; P = .2) was similar.",
     "orr_pct", (41.0, 37.0)),
    (RANDOMIZED + "Median overall survival was as follows: irinotecan, 16.2 months; docetaxel, 12.5 months.",
     "os_median_months", (16.2, 12.5)),
])
def test_a_label_before_a_value_names_its_arm(sentence, field, want):
    assert _pair(sentence, field) == want


def test_group_numbers_of_a_labelled_list_are_not_values():
    fs = extract("Patients were randomized to irinotecan (group 1) or docetaxel (group 2). "
                 "Response rates were similar (group 1, 41%; group 2, 37%).")
    assert sorted(f.value for f in fs if f.metric == "orr") == [37.0, 41.0]


@pytest.mark.parametrize("sentence", [
    "Median survival on irinotecan was 16.2 months versus 12.5 months on docetaxel (P = .04).",
    "Median survival with irinotecan was 16.2 months versus 12.5 months with docetaxel.",
    "Median overall survival was 16.2 months (95% CI, 13.0 to 19.9) with irinotecan and 12.5 months "
    "(95% CI, 10.1 to 14.2) with docetaxel.",
])
def test_each_side_of_a_contrast_keeps_its_own_arm(sentence):
    assert _pair(RANDOMIZED + sentence, "os_median_months") == (16.2, 12.5)


@pytest.mark.parametrize("sentence", [
    "After a median of 30.1 months of follow-up, median PFS was 7.4 months and 4.2 months in the irinotecan and "
    "docetaxel arms, respectively.",
    "At a median follow-up of 30.1 months, median TTP was 7.4 and 4.2 months in the irinotecan and docetaxel arms, "
    "respectively.",
    "With a median follow-up of 30.1 months, the median TTPs were 7.4 and 4.2 months with irinotecan and docetaxel, "
    "respectively.",
])
def test_a_follow_up_before_a_list_of_medians_is_not_one_of_them(sentence):
    assert _pair(RANDOMIZED + sentence, "pfs_median_months") == (7.4, 4.2)


@pytest.mark.parametrize("sentence", [
    "The clinical response rate was 41% with irinotecan and 37% with docetaxel.",
    "Clinical response rates (complete and partial) with irinotecan and docetaxel were 41% and 37%, respectively.",
    "The objective clinical response rate was 41% in the irinotecan arm and 37% in the docetaxel arm.",
])
def test_a_clinical_response_is_the_response_rate(sentence):
    assert _pair(RANDOMIZED + sentence, "orr_pct") == (41.0, 37.0)


@pytest.mark.parametrize("sentence", [
    # stable disease counted: clinical benefit, not ORR
    "Stable disease lasting 6 months or more was seen in 12 patients (20%); the clinical response rate was 55%.",
    # complete responses only
    "A complete clinical response was observed in 12% and 9% of patients treated with irinotecan and docetaxel, "
    "respectively.",
    # a decrease in tumour size is no response rate
    "All groups showed clinical responses (41% for irinotecan and 37% for docetaxel) and a decrease in tumor area "
    "(52% for irinotecan and 48% for docetaxel).",
])
def test_what_is_not_a_response_rate(sentence):
    values = sorted(f.value for f in extract(RANDOMIZED + sentence) if f.metric == "orr")
    assert values in ([], [37.0, 41.0])
    assert not {12.0, 9.0, 55.0, 52.0, 48.0} & set(values)


@pytest.mark.parametrize("text", [
    "A total of 120 women were treated. Median PFS was 7.4 and 4.2 months in the irinotecan and docetaxel arms, "
    "respectively.",
    "A total of 120 women were treated. Response rates were 41% and 37% with irinotecan and docetaxel, respectively.",
    "A total of 120 women were treated. Irinotecan and docetaxel gave median overall survivals of 16.2 versus "
    "12.5 months.",
])
def test_a_list_of_values_lined_up_with_the_regimens_of_its_sentence_makes_arms(text):
    arms = _arms(summarize(None, text))
    assert set(arms) == {IRI, DOC}
    values = [(a["pfs_median_months"], a["orr_pct"], a["os_median_months"]) for a in (arms[IRI], arms[DOC])]
    assert values in ([(7.4, None, None), (4.2, None, None)], [(None, 41.0, None), (None, 37.0, None)],
                      [(None, None, 16.2), (None, None, 12.5)])


@pytest.mark.parametrize("text", [
    "A total of 120 patients were treated. Overall survival was longer for cisplatin-based regimens than for "
    "carboplatin (17.0 vs 11.7 months).",
    "A total of 120 patients were treated. Survival was longer with cisplatin first-line regimens than with "
    "carboplatin (17.0 vs 11.7 months).",
])
def test_a_class_of_regimens_is_not_an_arm_of_a_list(text):
    arms = _arms(summarize(None, text))
    assert len(arms) <= 1  # no cisplatin arm beside carboplatin: the two values are not theirs
    assert all(a["os_median_months"] is None for a in arms.values())


@pytest.mark.parametrize("sentence", [
    "The objective response rate of all groups combined was 39.5% (34/86).",
    "The objective response rate of all the arms was 39.5%.",
])
def test_a_value_of_all_groups_is_pooled(sentence):
    s = summarize(None, RANDOMIZED + sentence)
    assert [a["orr_pct"] for a in s["arms"] if a["pooled"]] == [39.5]
    assert all(a["orr_pct"] is None for a in s["arms"] if not a["pooled"])


def test_a_value_of_all_groups_is_no_single_arms_value():
    fs = extract("In this study, 88 women received docetaxel plus capecitabine in three schedules. "
                 "The objective response rate of all groups combined was 39.5% (34/86).")
    assert [f.value for f in fs if f.metric == "orr"] == []


ADDED = ("Patients with metastatic gastric cancer were randomly assigned to irinotecan plus docetaxel or docetaxel "
         "alone. ")
COMBO = frozenset({"irinotecan", "docetaxel"})


@pytest.mark.parametrize("sentence, field, want", [
    ("Adding irinotecan improved median TTP from 4.2 to 7.4 months (P = .01).", "pfs_median_months", (7.4, 4.2)),
    ("Adding irinotecan raised the ORR from 17% to 41% (P = .002).", "orr_pct", (41.0, 17.0)),
    ("Irinotecan plus docetaxel prolonged median survival from 12.5 to 16.2 months.", "os_median_months", (16.2, 12.5)),
])
def test_from_x_to_y_gives_the_comparator_the_first_value(sentence, field, want):
    arms = _arms(summarize(None, ADDED + sentence))
    assert (arms[COMBO][field], arms[DOC][field]) == want


@pytest.mark.parametrize("sentence", [
    "Objective tumour responses occurred in 25 (41%) on irinotecan and in 22 patients (37%) on docetaxel.",
    "Objective response was seen in 25 patients (41%) treated with irinotecan and in 22 patients (37%) treated "
    "with docetaxel.",
    "An objective response was achieved by 25 patients (41%) randomized to irinotecan and 22 patients (37%) "
    "randomized to docetaxel.",
])
def test_a_count_with_its_percentage_per_arm(sentence):
    assert _pair(RANDOMIZED + sentence, "orr_pct") == (41.0, 37.0)


@pytest.mark.parametrize("sentence", [
    "Responses were seen in 25 of 61 patients treated with irinotecan (41%) and 22 of 59 treated with docetaxel (37%).",
    "Objective responses were observed in 25 patients (41%) on irinotecan and 22 patients (37%) on docetaxel.",
    "The objective response rate (irinotecan, 41% versus docetaxel, 37%; P = .4) was consistent with previously "
    "reported results.",
])
def test_response_wordings_of_own_results(sentence):
    assert _pair(RANDOMIZED + sentence, "orr_pct") == (41.0, 37.0)


def test_a_value_quoted_from_earlier_studies_stays_out():
    fs = extract(RANDOMIZED + "Previously reported response rates were 30% and 25%.")
    assert [f for f in fs if f.metric == "orr"] == []


LETTERS = "Patients were randomized to irinotecan (arm A) or docetaxel (arm B). "


@pytest.mark.parametrize("text, field", [
    # arms named without a drug, in another order than the allocation sentence: the order of the value's own sentence
    (ADDED + "Response rates were 17% and 41% in the control and combination groups, respectively.", "orr_pct"),
    (ADDED + "The response rate was lower in the control group than in the combination group (17% v 41%).", "orr_pct"),
    (ADDED + "Median PFS was shorter in the control arm than in the combination arm (4.2 v 7.4 months).",
     "pfs_median_months"),
    (LETTERS + "Median PFS was 4.2 and 7.4 months in arms B and A, respectively.", "pfs_median_months"),
    (LETTERS + "The median PFS of arm B was significantly shorter than that of arm A, 4.2 months vs 7.4 months.",
     "pfs_median_months"),
])
def test_values_follow_the_arm_names_of_their_own_sentence(text, field):
    arms = _arms(summarize(None, text))
    first = COMBO if COMBO in arms else IRI
    want = {"orr_pct": (41.0, 17.0), "pfs_median_months": (7.4, 4.2)}[field]
    assert (arms[first][field], arms[DOC][field]) == want


@pytest.mark.parametrize("sentence", [
    "Median overall survival for the sequential and combination arms was 12.5 months and 16.2 months, respectively.",
    "Median overall survival was 12.5 and 16.2 months in the sequential and combination groups, respectively.",
])
def test_a_list_of_arm_names_with_one_unknown_name_gives_it_the_other_arm(sentence):
    arms = _arms(summarize(None, ADDED + sentence))
    assert (arms[COMBO]["os_median_months"], arms[DOC]["os_median_months"]) == (16.2, 12.5)


@pytest.mark.parametrize("sentence, field", [
    # the unit comes after the value's interval
    ("Median PFS was 7.4 (95% CI, 6.0-9.1) months for irinotecan plus docetaxel versus 4.2 (3.1-5.0) months for "
     "docetaxel alone (P<0.001).", "pfs_median_months"),
    ("Median PFS was 4.2 (3.1-5.0) months with docetaxel alone and 7.4 (6.0-9.1) months with irinotecan plus "
     "docetaxel.", "pfs_median_months"),
    # the arm's name in brackets after a bare value
    ("Median OS was 12.5 (monotherapy) versus 16.2 months (combination).", "os_median_months"),
    ("Median OS was 16.2 (combination) vs 12.5 months (monotherapy) (HR 0.8).", "os_median_months"),
])
def test_a_value_with_its_interval_or_arm_before_the_unit(sentence, field):
    arms = _arms(summarize(None, ADDED + sentence))
    want = {"pfs_median_months": (7.4, 4.2), "os_median_months": (16.2, 12.5)}[field]
    assert (arms[COMBO][field], arms[DOC][field]) == want


@pytest.mark.parametrize("sentence", [
    "The response rate in the high-dose and low-dose groups was 41% and 17%, respectively.",
    "Objective responses in the HD and LD group were 41.0% and 17.0%, respectively.",
])
def test_a_list_for_arms_we_cannot_name_is_not_the_one_arms_value(sentence):
    fs = extract("Forty patients received docetaxel. " + sentence)
    assert [f.value for f in fs if f.metric == "orr"] == []


@pytest.mark.parametrize("sentence, orr", [
    ("Complete response + partial response was 41% v 17% (P = .02).", (41.0, 17.0)),
    ("The best responses did not differ (P = .31; complete response + partial response, 41% v 17%).", (41.0, 17.0)),
    # with stable disease added it is disease control, not a response rate
    ("Complete response + partial response + stable disease was 81% v 67%.", (None, None)),
])
def test_complete_plus_partial_response_is_the_response_rate(sentence, orr):
    assert _pair(RANDOMIZED + sentence, "orr_pct") == orr


def test_an_acronym_the_text_defines_otherwise_lines_up_no_list():
    s = summarize(None, "Patients were randomly assigned to docetaxel plus cisplatin (DP) or paclitaxel plus carboplatin "
                        "(TC). Response rates were 51.0% and 60.0% in DP and TC, respectively.")
    assert frozenset({"docetaxel", "cyclophosphamide"}) not in _arms(s)


def test_named_values_before_a_respectively_list_of_a_subgroup_keep_their_arms():
    arms = _arms(summarize(None, RANDOMIZED + "The response rate was 41.0% with irinotecan and 37.0% with docetaxel "
                                              "overall, and 45.0% and 33.0%, respectively, in the HER2-negative subgroup."))
    assert (arms[IRI]["orr_pct"], arms[DOC]["orr_pct"]) == (41.0, 37.0)


@pytest.mark.parametrize("sentence", [
    "Biochemical responses were observed in 12 patients (30%).",
    "Complete responses were seen in 2 patients (5%) and partial clinical responses in 10 (25%).",
    "Symptomatic responses were noted in 20 patients (50%).",
])
def test_responses_seen_of_another_kind_are_not_the_response_rate(sentence):
    fs = extract("Forty patients received docetaxel. " + sentence)
    assert [f.value for f in fs if f.metric == "orr"] == []


@pytest.mark.parametrize("sentence", [
    'Response rates were 17 and 41% by "control" and "intervention" arm, respectively.',
    "Response rates were 17% and 41% in the 'control' and 'intervention' groups, respectively.",
    "Response rates were 17% and 41% in the control and intervention arms, respectively.",
])
def test_quoted_role_names_line_up_a_list(sentence):
    arms = _arms(summarize(None, ADDED + sentence))
    assert (arms[COMBO]["orr_pct"], arms[DOC]["orr_pct"]) == (41.0, 17.0)
