"""Per-arm sample sizes (extractors.sample_size.arm_counts, attached to arms by extractors.__init__): each construction
in several wordings, and the counts that are no arm's n. Every sentence here is written for the test."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.sample_size import arm_counts

IRI, DOC = frozenset({"irinotecan"}), frozenset({"docetaxel"})
INTRO = "Patients with gastric cancer were randomly assigned to irinotecan or docetaxel. "


def _sizes(text: str, title: str | None = None) -> dict:
    s = summarize(title, text)
    return {frozenset(a["components"]) if a["components"] else a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]}


@pytest.mark.parametrize("sentence", [
    # bracketed sizes after each arm, the arm's dose and schedule in between
    "In all, 79 patients were randomized to irinotecan 150 mg/m2 every two weeks (n = 41) or docetaxel 60 mg/m2 "
    "every three weeks (n = 38).",
    "The trial assigned irinotecan (180 mg/m2, intravenously, biweekly; n = 41) or docetaxel (75 mg/m2, "
    "intravenously, three-weekly; n = 38).",
    "Eligible patients were randomized to irinotecan given weekly (41 patients) or docetaxel given three-weekly "
    "(38 patients).",
    # the size first, then the arm
    "Seventy-nine patients were randomly assigned to study treatment (n = 41, irinotecan; n = 38, docetaxel).",
    "A total of 79 patients were randomized (n = 41 irinotecan; n = 38 docetaxel).",
    # lists of sizes in brackets or after a colon
    "Of 85 patients screened, 79 (41 irinotecan and 38 docetaxel) were randomized.",
    "Overall, 79 patients were enrolled (irinotecan, 41; docetaxel, 38).",
    "Between 2010 and 2014, 79 patients were randomized: 41 to irinotecan (arm I) and 38 to docetaxel (arm D).",
    "A total of 79 patients were randomized (41 to the irinotecan arm and 38 to the docetaxel arm).",
    # allocation clauses, the verb left out after the first
    "Forty-one patients were allocated to irinotecan and 38 to docetaxel.",
    "Overall, 41 patients received irinotecan; 38 received docetaxel.",
    "Of the 79 patients randomized, 41 were assigned to irinotecan and thirty-eight were assigned to docetaxel.",
    "Forty-one patients were enrolled in the irinotecan arm and 38 patients in the docetaxel arm.",
    # N in the X arm, twice in one sentence
    "The intention-to-treat population comprised 41 patients in the irinotecan arm and 38 in the docetaxel arm.",
    # respectively, the sizes before or after the arms
    "In total, 41 and 38 patients received irinotecan and docetaxel, respectively.",
    "The irinotecan and docetaxel arms consisted of 41 and 38 patients, respectively.",
])
def test_sizes_of_two_arms_in_one_sentence(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "Grade 3 neutropenia occurred in 12 of 41 patients treated with irinotecan and in 20 of 38 patients treated "
    "with docetaxel.",
    "Diarrhoea was more frequent with irinotecan: 12/41 patients on irinotecan versus 3/38 on docetaxel.",
    "Responses were seen in 12 (29%) of 41 patients assigned to irinotecan and 9 (24%) of 38 patients assigned "
    "to docetaxel.",
    "Nausea was reported in 12 (29%) of 41 patients in the irinotecan group versus one (3%) of 38 patients in the "
    "docetaxel group.",
])
def test_an_arms_size_from_the_denominator_of_a_result_over_the_whole_arm(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "The patients were randomized into the combination (n = 30) and control (n = 28) groups.",
    "The patients were randomized into the combination group (n = 30) or the control group (n = 28).",
    "In all, 30 patients were assigned to the combination arm and 28 to the control arm.",
])
def test_sizes_of_arms_named_by_their_role(sentence):
    sizes = _sizes("Women were randomized to letrozole alone or letrozole plus palbociclib. " + sentence)
    assert sizes[frozenset({"letrozole", "palbociclib"})] == 30
    assert sizes[frozenset({"letrozole"})] == 28


@pytest.mark.parametrize("sentence", [
    # events: counted before the sizes, or told by a verb right after them
    "During follow-up, 57 recurrences occurred (irinotecan, n = 31; docetaxel, n = 26).",
    "During follow-up, 57 events occurred (local recurrences or deaths; irinotecan, n = 31; docetaxel, n = 26).",
    "Of the 79 patients, 3 in the irinotecan arm and 5 in the docetaxel arm developed a thrombosis.",
    "After five years, 57 patients (31 irinotecan, 26 docetaxel) died of their disease.",
    "There were 31 deaths in the irinotecan group and 26 in the docetaxel group.",
    # samples of the arms' patients are not the arms (evaluable patients: tests/test_arm_sizes_more.py)
    "Tumour samples from 57 patients were analysed (n = 31 irinotecan; n = 26 docetaxel).",
    "Biopsy specimens of 57 patients were assessable (31 irinotecan, 26 docetaxel).",
])
def test_event_and_sample_counts_are_no_arms_n(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


@pytest.mark.parametrize("sentence", [
    "In all, 40 were assigned to weekly irinotecan and 39 to irinotecan every three weeks.",
    "In all, 40 patients received irinotecan weekly and 39 received irinotecan every three weeks.",
])
def test_two_schedules_of_one_regimen_give_it_no_size(sentence):
    """Both sizes name the same arm: which is which is not known, so neither is its n."""
    s = summarize("Irinotecan schedules in gastric cancer", "Patients with gastric cancer were randomized. " + sentence)
    assert all(a["n"] not in (39, 40) for a in s["arms"] if a["components"] == ["irinotecan"])


def test_a_size_written_before_its_arm_is_not_given_to_the_arm_before_it():
    """'(n = 41, A; n = 38, B)': 38 follows A's name but is B's size."""
    sizes = _sizes("Seventy-nine patients were randomized to study treatment (n = 41, irinotecan; n = 38, docetaxel). "
                   "The response rate was 20%.")
    assert sizes.get(IRI) == 41
    assert sizes.get(DOC) in (38, None)


@pytest.mark.parametrize("text", [
    "A total of 3,200 women were enrolled (1,640 tamoxifen and 1,560 anastrozole). The response rate was 40%.",
    "Overall, 3,200 women were enrolled: tamoxifen 1,640, anastrozole 1,560. The response rate was 40%.",
])
def test_the_trial_total_is_not_put_on_the_one_arm_found_when_a_sentence_splits_it_by_regimen(text):
    s = summarize("Endocrine therapy in breast cancer", text)
    assert s["n_enrolled"] == 3200
    assert all(a["n"] != 3200 for a in s["arms"])


@pytest.mark.parametrize("text", [
    "A total of 60 patients (41 with gastric and 19 with oesophageal tumours) received irinotecan. The response "
    "rate was 20%.",
    "Sixty patients (38 men, 22 women) received irinotecan. The response rate was 20%.",
])
def test_a_split_by_subgroup_keeps_the_total_on_the_single_arm(text):
    (arm,) = summarize("Irinotecan in gastric cancer", text)["arms"]
    assert arm["n"] == 60


@pytest.mark.parametrize("sentence, expected", [
    ("Women were randomized to drug A (n = 18) or drug B (n = 15).", [("drug A", 18), ("drug B", 15)]),
    ("Women were randomized (n = 18, drug A; n = 15, drug B).", [("drug A", 18), ("drug B", 15)]),
    ("In all, 18 women were allocated to drug A and 15 to drug B.", [("drug A", 18), ("drug B", 15)]),
])
def test_arm_counts_give_each_size_with_the_phrase_that_names_its_arm(sentence, expected):
    got = [(c.phrase, c.value) for c in arm_counts(sentence)]
    assert got == expected
    assert {c.kind for c in arm_counts(sentence)} == {"allocated"}


@pytest.mark.parametrize("sentence", [
    "Drug A (n = 18) was given for four cycles.",  # one bracketed size: a cohort, read by extractors.arms
    "Median age was 61 years (range, 35-80) and 54% were men (n = 20).",
    "Between May 2009 and May 2016, 25 patients were enrolled.",
])
def test_arm_counts_need_two_sizes_side_by_side(sentence):
    assert [c for c in arm_counts(sentence) if c.kind == "allocated"] == []


@pytest.mark.parametrize("sentence", [
    "The number of second primary tumours was 31 in the irinotecan arm and 26 in the docetaxel arm.",
    "Patients were randomized from March 1998 to May 2004 to irinotecan and from June 2004 to docetaxel.",
])
def test_counts_of_things_and_years_are_no_arms_n(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


@pytest.mark.parametrize("sentence", [
    "A total of 79 women were randomly assigned to either IRI150 (n = 41) or DOC60 (n = 38).",
    "Of the 79 women, 41 were allocated to IRI150 and 38 to DOC60.",
])
def test_an_arm_named_by_a_short_name_defined_earlier(sentence):
    sizes = _sizes("Patients were randomized to irinotecan 150 mg/m2 (IRI150) or docetaxel 60 mg/m2 (DOC60). " + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


def test_a_percentage_between_the_size_and_its_allocation():
    sizes = _sizes(INTRO + "Records were found for 79 patients: 41 (52%) treated with irinotecan and 38 (48%) treated "
                           "with docetaxel.")
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "Median overall survival was 9.1 months for irinotecan (n = 41) and 8.0 months for docetaxel (n = 38).",
    "The hazard ratio comparing irinotecan (n = 41) with docetaxel (n = 38) was 0.81 for progression.",
])
def test_sizes_beside_a_result_for_each_whole_arm(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "Median PFS among postmenopausal women was 9.1 months for irinotecan (n = 21) and 8.0 months for docetaxel "
    "(n = 17).",
    "In the subgroup with liver metastases, median OS was 9.1 months with irinotecan (n = 21) and 8.0 months with "
    "docetaxel (n = 17).",
    "Median PFS for patients with HER2-positive tumours was 9.1 months in the irinotecan (n = 21) and 8.0 months in "
    "the docetaxel arm (n = 17).",
])
def test_sizes_beside_a_result_for_a_subset_are_no_arms_n(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


def test_counts_with_a_share_of_each_arm_are_no_arms_n():
    """'65 (3.4%) in the A arm': a share of the arm had something; shares of the whole trial sum to 100%."""
    sizes = _sizes(INTRO + "Overall, 57 patients had a thrombosis: 31 (4.1%) in the irinotecan arm and 26 (3.3%) in "
                           "the docetaxel arm.")
    assert sizes[IRI] is None and sizes[DOC] is None


@pytest.mark.parametrize("text", [
    "Women were randomized to letrozole alone or letrozole plus palbociclib. In the control group (n = 28), the "
    "response rate was 30%.",
    "Women were randomized to letrozole alone or letrozole plus palbociclib. The control arm (n = 28) was given "
    "letrozole for two years.",
    "Women were randomized to letrozole (arm A) or letrozole plus palbociclib (arm B). A total of 28 women were "
    "assigned to arm A (n = 28).",
])
def test_the_size_of_one_arm_known_by_its_name(text):
    assert _sizes(text)[frozenset({"letrozole"})] == 28


@pytest.mark.parametrize("sentence", [
    "After five years, 52 DFS events occurred among 41 women receiving irinotecan and 60 events among 38 women "
    "receiving docetaxel.",
    "Transfusions were avoided in 27 of 41 (66%) patients who received irinotecan, compared with 15 of 38 (39%) "
    "patients who received docetaxel.",
    "A total of 79 patients (irinotecan 41 patients, docetaxel 38 patients) were enrolled.",
    "In 41 patients allocated irinotecan, 90% of the planned dose was given, against 96% in the 38 allocated docetaxel.",
])
def test_more_wordings_of_two_arms_sizes(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "In all, 80 patients were randomized (40 patients per arm).",
    "Eighty patients were enrolled, 40 in each group.",
    "Eighty patients were randomized to the two arms (n = 40 each).",
])
def test_one_size_said_of_every_arm(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 40 and sizes[DOC] == 40


def test_a_size_said_of_every_arm_needs_two_arms():
    (arm,) = summarize("Irinotecan in gastric cancer", "Eighty patients received irinotecan, given for 6 cycles per arm "
                                                        "of the schedule. The response rate was 20%.")["arms"]
    assert arm["n"] != 6


@pytest.mark.parametrize("sentence", [
    "The target sample size is 40 patients per arm.",
    "The planned sample size is 41 patients allocated to irinotecan and 38 to docetaxel.",
    "The trial is powered with 41 patients allocated to irinotecan and 38 to docetaxel.",
])
def test_planned_sizes_are_no_arms_n(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


def test_a_protocols_planned_sizes_of_its_arms_are_listed():
    """As for the study's N: a protocol's arms are listed with the sizes it plans."""
    sizes = _sizes("Patients with gastric cancer will be randomized to irinotecan (n = 41) or docetaxel (n = 38). The "
                   "primary end point is the response rate.")
    assert sizes[IRI] == 41 and sizes[DOC] == 38
