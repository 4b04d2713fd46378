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


@pytest.mark.parametrize("title, abstract", [
    ("Tesevatinib plus docetaxel versus docetaxel plus placebo in metastatic breast cancer: a randomized phase II "
     "study", "Women were randomly assigned 2:1 to receive docetaxel 75 mg/m2 every 3 weeks plus tesevatinib 5 mg "
     "daily (combination arm) or placebo (placebo arm). Median TTP was longer in the combination arm than in the "
     "placebo arm (8.6 v 6.9 months)."),
    ("", "In this randomized trial in metastatic breast cancer, tesevatinib plus docetaxel was compared with placebo "
         "plus docetaxel. Median TTP was 8.6 months in the tesevatinib arm and 6.9 months in the placebo arm."),
])
def test_placebo_given_with_a_drug_makes_that_drug_every_arms_partner(title, abstract):
    arms = _arms(summarize(title, abstract))
    assert {frozenset(v[0]): v[3] for v in arms.values()} == {frozenset({"docetaxel", "tesevatinib"}): 8.6,
                                                              frozenset({"docetaxel"}): 6.9}
    assert "placebo + docetaxel" in arms


def test_a_double_dummy_trial_shares_no_partner():
    arms = _arms(summarize("", "Women were randomized to anastrozole plus placebo or tamoxifen plus placebo. Median "
                               "PFS was 10.2 months with anastrozole and 8.1 months with tamoxifen."))
    assert {v[0]: v[3] for v in arms.values()} == {("anastrozole",): 10.2, ("tamoxifen",): 8.1}


def test_the_placebo_and_drug_groups_named_together_are_two_arms():
    arms = _arms(summarize("", "Women at high risk were randomly assigned to receive placebo (n = 640) or tamoxifen "
                               "(n = 652). Rates were 40 and 22 per 1000 women in the placebo and tamoxifen groups, "
                               "respectively."))
    assert {k: v[1] for k, v in arms.items()} == {"placebo": 640, "tamoxifen": 652}


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


# ---- an investigational drug known only by its code name ----------------------------------------------------------

@pytest.mark.parametrize("abstract, code", [
    # a dose right after it
    ("Patients were randomly assigned to either XY-1234 400 mg daily (n = 120) or docetaxel 75 mg/m2 (n = 118). "
     "XY-1234 gave a higher response rate than docetaxel (41% v 22%, respectively).", "XY-1234"),
    # set against a known drug
    ("In this randomized trial of metastatic breast cancer, ABC-007 was compared with standard paclitaxel. The "
     "objective response rate was 41% with ABC-007 and 22% with paclitaxel.", "ABC-007"),
    # an allocation right before it, against placebo
    ("Women with ovarian cancer were randomized (2:1) to QR-5521 or placebo. The objective response rate was 41% "
     "with QR-5521 and 22% with placebo.", "QR-5521"),
])
def test_a_code_name_in_an_allocation_or_contrast_is_a_drug_arm(abstract, code):
    arms = _arms(summarize("", abstract))
    assert arms[code][0] == (code.lower(),) and arms[code][2] == 41.0
    assert [v[2] for k, v in arms.items() if k != code] == [22.0]


@pytest.mark.parametrize("abstract", [
    # a gene, a tumour marker and a trial number of the same shape: no drug's context
    "We studied 120 women with breast cancer treated with paclitaxel. Expression of ZNF423 and CA-125 levels were "
    "measured; in the CALGB-9741 trial the objective response rate was 35%.",
    "Paclitaxel was given to 80 patients enrolled in the ECOG-1199 study (NCT0012345). The response rate was 35%.",
])
def test_a_gene_marker_or_trial_number_is_no_drug(abstract):
    arms = _arms(summarize("", abstract))
    assert list(arms) == ["paclitaxel"] and arms["paclitaxel"][2] == 35.0


def test_a_code_name_defined_as_a_known_drugs_short_name_stays_that_drug():
    arms = _arms(summarize("", "We compared toremifene 120 mg (TOR120) and exemestane 25 mg (EXE). Women were randomly "
                               "assigned to either TOR120 (n = 46) or EXE (n = 45)."))
    assert {v[0]: v[1] for v in arms.values()}[("toremifene",)] == 46
    assert not any("tor120" in v[0] for v in arms.values())


# ---- doses written the PubMed way: "mg/m(2)" ------------------------------------------------------------------------

@pytest.mark.parametrize("abstract, expected", [
    ("Patients were randomly assigned to either docetaxel 75 mg/m(2) (n = 120) or irinotecan 350 mg/m(2) (n = 118). "
     "Median PFS was 7.0 and 9.8 months, respectively.",
     {"docetaxel": ((("docetaxel",), 120, None, 7.0, None)), "irinotecan": (("irinotecan",), 118, None, 9.8, None)}),
    ("We randomized 238 patients to docetaxel 75 mg/m(2) or irinotecan 350 mg/m(2) every 3 weeks. The response rates "
     "were 26% and 35%, respectively.",
     {"docetaxel": (("docetaxel",), None, 26.0, None, None), "irinotecan": (("irinotecan",), None, 35.0, None, None)}),
])
def test_a_dose_in_m_2_form_keeps_the_two_alternative_arms_apart(abstract, expected):
    assert _arms(summarize("", abstract)) == expected


# ---- lettered arms written together, each with its value: "arms A (8.0 months) and B (5.8 months)" ----------------

@pytest.mark.parametrize("sentence", [
    "Median TTP was longer in arm C (9.0 months) vs. arms A (8.0 months) and B (5.8 months).",
    "Median TTP was 9.0 months in arm C, compared with arms A (8.0 months) and B (5.8 months).",
    "Median TTP was longer in arm C (9.0 months) than in arms A (8.0 months) or B (5.8 months).",
])
def test_lettered_arms_listed_with_their_values_in_brackets(sentence):
    s = summarize("", "Patients were randomized to docetaxel weekly (arm A), docetaxel plus filgrastim every 3 "
                      "weeks (arm B) or irinotecan weekly (arm C). " + sentence)
    pfs = {v[0]: v[3] for v in _arms(s).values()}
    assert pfs == {("docetaxel",): 8.0, ("docetaxel", "filgrastim"): 5.8, ("irinotecan",): 9.0}


# ---- arms that differ by the dose of one drug ---------------------------------------------------------------------

@pytest.mark.parametrize("abstract", [
    "Patients were randomized to anastrozole 1 mg (n = 60) or anastrozole 10 mg (n = 58). Median PFS was 7.2 months "
    "in the 1-mg arm and 8.4 months in the 10-mg arm.",
    "This randomized study compared anastrozole 1 mg daily (n = 60) and 10 mg daily (n = 58). Median PFS was longer "
    "in the 10-mg arm than in the 1-mg arm (8.4 v 7.2 months).",
    "Women were randomly assigned to anastrozole at 1 mg (n = 60) versus 10 mg (n = 58). Median PFS was 7.2 and 8.4 "
    "months in the 1-mg and 10-mg arms, respectively.",
])
def test_dose_arms_are_kept_apart_and_merged_with_their_later_names(abstract):
    arms = _arms(summarize("", abstract))
    assert arms == {"anastrozole 1 mg": (("anastrozole",), 60, None, 7.2, None),
                    "anastrozole 10 mg": (("anastrozole",), 58, None, 8.4, None)}


def test_two_drugs_with_their_doses_are_no_dose_arms():
    arms = _arms(summarize("", "Patients were randomized to anastrozole 1 mg (n = 60) or letrozole 2.5 mg (n = 58). "
                               "Median PFS was 7.2 months with anastrozole and 8.4 months with letrozole."))
    assert arms == {"anastrozole": (("anastrozole",), 60, None, 7.2, None),
                    "letrozole": (("letrozole",), 58, None, 8.4, None)}


# ---- a study's short name is no regimen ---------------------------------------------------------------------------

@pytest.mark.parametrize("abstract", [
    "The letrozole and everolimus or placebo (LEOPARD) study randomized 300 women. Median PFS was 9.9 months with "
    "letrozole plus everolimus and 6.1 months with letrozole plus placebo. LEOPARD confirmed the benefit.",
    "The randomized Everolimus and Letrozole (GATEL-2) trial enrolled 300 women. Median PFS was 9.9 months with "
    "letrozole plus everolimus and 6.1 months with letrozole plus placebo in GATEL-2.",
])
def test_a_study_named_after_its_drugs_gives_no_arm_of_its_own(abstract):
    arms = _arms(summarize("", abstract))
    assert {frozenset(v[0]): v[3] for v in arms.values()} == {frozenset({"letrozole", "everolimus"}): 9.9,
                                                              frozenset({"letrozole"}): 6.1}


# ---- a choice arm: its options in brackets are one arm ------------------------------------------------------------

@pytest.mark.parametrize("abstract, choice", [
    ("Patients were randomly assigned to eribulin or treatment of physician's choice (TPC; paclitaxel, docetaxel or "
     "vinorelbine). Median PFS was 6.6 months with eribulin versus 4.2 months with TPC.", "TPC"),
    ("We compared eribulin with treatment of physician's choice (TPC). Patients were randomized to receive either "
     "eribulin (1.4 mg/m2 on days 1 and 8) or TPC (paclitaxel, docetaxel or vinorelbine). Median PFS was 6.6 months "
     "with eribulin and 4.2 months with TPC.", "TPC"),
    ("Patients were randomized to receive eribulin or taxane therapy (paclitaxel or docetaxel at the investigator's "
     "choice). Median PFS was 6.6 months with eribulin and 4.2 months with taxane therapy.", "taxane"),
])
def test_the_options_of_a_choice_arm_are_one_arm(abstract, choice):
    arms = _arms(summarize("", abstract))
    assert {k: v[3] for k, v in arms.items()} == {"eribulin": 6.6, choice: 4.2}


def test_options_listed_for_a_later_therapy_without_a_choice_stay_arms():
    arms = _arms(summarize("", "After progression, patients were randomized to subsequent therapy (everolimus or "
                               "sunitinib). Median PFS was 11.0 months with everolimus and 8.5 months with sunitinib."))
    assert {k: v[3] for k, v in arms.items()} == {"everolimus": 11.0, "sunitinib": 8.5}


# ---- a combination against one of its drugs alone -----------------------------------------------------------------

@pytest.mark.parametrize("abstract", [
    "Patients were randomized to gemcitabine plus erlotinib or gemcitabine alone. Median OS was 6.2 months with the "
    "combination and 5.9 months with gemcitabine alone.",
    "Women were randomly assigned to gemcitabine plus erlotinib versus gemcitabine monotherapy. Median OS was 6.2 "
    "months for combination therapy, and 5.9 months for monotherapy.",
    "Patients were randomized to receive either single-agent gemcitabine or gemcitabine plus erlotinib. Median OS was "
    "5.9 months in the single-agent arm and 6.2 months in the combination arm.",
])
def test_a_combination_and_its_drug_alone_are_two_arms(abstract):
    arms = _arms(summarize("", abstract))
    assert {frozenset(v[0]): v[4] for v in arms.values()} == {frozenset({"gemcitabine", "erlotinib"}): 6.2,
                                                              frozenset({"gemcitabine"}): 5.9}
