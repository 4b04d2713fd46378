"""Sample sizes in constructions the development abstracts showed missing (issue 12): evaluable subsets of the enrolled,
the per-protocol population, subjects interrupted by a relative clause or a dashed aside, a results sentence opening
with its cohort, one size said of every arm, and a single arm's n when only an assessment count is written.
Every sentence here is written for the test, several wordings per construction."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.sample_size import arm_counts, sample_sizes, subgroup_counts


@pytest.mark.parametrize("text, enrolled, evaluable", [
    # the evaluable count told as a subset of the enrolled ("of whom", "of which", "of these")
    ("Thirty patients were enrolled, of whom 28 were evaluable for response.", 30, 28),
    ("Sixty patients were accrued, of which 57 were assessable.", 60, 57),
    ("We enrolled 75 women. Of these, 71 were evaluable.", 75, 71),
    # "eligible" after an enrolment: those kept for the analysis
    ("A total of 64 women were registered. Of these, 61 were eligible and were randomly assigned to two arms.", 64, 61),
    ("One hundred patients were enrolled; of them, 96 were eligible.", 100, 96),
    # the per-protocol population
    ("After enrolment of 310 women, the per-protocol population (n=282) showed no difference in survival.", 310, 282),
    ("In total, 120 patients were randomized, and the per protocol set (N = 98) was analysed for response.", 120, 98),
    # one number called both: "N evaluable patients ... were enrolled"
    ("Twenty evaluable patients (15 men, 5 women) with a median age of 60 years were enrolled.", 20, 20),
    ("Thirty-six assessable women with recurrent disease were recruited.", 36, 36),
    # an evaluable count alone stays evaluable only
    ("A total of 40 evaluable patients were analysed.", None, 40),
    ("Of 50 evaluable patients, 12 responded.", None, 50),
])
def test_evaluable_subsets_of_the_enrolled(text, enrolled, evaluable):
    s = sample_sizes(text)
    assert (s.n_enrolled, s.n_evaluable) == (enrolled, evaluable)


@pytest.mark.parametrize("text, enrolled", [
    # "eligible" of a screened set, or with no enrolment before it, stays the enrolment
    ("Of 120 patients screened, 100 were eligible and enrolled.", 100),
    ("Forty-two patients were eligible for the study.", 42),
])
def test_eligible_without_a_larger_enrolment_is_no_evaluable_count(text, enrolled):
    s = sample_sizes(text)
    assert (s.n_enrolled, s.n_evaluable) == (enrolled, None)


@pytest.mark.parametrize("text, enrolled", [
    # a relative clause between commas inside the subject
    ("Forty-four patients with stage IV disease, whose condition had made surgery impossible, were enrolled.", 44),
    ("Thirty women, who had failed two prior lines, were randomized to drug A or drug B.", 30),
    ("Fifty-one men with bulky nodes, which had been irradiated before, were included.", 51),
    # an aside between dashes inside the subject, with number words in it
    ("Between 2001 and 2004, 26 patients with metastatic sarcoma-including ten with liposarcoma, eight with "
     "leiomyosarcoma, and eight with other types-were treated with drug A.", 26),
    ("Thirty-one women with relapsed disease \u2014 mostly heavily pretreated, three with brain metastases \u2014 "
     "were included.", 31),
    ("Nineteen patients with rare tumours\u2013such as two chordomas, five mesotheliomas and one thymoma\u2013were "
     "enrolled.", 19),
])
def test_subjects_interrupted_by_a_clause_or_an_aside(text, enrolled):
    assert sample_sizes(text).n_enrolled == enrolled


@pytest.mark.parametrize("text, enrolled", [
    ("Of the 31 patients with lung carcinoids treated with drug A at our centre between 2005 and 2015, 9 (29%) "
     "responded.", 31),
    ("ResultsOf the 40 patients with liver metastases treated with drug B in our unit since 2010, 12 had surgery.", 40),
    ("Among 58 women with ovarian cancer enrolled in the programme, 40 had prior surgery.", 58),
])
def test_a_results_sentence_opening_with_its_cohort(text, enrolled):
    assert sample_sizes(text).n_enrolled == enrolled


THREE = "Patients with biliary cancer were randomly assigned to irinotecan, docetaxel or cisplatin. "


@pytest.mark.parametrize("sentence", [
    "Twenty-five patients per group were randomly assigned.",
    "Each arm enrolled 25 patients, 25 per arm.",
    "The trial randomized 25 patients per arm.",
    "Enrolment stopped at 25 patients in each group.",
])
def test_one_size_said_of_every_arm_in_a_sentence_with_one_number(sentence):
    s = summarize(None, THREE + sentence)
    sizes = [a["n"] for a in s["arms"] if not a["pooled"]]
    assert len(sizes) == 3 and sizes == [25, 25, 25]


@pytest.mark.parametrize("sentence", [
    "With 90% power to detect this difference, 120 women per arm were needed.",
    "Sixty patients per arm were required.",
])
def test_a_planned_size_per_arm_is_no_arms_n(sentence):
    assert {c.kind for c in arm_counts(sentence)} == {"target"}
    s = summarize(None, THREE + sentence)
    assert all(a["n"] is None for a in s["arms"])


SINGLE = "Patients with gastric cancer received irinotecan every two weeks. "


@pytest.mark.parametrize("sentence, n", [
    ("All 51 patients were assessed for efficacy and adverse events.", 51),
    ("Forty-eight patients were evaluated for response and toxicity.", 48),
])
def test_a_single_arms_n_when_only_an_assessment_count_is_written(sentence, n):
    s = summarize(None, SINGLE + sentence + " The response rate was 30%.")
    assert s["n_enrolled"] is None and s["n_evaluable"] == n
    assert [a["n"] for a in s["arms"]] == [n]


@pytest.mark.parametrize("sentence", [
    "In all, 84 patients were assessable for response.",
    "Seventy patients were evaluable.",
])
def test_a_count_of_assessable_patients_is_not_the_single_arms_n(sentence):
    s = summarize(None, SINGLE + sentence + " The response rate was 30%.")
    assert s["n_evaluable"] is not None
    assert [a["n"] for a in s["arms"]] == [None]


@pytest.mark.parametrize("text, names, expected", [
    # a count followed by what the patients had or were, the second count's noun left out
    ("Nine patients had limited and 7 had extensive disease.", ["limited disease", "extensive disease"],
     {"limited disease": 9, "extensive disease": 7}),
    ("Five patients had received prior surgery, and 12 were treatment-naive patients.", ["treatment-naive patients"],
     {"treatment-naive patients": 12}),
    ("Thirty patients received therapy; 21 (70%) had high-grade tumours.", ["high-grade carcinoma"],
     {"high-grade carcinoma": 21}),
    # the subgroup's name in brackets after the count
    ("The primary site was the colon in 11 patients (GI group) and the liver in 6 patients (HB group).",
     ["GI group", "HB group"], {"GI group": 11, "HB group": 6}),
])
def test_subgroup_counts_told_apart_from_the_values(text, names, expected):
    assert {k: v[0] for k, v in subgroup_counts(text, names).items()} == expected


@pytest.mark.parametrize("text, names, total", [
    ("Nine patients had limited disease; after surgery, 4 had limited disease.", ["limited disease"], None),  # two counts
    ("Forty patients had limited disease.", ["limited disease"], 40),  # the whole study, not a subgroup
    ("Nine patients had limited disease.", ["patients with stage II disease"], None),  # another subgroup
])
def test_subgroup_counts_abstain_when_unsure(text, names, total):
    assert subgroup_counts(text, names, total) == {}


def test_a_subgroups_size_joins_the_values_told_of_it():
    text = ("Forty patients with small-cell carcinoma were treated with cisplatin and etoposide. Twenty-two patients "
            "had limited and 18 had extensive disease. The response rate was 60%. Median survival for patients with "
            "limited disease was 20 months compared to 9 months for patients with extensive disease.")
    s = summarize(None, text)
    subs = {g["name"]: g["n"] for a in s["arms"] for g in a["subgroups"]}
    assert sorted(v for v in subs.values() if v is not None) == [18, 22]


SERIES = ("We retrospectively reviewed {total} consecutive patients with pancreatic cancer who received irinotecan "
          "monotherapy or irinotecan plus docetaxel (ID) between 2004 and 2010. ")
OUTCOME = " Response rates in the irinotecan and ID groups were 6% and 30%."


@pytest.mark.parametrize("sizes", [
    "In 73 patients, irinotecan (100 mg/m2) was administered intravenously on days 1, 8 and 15. The ID regimen "
    "received by 34 patients consisted of irinotecan on days 1 and 8 combined with docetaxel (40 mg/m2).",
    "In 73 patients, irinotecan was given every week. In 34 patients, ID was given every three weeks.",
    "Irinotecan was given to 73 patients. The ID combination was administered to 34 patients.",
])
def test_sizes_told_one_sentence_per_arm_that_add_up_to_the_total(sizes):
    s = summarize(None, SERIES.format(total=107) + sizes + OUTCOME)
    assert {a["regimen"]: a["n"] for a in s["arms"]} == {"irinotecan": 73, "ID": 34}


@pytest.mark.parametrize("sizes", [
    # the sizes do not add up to the total: subsets (a dose given to some), not the arms
    "In 73 patients, irinotecan was given every week. In 20 patients, ID was given every three weeks.",
    # one arm only
    "In 73 patients, irinotecan was given every week.",
])
def test_sizes_told_alone_that_do_not_add_up_are_no_arms_n(sizes):
    s = summarize(None, SERIES.format(total=107) + sizes + OUTCOME)
    assert all(a["n"] is None for a in s["arms"])


@pytest.mark.parametrize("sentence", [
    "Patients were randomly assigned to irinotecan (n = 41, group 1) or docetaxel (n = 38, group 2).",
    "Patients were randomly assigned to irinotecan (n = 41, arm 1) or docetaxel (n = 38, arm 2).",
])
def test_the_number_naming_an_arm_is_no_size(sentence):
    assert [c.value for c in arm_counts(sentence) if c.value in (1, 2)] == []
