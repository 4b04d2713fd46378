"""Per-arm sample sizes, more constructions (issue 12): evaluable counts when the text gives an arm no other size.
Every sentence here is written for the test."""
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
    "In all, 57 patients were evaluable for response (31 irinotecan and 26 docetaxel).",
    "Safety data were available for 57 patients (irinotecan, n = 31; docetaxel, n = 26).",
    "Of 60 patients registered, 57 were assessable, with 31 patients in the irinotecan arm and 26 in the docetaxel arm.",
    "The efficacy analysis included 57 evaluable patients: 31 treated with irinotecan and 26 treated with docetaxel.",
])
def test_evaluable_sizes_are_the_arms_n_when_no_other_size_is_written(sentence):
    """The labels take the size written for an arm, evaluable when that is all the text says of it."""
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 31
    assert sizes[DOC] == 26


@pytest.mark.parametrize("sentences", [
    "In all, 64 patients were randomized (33 irinotecan and 31 docetaxel). Overall, 57 were evaluable for response "
    "(31 irinotecan and 26 docetaxel).",
    "Overall, 57 were evaluable for response (31 irinotecan and 26 docetaxel). In all, 64 patients were randomized "
    "(33 irinotecan and 31 docetaxel).",
    "Sixty-four patients were assigned to irinotecan (n = 33) or docetaxel (n = 31); 31 and 26 of them, "
    "respectively, were assessable.",
])
def test_an_allocated_size_wins_over_an_evaluable_one(sentences):
    sizes = _sizes(INTRO + sentences)
    assert sizes[IRI] == 33
    assert sizes[DOC] == 31


@pytest.mark.parametrize("sentence", [
    "Eighty women were randomized to letrozole (n = 41) or a wait list control group (n = 39).",
    "Eighty women were randomized (41 to letrozole and 39 to the usual care control group).",
    "Eighty women were randomized to letrozole (n = 41) or to the no-treatment control arm (n = 39).",
])
def test_an_arm_named_inside_a_longer_phrase(sentence):
    """An arm known by a name, not a drug ('control'): the phrase of its size may say more around the name."""
    s = summarize(None, "Women with breast cancer were randomly assigned to letrozole or a control group. " + sentence +
                  " The response rate was 30% in the letrozole group and 10% in the control group.")
    sizes = {a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]}
    assert sizes == {"letrozole": 41, "control": 39}


def test_a_phrase_holding_two_arms_names_names_neither():
    s = summarize(None, "Women with breast cancer were randomly assigned to letrozole or a control group. Eighty women "
                        "were randomized (41 to letrozole and 39 to the control or letrozole crossover group). The "
                        "response rate was 30% in the letrozole group and 10% in the control group.")
    sizes = {a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]}
    assert sizes.get("control") is None


@pytest.mark.parametrize("sentence", [
    "A total of 79 patients were enrolled (IRI5, n = 41; DOC7, n = 38).",
    "Overall, 79 patients were randomized (IRI5, 41 patients; DOC7, 38 patients).",
])
def test_short_names_with_digits_in_a_list_of_sizes(sentence):
    sizes = _sizes("Patients were randomized to irinotecan (IRI5) or docetaxel (DOC7). " + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38
    assert [(c.phrase, c.value) for c in arm_counts(sentence)] == [("IRI5", 41), ("DOC7", 38)]


@pytest.mark.parametrize("sentence", [
    "Disease control at 6 months was reached in 12 of 41 patients (29%) in the irinotecan arm and 9 of 38 patients "
    "(24%) in the docetaxel arm.",
    "Grade 3 fatigue occurred in 5 of 41 patients (12%) treated with irinotecan and 4 of 38 patients (11%) treated "
    "with docetaxel.",
])
def test_a_denominator_with_its_share_after_the_noun(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "Of the 79 patients treated, 41 (52%) had irinotecan and 38 (48%) had docetaxel.",
    "In this cohort, 41 patients had irinotecan and 38 had docetaxel.",
])
def test_sizes_of_arms_told_with_had(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "Before the study, 41 patients had no irinotecan and 38 had a docetaxel allergy.",
    "At baseline, 41 had prior irinotecan and 38 had prior docetaxel.",
])
def test_what_patients_had_before_is_no_arms_size(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


@pytest.mark.parametrize("sentence", [
    "In total, 41 and 38 patients were enrolled to irinotecan and docetaxel, respectively.",
    "Forty-one and thirty-eight patients were randomized into the irinotecan and docetaxel arms, respectively.",
    "Overall, 41 and 38 women were allocated to irinotecan and to docetaxel, respectively.",
])
def test_sizes_before_their_arms_with_respectively(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentences", [
    "Of 41 patients randomized to irinotecan, 12 responded. Of 38 patients randomized to docetaxel, 9 responded.",
    "Of the 41 patients assigned to irinotecan, most completed treatment. Of the thirty-eight patients assigned to "
    "docetaxel, 30 completed treatment.",
    "Of all 41 women who were allocated to irinotecan, 5 stopped early; of all 38 women allocated to docetaxel, 3 did.",
])
def test_one_arms_size_as_the_set_a_result_is_told_of(sentences):
    sizes = _sizes(INTRO + sentences)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "Of 79 patients randomized to irinotecan or docetaxel, 21 responded.",
    "Of the 79 patients randomized to irinotecan and docetaxel, most completed treatment.",
    "Of 30 patients with liver metastases randomized to irinotecan, 8 responded.",
])
def test_the_set_of_both_arms_or_a_subset_is_no_arms_size(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


@pytest.mark.parametrize("sentence", [
    # the arm named before each bracket
    "Grade 3 diarrhoea was seen with both irinotecan (12/41) and docetaxel (4/38).",
    "Neutropenic fever occurred in the irinotecan arm [5 of 41 patients (12%)] and in the docetaxel arm [9 of 38 "
    "patients (24%)].",
    # the arm named after each bracket
    "The rate of grade 3 fatigue was 29.3% (12 of 41) for irinotecan and 10.5% (4/38) for docetaxel.",
    "Nausea was reported by 29% (12/41) of the patients in the irinotecan arm and 11% (4/38) of those in the "
    "docetaxel arm.",
])
def test_an_arms_size_from_bracketed_fractions(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    # a subset's fractions
    "Among patients with liver metastases, responses were seen with irinotecan (5/21) and docetaxel (4/17).",
    # values with no arm named at either side ('respectively' lists are left to the value readers)
    "The response rates were 29.3% (12/41) and 10.5% (4/38), respectively.",
    # one bracket only
    "Grade 3 diarrhoea was seen with irinotecan (12/41) only.",
])
def test_fractions_of_a_subset_or_with_no_arm_named_give_no_size(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


def test_an_allocated_size_wins_over_a_fraction():
    sizes = _sizes(INTRO + "In all, 83 patients were randomized (43 irinotecan and 40 docetaxel). Grade 3 diarrhoea was "
                           "seen with both irinotecan (12/41) and docetaxel (4/38).")
    assert sizes[IRI] == 43
    assert sizes[DOC] == 40


def test_one_size_told_twice_for_an_arm_in_one_sentence_is_kept():
    """'(3 of 41 in the A group ...) and (7 of 41 in the A group ...)': the same size twice is no contradiction."""
    sizes = _sizes(INTRO + "Twelve patients had grade 3 diarrhoea (8 of 41 in the irinotecan group and 4 of 38 in the "
                           "docetaxel group), and 9 had grade 3 neutropenia (3 of 41 in the irinotecan group and 6 of 38 "
                           "in the docetaxel group).")
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "The incidence fell from 42.5 per 1000 women in the docetaxel group to 24.8 per 1000 women in the irinotecan group.",
    "Infections occurred at 3.1 per 100 patients in the irinotecan arm and 2.2 per 100 patients in the docetaxel arm.",
])
def test_a_rates_base_is_no_arms_size(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


@pytest.mark.parametrize("sentence", [
    "In all, 2 184 patients were randomized to irinotecan (n = 1 087) or docetaxel (n = 1 097).",
    "In all, 2\u2009184 patients were randomized (n = 1\u2009087, irinotecan; n = 1\u2009097, docetaxel).",
    "In all, 2,184 patients were randomized to irinotecan (n = 1,087) or docetaxel (n = 1,097).",
])
def test_sizes_with_thousands_grouped_by_spaces_or_commas(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 1087
    assert sizes[DOC] == 1097


@pytest.mark.parametrize("sentence", [
    "Eighty-one (51%) were assigned to the weekly schedule (group A) and 79 (49%) to the two-weekly schedule (group B).",
    "In all, 81 patients received the weekly schedule (arm A) and 79 received the two-weekly schedule (arm B).",
])
def test_an_arm_known_by_the_label_right_after_its_phrase(sentence):
    s = summarize(None, "Patients with gastric cancer were randomly assigned to group A (irinotecan weekly) or group B "
                        "(irinotecan every two weeks). " + sentence + " The response rate was 30% in group A and 20% "
                        "in group B.")
    sizes = {a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]}
    assert [sizes[k] for k in sorted(sizes) if k.startswith("group")] == [81, 79], sizes


@pytest.mark.parametrize("sentence", [
    "A total of 79 patients with a median age of 61 years (41 irinotecan, 38 docetaxel) were randomized.",
    "After a median follow-up of 40 months, the 79 patients (n = 41, irinotecan; n = 38, docetaxel) were analysed.",
])
def test_median_age_or_follow_up_is_no_result_of_a_subset(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "The irinotecan arm had 41 assessable patients; the docetaxel arm had 38 assessable patients.",
    "The irinotecan-q2w arm had 41 assessable patients; the docetaxel-q3w arm had 38 assessable patients.",
    "The irinotecan group comprised 41 patients and the docetaxel group 38 patients.",
    "At the cut-off, the irinotecan arm included 41 women and the docetaxel arm included 38 women.",
])
def test_an_arm_named_before_its_size(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "Forty-one and 38 patients were assigned to the irinotecan and the docetaxel groups.",
    "In all, 41 and 38 women were randomized to the irinotecan and docetaxel arms.",
])
def test_sizes_before_the_arms_they_belong_to_closed_by_a_plural(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "The analysis covered 41 patients who received irinotecan and 38 patients who received docetaxel.",
    "We interviewed 41 women taking irinotecan and 38 women taking docetaxel.",
    "Forty-one patients using irinotecan and 38 patients using docetaxel were enrolled.",
])
def test_sizes_of_arms_with_a_relative_clause_or_a_participle(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "A total of 79 patients were enrolled, 41 of whom received irinotecan and 38 did not.",
    "Of the 79 patients, 41 patients received irinotecan and 38 patients did not receive it.",
    "Of 79 patients randomized, 41 were assigned to irinotecan and the remaining 38 to the other treatment.",
])
def test_the_other_arm_of_two_from_what_the_total_leaves(sentence):
    """Two arms, one named: the other size is the other arm's when the two add up to the study's total."""
    s = summarize(None, "Patients with gastric cancer were randomly assigned to irinotecan or observation. " + sentence +
                  " The response rate was 20%.")
    sizes = {a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]}
    assert sizes == {"irinotecan": 41, "observation": 38}


@pytest.mark.parametrize("sentence", [
    # the sizes do not add up to the total: a subset
    "A total of 90 patients were enrolled, 41 of whom received irinotecan and 38 did not.",
    # no total written
    "Overall, 41 received irinotecan and 38 did not.",
])
def test_the_other_arm_is_not_guessed_without_the_total(sentence):
    s = summarize(None, "Patients with gastric cancer were randomly assigned to irinotecan or observation. " + sentence +
                  " The response rate was 20%.")
    sizes = {a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]}
    assert sizes.get("observation") is None


@pytest.mark.parametrize("text, enrolled, evaluable", [
    ("Between 2016 and 2018, 403 requests were received and the drug was supplied to 335 patients. In 150 patients for "
     "whom response data were available, the response rate was 48%.", 335, 150),
    ("In an expanded access programme, irinotecan was given to 64 women with gastric cancer. The response rate was "
     "20%.", 64, None),
    ("Irinotecan was administered to 57 patients. Of these, 41 patients with measurable disease were evaluable. "
     "The response rate was 20%.", 57, 41),
])
def test_the_treated_and_the_evaluable_from_given_to_and_data_available(text, enrolled, evaluable):
    s = summarize(None, text)
    assert (s["n_enrolled"], s["n_evaluable"]) == (enrolled, evaluable)


@pytest.mark.parametrize("text", [
    "Irinotecan and docetaxel were administered to 41 patients and 38 patients, respectively. The response rate was 20%.",
    "Irinotecan was given to 41 patients who progressed on docetaxel. The response rate was 20%.",
])
def test_given_to_several_arms_or_a_described_subset_is_no_study_size(text):
    assert summarize(None, text)["n_enrolled"] is None


@pytest.mark.parametrize("sentence", [
    "In all, 79 patients were randomized to irinotecan (41) or docetaxel (38) in a 1:1 ratio.",
    "Seventy-nine patients were randomly assigned to irinotecan (41), or to docetaxel (38).",
])
def test_bare_bracketed_sizes_in_an_allocation(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    # no allocation: counts of events
    "Grade 3 diarrhoea was seen with irinotecan (12) and docetaxel (4).",
    # enumerations and doses, not sizes
    "Patients were randomized to receive (1) irinotecan 150 mg/m(2) or (2) docetaxel 75 mg/m(2).",
])
def test_bare_bracketed_numbers_that_are_no_sizes(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] is None and sizes[DOC] is None


def test_an_allocation_list_wins_over_sizes_told_beside_a_later_result():
    sizes = _sizes(INTRO + "Of 85 patients entered, 79 (41 irinotecan and 38 docetaxel) were randomized. For irinotecan "
                           "(n = 39) and docetaxel (n = 36), respectively, grade 3 toxicities were rare.")
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


@pytest.mark.parametrize("sentence", [
    "In all, 41 irinotecan and 38 docetaxel patients were randomized.",
    "The trial randomized 41 irinotecan-treated and 38 docetaxel-treated women.",
])
def test_sizes_before_their_arms_closed_by_one_noun(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 41
    assert sizes[DOC] == 38


def test_sizes_of_subgroups_closed_by_one_noun_are_no_arms_n():
    (arm,) = summarize("Irinotecan in gastric cancer", "A total of 60 patients received irinotecan: 41 gastric and 19 "
                                                       "oesophageal patients. The response rate was 20%.")["arms"]
    assert arm["n"] == 60


@pytest.mark.parametrize("sentence", [
    "The irinotecan group and the docetaxel group each contained 40 patients.",
    "Both arms each included forty women.",
])
def test_one_size_for_every_arm_told_after_the_arms(sentence):
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 40 and sizes[DOC] == 40
