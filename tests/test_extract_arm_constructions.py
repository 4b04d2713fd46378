"""Arms that were not built, or were merged wrongly (issue 12, session 5): a partner drug shared by alternative arms,
... Each construction in several wordings; sentences, drug codes and numbers written for these tests."""
from __future__ import annotations

import pytest

from extractors import summarize


def _arms(s):
    """regimen -> (components, n, orr, median PFS, median OS) of the real arms."""
    return {a["regimen"]: (tuple(a["components"]), a["n"], a["orr_pct"], a["pfs_median_months"], a["os_median_months"])
            for a in s["arms"] if not a["pooled"]}


# ---- a partner drug both arms share: "A or placebo, each plus C" ---------------------------------------------------

@pytest.mark.parametrize("title, abstract", [
    ("", "Women with metastatic breast cancer were randomized to tesevatinib (n = 81) or placebo (n = 79) plus "
         "letrozole. Median PFS was 9.4 months with tesevatinib plus letrozole and 6.1 months with placebo plus letrozole."),
    ("", "In this randomized trial in advanced breast cancer, 160 women received tesevatinib or placebo, each in "
         "combination with letrozole. Median PFS was 9.4 months for tesevatinib plus letrozole versus 6.1 months for "
         "placebo plus letrozole."),
    ("Tesevatinib or placebo in combination with letrozole for metastatic breast cancer: a randomized phase II trial",
     "We enrolled 160 women. Median PFS was 9.4 months versus 6.1 months for tesevatinib plus letrozole versus "
     "placebo plus letrozole, respectively."),
    ("", "Women with advanced breast cancer were randomly assigned to letrozole with tesevatinib or placebo. Median "
         "PFS was 9.4 months in the tesevatinib arm and 6.1 months in the placebo arm."),
])
def test_a_partner_drug_shared_by_a_drug_and_placebo_goes_to_both_arms(title, abstract):
    arms = _arms(summarize(title, abstract))
    assert {k: v[0] for k, v in arms.items()} == {"letrozole + tesevatinib": ("letrozole", "tesevatinib"),
                                                  "placebo + letrozole": ("letrozole",)}
    assert arms["letrozole + tesevatinib"][3] == 9.4 and arms["placebo + letrozole"][3] == 6.1


def test_the_placebo_arm_keeps_its_size_and_its_later_bare_name():
    arms = _arms(summarize("", "Patients with HER2-negative breast cancer were randomized to tesevatinib (n = 64) or "
                               "placebo (n = 66) plus capecitabine. The objective response rate was 31% with "
                               "tesevatinib and 17% with placebo."))
    assert arms == {"capecitabine + tesevatinib": (("capecitabine", "tesevatinib"), 64, 31.0, None, None),
                    "placebo + capecitabine": (("capecitabine",), 66, 17.0, None, None)}


@pytest.mark.parametrize("abstract", [
    # a drug alternative and a partner that is not set apart: the arms are A and B + C, no shared partner
    "Patients with lung cancer were randomized to docetaxel or pemetrexed plus cisplatin. The response rate was 12% "
    "with docetaxel and 30% with pemetrexed plus cisplatin.",
])
def test_a_partner_written_only_after_the_second_drug_is_that_arms_own(abstract):
    arms = _arms(summarize("", abstract))
    assert {frozenset(v[0]) for v in arms.values()} == {frozenset({"docetaxel"}), frozenset({"cisplatin", "pemetrexed"})}
