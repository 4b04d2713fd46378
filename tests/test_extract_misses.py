"""Constructions the PICO development misses showed (issue 12, misses): drugs joined by a hyphen into one regimen
('palbociclib-fulvestrant'), an arm's letter before a sentence's full stop ('... in arm A. The ...'), and a landmark's
time ('62% at 2 years') that is no median of a list. Every construction in several wordings; the sentences and
numbers are written for these tests."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.drugs import _hyphen_parts
from extractors.outcomes import sentence_values
from extractors.text import split_sentences


def _arms(text):
    return {frozenset(a["components"]) if a["components"] else a["regimen"]: a
            for a in summarize(None, text)["arms"] if not a["pooled"]}


RIBO = frozenset({"ribociclib", "letrozole"})
LET = frozenset({"letrozole"})


@pytest.mark.parametrize("sentence", [
    "Median PFS was 14.2 months with ribociclib-letrozole and 8.9 months with placebo-letrozole.",
    "The median PFS was 14.2 months (95% CI, 12.0 to not estimable) with ribociclib-letrozole and 8.9 months "
    "(95% CI, 7.1 to 10.2) with placebo-letrozole (hazard ratio, 0.55).",
    "Median progression-free survival reached 14.2 months in the ribociclib-letrozole group and 8.9 months in the "
    "placebo-letrozole group.",
])
def test_drugs_joined_by_a_hyphen_name_one_arm(sentence):
    text = "Patients were randomly assigned to ribociclib and letrozole or placebo and letrozole. " + sentence
    arms = _arms(text)
    assert arms[RIBO]["pfs_median_months"] == 14.2
    assert 8.9 in {a["pfs_median_months"] for k, a in arms.items() if k != RIBO}


@pytest.mark.parametrize("word, want", [
    ("palbociclib-fulvestrant", ["palbociclib", "fulvestrant"]),
    ("placebo-fulvestrant", ["fulvestrant"]),  # placebo names a no-drug arm: no drug of its own
    ("eribulin-capecitabine", ["eribulin", "capecitabine"]),
    ("fentanyl-free", []),  # 'free' is no drug: no combination
    ("anthracycline-induced", []),
    ("palbociclib-treated", []),
])
def test_a_hyphenated_word_is_a_combination_only_when_every_part_is_a_drug(word, want):
    assert [d.text for d in _hyphen_parts(word, 0)] == want


@pytest.mark.parametrize("text, first", [
    ("Median OS was 9.1 months in arm A. The median OS in arm B was 7.3 months.", "Median OS was 9.1 months in arm A."),
    ("PFS was longer than in arms A and B. Toxicity was mild.", "PFS was longer than in arms A and B."),
    ("The response rate was 31% in group C. Group D had a rate of 12%.", "The response rate was 31% in group C."),
    ("Responses were seen in cohorts A, B and C. No patient in cohort D responded.",
     "Responses were seen in cohorts A, B and C."),
])
def test_an_arm_letter_before_a_full_stop_ends_the_sentence(text, first):
    spans = split_sentences(text)
    assert len(spans) == 2 and text[spans[0][0]:spans[0][1]] == first


@pytest.mark.parametrize("text", [
    "The study was designed by J. Smith and colleagues.",
    "Samples were analysed at St. Mary hospital by Dr. B. Jones.",
])
def test_an_initial_does_not_end_the_sentence(text):
    assert len(split_sentences(text)) == 1


@pytest.mark.parametrize("sentence, want", [
    ("The median TTPs were 6 and 12 months in the standard and intensive groups, respectively, with a relapse rate "
     "of 80.1% vs. 60.3% at 2 years.", [6.0, 12.0]),
    ("Median PFS was 5.5 and 9.0 months, respectively (P = .01), and the PFS rate was 20% vs 41% at 1 year.",
     [5.5, 9.0]),
    ("The median OS was 14.0 versus 10.5 months; survival was 60% and 45% by 18 months.", [14.0, 10.5]),
])
def test_a_landmark_time_is_no_median_of_the_list(sentence, want):
    meds = [v for v in sentence_values(sentence) if v.metric.endswith("_median")]
    assert [v.value for v in meds] == want
    assert {v.list_len for v in meds} == {len(want)}


@pytest.mark.parametrize("sentence", [
    "The median TTPs from randomisation were 6 and 12 months in the standard and intensive groups, respectively "
    "(P < .01), with a relapse rate of 80.1% vs. 60.3% at 2 years.",
    "Median PFS was 6 and 12 months in the standard and intensive groups, respectively; relapse-free rates were "
    "30% vs 52% at 2 years.",
])
def test_a_landmark_time_leaves_the_arms_medians_in_order(sentence):
    arms = _arms("Patients were randomised to standard or intensive chemotherapy. " + sentence)
    assert (arms["standard"]["pfs_median_months"], arms["intensive"]["pfs_median_months"]) == (6.0, 12.0)


def test_medians_written_after_at_are_still_medians():
    s = "Median OS in the two groups was significantly different at 19.8 months and 12.4 months, respectively (P = .01)."
    assert [v.value for v in sentence_values(s) if v.metric == "os_median"] == [19.8, 12.4]


@pytest.mark.parametrize("sizes", [
    "The weekly arm had 40 assessable patients; the every-3-weeks arm had 42 assessable patients.",
    "The weekly arm had 40 patients and the every-3-weeks arm had 42 patients.",
    "The every-3-weeks arm had 42 evaluable women, while the weekly arm had 40 evaluable women.",
])
def test_labels_each_given_a_size_in_one_sentence_are_arms(sizes):
    text = ("Patients were randomly assigned to irinotecan 100 mg/m(2) weekly (weekly) or 300 mg/m(2) every 3 weeks. "
            + sizes + " In the weekly arm, the objective response rate was 21%. "
            "In the every-3-weeks arm, the objective response rate was 12% and median overall survival was 8.1 months.")
    arms = _arms(text)
    assert (arms["weekly"]["orr_pct"], arms["every-3-weeks"]["orr_pct"]) == (21.0, 12.0)
    assert arms["every-3-weeks"]["os_median_months"] == 8.1


@pytest.mark.parametrize("sentence", [
    "Median PFS was 2.4 months (95% CI: 1.5-3.3) in the control versus 3.9 months (95% CI: 2.5-6.1) in the "
    "experimental group.",
    "Median PFS was 2.4 months in the control and 3.9 months in the experimental group.",
    "Median PFS was 3.9 months in the experimental versus 2.4 months in the control group.",
])
def test_a_role_word_alone_names_the_arm_of_that_name(sentence):
    text = ("Patients were randomized to receive systemic therapy alone (control group) or systemic therapy plus "
            "intrathecal treatment (experimental group). " + sentence)
    arms = _arms(text)
    assert (arms["control"]["pfs_median_months"], arms["experimental"]["pfs_median_months"]) == (2.4, 3.9)


@pytest.mark.parametrize("sentence", [
    "Median overall survival in the GEM-S-1, GEM and S-1 groups was 13, 9 and 7 months, respectively.",
    "Response rates were 40%, 28% and 12% in the GEM-S-1, GEM and S-1 groups, respectively.",
])
def test_a_drug_arm_in_a_list_of_groups_is_named_by_its_drugs_where_the_list_names_it(sentence):
    text = "Patients were randomly assigned to receive GEM, S-1 or GEM-S-1. " + sentence
    arms = _arms(text)
    field = "os_median_months" if "survival" in sentence else "orr_pct"
    got = [arms[frozenset(k)][field] for k in ({"gemcitabine", "S-1"}, {"gemcitabine"}, {"S-1"})]
    assert got == ([13.0, 9.0, 7.0] if field == "os_median_months" else [40.0, 28.0, 12.0])
