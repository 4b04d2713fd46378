"""A partner drug given to one arm only: "A with or without B", "A plus or minus B", "A \u00b1 B", "A alone or in
combination with B" are two arms, A + B and A; lists follow the order the sentence implies ("with or without": the
arm with B first). Inside one arm's description ("also received A with or without B") it makes no arms.

Own sentences, several wordings.
"""
from __future__ import annotations

import pytest

import extractors


def _arms(text):
    _, summary = extractors.analyze("", text)
    return {frozenset(a["components"]): a for a in summary["arms"]}


COMBO, ALONE = frozenset({"irinotecan", "panitumumab"}), frozenset({"irinotecan"})


@pytest.mark.parametrize("text", [
    "In this phase 3 trial, 460 patients were randomly assigned to irinotecan with or without panitumumab. "
    "Median PFS was 6.4 and 4.4 months, respectively.",
    "Patients were randomised to irinotecan plus or minus panitumumab; median PFS was 6.4 versus 4.4 months.",
    "Irinotecan \u00b1 panitumumab in pretreated colorectal cancer: a randomized trial. Median PFS was 6.4 vs 4.4 months.",
])
def test_with_or_without_gives_two_arms_and_the_arm_with_the_partner_comes_first(text):
    arms = _arms(text)
    assert set(arms) == {COMBO, ALONE}
    assert (arms[COMBO]["pfs_median_months"], arms[ALONE]["pfs_median_months"]) == (6.4, 4.4)


@pytest.mark.parametrize("text", [
    "Patients were randomly assigned to irinotecan alone or in combination with panitumumab. "
    "Median PFS was 4.4 and 6.4 months, respectively.",
    "Patients were randomly assigned to irinotecan either without or with panitumumab. "
    "Median PFS was 4.4 and 6.4 months, respectively.",
])
def test_alone_or_in_combination_lists_the_single_drug_first(text):
    arms = _arms(text)
    assert (arms[COMBO]["pfs_median_months"], arms[ALONE]["pfs_median_months"]) == (6.4, 4.4)


def test_named_references_reach_both_arms():
    arms = _arms("We randomly assigned 460 patients to irinotecan with or without panitumumab. Median PFS was 6.4 "
                 "months with the combination and 4.4 months with irinotecan alone.")
    assert (arms[COMBO]["pfs_median_months"], arms[ALONE]["pfs_median_months"]) == (6.4, 4.4)


@pytest.mark.parametrize("text, optional", [
    ("High-risk patients also received irinotecan with or without panitumumab at the physician's discretion.",
     [COMBO, ALONE]),
    ("Women were randomized to letrozole \u00b1 goserelin with either palbociclib or placebo.",
     [frozenset({"letrozole", "goserelin"}), frozenset({"letrozole"})]),
])
def test_an_optional_drug_inside_one_arms_description_makes_no_arm_of_its_own(text, optional):
    arms = _arms(text)
    assert not all(k in arms for k in optional)
